//! # sysgate
//!
//! Declare kernel system-call handlers with one attribute and get, at compile time, their
//! registration in a dispatch table, the decoding of register arguments, the mapping of
//! results onto the Linux return convention (`-errno`), and per-syscall statistics.
//!
//! ```
//! use sysgate::{syscall, Errno, UserSlice};
//!
//! /// Write bytes to a descriptor.
//! #[syscall(nr = 1, category = "file", recovery = "retry")]
//! fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
//!     if fd != 1 {
//!         return Err(Errno::EBADF);
//!     }
//!     Ok(buf.len())
//! }
//!
//! /// The caller's process id.
//! #[syscall(nr = 39, category = "process")]
//! fn getpid() -> u64 {
//!     7
//! }
//!
//! /// The kernel this runs in: one CPU, every other service left at its default.
//! struct Demo;
//!
//! impl sysgate::Kernel for Demo {
//!     fn cpu_id() -> usize {
//!         0
//!     }
//! }
//!
//! impl sysgate::arch::EntryHooks for Demo {}
//!
//! # #[cfg(not(feature = "std"))] // with `std` the host kernel is registered
//! sysgate::kernel!(Demo);
//!
//! fn main() {
//!     let msg = b"hello";
//!     assert_eq!(sysgate::dispatch(39, [0; 6]), 7);
//!     assert_eq!(sysgate::dispatch(1, [1, msg.as_ptr() as usize, msg.len(), 0, 0, 0]), 5);
//!     assert_eq!(sysgate::dispatch(1, [2, msg.as_ptr() as usize, 5, 0, 0, 0]), -9); // EBADF
//!     assert_eq!(sysgate::dispatch(1, [1, 0xffff_8000_0000_0000, 5, 0, 0, 0]), -14); // EFAULT
//!     assert_eq!(sysgate::dispatch(usize::MAX, [0; 6]), -38); // ENOSYS
//!
//!     // The typed user-side stub generated from the same declaration.
//!     assert_eq!(write::call(1, msg), Ok(5));
//!     assert_eq!(getpid::call(), Ok(7));
//!
//!     let info = sysgate::registry::get_syscall_info(1).unwrap();
//!     assert_eq!(info.name, "write");
//!     assert_eq!(info.args[1].ty, "UserSlice<u8>");
//!     assert_eq!(info.doc, "Write bytes to a descriptor.");
//! }
//! ```
//!
//! See [`syscall`] for every key the attribute takes. The runtime asks the kernel it runs in
//! for a few services (current CPU, clock, current process and policy, user range, …) through
//! one trait, [`Kernel`], registered once with [`kernel!`] as in the example above; the `std`
//! feature registers the host kernel, `sysgate::host::Host`, instead. A kernel adopting sysgate follows
//! the porting guide, `docs/porting.md` in the source repository: the linker-script sections
//! for the handler slice, naming handler crates, its [`Kernel`] implementation, the entry and
//! trap setup of each architecture ([`arch`]) and the exit work, where [`signal`] restarts
//! interrupted calls and enters and leaves user signal handlers.
#![no_std]
#![warn(missing_docs)]

extern crate self as sysgate;

pub mod arch;
mod arg;
mod category;
pub mod cpu;
mod desc;
mod dispatch;
pub mod errno;
pub mod error;
#[cfg(any(feature = "std", test))]
pub mod host;
mod json;
pub mod kernel;
mod opaque;
pub mod perf;
pub mod policy;
pub mod recovery;
pub mod registry;
mod ret;
mod ring;
pub mod signal;
pub mod stub;
mod switches;
pub mod table;
#[cfg(feature = "test-runner")]
pub mod test_runner;
pub mod thread;
mod thunk;
pub mod trace;
pub mod uaccess;
mod user;

