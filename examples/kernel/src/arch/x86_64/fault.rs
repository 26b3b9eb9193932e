//! Page faults on x86_64: the demand-paged heap's page table, SMEP and SMAP, and the decoding
//! of a `#PF` for [`crate::demand`].

use x86_64::registers::control::{Cr4, Cr4Flags};

use super::idt::ExceptionFrame;
use super::paging::BOOT_PD;
use crate::arch::common::page_table::Table;
use crate::demand::{self, HEAP, Outcome, PAGE};

/// The 4 KiB pages of [`HEAP`], none present at boot.
static HEAP_PT: Table = Table::new();

const PRESENT: u64 = 1;
const WRITABLE: u64 = 1 << 1;
const USER: u64 = 1 << 2;
const HUGE: usize = 2 << 20;

/// `#PF` error code: user mode.
const PF_USER: u64 = 1 << 2;

/// Maps [`HEAP`] through [`HEAP_PT`] and turns SMEP and SMAP on where the CPU has them.
pub fn init() {
    // SAFETY: boot time, one CPU; the tables are live, so flush the TLB after editing them.
    unsafe {
        BOOT_PD.entries()[HEAP.start / HUGE] = HEAP_PT.addr() | PRESENT | WRITABLE | USER;
        x86_64::instructions::tlb::flush_all();
    }
    init_cpu();
}

/// Turns SMEP and SMAP on for this CPU where it has them.
pub fn init_cpu() {
    // CPUID leaf 7 exists on every CPU this kernel runs on.
    let ebx = core::arch::x86_64::__cpuid_count(7, 0).ebx;
    let mut protect = Cr4Flags::empty();
    if ebx & (1 << 7) != 0 {
        protect |= Cr4Flags::SUPERVISOR_MODE_EXECUTION_PROTECTION;
    }
    if ebx & (1 << 20) != 0 {
        protect |= Cr4Flags::SUPERVISOR_MODE_ACCESS_PREVENTION;
    }
    // SAFETY: the kernel reaches user memory only through sysgate's copies, which open SMAP
    // windows.
    unsafe { Cr4::update(|f| f.insert(protect)) };
}

fn index(va: usize) -> usize {
    (va - HEAP.start) / PAGE
}

/// Whether the [`HEAP`] page at `va` is mapped.
pub fn user_page_mapped(va: usize) -> bool {
    // SAFETY: a read of one entry; only the boot CPU runs programs that touch the heap.
    unsafe { HEAP_PT.entries()[index(va)] & PRESENT != 0 }
}

/// Maps the [`HEAP`] page at `va` to the frame at `pa`, user read/write.
pub fn map_user_page(va: usize, pa: u64) {
    // SAFETY: the boot CPU (the only one running programs that touch the heap), in the fault
    // handler; the entry was not present, and `invlpg` drops anything the TLB may hold for it.
    unsafe {
        HEAP_PT.entries()[index(va)] = pa | PRESENT | WRITABLE | USER;
        x86_64::instructions::tlb::flush(x86_64::VirtAddr::new(va as u64));
    }
}

/// Handles a `#PF` at `addr`; returns whether to resume at `frame.rip` (which may have moved to
/// a copy's fixup). A kernel bug ends the user program and does not return.
pub fn page_fault(frame: &mut ExceptionFrame, addr: usize) -> bool {
    let from_user = frame.error & PF_USER != 0;
    let mut pc = frame.rip as usize;
    match demand::page_fault(&mut pc, addr, from_user) {
        Outcome::Resume => {
            frame.rip = pc as u64;
            true
        }
        Outcome::KernelBug => demand::kernel_bug(pc, addr, "SMAP"),
        Outcome::Unhandled => false,
    }
}
