//! The memory behind the AArch64 and RISC-V translation tables, which lay out the same map in
//! their own entry formats: a root table; [`LOW`], 2 MiB blocks for 0..1 GiB (the devices and
//! [`USER_REGION`]); [`TOP`], 2 MiB blocks for the last GiB below the user half's end, of which
//! only the last block is mapped, for user mode.

use core::cell::UnsafeCell;

use super::page_table::Table;
use crate::arch::USER_REGION;

/// Size of a block: an AArch64 level-2 block, a RISC-V Sv39 megapage.
pub const BLOCK: usize = 2 << 20;

/// The root table.
pub static ROOT: Table = Table::new();
/// 2 MiB blocks for 0..1 GiB.
pub static LOW: Table = Table::new();
/// 2 MiB blocks for the last GiB below the user half's end.
pub static TOP: Table = Table::new();

/// Block-aligned memory that the tables map for user mode.
#[repr(C, align(0x20_0000))]
struct UserMemory<const SIZE: usize>(UnsafeCell<[u8; SIZE]>);

// SAFETY: reached only through the user mapping and the kernel's user copies; CPUs running user
// programs at once use stacks of their own in it.
unsafe impl<const SIZE: usize> Sync for UserMemory<SIZE> {}

impl<const SIZE: usize> UserMemory<SIZE> {
    fn addr(&self) -> u64 {
        self.0.get() as u64
    }
}

/// Size of [`USER_REGION`].
const USER_SIZE: usize = USER_REGION.end - USER_REGION.start;

/// Backing memory of [`USER_REGION`].
static USER_MEMORY: UserMemory<USER_SIZE> = UserMemory(UnsafeCell::new([0; USER_SIZE]));

/// Backing memory of the top user block, the last below the user half's end.
static TOP_MEMORY: UserMemory<BLOCK> = UserMemory(UnsafeCell::new([0; BLOCK]));

/// The blocks of [`USER_REGION`]: each one's index in [`LOW`] and the physical address of its
/// memory.
pub fn user_blocks() -> impl Iterator<Item = (usize, u64)> {
    let backing = USER_MEMORY.addr();
    USER_REGION
        .step_by(BLOCK)
        .enumerate()
        .map(move |(i, va)| (va / BLOCK, backing + (i * BLOCK) as u64))
}

/// The physical address of the top user block's memory, the last entry of [`TOP`].
pub fn top_block() -> u64 {
    TOP_MEMORY.addr()
}

/// Size of the Linux personality's window of user memory.
pub const LINUX_SIZE: usize = 16 << 20;

/// Backing memory of the Linux personality's window.
static LINUX_MEMORY: UserMemory<LINUX_SIZE> = UserMemory(UnsafeCell::new([0; LINUX_SIZE]));

/// The blocks of a Linux window starting at virtual `start`: each one's index in [`LOW`] and
/// the physical address of its memory.
pub fn linux_blocks(start: usize) -> impl Iterator<Item = (usize, u64)> {
    let backing = LINUX_MEMORY.addr();
    (start..start + LINUX_SIZE)
        .step_by(BLOCK)
        .enumerate()
        .map(move |(i, va)| (va / BLOCK, backing + (i * BLOCK) as u64))
}