pub use arg::SyscallArg;
pub use category::Category;
pub use desc::{ArgInfo, Location, SyscallArgs, SyscallDesc, Thunk};
pub use dispatch::dispatch;
pub use errno::{Errno, ErrorKind};
pub use kernel::Kernel;
pub use recovery::Recovery;
pub use ret::{SyscallReturn, SyscallValue, encode};
pub use table::{InitError, MAX_SYSCALLS, init};
pub use user::{Pod, UserCStr, UserPtr, UserPtrMut, UserSlice, UserSliceMut};

/// Declares a system-call handler. See the crate documentation of `sysgate-macros`.
pub use sysgate_macros::syscall;

/// Every `#[syscall]` handler linked into the binary, in link order.
///
/// A crate whose handlers nothing else references is not linked: name it with
/// `use handlers_crate as _;` in the kernel so its entries are kept.
#[linkme::distributed_slice]
pub static SYSCALLS: [SyscallDesc];

/// Declares a syscall table besides the native one: `#[syscall(table = NAME, …)]` handlers go
/// into it, [`table::select`]`(&NAME::TABLE)` makes it the current thread's.
///
/// `NAME` is at once the handlers' linkme slice (a kernel's linker script keeps
/// `linkme_NAME` and `linkm2_NAME` sections, as for `SYSCALLS`) and a module holding `TABLE`
/// (the [`table::SyscallTable`]) and `DECODING` (how its integer arguments decode).
///
/// ```
/// sysgate::syscall_table! {
///     /// Linux's numbers, Linux's argument decoding.
///     pub LINUX = "linux", decoding = Linux
/// }
///
/// #[sysgate::syscall(table = LINUX, nr(x86_64 = 24, aarch64 = 124, riscv64 = 124), category = "process")]
/// fn sched_yield() {}
///
/// fn main() {
///     assert_eq!(LINUX::TABLE.name(), "linux");
///     # #[cfg(any(target_arch = "x86_64", target_arch = "aarch64", target_arch = "riscv64"))]
///     assert_eq!(LINUX::TABLE.get_by_name("sched_yield").map(|d| d.nr), Some(sched_yield::NR));
///     // The native table has no `sched_yield`: the two tables are separate.
///     assert!(sysgate::registry::get_syscall_by_name("sched_yield").is_none());
/// }
/// ```
#[macro_export]
macro_rules! syscall_table {
    ($(#[$attr:meta])* $vis:vis $name:ident = $label:literal, decoding = $decoding:ident) => {
        $(#[$attr])*
        #[$crate::__private::linkme::distributed_slice]
        #[linkme(crate = $crate::__private::linkme)]
        $vis static $name: [$crate::SyscallDesc];

        $(#[$attr])*
        #[allow(non_snake_case)]
        $vis mod $name {
            /// The table: its handlers, dispatch array and unknown-number counts.
            pub static TABLE: $crate::table::SyscallTable = $crate::table::SyscallTable::new(
                $label,
                $crate::table::Decoding::$decoding,
                &super::$name,
            );
            /// How the table's handlers decode integer arguments.
            pub const DECODING: $crate::table::Decoding = $crate::table::Decoding::$decoding;
        }
    };
}

/// Emits its first group of items, the kernel side of a `#[syscall]` declaration, under the
/// `kernel` feature; without it the second group, which only names the handler.
#[doc(hidden)]
#[cfg(feature = "kernel")]
#[macro_export]
macro_rules! __kernel_side {
    ({$($kernel:tt)*} {$($user:tt)*}) => { $($kernel)* };
}

/// Emits its first group of items, the kernel side of a `#[syscall]` declaration, under the
/// `kernel` feature; without it the second group, which only names the handler.
#[doc(hidden)]
#[cfg(not(feature = "kernel"))]
#[macro_export]
macro_rules! __kernel_side {
    ({$($kernel:tt)*} {$($user:tt)*}) => { $($user)* };
}

#[doc(hidden)]
pub mod __private {
    pub use crate::thunk::run;
    pub use linkme;

    /// The registers a parameter list occupies, for the generated compile-time check.
    pub const fn total_words(words: &[usize]) -> usize {
        let (mut i, mut sum) = (0, 0);
        while i < words.len() {
            sum += words[i];
            i += 1;
        }
        sum
    }
}
