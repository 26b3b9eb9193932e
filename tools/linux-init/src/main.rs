//! `/init` for a Linux guest: counts guest instructions per system-call round trip with the
//! same user loop as sysgate's benchmark and prints them on the console.
//!
//! Booted by `sysgate-qemu bench` in an initramfs under `qemu -icount shift=0`, where the
//! virtual clock advances 1 ns per guest instruction, so counter deltas scaled to nanoseconds
//! are instruction counts. It sleeps first (boot-time kernel work would inflate the figures),
//! then, for each loop, takes `(fastest run of LONG calls − fastest run of SHORT calls) /
//! (LONG − SHORT)` over several rounds: the difference cancels the fixed costs, and taking the
//! fastest run of each length drops the runs a timer tick hit (the minimum of the differences
//! would favour rounds whose short run was hit). Lines: `linux-bench: <what> <instructions>.<hundredths>`, then
//! `linux-bench: done`, then the guest powers off.

#![no_std]
#![no_main]

#[cfg_attr(target_arch = "x86_64", path = "arch/x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "arch/aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "arch/riscv64.rs")]
mod arch;

use core::fmt::Write;

const SHORT: u64 = 1_000;
const LONG: u64 = 3_000;
const ROUNDS: usize = 8;

/// A number beyond every 6.12 syscall table: the kernel answers `ENOSYS` without a handler.
const UNKNOWN: usize = 1_000;
const ENOSYS: isize = -38;

/// Guest instructions per iteration of `run(n)`, in hundredths, from runs of `SHORT * scale`
/// and `LONG * scale` iterations (a larger scale resolves finer than one counter tick).
fn per_call(scale: u64, run: impl Fn(u64)) -> u64 {
    let ticks = |n| {
        let start = arch::counter();
        run(n);
        arch::counter().wrapping_sub(start)
    };
    run(SHORT * scale);
    let (mut short, mut long) = (u64::MAX, u64::MAX);
    for _ in 0..ROUNDS {
        short = short.min(ticks(SHORT * scale));
        long = long.min(ticks(LONG * scale));
    }
    arch::hundredths_of_instructions(long.saturating_sub(short)) / ((LONG - SHORT) * scale)
}

/// One console line, formatted on the stack.
struct Line {
    buf: [u8; 120],
    len: usize,
}

impl Write for Line {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        self.buf
            .get_mut(self.len..end)
            .ok_or(core::fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

fn say(args: core::fmt::Arguments<'_>) {
    let mut line = Line {
        buf: [0; 120],
        len: 0,
    };
    if line.write_fmt(args).is_ok() && line.write_str("\n").is_ok() {
        arch::syscall3(arch::nr::WRITE, 1, line.buf.as_ptr() as usize, line.len);
    }
}

fn report(what: &str, hundredths: u64) {
    say(format_args!(
        "linux-bench: {what} {}.{:02}",
        hundredths / 100,
        hundredths % 100
    ));
}

/// The process's entry (called from `_start` with an aligned stack).
extern "C" fn main() -> ! {
    let two_seconds = [2u64, 0];
    arch::syscall3(arch::nr::NANOSLEEP, two_seconds.as_ptr() as usize, 0, 0);
    let unknown = arch::syscall3(UNKNOWN, 0, 0, 0);
    let parent = arch::syscall3(arch::nr::GETPPID, 0, 0, 0);
    if unknown != ENOSYS || parent != 0 {
        say(format_args!(
            "linux-bench: FAIL syscall {UNKNOWN} -> {unknown} (want {ENOSYS}), getppid -> {parent} (want 0)"
        ));
    } else {
        report("calibration", per_call(100, arch::four_instructions));
        report("enosys", per_call(1, |n| arch::null_syscalls(UNKNOWN, n)));
        report(
            "getppid",
            per_call(1, |n| arch::null_syscalls(arch::nr::GETPPID, n)),
        );
        say(format_args!("linux-bench: done"));
    }
    power_off()
}

/// Powers the guest off; should that fail, exits, and the kernel's panic (`panic=-1`) ends
/// QEMU (`-no-reboot`).
fn power_off() -> ! {
    const MAGIC1: usize = 0xfee1_dead;
    const MAGIC2: usize = 672_274_793;
    const POWER_OFF: usize = 0x4321_fedc;
    arch::syscall3(arch::nr::REBOOT, MAGIC1, MAGIC2, POWER_OFF);
    loop {
        arch::syscall3(arch::nr::EXIT, 0, 0, 0);
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    power_off()
}
