//! Tests of sysgate: see `tests/` (integration, property, fuzz, stress, link-time) and `ui/`
//! (diagnostics). This library holds what several of them share: a user space that random
//! pointers cannot escape, and the strategies that generate syscall numbers and argument words.
//!
//! They run on the host kernel (`sysgate::host`, feature `std`).

pub mod sequence;

use std::ops::Range;
use std::sync::atomic::AtomicU64;

use proptest::prelude::*;

/// The size of the user-space arena.
pub const ARENA_LEN: usize = 64 * 1024;

/// The arena's backing store; handlers only reach it through the runtime's copies.
static ARENA: [AtomicU64; ARENA_LEN / 8] = [const { AtomicU64::new(0) }; ARENA_LEN / 8];

/// The arena's address range: the whole of user space after [`confine_to_arena`].
pub fn arena() -> Range<usize> {
    let start = ARENA.as_ptr() as usize;
    start..start + ARENA_LEN
}

/// Makes the arena the host kernel's user space, so a random pointer either lands in it or is
/// refused with `EFAULT` before any copy.
pub fn confine_to_arena() {
    sysgate::host::set_user_range(arena());
}

/// Syscall numbers: mostly `registered` ones, some anywhere in the table, some anywhere at all.
pub fn number(registered: Vec<usize>) -> impl Strategy<Value = usize> {
    prop_oneof![
        4 => prop::sample::select(registered),
        1 => 0usize..1100,
        1 => any::<usize>(),
    ]
}

/// Argument words that hit edge cases often: small values, arena addresses and lengths, the
/// arena's borders, extremes and kernel addresses.
pub fn word() -> impl Strategy<Value = usize> {
    let a = arena();
    prop_oneof![
        0usize..4,
        0usize..=ARENA_LEN,
        a.start - 64..a.end + 64,
        any::<usize>(),
        Just(usize::MAX),
        Just(1usize << 63),
        Just(0xffff_8000_0000_0000usize),
    ]
}
