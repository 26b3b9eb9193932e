//! Making freshly written code executable: clean the data cache to the point of unification,
//! invalidate the instruction cache, synchronise.

use core::arch::asm;
use core::ops::Range;

/// Makes the instructions just written to `code` visible to instruction fetch.
pub fn sync_icache(code: Range<usize>) {
    let ctr: usize;
    // SAFETY: reading CTR_EL0 has no side effect.
    unsafe { asm!("mrs {}, ctr_el0", out(reg) ctr, options(nomem, nostack)) };
    // Line sizes in bytes: 4 << log2(words).
    let dline = 4 << ((ctr >> 16) & 0xf);
    let iline = 4 << (ctr & 0xf);
    // SAFETY: cache maintenance by virtual address on mapped memory has no other effect.
    unsafe {
        for line in (code.start & !(dline - 1)..code.end).step_by(dline) {
            asm!("dc cvau, {}", in(reg) line, options(nostack));
        }
        asm!("dsb ish", options(nostack));
        for line in (code.start & !(iline - 1)..code.end).step_by(iline) {
            asm!("ic ivau, {}", in(reg) line, options(nostack));
        }
        asm!("dsb ish", "isb", options(nostack));
    }
}
