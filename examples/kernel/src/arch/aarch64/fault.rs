//! Data aborts on AArch64: the demand-paged heap's translation table, PAN, and the decoding of
//! an abort for [`crate::demand`].

use core::arch::asm;

use sysgate::arch::aarch64::{Origin, Trap, TrapFrame};

use super::mmu::{ACCESS_FLAG, AP_EL0, ATTR_NORMAL, INNER_SHAREABLE, PXN, VALID_TABLE};
use crate::arch::common::page_table::Table;
use crate::arch::common::tables::{BLOCK, LOW};
use crate::demand::{self, HEAP, Outcome, PAGE};

/// The level-3 table of [`HEAP`]'s 4 KiB pages, none valid at boot.
static HEAP_PT: Table = Table::new();

/// A level-3 page descriptor (the same low bits as a table descriptor).
const VALID_PAGE: u64 = VALID_TABLE;
/// `ESR_EL1.EC`: data abort from EL0, from EL1.
const EC_DATA_ABORT_LOWER: u64 = 0x24;
const EC_DATA_ABORT_SAME: u64 = 0x25;
/// `SCTLR_EL1.SPAN`: when clear, taking an exception to EL1 sets PSTATE.PAN.
const SCTLR_SPAN: u64 = 1 << 23;
/// `PSTATE.PAN` as the `PAN` register holds it.
const PAN: u64 = 1 << 22;

/// Maps [`HEAP`] through [`HEAP_PT`] (after the MMU is on) and turns PAN on where the CPU has
/// it (`ID_AA64MMFR1_EL1.PAN`), also for every exception taken to EL1.
pub fn init() {
    // SAFETY: boot time, one CPU: the block entry is replaced by a table of invalid pages, and
    // the TLB is invalidated for the old block.
    unsafe {
        LOW.entries()[HEAP.start / BLOCK] = HEAP_PT.addr() | VALID_TABLE;
        asm!(
            "dsb ishst",
            "tlbi vmalle1",
            "dsb ish",
            "isb",
            options(nostack)
        );
    }
    init_cpu();
}

/// Turns PAN on for this CPU where it has it, also for every exception taken to EL1.
pub fn init_cpu() {
    let mmfr1: u64;
    // SAFETY: reading an ID register has no side effects.
    unsafe { asm!("mrs {}, id_aa64mmfr1_el1", out(reg) mmfr1, options(nomem, nostack)) };
    if (mmfr1 >> 20) & 0xf != 0 {
        // SAFETY: the CPU has PAN; the kernel reaches user memory only with `ldtr`/`sttr`.
        unsafe {
            asm!(
                "mrs {t}, sctlr_el1",
                "bic {t}, {t}, {span}",
                "msr sctlr_el1, {t}",
                "msr s3_0_c4_c2_3, {pan}",
                "isb",
                t = out(reg) _,
                span = in(reg) SCTLR_SPAN,
                pan = in(reg) PAN,
                options(nostack),
            )
        };
    }
}

fn index(va: usize) -> usize {
    (va - HEAP.start) / PAGE
}

/// Whether the [`HEAP`] page at `va` is mapped.
pub fn user_page_mapped(va: usize) -> bool {
    // SAFETY: a read of one entry; only the boot CPU runs programs that touch the heap.
    unsafe { HEAP_PT.entries()[index(va)] & VALID_PAGE == VALID_PAGE }
}

/// Maps the [`HEAP`] page at `va` to the frame at `pa`: normal memory, read/write/execute at
/// EL0, never executable at EL1.
pub fn map_user_page(va: usize, pa: u64) {
    let page = pa | VALID_PAGE | ATTR_NORMAL | AP_EL0 | INNER_SHAREABLE | ACCESS_FLAG | PXN;
    // SAFETY: the boot CPU (the only one running programs that touch the heap), in the abort
    // handler; the entry was invalid (so not in the TLB), and the barrier makes the new one visible
    // to the table walk before the access is retried.
    unsafe {
        HEAP_PT.entries()[index(va)] = page;
        asm!("dsb ishst", "isb", options(nostack));
    }
}

/// Handles a data abort; returns whether to resume at `frame.elr` (which may have moved to a
/// copy's fixup). A kernel bug ends the user program and does not return.
pub fn data_abort(trap: &Trap, frame: &mut TrapFrame) -> bool {
    let class = trap.class();
    if class != EC_DATA_ABORT_LOWER && class != EC_DATA_ABORT_SAME {
        return false;
    }
    let from_user = trap.origin == Origin::User;
    let mut pc = frame.elr as usize;
    match demand::page_fault(&mut pc, trap.far as usize, from_user) {
        Outcome::Resume => {
            frame.elr = pc as u64;
            true
        }
        Outcome::KernelBug => demand::kernel_bug(pc, trap.far as usize, "PAN"),
        Outcome::Unhandled => false,
    }
}
