//! RISC-V (QEMU `-M virt -bios default`, S-mode kernel under OpenSBI, U-mode user): the
//! [`crate::arch`] interface.

mod boot;
mod code;
mod console;
mod cycles;
mod exit;
mod fault;
mod linux;
mod mmu;
mod trap;
mod user;

use sysgate::arch::riscv64::{Entry, select_entry};

pub use code::sync_icache;
pub use console::put as console_put;
pub use cycles::cycles;
pub use exit::exit;
pub use fault::{map_user_page, user_page_mapped};
pub use linux::{LINUX_IMAGE, LINUX_WINDOW, cmdline, enter_linux, init_linux};
pub use sysgate::arch::riscv64::signal::{enter_handler, sigreturn};
pub use user::{resume_kernel as end_user, run_user};

/// The frame the syscall entry saves.
pub type Frame = sysgate::arch::riscv64::TrapFrame;

/// Architecture name printed in the banner.
pub const NAME: &str = "riscv64";

/// The first address past the user half: a syscall from its last word returns there.
pub const USER_HALF_END: usize = mmu::USER_HALF_END;

/// The fault a user program takes when a syscall returns past Sv39's lower half: an
/// instruction page fault (`scause` 12); the entry returns there like anywhere else.
pub const RETURN_ADDRESS_FAULT: Option<u8> = Some(12);

/// Turns on Sv39 with the user/kernel split and installs the trap vector.
pub fn init() {
    mmu::init();
    fault::init();
    trap::init();
}

/// Routes U-mode `ecall` to the minimal entry (returns 0 at once) or back to the framework.
pub fn use_minimal_entry(minimal: bool) {
    let entry = if minimal {
        Entry::Minimal
    } else {
        Entry::Framework
    };
    // SAFETY: `init` installed the framework's vector, which the minimal vector forwards to.
    unsafe { select_entry(entry) };
}
