//! A 4 KiB translation table of 512 64-bit entries, the format all three architectures share.

use core::cell::UnsafeCell;

/// A 4 KiB translation table.
#[repr(C, align(4096))]
pub struct Table(UnsafeCell<[u64; 512]>);

// SAFETY: written at boot on one CPU, before user code runs.
unsafe impl Sync for Table {}

impl Table {
    /// A table of empty entries.
    pub const fn new() -> Self {
        Table(UnsafeCell::new([0; 512]))
    }

    /// The table's physical address (the kernel is identity-mapped).
    pub fn addr(&self) -> u64 {
        self.0.get() as u64
    }

    /// The table's entries, to fill.
    ///
    /// # Safety
    /// Boot time, one CPU: nothing else may access the table while the reference lives.
    #[expect(clippy::mut_from_ref, reason = "the tables are statics filled at boot")]
    pub unsafe fn entries(&self) -> &mut [u64; 512] {
        // SAFETY: forwarded to the caller.
        unsafe { &mut *self.0.get() }
    }
}
