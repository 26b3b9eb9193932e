//! x86_64 (QEMU `-M microvm`, PVH boot): the [`crate::arch`] interface.

mod apic;
mod boot;
mod code;
mod console;
mod exit;
mod fault;
mod fpu;
mod gdt;
mod idt;
mod linux;
mod long_mode;
mod paging;
mod smp;
mod thread;
mod user;

use sysgate::arch::x86_64 as entry;

pub use apic::{timer_start, timer_stop, wake};
pub use code::sync_icache;
pub use console::put as console_put;
pub use exit::exit;
pub use fault::{map_user_page, user_page_mapped};
pub use linux::{LINUX_IMAGE, LINUX_WINDOW, cmdline, enter_linux, init_linux};
pub use smp::start_cpu;
pub use sysgate::arch::x86_64::signal::{enter_handler, sigreturn};
pub use thread::{ThreadContext, interrupts_disable, interrupts_restore, switch};
pub use user::{resume_kernel as end_user, run_user, run_user_thread};

/// The frame the syscall entry saves.
pub type Frame = sysgate::arch::x86_64::SyscallFrame;

/// Architecture name printed in the banner.
pub const NAME: &str = "x86_64";

/// Sets up GDT/TSS, IDT, user paging (the demand-paged heap, SMEP, SMAP), the local APIC and
/// the `syscall` entry.
pub fn init() {
    idt::init();
    paging::init();
    fault::init();
    apic::init();
    init_cpu(0);
}

/// Lets user code use SSE, loads CPU `cpu`'s GDT and TSS, then sets up its sysgate area and its
/// `syscall` entry on its own kernel stack.
fn init_cpu(cpu: usize) {
    fpu::init();
    let selectors = gdt::init(cpu);
    // SAFETY: this CPU's number; the GDT holding `selectors` and the TSS are loaded and live
    // forever; the stack is reserved for this CPU's entries from ring 3.
    unsafe {
        sysgate::cpu::init_cpu(cpu).unwrap_or_else(|e| panic!("CPU setup: {e}"));
        entry::init(
            selectors,
            gdt::tss(cpu),
            gdt::kernel_stack_top(cpu).as_u64() as usize,
        )
    }
    .unwrap_or_else(|e| panic!("syscall setup: {e}"));
}

/// Waits for an interrupt with interrupts enabled, and takes it; they are masked again after.
pub fn wait_for_interrupt() {
    // `sti` takes effect after the next instruction, so no interrupt slips in before `hlt`.
    // SAFETY: the IDT handles every interrupt this kernel enables.
    unsafe { core::arch::asm!("sti", "hlt", "cli", options(nomem, nostack)) };
}

/// Waits for an interrupt, such as [`wake`]'s, and takes it.
pub fn idle() {
    wait_for_interrupt();
}

/// The cycle counter (`rdtsc`; one tick per guest instruction under `-icount shift=0`).
pub fn cycles() -> u64 {
    // SAFETY: rdtsc has no side effects and is enabled in ring 0.
    unsafe { core::arch::x86_64::_rdtsc() }
}

/// Nanoseconds of the monotonic clock the kernel sleeps on: the TSC, taken as 1 GHz (exact
/// under `-icount shift=0`; QEMU's TCG otherwise runs it at the host's rate, which only makes
/// the unit smaller).
pub fn now_ns() -> u64 {
    cycles()
}

/// Routes `syscall` to the minimal entry (returns 0 at once) or back to the framework entry.
pub fn use_minimal_entry(minimal: bool) {
    // SAFETY: both are complete entries.
    unsafe {
        entry::setup::set_entry(if minimal {
            entry::syscall_entry_minimal
        } else {
            entry::syscall_entry
        })
    }
}

/// The first non-canonical address: a syscall from the lower half's last bytes returns there.
pub const USER_HALF_END: usize = 1 << 47;

/// The fault a user program takes when a syscall returns to a non-canonical address: `#GP`,
/// raised by the entry's `iretq` (or, where the CPU lets `iretq` through, by the fetch).
pub const RETURN_ADDRESS_FAULT: Option<u8> = Some(idt::GP);
