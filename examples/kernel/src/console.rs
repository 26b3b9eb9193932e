//! `print!`/`println!` on the architecture's serial console.

use core::fmt;
use core::sync::atomic::{AtomicBool, Ordering::Relaxed};

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

/// Prints a line to the serial console.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => {{
        use core::fmt::Write as _;
        let _ = writeln!($crate::console::Console, $($arg)*);
    }};
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
            $crate::print!("user fault: ");
            $crate::println!($($arg)*);
        }
    };
}
