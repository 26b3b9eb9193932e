//! The local APIC (xAPIC, memory-mapped): enabling it, its periodic timer, and the INIT and
//! startup IPIs that wake the other CPUs.
//!
//! The legacy 8259 PICs are masked, so the only interrupts are the local APIC's own.

use x86_64::instructions::port::Port;
use x86_64::registers::model_specific::Msr;

use super::paging::BOOT_PDPT;
use crate::arch::common::page_table::Table;

/// The timer's interrupt vector.
pub const TIMER_VECTOR: u8 = 32;
/// The vector of spurious interrupts (no EOI).
pub const SPURIOUS_VECTOR: u8 = 33;
/// The vector of the IPI that wakes an idle CPU.
pub const WAKE_VECTOR: u8 = 34;

/// `IA32_APIC_BASE`: the registers' physical address in bits 12 and up.
const APIC_BASE_MSR: u32 = 0x1b;

/// Register offsets.
const EOI: usize = 0xb0;
const SPURIOUS: usize = 0xf0;
const ICR_LOW: usize = 0x300;
const ICR_HIGH: usize = 0x310;
const LVT_TIMER: usize = 0x320;
const LVT_LINT0: usize = 0x350;
const LVT_LINT1: usize = 0x360;
const TIMER_INITIAL: usize = 0x380;
const TIMER_DIVIDE: usize = 0x3e0;

/// `SPURIOUS`: APIC software enable.
const ENABLE: u32 = 1 << 8;
/// LVT: masked.
const MASKED: u32 = 1 << 16;
/// LVT timer: periodic mode.
const PERIODIC: u32 = 1 << 17;
/// Timer divide configuration: divide by 16.
const DIVIDE_BY_16: u32 = 0b0011;
/// Timer initial count: with QEMU's 1 GHz APIC clock divided by 16, a tick every 10 ms.
const PERIOD: u32 = 625_000;
/// ICR: fixed delivery, level assert (the vector in the low byte).
const ICR_FIXED: u32 = 0x4000;
/// ICR: INIT, level assert.
const ICR_INIT: u32 = 0x4500;
/// ICR: start-up IPI, level assert (the vector is the start page number).
const ICR_STARTUP: u32 = 0x4600;
/// ICR: delivery pending.
const ICR_PENDING: u32 = 1 << 12;

/// The 2 MiB pages of 3..4 GiB, where the APIC registers are.
static APIC_PD: Table = Table::new();

const PRESENT: u64 = 1;
const WRITABLE: u64 = 1 << 1;
const WRITE_THROUGH: u64 = 1 << 3;
const NO_CACHE: u64 = 1 << 4;
const HUGE_PAGE: u64 = 1 << 7;
const HUGE: u64 = 2 << 20;
const GIB: u64 = 1 << 30;

fn base() -> u64 {
    // SAFETY: reading IA32_APIC_BASE has no side effects.
    unsafe { Msr::new(APIC_BASE_MSR).read() & !0xfff }
}

fn read(reg: usize) -> u32 {
    // SAFETY: the register page is mapped uncached by `init`; reads have no side effects.
    unsafe { core::ptr::read_volatile((base() as usize + reg) as *const u32) }
}

fn write(reg: usize, value: u32) {
    // SAFETY: the register page is mapped uncached by `init`.
    unsafe { core::ptr::write_volatile((base() as usize + reg) as *mut u32, value) }
}

/// Maps the APIC registers (uncached), masks the 8259 PICs, and enables the boot CPU's APIC.
pub fn init() {
    let base = base();
    assert!(
        (3 * GIB..4 * GIB).contains(&base),
        "APIC at {base:#x}, outside 3..4 GiB"
    );
    // SAFETY: boot time, one CPU: the PDPT's fourth entry is unused (the boot map covers the
    // first GiB only), and the TLB is flushed after the edit.
    unsafe {
        APIC_PD.entries()[((base - 3 * GIB) / HUGE) as usize] =
            (base & !(HUGE - 1)) | PRESENT | WRITABLE | WRITE_THROUGH | NO_CACHE | HUGE_PAGE;
        BOOT_PDPT.entries()[3] = APIC_PD.addr() | PRESENT | WRITABLE;
        x86_64::instructions::tlb::flush_all();
        Port::<u8>::new(0x21).write(0xff);
        Port::<u8>::new(0xa1).write(0xff);
    }
    init_cpu();
}

/// Enables this CPU's APIC, with the legacy interrupt lines masked.
pub fn init_cpu() {
    write(LVT_LINT0, MASKED);
    write(LVT_LINT1, MASKED);
    write(LVT_TIMER, MASKED);
    write(SPURIOUS, ENABLE | u32::from(SPURIOUS_VECTOR));
}

/// Starts this CPU's periodic timer.
pub fn timer_start() {
    write(TIMER_DIVIDE, DIVIDE_BY_16);
    write(LVT_TIMER, PERIODIC | u32::from(TIMER_VECTOR));
    write(TIMER_INITIAL, PERIOD);
}

/// Stops this CPU's timer.
pub fn timer_stop() {
    write(LVT_TIMER, MASKED);
    write(TIMER_INITIAL, 0);
}

/// The timer interrupt: counts the tick and acknowledges it.
pub fn timer_interrupt() {
    crate::smp::tick(sysgate::cpu::id());
    end_of_interrupt();
}

/// Acknowledges the interrupt being handled.
pub fn end_of_interrupt() {
    write(EOI, 0);
}

/// Wakes CPU `cpu` (APIC ID `cpu`) from [`super::idle`] with [`WAKE_VECTOR`].
pub fn wake(cpu: usize) {
    send(cpu as u32, ICR_FIXED | u32::from(WAKE_VECTOR));
}

fn send(apic_id: u32, command: u32) {
    write(ICR_HIGH, apic_id << 24);
    write(ICR_LOW, command);
    while read(ICR_LOW) & ICR_PENDING != 0 {
        core::hint::spin_loop();
    }
}

/// Sends INIT, then two start-up IPIs for the code at physical page `page`, to the CPU with
/// APIC ID `apic_id`, waiting `delay` cycles after each as the MP specification asks.
pub fn start(apic_id: u32, page: u8, delay: impl Fn(u64)) {
    send(apic_id, ICR_INIT);
    delay(INIT_DELAY);
    for _ in 0..2 {
        send(apic_id, ICR_STARTUP | u32::from(page));
        delay(STARTUP_DELAY);
    }
}

/// Wait after INIT: 10 ms at 1 GHz.
const INIT_DELAY: u64 = 10_000_000;
/// Wait after a start-up IPI: 200 µs at 1 GHz.
const STARTUP_DELAY: u64 = 200_000;
