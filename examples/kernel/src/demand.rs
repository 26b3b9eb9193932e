//! The demand-paged user heap and what a page fault at a user address becomes.
//!
//! [`HEAP`], the second 2 MiB block of [`USER_REGION`], is mapped through a 4 KiB page table
//! that starts empty: the first touch of a page, from user mode or from inside one of sysgate's
//! user copies during a syscall, faults, and [`page_fault`] maps a fresh zeroed frame there.
//! Its last page, [`HOLE`], is never mapped: a hole inside the user range, so a pointer into it
//! passes the range check and faults in the copy, which the exception table turns into
//! `EFAULT`. A kernel access to user memory outside the copy routines is a kernel bug, which
//! SMAP (x86_64), PAN (AArch64) or a clear `sstatus.SUM` (RISC-V) stops even where the page is
//! mapped.
//!
//! The architecture provides the page table: `arch::user_page_mapped(va)` and
//! `arch::map_user_page(va, pa)`.

use core::cell::UnsafeCell;
use core::ops::Range;
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crate::arch::{self, USER_REGION};

/// Size of a page.
pub const PAGE: usize = 4096;

/// The demand-paged part of user memory: the second 2 MiB block of [`USER_REGION`].
pub const HEAP: Range<usize> = USER_REGION.start + (2 << 20)..USER_REGION.start + (4 << 20);

/// A page inside [`HEAP`] that is never mapped.
pub const HOLE: usize = HEAP.end - PAGE;

/// Frames the fault handler can hand out.
const FRAMES: usize = 64;

#[repr(C, align(4096))]
struct Frames(UnsafeCell<[[u8; PAGE]; FRAMES]>);

// SAFETY: a frame is handed out once (an atomic index), by the fault handler, and only reached
// through the user mapping afterwards.
unsafe impl Sync for Frames {}

static POOL: Frames = Frames(UnsafeCell::new([[0; PAGE]; FRAMES]));
static NEXT_FRAME: AtomicUsize = AtomicUsize::new(0);

static RESOLVED: AtomicUsize = AtomicUsize::new(0);
static FIXED_UP: AtomicUsize = AtomicUsize::new(0);

/// What the fault handler does after [`page_fault`].
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Resume at the (possibly moved) PC.
    Resume,
    /// The kernel touched user memory outside the copy routines: a bug in the code at the PC.
    KernelBug,
    /// Not a fault this module handles.
    Unhandled,
}

/// Maps a fresh zeroed frame at the page of `addr` if it is an unmapped page of [`HEAP`] other
/// than [`HOLE`] and a frame is left.
fn demand_map(addr: usize) -> bool {
    let page = addr & !(PAGE - 1);
    if !HEAP.contains(&addr) || page == HOLE || arch::user_page_mapped(page) {
        return false;
    }
    let Ok(i) = NEXT_FRAME.fetch_update(Relaxed, Relaxed, |n| (n < FRAMES).then_some(n + 1)) else {
        return false;
    };
    // SAFETY: frame `i` was handed out just now, to this page only (identity-mapped kernel).
    let frame = unsafe {
        let frame = &raw mut (*POOL.0.get())[i];
        frame.write_bytes(0, 1);
        frame as u64
    };
    arch::map_user_page(page, frame);
    true
}

/// Handles a page fault on `addr` taken at `*pc`, from user mode or not.
///
/// From user mode, or at one of sysgate's user-access instructions: a demand-paged page is
/// mapped and the access retried. At a user-access instruction the kernel cannot resolve, the
/// PC moves to the copy's fixup (the copy returns `EFAULT`'s partial count). Any other kernel
/// access to [`USER_REGION`] is a [`Outcome::KernelBug`].
pub fn page_fault(pc: &mut usize, addr: usize, from_user: bool) -> Outcome {
    let in_copy = !from_user && sysgate::uaccess::is_user_access(*pc);
    if (from_user || in_copy) && demand_map(addr) {
        RESOLVED.fetch_add(1, Relaxed);
        return Outcome::Resume;
    }
    if in_copy && sysgate::uaccess::fixup_user_fault(pc) {
        FIXED_UP.fetch_add(1, Relaxed);
        return Outcome::Resume;
    }
    if !from_user && USER_REGION.contains(&addr) {
        return Outcome::KernelBug;
    }
    Outcome::Unhandled
}

/// Reports a kernel access to user memory at `addr` from `pc` and ends the user program whose
/// syscall made it; the kernel goes on.
pub fn kernel_bug(pc: usize, addr: usize, stopped_by: &str) -> ! {
    crate::println!(
        "KERNEL BUG: code at pc={pc:#x} accessed user memory at {addr:#x} outside the \
         user-access routines; stopped by {stopped_by}"
    );
    arch::end_user(arch::UserExit::KernelBug { pc, addr })
}

/// Faults resolved by mapping a page, and faults fixed up to `EFAULT`, so far.
pub fn counts() -> (usize, usize) {
    (RESOLVED.load(Relaxed), FIXED_UP.load(Relaxed))
}
