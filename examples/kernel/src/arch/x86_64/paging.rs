//! Page tables: the first GiB identity-mapped for the kernel (supervisor), with a user window.
//!
//! The boot code maps 0..1 GiB with 2 MiB supervisor pages. [`init`] then opens
//! [`USER_REGION`] to ring 3 (the U/S bit) and maps one user page at the top of the lower
//! canonical half, [`TOP_PAGE`], where a `syscall` in the last two bytes returns to a
//! non-canonical address. Everything else stays supervisor-only, so a user access to kernel
//! memory faults.

use core::cell::UnsafeCell;

use crate::arch::USER_REGION;

/// A 4 KiB page table.
#[repr(C, align(4096))]
pub struct Table(UnsafeCell<[u64; 512]>);

// SAFETY: written at boot on one CPU before user code runs.
unsafe impl Sync for Table {}

impl Table {
    const fn new() -> Self {
        Table(UnsafeCell::new([0; 512]))
    }

    fn addr(&self) -> u64 {
        self.0.get() as u64
    }

    /// # Safety
    /// No one else may access the table concurrently.
    unsafe fn set(&self, index: usize, value: u64) {
        // SAFETY: forwarded to the caller.
        unsafe { (*self.0.get())[index] = value };
    }

    /// # Safety
    /// No one else may access the table concurrently.
    unsafe fn or(&self, index: usize, bits: u64) {
        // SAFETY: forwarded to the caller.
        unsafe { (*self.0.get())[index] |= bits };
    }
}

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
        BOOT_PML4.or(0, USER);
        BOOT_PDPT.or(0, USER);
        for page in USER_REGION.step_by(HUGE) {
            BOOT_PD.or(page / HUGE, USER);
        }
        let index = |level: u32| (TOP_PAGE >> (12 + 9 * level)) & 511;
        BOOT_PML4.set(index(3), TOP_PDPT.addr() | user);
        TOP_PDPT.set(index(2), TOP_PD.addr() | user);
        TOP_PD.set(index(1), TOP_PT.addr() | user);
        TOP_PT.set(index(0), TOP_FRAME.addr() | user);
        x86_64::instructions::tlb::flush_all();
    }
}
