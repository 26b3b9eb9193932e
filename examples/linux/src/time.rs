//! Clocks: a fixed wall-clock start plus the time since boot.

use sysgate::{Errno, syscall};

use crate::args::UserAddr;
use crate::{fs, host};

/// Seconds and nanoseconds on `clock`: the realtime clocks start at the tree's modification
/// time (so `ls -l` dates read the same on every run), the others at boot.
pub fn now(clock: i32) -> (u64, u64) {
    let ns = host::now_ns();
    let base = match clock {
        0 | 5 | 8 | 11 => fs::MTIME,
        _ => 0,
    };
    (base + ns / 1_000_000_000, ns % 1_000_000_000)
}

/// The time on a clock, as a `timespec`.
#[syscall(table = crate::LINUX, nr(x86_64 = 228, aarch64 = 113, riscv64 = 113), category = "time")]
fn clock_gettime(clockid: i32, tp: UserAddr) -> Result<(), Errno> {
    if !(0..=11).contains(&clockid) {
        return Err(Errno::EINVAL);
    }
    let (sec, nsec) = now(clockid);
    let mut ts = [0u8; 16];
    ts[..8].copy_from_slice(&sec.to_le_bytes());
    ts[8..].copy_from_slice(&nsec.to_le_bytes());
    tp.write(&ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn realtime_clocks_start_at_the_tree_time_the_others_at_boot() {
        for realtime in [0, 5, 8, 11] {
            assert!(now(realtime).0 >= fs::MTIME, "clock {realtime}");
        }
        for since_boot in [1, 4, 7] {
            assert!(now(since_boot).0 < fs::MTIME, "clock {since_boot}");
        }
    }
}
