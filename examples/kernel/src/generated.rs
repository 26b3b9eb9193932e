//! Generated syscall code executed from user mode, traced.
//!
//! The kernel writes `AssemblySyscallInterface::generate_syscall_instruction` output for each
//! of [`NUMBERS`] into a user page, one [`SLOT`]-byte slot each, and runs the user program in
//! [`Mode::Generated`]: it calls every slot as a C function. With tracing on, each call's
//! arrival at dispatch shows in the trace with its full number, which the kernel checks — the
//! large numbers exercise the multi-instruction encodings (`movabs`, `movk`, `lui`/`slli`).

use sysgate::arch::{Arch, AssemblySyscallInterface, InstalledEntry};
use sysgate::trace::{self, Timestamps};

use crate::console::Console;
use crate::{Mode, arch, check, heap, println, run};

/// Bytes per generated sequence in the code page (the longest is 40).
pub const SLOT: usize = 64;

/// The numbers the user program calls through generated code, in slot order: `getpid`, `check`
/// (four argument words: the fourth travels in `r10` on x86_64), then numbers with no handler
/// whose encodings need several instructions.
pub const NUMBERS: [usize; 5] = [39, 500, 0x1_2345, 0x0123_4567_89ab_cdef, usize::MAX];

/// Writes the code page, runs the user program over it with tracing on, prints the trace and
/// checks every number arrived.
pub fn run_traced(entry: usize) {
    let Some(arch) = Arch::current() else {
        return;
    };
    let asi = AssemblySyscallInterface::new();
    let page = match heap::alloc(SLOT * NUMBERS.len()) {
        Ok(p) => p,
        Err(e) => {
            return check(
                "code page for generated syscalls",
                false,
                format_args!("{e}"),
            );
        }
    };
    for (i, &nr) in NUMBERS.iter().enumerate() {
        let code = asi.generate_syscall_instruction(arch, nr);
        let slot = page + i * SLOT;
        // SAFETY: `slot` lies in a user page the heap just handed out (demand-paged: the copy
        // maps it); nothing runs there until the user program is started below.
        if unsafe { sysgate::uaccess::copy_to_user(slot, code.as_bytes()) } != 0 {
            return check(
                "code page for generated syscalls",
                false,
                format_args!("EFAULT"),
            );
        }
        println!("slot {i}: nr {nr:#x}: {code}");
    }
    arch::sync_icache(page..page + SLOT * NUMBERS.len());

    trace::clear();
    trace::enable();
    let exit = run(entry, Mode::Generated, page, SLOT);
    trace::disable();
    println!("\n== trace of the generated-code run");
    let _ = trace::write_trace(&mut Console, Timestamps::Relative);
    check(
        "user program ran generated code, 0 failures",
        exit == arch::UserExit::Exited(0),
        format_args!("{exit:?}"),
    );
    let status = asi.get_status();
    println!("\n== assembly syscall interface\n{status}");
    let entry = status.entry.and_then(|e| e.address()).unwrap_or(0);
    check(
        "the entry register selects the framework's entry",
        status.entry.and_then(|e| e.installed) == Some(InstalledEntry::Framework),
        format_args!("entry at {entry:#x}"),
    );
    for nr in NUMBERS {
        let seen = trace::records().any(|r| r.nr == nr);
        check(
            "generated code reached dispatch with its number",
            seen,
            format_args!("{nr:#x}"),
        );
    }
}
