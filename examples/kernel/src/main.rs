//! sysgate example kernel: boots, runs a user program that makes real system calls into
//! `#[syscall]` handlers, prints the framework's reports and exits QEMU with pass/fail.
//!
//! Everything here is portable; `arch/` holds boot, console, exit, traps, paging and user entry.
#![no_std]
#![no_main]

#[cfg(not(target_os = "none"))]
compile_error!("the example kernel is bare metal: build it with `--target x86_64-unknown-none`");

mod arch;
mod bench;
mod console;
mod demand;
mod elf;
mod generated;
mod handlers;
mod heap;
mod linux;
mod pipe;
mod sched;
mod services;
mod signals;
mod sleep;
mod smp;
mod threads;

use core::sync::atomic::Ordering::Relaxed;
use core::time::Duration;

use arch::UserExit;
use console::Console;
use sysgate::registry;
use sysgate::test_runner::{self, MemoryPressure, TestConfig};

// Handlers declared in another crate are linked only if the crate is named.
use sysgate_example_kernel_extra as _;
use sysgate_example_linux as _;

/// The user program, a separate ELF built by build.rs.
static USER_ELF: &[u8] = include_bytes!(env!("SYSGATE_USER_ELF"));

/// What the user program does, passed in its first argument register.
#[derive(Clone, Copy)]
#[repr(usize)]
pub enum Mode {
    /// Run every check with the end of user memory and the heap's hole as arguments, then
    /// `exit(failures)`.
    Suite = 0,
    /// Make `n` calls to syscall `nr`, then fault on purpose (works with any entry).
    Bench = 1,
    /// Make a syscall from the last two bytes of the lower half: it returns to a
    /// non-canonical address.
    ReturnNonCanonical = 2,
    /// Read kernel memory directly.
    TouchKernel = 3,
    /// Call `rt_sigreturn` outside a signal handler: its failure terminates the process.
    Terminate = 4,
    /// Call the generated syscall code at `a`, one sequence every `b` bytes (see
    /// [`generated`]), then `exit(failures)`.
    Generated = 5,
    /// Call the deliberately wrong `peek_unchecked` on a mapped user byte.
    WrongHandler = 6,
    /// Return from a signal handler through a frame edited to resume in kernel mode.
    ForgedSigreturn = 7,
    /// One of `b` user threads running at once: play role `a` (see [`threads`]), then report
    /// the calls made (`thread_calls`) and `exit(failures)`.
    Thread = 8,
}

/// Bytes of user stack each CPU's runs of the user program get, below the end of user memory.
const USER_STACK: usize = 64 * 1024;

/// Runs the user program in `mode` with two more arguments, with interrupts masked in user
/// mode: nothing preempts it, and its handlers run with interrupts masked too.
pub fn run(entry: usize, mode: Mode, a: usize, b: usize) -> UserExit {
    start(arch::run_user, entry, mode, a, b)
}

/// [`run`] with interrupts enabled in user mode, as a scheduler's threads run: the timer may
/// preempt it, and its handlers run with interrupts enabled (the return path the benchmarks
/// measure).
pub fn run_preemptible(entry: usize, mode: Mode, a: usize, b: usize) -> UserExit {
    start(arch::run_user_thread, entry, mode, a, b)
}

/// Starts the user program afresh in the current thread on CPU 0's user stack through `enter`.
fn start(
    enter: fn(usize, usize, [usize; 3]) -> UserExit,
    entry: usize,
    mode: Mode,
    a: usize,
    b: usize,
) -> UserExit {
    signals::reset();
    pipe::reset();
    sched::start_program();
    enter(entry, arch::USER_REGION.end, [mode as usize, a, b])
}

/// Runs the user program in `mode` on CPU `cpu` (the calling CPU), on that CPU's user stack.
pub fn run_on(cpu: usize, entry: usize, mode: Mode, a: usize, b: usize) -> UserExit {
    let sp = arch::USER_REGION.end - cpu * USER_STACK;
    arch::run_user(entry, sp, [mode as usize, a, b])
}

