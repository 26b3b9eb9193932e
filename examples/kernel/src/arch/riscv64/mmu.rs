//! Sv39 page tables: the kernel identity-mapped and supervisor-only, a user window for U-mode.
//!
//! - 2..3 GiB: RAM (firmware, kernel image, stacks, tables) as one supervisor gigapage;
//! - 0..1 GiB, through 2 MiB megapages: the `sifive_test` finisher and the UART as supervisor
//!   read/write pages, and [`USER_REGION`] as user read/write/execute pages backed by
//!   [`tables::user_blocks`]; everything else in this GiB (address 0 included) is unmapped;
//! - the last 2 MiB below [`USER_HALF_END`] (`1 << 38`, the end of Sv39's lower half), one more
//!   user megapage, so a syscall made from its last word returns past the lower half.
//!
//! `sstatus.SUM` stays clear: only sysgate's user copies set it, around their loads and stores.
//! S-mode can never execute user pages, U-mode can touch nothing else. The user program runs at the same addresses as on x86_64.
//!
//! [`USER_REGION`]: crate::arch::USER_REGION

use core::arch::asm;

use crate::arch::common::tables::{self, BLOCK, LOW, ROOT, TOP};

/// The first address past Sv39's lower half (bit 38 set, bits 63..39 clear: not translatable).
pub const USER_HALF_END: usize = 1 << 38;

/// Kernel-only device megapages: the `sifive_test` finisher (0x10_0000), the UART (0x1000_0000).
const DEVICES: [usize; 2] = [0x0000_0000, 0x1000_0000];
/// Start of RAM on QEMU `virt`.
const RAM: u64 = 0x8000_0000;

pub(super) const V: u64 = 1 << 0;
pub(super) const R: u64 = 1 << 1;
pub(super) const W: u64 = 1 << 2;
pub(super) const X: u64 = 1 << 3;
pub(super) const U: u64 = 1 << 4;
const G: u64 = 1 << 5;
pub(super) const A: u64 = 1 << 6;
pub(super) const D: u64 = 1 << 7;

/// `satp.MODE` = 8: Sv39.
const SATP_SV39: u64 = 8 << 60;

/// A page-table entry pointing at physical address `pa`.
pub(super) const fn pte(pa: u64, flags: u64) -> u64 {
    ((pa >> 12) << 10) | flags
}

/// Fills the tables and turns Sv39 on. The kernel keeps running at the same addresses.
pub fn init() {
    // SAFETY: boot time, one CPU, translation still off: nothing else reads the tables yet.
    let (root, low, top) = unsafe { (ROOT.entries(), LOW.entries(), TOP.entries()) };
    let user = V | R | W | X | U | A | D;
    root[0] = pte(LOW.addr(), V);
    root[(RAM >> 30) as usize] = pte(RAM, V | R | W | X | G | A | D);
    for va in DEVICES {
        low[va / BLOCK] = pte(va as u64, V | R | W | G | A | D);
    }
    for (index, pa) in tables::user_blocks() {
        low[index] = pte(pa, user);
    }
    root[(USER_HALF_END >> 30) - 1] = pte(TOP.addr(), V);
    top[511] = pte(tables::top_block(), user);
    enable();
}

/// Turns Sv39 on for this hart with the tables [`init`] filled (every hart runs on one map).
pub fn enable() {
    // SAFETY: the tables identity-map everything the kernel touches, so execution continues
    // seamlessly once `satp` is written.
    unsafe {
        asm!(
            "sfence.vma",
            "csrw satp, {satp}",
            "sfence.vma",
            satp = in(reg) SATP_SV39 | (ROOT.addr() >> 12),
            options(nostack),
        )
    };
}

/// Makes instructions the kernel wrote into [`USER_REGION`] visible to instruction fetch.
pub fn sync_user_code() {
    // SAFETY: `fence.i` only orders instruction fetch after earlier stores.
    unsafe { asm!("fence.i", options(nostack)) };
}
