//! `print!`/`println!` on the architecture's serial console.

use core::fmt;
use core::sync::atomic::{
    AtomicBool,
    Ordering::{Acquire, Relaxed, Release},
};

/// A `fmt::Write` sink for the serial console; reports from the runtime print through it.
pub struct Console;

impl fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        write(s.as_bytes());
        Ok(())
    }
}

/// Writes `bytes` to the serial console, turning `\n` into `\r\n`.
pub fn write(bytes: &[u8]) {
    for &byte in bytes {
        if byte == b'\n' {
            crate::arch::console_put(b'\r');
        }
        crate::arch::console_put(byte);
    }
}

/// Prints to the serial console.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {{
        use core::fmt::Write as _;
        let _ = write!($crate::console::Console, $($arg)*);
    }};
}

/// Prints a line to the serial console, in one piece even while other CPUs print.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => {{
        use core::fmt::Write as _;
        let _line = $crate::console::Line::take();
        let _ = writeln!($crate::console::Console, $($arg)*);
    }};
}

/// Set while a CPU prints a line.
static PRINTING: AtomicBool = AtomicBool::new(false);

/// How long a line waits for another CPU's before it prints anyway, in spins: a CPU that
/// faulted or panicked in the middle of a line must not silence the others.
const LINE_WAIT: u32 = 100_000_000;

/// The console held for one line ([`println!`]); released when dropped.
pub struct Line(bool);

impl Line {
    /// Waits (at most [`LINE_WAIT`] spins) until no other line is being printed, and takes the
    /// console.
    pub fn take() -> Line {
        for _ in 0..LINE_WAIT {
            if PRINTING
                .compare_exchange_weak(false, true, Acquire, Relaxed)
                .is_ok()
            {
                return Line(true);
            }
            core::hint::spin_loop();
        }
        Line(false)
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        if self.0 {
            PRINTING.store(false, Release);
        }
    }
}

static USER_FAULTS_QUIET: AtomicBool = AtomicBool::new(false);

/// Silences [`user_fault!`] while a benchmark ends each of its runs with a deliberate fault.
pub fn set_user_faults_quiet(quiet: bool) {
    USER_FAULTS_QUIET.store(quiet, Relaxed);
}

/// Whether [`user_fault!`] prints.
pub fn user_faults_printed() -> bool {
    !USER_FAULTS_QUIET.load(Relaxed)
}

/// Prints a `user fault: …` line, unless faults are expected (see [`set_user_faults_quiet`]).
#[macro_export]
macro_rules! user_fault {
    ($($arg:tt)*) => {
        if $crate::console::user_faults_printed() {
            $crate::println!("user fault: {}", format_args!($($arg)*));
        }
    };
}
