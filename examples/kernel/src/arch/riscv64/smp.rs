//! Starting the other harts with the SBI hart state management extension (`HSM`,
//! `hart_start`).
//!
//! OpenSBI may boot on any hart: CPU 0 is the boot hart, CPUs `1..` are the other hart ids in
//! order. A started hart enters [`secondary_start`] in S-mode with translation off, its hart id
//! in `a0` and its stack top in `a1`; it finds its CPU number from its hart id, so nothing it
//! reads can be overwritten by the start of the next hart.

use core::arch::global_asm;

use super::sbi;

/// HSM extension and its `hart_start` function; IPI extension and its `send_ipi` function.
const HSM: usize = 0x0048_534d;
const HART_START: usize = 0;
const IPI: usize = 0x0073_5049;
const SEND_IPI: usize = 0;

/// The boot hart's id, stored by the boot code.
pub static mut BOOT_HART: usize = 0;

global_asm!(
    ".pushsection .text.secondary_start, \"ax\"",
    "secondary_start:",
    "mv sp, a1",
    "call {main}",
    "1: wfi",
    "j 1b",
    ".popsection",
    main = sym secondary_main,
);

unsafe extern "C" {
    fn secondary_start();
}

/// The hart id of CPU `index`: the boot hart for 0, the other ids in order after it.
fn hart(index: usize) -> usize {
    // SAFETY: written once by the boot code before Rust runs.
    let boot = unsafe { BOOT_HART };
    match index {
        0 => boot,
        _ if index <= boot => index - 1,
        _ => index,
    }
}

/// The CPU number of hart `hart`: the inverse of [`hart`].
fn index_of(hart: usize) -> usize {
    // SAFETY: written once by the boot code before Rust runs.
    let boot = unsafe { BOOT_HART };
    match hart {
        _ if hart == boot => 0,
        _ if hart < boot => hart + 1,
        _ => hart,
    }
}

/// Wakes CPU `cpu` from [`super::idle`] with a supervisor software interrupt.
pub fn wake(cpu: usize) {
    sbi::call(IPI, SEND_IPI, [1, hart(cpu), 0]);
}

/// Starts CPU `index` on the stack ending at `stack_top`; false if the machine has no such
/// hart (or it is already started).
pub fn start_cpu(index: usize, stack_top: usize) -> bool {
    let hart = hart(index);
    let start = secondary_start as *const () as usize;
    sbi::call(HSM, HART_START, [hart, start, stack_top]) == sbi::SUCCESS
}

/// A started hart's first Rust code: translation, its sysgate area and the trap vector, then
/// the portable secondary main.
extern "C" fn secondary_main(hart: usize) -> ! {
    super::mmu::enable();
    let index = index_of(hart);
    super::init_cpu(index);
    super::trap::init();
    crate::smp::secondary_main(index)
}
