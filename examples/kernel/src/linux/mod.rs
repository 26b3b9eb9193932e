//! The Linux personality: when the host placed a program image in RAM ([`image`]), the kernel
//! runs it once per argument vector the kernel command line carries ([`argv`]): it loads the
//! unmodified static ELF into the Linux window, builds its initial stack ([`stack`]), selects
//! the Linux table and enters the program; at the end it reports and exits.
//!
//! The program's output reaches the console framed, one line per write: `@1:` (standard
//! output) or `@2:` (standard error) and the bytes in hex, so the host can pass exactly the
//! program's bytes on and keep the kernel's messages apart. The last line is
//! `SYSGATE-LINUX: exit <status>`.

mod argv;
mod image;
mod stack;

use core::ops::Range;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

use sysgate_example_linux::{Host, LINUX, Layout};

use crate::arch::{self, UserExit};
use crate::console::Console;
use crate::{elf, println};

/// The sentinel line's prefix; the program's exit status follows.
pub const SENTINEL: &str = "SYSGATE-LINUX: exit ";

/// Stack reserved at the top of the window.
const STACK_SIZE: usize = 256 << 10;

static RUNNING: AtomicBool = AtomicBool::new(false);

/// The user memory sysgate's pointer checks accept: the Linux window while a Linux program
/// runs, else the example's user region.
pub fn user_range() -> Range<usize> {
    if RUNNING.load(Relaxed) {
        arch::LINUX_WINDOW
    } else {
        arch::USER_REGION
    }
}

/// The kernel's side of the personality.
struct LinuxHost;

impl Host for LinuxHost {
    fn write_output(fd: u32, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut line = [0u8; 4 + 2 * 256];
        for chunk in bytes.chunks(256) {
            line[..3].copy_from_slice(if fd == 2 { b"@2:" } else { b"@1:" });
            let mut n = 3;
            for &b in chunk {
                line[n] = HEX[usize::from(b >> 4)];
                line[n + 1] = HEX[usize::from(b & 15)];
                n += 2;
            }
            line[n] = b'\n';
            crate::console::write(&line[..=n]);
        }
    }

    fn exit(status: i32) -> ! {
        arch::end_user(UserExit::Exited((status & 0xff) as usize))
    }

    fn now_ns() -> u64 {
        arch::now_ns()
    }
}

sysgate_example_linux::host!(LinuxHost);

/// Runs the program image if the host placed one, once per argument vector of the command
/// line, and exits QEMU; returns if there is none.
pub fn run_if_present() {
    let Some(image) = image::Image::find() else {
        return;
    };
    let Some(runs) = arch::cmdline().and_then(argv::decode) else {
        fail(format_args!(
            "a Linux program image but no `sysgate.runs=` on the kernel command line"
        ))
    };
    arch::init_linux();
    LINUX::TABLE.name_unhandled(sysgate_example_linux::UNHANDLED);
    if let Err(problems) = LINUX::TABLE.init() {
        fail(format_args!("{problems}"));
    }
    let tracing = image.flags & image::TRACE != 0;
    for argv in runs.iter() {
        let status = run_once(image.elf, argv, tracing);
        println!("{SENTINEL}{status}");
    }
    report();
    arch::exit(true)
}

/// Loads the program afresh and runs it with `argv`; returns its exit status.
fn run_once(elf_file: &[u8], argv: argv::Argv, tracing: bool) -> usize {
    RUNNING.store(true, Relaxed);
    let window = arch::LINUX_WINDOW;
    let program = match elf::load(elf_file, window.clone()) {
        Ok(p) => p,
        Err(e) => fail(format_args!("cannot load the Linux program: {e}")),
    };
    let mut random = [0u8; 16];
    random[..8].copy_from_slice(&arch::cycles().to_le_bytes());
    random[8..].copy_from_slice(&0x5379_7367_6174_6521u64.to_le_bytes());
    let sp = stack::build(window.end, &program, argv.iter(), random)
        .unwrap_or_else(|e| fail(format_args!("cannot build the initial stack: {e:?}")));
    let mmap_top = window.end - STACK_SIZE;
    sysgate_example_linux::start(Layout {
        brk: program.end.next_multiple_of(4096)..mmap_top,
        mmap_top,
        window: window.clone(),
    });
    if tracing {
        sysgate::trace::clear();
        sysgate::trace::enable();
    }
    println!(
        "== linux: entry {:#x}, sp {sp:#x}, break {:#x}",
        program.entry, program.end
    );
    sysgate::table::select(&LINUX::TABLE);
    let exit = arch::enter_linux(program.entry, sp);
    sysgate::table::select(&sysgate::table::NATIVE);
    if tracing {
        // While the window is still user memory: the trace reads path names from it.
        sysgate::trace::disable();
        println!("\n== strace-style trace of the Linux table");
        let _ = sysgate::trace::write_trace(&mut Console, sysgate::trace::Timestamps::Hidden);
    }
    RUNNING.store(false, Relaxed);
    for (signal, handler) in sysgate_example_linux::recorded_handlers() {
        println!("signal {signal}: handler {handler:#x} recorded (never delivered)");
    }
    match exit {
        UserExit::Exited(status) => status,
        other => fail(format_args!("the Linux program did not exit: {other:x?}")),
    }
}

/// The Linux table's counts: calls per handler and the numbers the program asked for that
/// have none.
fn report() {
    let table = &LINUX::TABLE;
    println!();
    let _ = sysgate::registry::write_table_of(table, &mut Console);
    println!("\n== linux table: calls");
    for d in table.table().iter().filter(|d| d.stats.calls() > 0) {
        println!("{:>5} {:>6}  {}", d.nr, d.stats.calls(), d.name);
    }
    println!(
        "== linux table: {} call(s) to numbers with no handler (ENOSYS)",
        table.unknown_calls()
    );
    for (nr, count) in table.unknown_numbers() {
        let name = table.unhandled_name(nr).unwrap_or("?");
        println!("{nr:>5} {count:>6}  {name} (no handler)");
    }
}

fn fail(why: core::fmt::Arguments<'_>) -> ! {
    println!("{why}");
    println!("SYSGATE-LINUX: FAIL");
    arch::exit(false)
}
