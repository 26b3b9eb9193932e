//! The `#[syscall]` attribute of [sysgate](https://docs.rs/sysgate): use it as `sysgate::syscall`.

mod attr;
mod entry;
mod errors;
mod expand;
mod limits;
mod signature;
mod stub;
mod typename;
mod vocab;

use proc_macro::TokenStream;

/// Declares a system-call handler.
///
/// ```
/// use sysgate::{Errno, UserSliceMut, syscall};
///
/// /// Read bytes from an open file.
/// #[syscall(nr = 0, category = "file", recovery = "retry", retries = 2)]
/// fn read(fd: u32, buf: UserSliceMut<u8>) -> Result<usize, Errno> {
///     match fd {
///         0 => buf.write_from(b"data"),
///         _ => Err(Errno::EBADF),
///     }
/// }
///
/// fn main() {
///     // The trap path: raw registers in, the encoded result out.
///     let mut buf = [0u8; 8];
///     let ret = sysgate::dispatch(0, [0, buf.as_mut_ptr() as usize, buf.len(), 0, 0, 0]);
///     assert_eq!((ret, &buf[..4]), (4, &b"data"[..]));
///     assert_eq!(sysgate::dispatch(0, [9, 0, 0, 0, 0, 0]), -9); // EBADF
///
///     // The user side: the typed stub generated from the same declaration.
///     assert_eq!(read::NR, 0);
///     assert_eq!(read::call(9, &mut buf), Err(Errno::EBADF));
///
///     let info = sysgate::registry::get_syscall_info(0).unwrap();
///     assert_eq!((info.name, info.category.as_str()), ("read", "file"));
///     assert_eq!(info.doc, "Read bytes from an open file.");
/// }
/// ```
///
/// The function stays as written and callable. Next to it the attribute generates:
/// - a thunk that decodes each parameter from its argument registers
///   (`sysgate::SyscallArg`), calls the function, runs the recovery strategy on failure,
///   records statistics and encodes the result as Linux does: the value, or `-errno` in
///   `-4095..=-1`;
/// - a `sysgate::SyscallDesc` in `sysgate::SYSCALLS`: number, name, category, argument names
///   and types, return type, doc comment, recovery, flags, source location, statistics slot;
/// - a claim on the number: two handlers with one number are a compile error in one crate
///   and a link error (`__sysgate_nr_<N>`, or `__sysgate_<TABLE>_nr_<N>` in a declared table,
///   defined twice) across crates;
/// - a module named after the syscall with `NR` and a typed user-side stub `call`, taking the
///   handler's parameters (an input `UserSlice<T>` as `&[T]`, an output `UserSliceMut<T>` only
///   as `&mut [T]`; `UserPtr<T>` as `&T`, `UserPtrMut<T>` only as `&mut T`) and returning `Result<T, Errno>`. User programs that depend on the handler crate call
///   `write::call(1, b"hi")`; kernel and user cannot disagree on a number or an argument.
///   Declare handlers at module level: the stub module reaches the handler's types through
///   `use super::*`.
///
/// # Keys
/// - `nr = N` (required): the syscall number, an integer literal below `sysgate::MAX_SYSCALLS`.
/// - `nr(x86_64 = A, aarch64 = B, riscv64 = C)` (instead of `nr = N`): a number per
///   architecture, named as Rust's `target_arch` does; each is checked and claimed like
///   `nr = N`, under that architecture's `cfg`. On an architecture not named the handler is not
///   registered (and has no stub).
/// - `table = PATH`: the table the handler goes into, declared with `sysgate::syscall_table!`
///   (default: the native table). Numbers are claimed per table; the handler's integer
///   parameters decode under the table's rule (`PATH::DECODING`).
/// - `category = "…"` (required): one of `file`, `process`, `memory`, `ipc`, `network`,
///   `time`, `device`, `system`, `security`.
/// - `name = "…"`: the registry name; defaults to the function name.
/// - `recovery = "…"`: `none` (default), `retry`, `backoff`, `free_memory`, `fallback`,
///   `terminate`, `escalate`.
/// - `retries = N` (1 to 16, default 3): attempts after the first, for `retry`, `backoff`
///   and `free_memory`.
/// - `base_us = N`, `cap_us = N`: the first and the longest wait of `backoff`, in microseconds
///   (defaults 100 and 10 000).
/// - `fallback = path`: the compatibility handler of `recovery = "fallback"`; it takes the same
///   parameters and is checked by the compiler against them.
/// - `fast`: no instrumentation in this handler's thunk.
/// - `hot`: the thunk goes in the hot text section of the object format (`.text.hot.sysgate`
///   on ELF, `__TEXT,__sysgate_hot` on Mach-O, `.text$sysgate` on COFF).
/// - `crate = path`: the path the generated code names sysgate by (default `::sysgate`), for a
///   facade crate that re-exports it: `#[my_kernel::syscall(crate = my_kernel::sysgate, …)]`.
///
/// ```
/// use sysgate::{Errno, syscall};
///
/// /// Map anonymous memory, after asking the kernel to reclaim if memory is short.
/// #[syscall(nr = 9, category = "memory", name = "mmap", recovery = "free_memory", retries = 1)]
/// fn map_anonymous(len: usize) -> Result<usize, Errno> {
///     if len == 0 { Err(Errno::EINVAL) } else { Ok(0x1000_0000) }
/// }
///
/// /// The time, without instrumentation: the hot-path opt-out.
/// #[syscall(nr = 201, category = "time", fast, hot)]
/// fn time() -> u64 {
///     1_700_000_000
/// }
///
/// fn main() {
///     assert_eq!(sysgate::registry::get_syscall_by_name("mmap").unwrap().nr, 9);
///     assert!(sysgate::registry::get_syscall_info(201).unwrap().fast);
///     assert_eq!(mmap::call(4096), Ok(0x1000_0000));
/// }
/// ```
///
/// # Signature
/// A free, safe, non-generic, non-`async` function with at most 6 parameters, each a plain
/// name whose type implements `sysgate::SyscallArg` (a user buffer takes two registers, and the
/// total may not exceed six); the return type implements `sysgate::SyscallReturn`: a
/// `SyscallValue` (integers, `bool`, `()`, `UserPtr`) or `Result<T, E>` with
/// `E: Into<sysgate::Errno>`. Every misuse is a compile error at the offending token.
///
/// ```compile_fail
/// #[sysgate::syscall(nr = 1, category = "files")] // unknown category: lists the valid ones
/// fn write(fd: u32) -> usize { 0 }
/// ```
///
/// # Linking
/// Handlers in a crate that nothing references are not linked. A kernel that keeps its
/// handlers in other crates names each one: `use my_fs_syscalls as _;`.
#[proc_macro_attribute]
pub fn syscall(args: TokenStream, item: TokenStream) -> TokenStream {
    entry::expand(args.into(), item.into()).into()
}
