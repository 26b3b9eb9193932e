//! Page faults on RISC-V: the demand-paged heap's page table and the decoding of a fault for
//! [`crate::demand`]. `sstatus.SUM` is clear except inside sysgate's copies, so an S-mode
//! access to a user page anywhere else is a page fault too.

use core::arch::asm;

use sysgate::arch::riscv64::{Trap, TrapFrame};

use super::mmu::{A, D, R, U, V, W, X, pte};
use crate::arch::common::page_table::Table;
use crate::arch::common::tables::{BLOCK, LOW};
use crate::demand::{self, HEAP, Outcome, PAGE};

/// The level-0 table of [`HEAP`]'s 4 KiB pages, none valid at boot.
static HEAP_PT: Table = Table::new();

/// `scause`: instruction, load and store/AMO page faults.
const PAGE_FAULTS: [u64; 3] = [12, 13, 15];

/// Maps [`HEAP`] through [`HEAP_PT`] (after Sv39 is on).
pub fn init() {
    // SAFETY: boot time, one CPU: the megapage is replaced by a table of invalid pages, and
    // `sfence.vma` drops the old translation.
    unsafe {
        LOW.entries()[HEAP.start / BLOCK] = pte(HEAP_PT.addr(), V);
        asm!("sfence.vma", options(nostack));
    }
}

fn index(va: usize) -> usize {
    (va - HEAP.start) / PAGE
}

/// Whether the [`HEAP`] page at `va` is mapped.
pub fn user_page_mapped(va: usize) -> bool {
    // SAFETY: a read of one entry; only the boot CPU runs programs that touch the heap.
    unsafe { HEAP_PT.entries()[index(va)] & V != 0 }
}

/// Maps the [`HEAP`] page at `va` to the frame at `pa`, user read/write/execute.
pub fn map_user_page(va: usize, pa: u64) {
    // SAFETY: the boot CPU (the only one running programs that touch the heap), in the trap
    // handler; `sfence.vma` makes the new entry visible before the access is retried.
    unsafe {
        HEAP_PT.entries()[index(va)] = pte(pa, V | R | W | X | U | A | D);
        asm!("sfence.vma {}, zero", in(reg) va, options(nostack));
    }
}

/// Handles a page fault; returns whether to resume at `frame.sepc` (which may have moved to a
/// copy's fixup). A kernel bug ends the user program and does not return.
pub fn page_fault(trap: &Trap, frame: &mut TrapFrame) -> bool {
    if trap.is_interrupt() || !PAGE_FAULTS.contains(&trap.code()) {
        return false;
    }
    let mut pc = frame.sepc as usize;
    match demand::page_fault(&mut pc, trap.stval as usize, trap.from_user) {
        Outcome::Resume => {
            frame.sepc = pc as u64;
            true
        }
        Outcome::KernelBug => demand::kernel_bug(pc, trap.stval as usize, "SUM clear"),
        Outcome::Unhandled => false,
    }
}
