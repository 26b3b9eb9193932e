//! Starting the other CPUs with PSCI `CPU_ON`, through `hvc` (QEMU `virt` implements PSCI
//! itself when the kernel boots at EL1, with the `hvc` conduit).
//!
//! QEMU `virt` numbers CPUs by MPIDR affinity 0 within clusters of eight, so CPU `index` (below
//! [`MAX_CPUS`]) is the one with MPIDR `index`. A started CPU enters [`secondary_start`] at EL1
//! with the MMU off and its stack top in `x0`; it finds its CPU number in its own MPIDR, so
//! nothing it reads can be overwritten by the start of the next CPU.

use core::arch::{asm, global_asm};

use crate::smp::MAX_CPUS;

/// PSCI 0.2 `CPU_ON`, SMC64 calling convention.
const CPU_ON: u64 = 0xc400_0003;
/// PSCI success.
const SUCCESS: i64 = 0;

const _: () = assert!(MAX_CPUS <= 8, "CPU numbers are MPIDR affinity 0");

global_asm!(
    ".pushsection .text.secondary_start, \"ax\"",
    "secondary_start:",
    "mov x9, #(3 << 20)",
    "msr cpacr_el1, x9",
    "isb",
    "mov sp, x0",
    "bl {main}",
    "1: wfe",
    "b 1b",
    ".popsection",
    main = sym secondary_main,
);

unsafe extern "C" {
    fn secondary_start();
}

/// Starts CPU `index` on the stack ending at `stack_top`; false if the machine has no such
/// CPU (or it is already on).
pub fn start_cpu(index: usize, stack_top: usize) -> bool {
    let status: i64;
    // SAFETY: a PSCI call; the new CPU starts at `secondary_start` with its own stack.
    unsafe {
        asm!(
            "hvc #0",
            inout("x0") CPU_ON => status,
            inout("x1") index => _,
            inout("x2") secondary_start as *const () as usize => _,
            inout("x3") stack_top => _,
            options(nostack),
        )
    };
    status == SUCCESS
}

/// A started CPU's first Rust code: the MMU, PAN, vectors, cycle counter, GIC and timer, then
/// the portable secondary main.
extern "C" fn secondary_main() -> ! {
    super::mmu::enable();
    let mpidr: usize;
    // SAFETY: reads this CPU's affinity; no side effects.
    unsafe { asm!("mrs {}, mpidr_el1", out(reg) mpidr, options(nomem, nostack)) };
    let index = mpidr & 0xff;
    super::init_cpu(index);
    super::fault::init_cpu();
    super::trap::init();
    super::cycles::init();
    super::gic::init_cpu();
    crate::smp::secondary_main(index)
}
