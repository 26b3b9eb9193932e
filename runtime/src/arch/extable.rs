//! The exception table: one entry per user-access instruction, in the linker section
//! `__sysgate_extable` (see [`crate::uaccess`] for the linker-script line).
//!
//! Each architecture's `uaccess` assembly emits its entries with [`entry!`]. The table is
//! searched only on the fault path, by a linear scan: it holds a few dozen entries.

/// One entry: a user-access instruction and where to resume if it faults.
#[repr(C)]
struct Entry {
    insn: usize,
    fixup: usize,
}

unsafe extern "C" {
    static __start___sysgate_extable: Entry;
    static __stop___sysgate_extable: Entry;
}

/// The assembler lines that add `insn → fixup` (two labels) to the table.
macro_rules! entry {
    ($insn:literal, $fixup:literal) => {
        concat!(
            ".pushsection __sysgate_extable, \"a\"\n",
            ".balign 8\n",
            ".8byte ",
            $insn,
            ", ",
            $fixup,
            "\n",
            ".popsection"
        )
    };
}
pub(crate) use entry;

/// The fixup of the user-access instruction at `pc`, if it is one.
pub(crate) fn fixup(pc: usize) -> Option<usize> {
    // The linker defines both symbols around the section's entries.
    let (start, stop) = (
        &raw const __start___sysgate_extable,
        &raw const __stop___sysgate_extable,
    );
    let len = (stop as usize - start as usize) / core::mem::size_of::<Entry>();
    // SAFETY: the section is an array of `len` entries, read-only after link.
    let table = unsafe { core::slice::from_raw_parts(start, len) };
    table.iter().find(|e| e.insn == pc).map(|e| e.fixup)
}
