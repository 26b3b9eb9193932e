//! Page tables: the first GiB identity-mapped for the kernel (supervisor), with a user window.
//!
//! The boot code maps 0..1 GiB with 2 MiB supervisor pages. [`init`] then opens
//! [`USER_REGION`] to ring 3 (the U/S bit) and maps one user page at the top of the lower
//! canonical half, [`TOP_PAGE`], where a `syscall` in the last two bytes returns to a
//! non-canonical address. Everything else stays supervisor-only, so a user access to kernel
//! memory faults.

use crate::arch::USER_REGION;
use crate::arch::common::page_table::Table;

/// Top-level table (used by the boot code).
#[unsafe(no_mangle)]
pub static BOOT_PML4: Table = Table::new();
/// Maps 0..512 GiB (used by the boot code).
#[unsafe(no_mangle)]
pub static BOOT_PDPT: Table = Table::new();
/// Maps 0..1 GiB with 2 MiB pages (filled by the boot code).
#[unsafe(no_mangle)]
pub static BOOT_PD: Table = Table::new();

static TOP_PDPT: Table = Table::new();
static TOP_PD: Table = Table::new();
static TOP_PT: Table = Table::new();
/// The frame behind [`TOP_PAGE`].
static TOP_FRAME: Table = Table::new();

const PRESENT: u64 = 1;
const WRITABLE: u64 = 1 << 1;
const USER: u64 = 1 << 2;
const HUGE: usize = 2 << 20;

/// The highest user page of the lower canonical half.
pub const TOP_PAGE: usize = 0x0000_7fff_ffff_f000;

/// Opens [`USER_REGION`] and [`TOP_PAGE`] to ring 3.
pub fn init() {
    let user = PRESENT | WRITABLE | USER;
    // SAFETY: boot time, one CPU; the tables are live, so flush the TLB after editing them.
    unsafe {
        BOOT_PML4.entries()[0] |= USER;
        BOOT_PDPT.entries()[0] |= USER;
        for page in USER_REGION.step_by(HUGE) {
            BOOT_PD.entries()[page / HUGE] |= USER;
        }
        let index = |level: u32| (TOP_PAGE >> (12 + 9 * level)) & 511;
        BOOT_PML4.entries()[index(3)] = TOP_PDPT.addr() | user;
        TOP_PDPT.entries()[index(2)] = TOP_PD.addr() | user;
        TOP_PD.entries()[index(1)] = TOP_PT.addr() | user;
        TOP_PT.entries()[index(0)] = TOP_FRAME.addr() | user;
        x86_64::instructions::tlb::flush_all();
    }
}