/// Records a kernel-side check like the user's.
fn check(name: &str, ok: bool, detail: core::fmt::Arguments<'_>) {
    let counter = if ok {
        &handlers::PASSED
    } else {
        &handlers::FAILED
    };
    counter.fetch_add(1, Relaxed);
    println!("{}  {name}: {detail}", if ok { "PASS" } else { "FAIL" });
}

/// `getpid` from user mode on every CPU at once: each run ends as expected and the statistics
/// count every call.
fn smp_syscalls(entry: usize) {
    const CALLS: usize = 1_000;
    let getpid = registry::get_syscall_by_name("getpid").expect("getpid is registered");
    let before = getpid.stats.calls();
    let per_cpu: [u64; smp::MAX_CPUS] = core::array::from_fn(|cpu| getpid.stats.calls_on(cpu));
    console::set_user_faults_quiet(true);
    let (cpus, ok) = smp::work::everywhere(entry, CALLS, getpid.nr);
    console::set_user_faults_quiet(false);
    let counted = getpid.stats.calls() - before;
    check(
        "smp syscalls: every CPU made its getpid calls from user mode at once",
        ok == cpus && counted == (cpus * CALLS) as u64,
        format_args!("{ok} of {cpus} CPUs, {CALLS} calls each, {counted} counted"),
    );
    let own: usize = (0..cpus)
        .filter(|&cpu| getpid.stats.calls_on(cpu) - per_cpu[cpu] == CALLS as u64)
        .count();
    check(
        "smp statistics: each CPU's calls counted in its own shard",
        own == cpus,
        format_args!("{own} of {cpus} CPUs"),
    );
}

