//! One traced call, as stored in the ring.

use crate::table::SyscallTable;

/// A traced call: what went in, what came out, and when.
#[derive(Clone, Copy, Debug)]
pub struct TraceRecord {
    /// Position in the trace since it was last cleared (0 is the first call; a position passed
    /// over while a writer was stuck mid-write leaves a gap).
    pub seq: u64,
    /// The table the call was dispatched through (the thread's personality).
    pub table: &'static SyscallTable,
    /// The syscall number.
    pub nr: usize,
    /// The six argument words as the entry received them.
    pub args: [usize; 6],
    /// The value returned to the caller (`-4095..=-1` is `-errno`).
    pub ret: isize,
    /// When the call finished, in [`crate::perf::clock`] ticks.
    pub timestamp: u64,
}

/// The words a record occupies in a ring slot (`seq` is the slot's stamp).
pub(super) const WORDS: usize = 10;

impl TraceRecord {
    pub(super) fn encode(&self) -> [u64; WORDS] {
        let a = self.args.map(|w| w as u64);
        [
            self.nr as u64,
            a[0],
            a[1],
            a[2],
            a[3],
            a[4],
            a[5],
            self.ret as u64,
            self.timestamp,
            core::ptr::from_ref(self.table) as u64,
        ]
    }

    pub(super) fn decode(seq: u64, w: &[u64; WORDS]) -> TraceRecord {
        TraceRecord {
            seq,
            nr: w[0] as usize,
            args: core::array::from_fn(|i| w[1 + i] as usize),
            ret: w[7] as isize,
            timestamp: w[8],
            // SAFETY: the ring only holds words `encode` wrote (a torn copy is never
            // returned), and `encode` stored the address of a `'static` table.
            table: unsafe { &*(w[9] as usize as *const SyscallTable) },
        }
    }
}

impl PartialEq for TraceRecord {
    fn eq(&self, other: &Self) -> bool {
        core::ptr::eq(self.table, other.table)
            && (self.seq, self.nr, self.args, self.ret, self.timestamp)
                == (other.seq, other.nr, other.args, other.ret, other.timestamp)
    }
}

impl Eq for TraceRecord {}
