//! Translation tables: the kernel identity-mapped and EL1-only, a user window open to EL0.
//!
//! 4 KiB granule, 39-bit virtual addresses (`T0SZ` = 25), one table base (`TTBR0_EL1`):
//! - 1..2 GiB: RAM (kernel image, stacks, tables) as one normal-memory block, EL1-only,
//!   never executable at EL0;
//! - 0..1 GiB, through 2 MiB blocks: the GIC/PL011 window as EL1-only device memory and
//!   [`USER_REGION`], normal memory readable, writable and executable at EL0 (and so, by the
//!   architecture, never executable at EL1), backed by [`tables::user_blocks`]; everything else in this
//!   GiB (address 0 included) is unmapped;
//! - the last 2 MiB below [`USER_HALF_END`] (`1 << 39`, the end of what `TTBR0_EL1` translates),
//!   one more EL0 block, so a syscall made from its last word returns past the address range.
//!
//! So a user access to kernel memory or to an unmapped address is a real abort, and the user
//! program runs at the same virtual addresses as on x86_64.

use core::arch::asm;
use core::ops::Range;

use crate::arch::USER_REGION;
use crate::arch::common::tables::{self, BLOCK, LOW, ROOT, TOP};

/// The first address past the translated range (`T0SZ` = 25: 39-bit addresses).
pub const USER_HALF_END: usize = 1 << 39;

/// The device window (GIC distributor at 0x0800_0000 up to past the PL011 at 0x0900_0000).
const DEVICES: Range<usize> = 0x0800_0000..0x0a00_0000;
/// Start of RAM on QEMU `virt`.
const RAM: u64 = 0x4000_0000;

const VALID_BLOCK: u64 = 0b01;
pub(super) const VALID_TABLE: u64 = 0b11;
/// `AttrIndx` 0: MAIR attribute 0, device nGnRnE.
const ATTR_DEVICE: u64 = 0 << 2;
/// `AttrIndx` 1: MAIR attribute 1, normal write-back.
pub(super) const ATTR_NORMAL: u64 = 1 << 2;
/// `AP[2:1]` = 01: read/write at EL1 and EL0 (00, the default, is EL1 only).
pub(super) const AP_EL0: u64 = 1 << 6;
pub(super) const INNER_SHAREABLE: u64 = 0b11 << 8;
pub(super) const ACCESS_FLAG: u64 = 1 << 10;
pub(super) const PXN: u64 = 1 << 53;
const UXN: u64 = 1 << 54;

/// MAIR_EL1: attribute 0 device nGnRnE (0x00), attribute 1 normal write-back RW-allocate (0xff).
const MAIR: u64 = 0xff << 8;
/// TCR_EL1: T0SZ 25, walks write-back cacheable and inner shareable, 4 KiB granule,
/// TTBR1 walks disabled (EPD1), 40-bit physical addresses.
const TCR: u64 = 25 | (0b01 << 8) | (0b01 << 10) | (0b11 << 12) | (1 << 23) | (0b010 << 32);
/// SCTLR_EL1: MMU, data cache and instruction cache on; EL0 may clean the data cache and
/// invalidate the instruction cache by address (`UCI`), to run code it wrote.
const SCTLR_ON: u64 = (1 << 0) | (1 << 2) | (1 << 12) | (1 << 26);

/// Fills the tables and turns the MMU on. The kernel keeps running at the same addresses.
pub fn init() {
    // SAFETY: boot time, one CPU, MMU still off: nothing else reads the tables yet.
    let (level1, low, top) = unsafe { (ROOT.entries(), LOW.entries(), TOP.entries()) };
    let user = VALID_BLOCK | ATTR_NORMAL | AP_EL0 | INNER_SHAREABLE | ACCESS_FLAG | PXN;
    level1[0] = LOW.addr() | VALID_TABLE;
    level1[1] = RAM | VALID_BLOCK | ATTR_NORMAL | INNER_SHAREABLE | ACCESS_FLAG | UXN;
    for va in DEVICES.step_by(BLOCK) {
        low[va / BLOCK] = va as u64 | VALID_BLOCK | ATTR_DEVICE | ACCESS_FLAG | PXN | UXN;
    }
    for (index, pa) in tables::user_blocks() {
        low[index] = pa | user;
    }
    level1[511] = TOP.addr() | VALID_TABLE;
    top[511] = tables::top_block() | user;
    enable();
}

/// Turns the MMU on for this CPU with the tables [`init`] filled (every CPU runs on one map).
pub fn enable() {
    // SAFETY: the tables identity-map everything the kernel touches, so execution continues
    // seamlessly once SCTLR_EL1.M is set.
    unsafe {
        asm!(
            "msr mair_el1, {mair}",
            "msr tcr_el1, {tcr}",
            "msr ttbr0_el1, {ttbr0}",
            "dsb ish",
            "tlbi vmalle1",
            "dsb ish",
            "isb",
            "mrs {tmp}, sctlr_el1",
            "orr {tmp}, {tmp}, {on}",
            "msr sctlr_el1, {tmp}",
            "isb",
            mair = in(reg) MAIR,
            tcr = in(reg) TCR,
            ttbr0 = in(reg) ROOT.addr(),
            on = in(reg) SCTLR_ON,
            tmp = out(reg) _,
            options(nostack),
        )
    };
}

/// Makes instructions the kernel wrote into the block-mapped part of [`USER_REGION`] below the
/// demand-paged heap (where the program is loaded) visible to instruction fetch: clean the
/// data cache to the point of unification, then invalidate the instruction cache.
pub fn sync_user_code() {
    let ctr: u64;
    // SAFETY: reading the cache type register has no side effects.
    unsafe { asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
    // CTR_EL0.DminLine: log2 of the smallest data cache line, in 4-byte words.
    let line = 4 << ((ctr >> 16) & 0xf);
    for va in (USER_REGION.start..crate::demand::HEAP.start).step_by(line) {
        // SAFETY: cache maintenance by address on mapped user memory; no data changes.
        unsafe { asm!("dc cvau, {}", in(reg) va, options(nostack)) };
    }
    // SAFETY: invalidating the instruction cache has no architectural effect on data.
    unsafe { asm!("dsb ish", "ic iallu", "dsb ish", "isb", options(nostack)) };
}