/// The portable kernel main, entered from the architecture's boot code.
pub fn kmain() -> ! {
    arch::init();
    sched::init_cpu(0);
    sysgate_example_kernel_extra::set_console(console::write);
    println!("sysgate example kernel on {}", arch::NAME);
    if let Err(problems) = sysgate::init() {
        println!("{problems}");
        arch::exit(false);
    }
    // A Linux program image from the host runs instead of the checks (and exits).
    linux::run_if_present();
    println!("\n== registry");
    let _ = registry::write_table(&mut Console);

    println!("\n== CPUs");
    let cpus = smp::bring_up();
    check(
        "smp: every CPU online",
        cpus.online == cpus.present,
        format_args!("{} of {} CPUs", cpus.online, cpus.present),
    );
    let ticks: [u64; smp::MAX_CPUS] = core::array::from_fn(smp::ticks);
    check(
        "smp timer: every online CPU took its timer interrupts",
        cpus.ticked == cpus.online,
        format_args!(
            "{} of {} CPUs, ticks per CPU {:?}",
            cpus.ticked,
            cpus.online,
            &ticks[..cpus.present]
        ),
    );

    let program = match elf::load(USER_ELF, arch::USER_REGION) {
        Ok(p) => p,
        Err(e) => {
            println!("cannot load the user program: {e}");
            arch::exit(false)
        }
    };
    if program.end > demand::HEAP.start {
        println!(
            "the user program overlaps the heap at {:#x}",
            demand::HEAP.start
        );
        arch::exit(false);
    }
    smp_syscalls(program.entry);
    heap::init(demand::HEAP.start, demand::HOLE);
    println!(
        "\n== user program: entry {:#x}, {} bytes of heap",
        program.entry,
        heap::available()
    );
    let exit = run(
        program.entry,
        Mode::Suite,
        arch::USER_REGION.end,
        demand::HOLE,
    );
    check(
        "user program exits with 0 failures",
        exit == UserExit::Exited(0),
        format_args!("{exit:?}"),
    );
    let getpid = registry::get_syscall_by_name("getpid").map_or(0, |d| d.stats.calls());
    check(
        "getpid calls counted",
        getpid >= 10_000,
        format_args!("{getpid}"),
    );

    let exit = run(program.entry, Mode::Terminate, 0, 0);
    check(
        "rt_sigreturn outside a signal handler terminates the user program (recovery = terminate)",
        exit == UserExit::Terminated { errno: 14 },
        format_args!("{exit:?}"),
    );
    let exit = run(program.entry, Mode::ForgedSigreturn, 0, 0);
    check(
        "a forged rt_sigreturn frame (kernel-mode bits set) kills only that thread",
        exit == UserExit::Killed {
            signo: signals::SIGSEGV,
        },
        format_args!("{exit:?}"),
    );
    let exit = run(program.entry, Mode::TouchKernel, 0, 0);
    let faulted = matches!(exit, UserExit::Fault { .. });
    check(
        "user read of kernel memory faults, kernel survives",
        faulted,
        format_args!("{exit:?}"),
    );
    let exit = run(program.entry, Mode::WrongHandler, 0, 0);
    check(
        "handler reading user memory directly is stopped and reported as a kernel bug",
        matches!(exit, UserExit::KernelBug { addr, .. } if arch::USER_REGION.contains(&addr)),
        format_args!("{exit:x?}"),
    );
    if let Some(vector) = arch::RETURN_ADDRESS_FAULT {
        let exit = run(program.entry, Mode::ReturnNonCanonical, 0, 0);
        let expected = UserExit::Fault {
            vector,
            rip: arch::USER_HALF_END,
        };
        check(
            "syscall returning to a non-canonical address faults the user",
            exit == expected,
            format_args!("{exit:?}"),
        );
    }

    threads::run(program.entry, cpus.online);

    println!("\n== performance report");
    let _ = sysgate::perf::write_report(&mut Console, &sysgate::perf::statistics());
    println!("unknown numbers: {}", sysgate::table::unknown_calls());

    println!("\n== error report");
    println!(
        "{}",
        sysgate::error::handler().generate_detailed_error_report()
    );

    // After the reports, so its calls (three to unknown numbers) do not show in them.
    generated::run_traced(program.entry);

    bench::run_all(program.entry);

    // After the reports, so its probe calls do not show in them.
    println!("\n== integrated test runner");
    let report = test_runner::run_syscall_tests_with_config(TestConfig {
        stress_test_duration: Duration::from_millis(10),
        stress_max_calls: 20_000,
        memory_pressure_level: MemoryPressure::Low,
        iterations: 2_000,
        round_trips: Some(bench::null_round_trips),
        // Under QEMU a round trip is only a little over a hundred instructions, and counting
        // (finding the CPU's own shard through its per-CPU area, then a load and a store) and
        // the sampling test add several of them: 8.6–9.6% of a null round trip in guest
        // instructions (`sysgate-qemu bench`), so the bound leaves room for TCG's timing. The
        // 5% default is for hardware, where a trap costs far more than a few plain
        // instructions.
        performance_overhead_threshold: 0.15,
        ..TestConfig::default()
    });
    println!("{report}");
    check(
        "integrated test runner",
        report.passed(),
        format_args!("{} calls in the stress", report.stress_calls),
    );

    let (resolved, fixed_up) = demand::counts();
    println!(
        "\nuser access: {resolved} faults resolved by demand paging, {fixed_up} fixed up to EFAULT"
    );
    check(
        "user-access faults both resolved and fixed up",
        resolved > 0 && fixed_up > 0,
        format_args!("{resolved} resolved, {fixed_up} fixed up"),
    );

    let (passed, failed) = (
        handlers::PASSED.load(Relaxed),
        handlers::FAILED.load(Relaxed),
    );
    println!("\nsummary: {passed} checks passed, {failed} failed");
    let ok = failed == 0 && passed > 0;
    println!("SYSGATE-KERNEL: {}", if ok { "PASS" } else { "FAIL" });
    arch::exit(ok)
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    println!("KERNEL PANIC: {info}");
    arch::exit(false)
}
