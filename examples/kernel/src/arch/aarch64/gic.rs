//! The GICv2 of QEMU `virt` (distributor at 0x0800_0000, CPU interface at 0x0801_0000): only
//! the generic timer's private interrupt and the wake-up SGI are enabled.

use core::ptr::{read_volatile, write_volatile};

/// Distributor registers.
const GICD: usize = 0x0800_0000;
const GICD_CTLR: usize = GICD;
const GICD_ISENABLER: usize = GICD + 0x100;
const GICD_IPRIORITYR: usize = GICD + 0x400;
const GICD_SGIR: usize = GICD + 0xf00;
/// CPU interface registers.
const GICC: usize = 0x0801_0000;
const GICC_CTLR: usize = GICC;
const GICC_PMR: usize = GICC + 0x04;
const GICC_IAR: usize = GICC + 0x0c;
const GICC_EOIR: usize = GICC + 0x10;

/// Interrupt ID of the EL1 virtual timer (private peripheral interrupt 11).
pub const VIRTUAL_TIMER: u32 = 27;
/// Interrupt ID of the software-generated interrupt that wakes a CPU ([`wake`]).
const WAKE: u32 = 0;
/// `GICD_SGIR.CPUTargetList`'s position: bit `16 + n` targets CPU interface `n`.
const SGIR_TARGETS: u32 = 16;
/// Interrupt IDs from here on are special (1023: spurious).
const SPECIAL: u32 = 1020;
/// Priority of the timer, and the mask that lets every priority through.
const TIMER_PRIORITY: u8 = 0x80;
const PRIORITY_MASK: u32 = 0xff;

fn write(reg: usize, value: u32) {
    // SAFETY: the GIC window is mapped as device memory for EL1.
    unsafe { write_volatile(reg as *mut u32, value) }
}

/// Enables the distributor (once, from the boot CPU), then this CPU's interface.
pub fn init() {
    write(GICD_CTLR, 1);
    init_cpu();
}

/// Enables the timer interrupt and the wake-up SGI (both banked per CPU) and this CPU's
/// interface.
pub fn init_cpu() {
    for id in [VIRTUAL_TIMER as usize, WAKE as usize] {
        // SAFETY: the priority registers are byte-accessible; this byte is this CPU's banked
        // copy.
        unsafe { write_volatile((GICD_IPRIORITYR + id) as *mut u8, TIMER_PRIORITY) };
        write(GICD_ISENABLER + id / 32 * 4, 1 << (id % 32));
    }
    write(GICC_PMR, PRIORITY_MASK);
    write(GICC_CTLR, 1);
}

/// Sends the wake-up SGI to CPU `cpu` (QEMU `virt` numbers CPU interfaces like CPUs); it
/// only ends a `wfi` there, its handler does nothing else.
pub fn wake(cpu: usize) {
    // SAFETY: the barrier orders the stores that posted the work before the interrupt.
    unsafe { core::arch::asm!("dsb ish", options(nostack)) };
    write(GICD_SGIR, 1 << (SGIR_TARGETS + cpu as u32) | WAKE);
}

/// Handles an IRQ: acknowledges it, hands the timer's to [`super::timer`], signals its end.
pub fn interrupt() {
    // SAFETY: reading IAR acknowledges the highest-priority pending interrupt.
    let iar = unsafe { read_volatile(GICC_IAR as *const u32) };
    let id = iar & 0x3ff;
    if id >= SPECIAL {
        return;
    }
    if id == VIRTUAL_TIMER {
        super::timer::interrupt();
    }
    write(GICC_EOIR, iar);
}
