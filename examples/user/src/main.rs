//! The example kernel's user program. It runs in user mode, touches only user memory, and
//! reaches the kernel only through the system-call instruction.
//!
//! The kernel starts it with a mode and two arguments (see `Mode` in the kernel's main.rs).
//! In the suite mode (the first argument is the end of user memory) it makes good and bad
//! calls, has the kernel check each result (syscall 500 prints PASS or FAIL), and exits with
//! the number of failures.
#![no_std]
#![no_main]

#[cfg_attr(target_arch = "x86_64", path = "arch/x86_64.rs")]
#[cfg_attr(target_arch = "aarch64", path = "arch/aarch64.rs")]
#[cfg_attr(target_arch = "riscv64", path = "arch/riscv64.rs")]
mod arch;
mod generated;
mod threads;

use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use arch::{syscall0, syscall1, syscall2, syscall4};
use sysgate::signal::SignalFrame;
use sysgate::{Errno, SyscallValue};
use sysgate_example_kernel_extra::{getpid, getppid, sched_yield, uptime, write};

/// Syscall numbers of the handlers declared in the kernel crate, for raw calls. Those declared
/// in the extra crate are called through their typed stubs instead.
mod nr {
    pub const READ: usize = 0;
    pub const RT_SIGACTION: usize = 13;
    pub const RT_SIGPROCMASK: usize = 14;
    pub const RT_SIGRETURN: usize = 15;
    pub const ALARM: usize = 37;
    pub const KILL: usize = 62;
    pub const GETTID: usize = 186;
    pub const TKILL: usize = 200;
    pub const NANOSLEEP: usize = 35;
    pub const MEMINFO: usize = 99;
    pub const SETHOSTNAME: usize = 170;
    pub const GETRANDOM: usize = 318;
    pub const ALLOC: usize = 9;
    pub const EXIT: usize = 60;
    pub const REBOOT: usize = 169;
    pub const CHECK: usize = 500;
    pub const PLEDGE: usize = 510;
    pub const NAMELEN: usize = 511;
    pub const PEEK_UNCHECKED: usize = 512;
    pub const PIPE_READ: usize = 520;
    pub const PIPE_WRITE: usize = 521;
    pub const THREAD_PIPE_READ: usize = 530;
    pub const THREAD_PIPE_WRITE: usize = 531;
    pub const BLOCKING_CHECK: usize = 532;
    pub const ESCALATED_SLEEP: usize = 533;
    pub const ESCALATION_PROBE: usize = 534;
    pub const THREAD_CALLS: usize = 535;
    pub const MONOTONIC_NS: usize = 536;
}

const EPERM: isize = -1;
const EINTR: isize = -4;
const EBADF: isize = -9;
const EAGAIN: isize = -11;
const ENOMEM: isize = -12;
const EFAULT: isize = -14;
const EINVAL: isize = -22;
const ENAMETOOLONG: isize = -36;
const ENOSYS: isize = -38;

/// The program's pid.
const PID: usize = 1;
/// The signal the checks send themselves.
const SIGUSR1: usize = 10;
/// The signal `alarm` raises.
const SIGALRM: usize = 14;
/// `sa_handler`: ignore the signal.
const SIG_IGN: usize = 1;
/// `sa_flags`: `sa_restorer` is set.
const SA_RESTORER: usize = 0x0400_0000;
/// `sa_flags`: restart calls the handler interrupted.
const SA_RESTART: usize = 0x1000_0000;
/// What the alarm handler writes into the pipe.
const WAKE: &[u8] = b"wake";

/// Linux's `struct kernel_sigaction` as x86_64 lays it out (the kernel uses it everywhere).
#[repr(C)]
struct SigAction {
    handler: usize,
    flags: usize,
    restorer: usize,
    mask: usize,
}

/// Signal handlers run so far, and the last signal one got.
static HANDLED: AtomicUsize = AtomicUsize::new(0);
static LAST_SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// Calls in the loop check.
const LOOP: usize = 10_000;

unsafe extern "C" {
    /// First byte of the program (from the linker script); the byte below is kernel memory.
    static __user_start: u8;
}

fn exit(code: usize) -> ! {
    // SAFETY: exit does not return.
    unsafe { syscall1(nr::EXIT, code) };
    loop {
        core::hint::spin_loop();
    }
}

/// Failed checks so far.
static mut FAILURES: usize = 0;

/// Has the kernel compare `got` with `expected` and print the verdict.
fn check(name: &str, got: isize, expected: isize) {
    // SAFETY: the name is a valid user slice; the kernel only reads it.
    let ok = unsafe {
        syscall4(
            nr::CHECK,
            name.as_ptr() as usize,
            name.len(),
            got as usize,
            expected as usize,
        )
    };
    if ok != 1 {
        // SAFETY: single-threaded program.
        unsafe { FAILURES += 1 };
    }
}

/// A typed stub's result as the raw register value, for [`check`].
fn word<T: SyscallValue>(result: Result<T, Errno>) -> isize {
    match result {
        Ok(v) => v.into_word() as isize,
        Err(e) => e.to_ret(),
    }
}

/// `write` with a raw range, for the deliberately bad calls.
fn write_raw(fd: u32, addr: usize, len: usize) -> isize {
    // SAFETY: `write` only reads its buffer, and the kernel checks the range before it copies.
    word(write::call(fd, unsafe { sysgate::stub::Raw::slice(addr, len) }))
}

fn suite(user_end: usize, hole: usize) -> ! {
    let msg = b"hello from user mode\n";
    let (p, n) = (msg.as_ptr() as usize, msg.len());
    check("write(1, msg)", word(write::call(1, msg)), n as isize);
    check("write(7, msg) -> EBADF", word(write::call(7, msg)), EBADF);
    check("getpid()", word(getpid::call()), 1);
    check("getppid() [extra crate]", word(getppid::call()), 0);
    check(
        "uptime() > 0 [extra crate]",
        uptime::call().is_ok_and(|t| t > 0) as isize,
        1,
    );
    check("sched_yield() [extra crate]", word(sched_yield::call()), 0);

    // SAFETY (all calls below): plain syscalls whose pointer arguments the kernel validates.
    unsafe {
        let mut buf = [0u8; 16];
        let b = buf.as_mut_ptr() as usize;
        check("read(0, buf, 16)", syscall4(nr::READ, 0, b, 16, 0), 5);
        check(
            "read data is \"ping\\n\"",
            (&buf[..5] == b"ping\n") as isize,
            1,
        );
        check(
            "read(0) again -> EAGAIN",
            syscall4(nr::READ, 0, b, 16, 0),
            EAGAIN,
        );
        check("read(3) -> EBADF", syscall4(nr::READ, 3, b, 16, 0), EBADF);

        let kernel = (&raw const __user_start) as usize - 0x1000;
        check(
            "read(4, kernel memory) -> EFAULT",
            syscall4(nr::READ, 4, kernel, 16, 0),
            EFAULT,
        );
        check(
            "read(4) -> EAGAIN twice, recovered by backoff",
            syscall4(nr::READ, 4, b, 16, 0),
            2,
        );
        let host = b"sysgate";
        let (h, hl) = (host.as_ptr() as usize, host.len());
        check(
            "sethostname() granted by escalation",
            syscall2(nr::SETHOSTNAME, h, hl),
            7,
        );
        check(
            "getrandom(GRND_RANDOM) served by the fallback",
            syscall4(nr::GETRANDOM, b, 16, 2, 0),
            16,
        );

        let free = syscall0(nr::MEMINFO) as usize;
        let big = syscall1(nr::ALLOC, free + 16384);
        check(
            "alloc(beyond the pool) recovered by free_memory",
            (big > 0) as isize,
            1,
        );

        let a = syscall1(nr::ALLOC, 8192);
        let in_user = a > 0 && (a as usize) > p;
        check("alloc(8192) returns user memory", in_user as isize, 1);
        if in_user {
            let page = a as usize as *mut u64;
            page.write_volatile(0x5a5a);
            check(
                "allocated memory is usable",
                page.read_volatile() as isize,
                0x5a5a,
            );
        }
        check("alloc(0) -> EINVAL", syscall1(nr::ALLOC, 0), EINVAL);
        check(
            "alloc(1 TiB) -> ENOMEM",
            syscall1(nr::ALLOC, 1 << 40),
            ENOMEM,
        );
        check(
            "reboot() -> EPERM (privileged)",
            syscall1(nr::REBOOT, 0),
            EPERM,
        );

        for (name, number) in [
            ("unknown syscall 7 -> ENOSYS", 7),
            ("unknown syscall 1023 -> ENOSYS", 1023),
            ("syscall 1024 (past the table) -> ENOSYS", 1024),
            ("syscall 2^63 -> ENOSYS", 1 << 63),
            ("syscall usize::MAX -> ENOSYS", usize::MAX),
        ] {
            check(name, syscall0(number), ENOSYS);
        }
    }

    let kernel = (&raw const __user_start) as usize - 0x1000;
    check(
        "write(kernel memory) -> EFAULT",
        write_raw(1, kernel, 8),
        EFAULT,
    );
    check(
        "write(kernel half 0xffff800000000000) -> EFAULT",
        write_raw(1, 0xffff_8000_0000_0000, 8),
        EFAULT,
    );
    check(
        "write(non-canonical 0x800000000000) -> EFAULT",
        write_raw(1, 0x0000_8000_0000_0000, 8),
        EFAULT,
    );
    check(
        "write(non-canonical 2^63) -> EFAULT",
        write_raw(1, 1 << 63, 8),
        EFAULT,
    );
    check("write(null) -> EFAULT", write_raw(1, 0, 8), EFAULT);
    check(
        "write(wrapping length) -> EFAULT",
        write_raw(1, p, usize::MAX),
        EFAULT,
    );
    hostile_ranges(p, user_end);
    faulting_memory(hole);
    check(
        "syscall with sp = 0 returns sp = 0 (no kernel address leaks)",
        arch::zero_sp_survives(getpid::NR) as isize,
        1,
    );
    check(
        arch::REGISTERS_CHECK,
        arch::registers_preserved(getpid::NR, [0x1111_1111_1111_1111, 0x2222_2222_2222_2222])
            as isize,
        1,
    );
    signals();

    // Promise file, process, memory and system only (bits: Category::ALL order).
    let promises = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 7;
    // SAFETY: plain syscalls without pointers.
    unsafe {
        check(
            "pledge(file, process, memory, system)",
            syscall1(nr::PLEDGE, promises),
            0,
        );
        check(
            "uptime() after pledge -> EPERM (time not promised)",
            word(uptime::call()),
            EPERM,
        );
        check(
            "pledge again -> EPERM (security not promised)",
            syscall1(nr::PLEDGE, promises),
            EPERM,
        );
    }

    let mut good = 0;
    for _ in 0..LOOP {
        if getpid::call() == Ok(1) {
            good += 1;
        }
    }
    check("10000 getpid() calls in a loop", good, LOOP as isize);

    // SAFETY: single-threaded program.
    exit(unsafe { FAILURES })
}

/// Installs `handler` for `signo` with `flags` and the restorer that calls `rt_sigreturn`.
fn sigaction(signo: usize, handler: usize, flags: usize) -> isize {
    let act = SigAction {
        handler,
        flags: flags | SA_RESTORER,
        restorer: arch::restorer as *const () as usize,
        mask: 0,
    };
    // SAFETY: the kernel reads the action from this valid struct.
    unsafe { syscall2(nr::RT_SIGACTION, signo, (&raw const act) as usize) }
}

/// A signal handler: counts, then overwrites every register it may change.
extern "C" fn on_signal(signo: usize, _frame: usize) {
    HANDLED.fetch_add(1, Relaxed);
    LAST_SIGNAL.store(signo, Relaxed);
    arch::clobber_registers();
}

/// Signals sent with `kill` to this program: delivered on the return from that syscall, the
/// handler runs, and the interrupted code goes on with every register as it was.
fn signals() {
    check(
        "rt_sigaction(SIGUSR1, handler)",
        sigaction(SIGUSR1, on_signal as *const () as usize, 0),
        0,
    );
    check(
        "rt_sigaction(SIGKILL) -> EINVAL",
        sigaction(9, on_signal as *const () as usize, 0),
        EINVAL,
    );
    let before = HANDLED.load(Relaxed);
    // SAFETY: a plain syscall without pointers.
    let sent = unsafe { syscall2(nr::KILL, PID, SIGUSR1) };
    check("kill(self, SIGUSR1) signal sent", sent, 0);
    check(
        "signal delivered on the return from kill: the user handler ran once",
        (HANDLED.load(Relaxed) - before) as isize,
        1,
    );
    check(
        "signal handler got SIGUSR1",
        LAST_SIGNAL.load(Relaxed) as isize,
        SIGUSR1 as isize,
    );
    blocked_signal();
    let before = HANDLED.load(Relaxed);
    check(
        arch::SIGNAL_REGISTERS_CHECK,
        arch::registers_preserved(nr::KILL, [PID, SIGUSR1]) as isize,
        1,
    );
    check(
        "signal handlers ran during the register check",
        (HANDLED.load(Relaxed) - before) as isize,
        arch::HANDLERS_PER_CHECK as isize,
    );
    interrupted_waits();
}

/// A blocked signal stays pending through `kill` and is delivered on the return from the
/// `rt_sigprocmask` that unblocks it.
fn blocked_signal() {
    const SIG_BLOCK: usize = 0;
    const SIG_UNBLOCK: usize = 1;
    let set: u64 = 1 << SIGUSR1;
    let s = (&raw const set) as usize;
    let before = HANDLED.load(Relaxed);
    // SAFETY (all calls below): plain syscalls; the kernel reads the set from a valid u64.
    unsafe {
        check(
            "rt_sigprocmask(SIG_BLOCK, SIGUSR1): previous mask",
            syscall2(nr::RT_SIGPROCMASK, SIG_BLOCK, s),
            0,
        );
        syscall2(nr::KILL, PID, SIGUSR1);
        check(
            "blocked signal stays pending: no handler ran on the return from kill",
            (HANDLED.load(Relaxed) - before) as isize,
            0,
        );
        syscall2(nr::RT_SIGPROCMASK, SIG_UNBLOCK, s);
    }
    check(
        "unblocked signal delivered on the return from rt_sigprocmask",
        (HANDLED.load(Relaxed) - before) as isize,
        1,
    );
}

/// A signal handler that writes [`WAKE`] into the pipe.
extern "C" fn write_pipe(_signo: usize, _frame: usize) {
    HANDLED.fetch_add(1, Relaxed);
    // SAFETY: the kernel reads the bytes from this valid slice.
    unsafe { syscall2(nr::PIPE_WRITE, WAKE.as_ptr() as usize, WAKE.len()) };
}

/// Arms the alarm (`SIGALRM` in `us` microseconds).
fn alarm(us: usize) {
    // SAFETY: a plain syscall without pointers.
    unsafe { syscall1(nr::ALARM, us) };
}

/// Calls that wait, interrupted by `SIGALRM`: a pipe read restarted under `SA_RESTART` or
/// ended with `EINTR` without it, and a sleep ended with `EINTR` by a handler or restarted
/// with its remaining time when the signal is ignored.
fn interrupted_waits() {
    let mut buf = [0u8; 16];
    let b = buf.as_mut_ptr() as usize;
    sigaction(SIGALRM, write_pipe as *const () as usize, SA_RESTART);
    let before = HANDLED.load(Relaxed);
    alarm(20);
    // SAFETY (all calls below): plain syscalls whose pointer arguments the kernel validates.
    let got = unsafe { syscall2(nr::PIPE_READ, b, buf.len()) };
    check(
        "read on an empty pipe restarts after the signal handler (SA_RESTART), returns its data",
        got,
        WAKE.len() as isize,
    );
    check(
        "restarted read returns the bytes the signal handler wrote",
        (&buf[..WAKE.len()] == WAKE && HANDLED.load(Relaxed) == before + 1) as isize,
        1,
    );

    sigaction(SIGALRM, on_signal as *const () as usize, 0);
    alarm(20);
    check(
        "read on an empty pipe interrupted by a signal without SA_RESTART -> EINTR",
        unsafe { syscall2(nr::PIPE_READ, b, buf.len()) },
        EINTR,
    );
    alarm(20);
    check(
        "nanosleep(200) interrupted by a signal with a handler -> EINTR",
        unsafe { syscall1(nr::NANOSLEEP, 200) },
        EINTR,
    );
    sigaction(SIGALRM, SIG_IGN, 0);
    alarm(20);
    check(
        "nanosleep(200) woken by an ignored signal restarts (ERESTART_RESTARTBLOCK, remaining time)",
        unsafe { syscall1(nr::NANOSLEEP, 200) },
        0,
    );
}

/// A signal handler that edits its own frame to return in kernel mode.
extern "C" fn forge_frame(_signo: usize, frame: *mut SignalFrame<arch::Context>) {
    // SAFETY: the kernel passes the frame it wrote on this stack.
    arch::forge(unsafe { &mut (*frame).context });
}

/// Returns from a signal handler through a forged frame: the kernel must kill this program
/// (and only it); coming back is a failure.
fn forged_sigreturn() -> ! {
    sigaction(SIGUSR1, forge_frame as *const () as usize, 0);
    // SAFETY: a plain syscall without pointers.
    unsafe { syscall2(nr::KILL, PID, SIGUSR1) };
    exit(123)
}

/// Ranges that end or start outside mapped user memory, or wrap: each is `EFAULT`, checked
/// before the kernel touches a byte. `p` is a valid user buffer, `user_end` the end of user
/// memory (the first address past it is kernel memory or unmapped, depending on the
/// architecture).
fn hostile_ranges(p: usize, user_end: usize) {
    check(
        "write(unmapped user-half page at 64 GiB) -> EFAULT",
        write_raw(1, 0x10_0000_0000, 8),
        EFAULT,
    );
    check(
        "write(first byte past user memory) -> EFAULT",
        write_raw(1, user_end, 8),
        EFAULT,
    );
    check(
        "write(range straddling the end of user memory) -> EFAULT",
        write_raw(1, user_end - 4, 8),
        EFAULT,
    );
    check(
        "write(range wrapping to address 0) -> EFAULT",
        write_raw(1, p, p.wrapping_neg()),
        EFAULT,
    );
    check(
        "write(last bytes of the address space) -> EFAULT",
        write_raw(1, usize::MAX - 3, 8),
        EFAULT,
    );
    // SAFETY: the kernel validates the range before writing.
    let wrapped = unsafe { syscall4(nr::READ, 0, p, p.wrapping_neg().wrapping_add(16), 0) };
    check(
        "read(0, range wrapping past the top) -> EFAULT",
        wrapped,
        EFAULT,
    );
}

/// Allocates a fresh heap page (never touched, so not mapped yet).
fn fresh_page() -> usize {
    // SAFETY: a plain syscall without pointers.
    let page = unsafe { syscall1(nr::ALLOC, 4096) };
    check("alloc(4096) for a fresh heap page", (page > 0) as isize, 1);
    page as usize
}

/// Memory that faults: demand-paged heap pages (from user mode and inside the kernel's
/// copies), the unmapped `hole` page at the end of the heap, buffers straddling it, and strings
/// that end at the page's end or run into the hole.
fn faulting_memory(hole: usize) {
    let page = fresh_page() as *mut u64;
    // SAFETY: the page is this program's heap; the kernel maps it on this first touch.
    unsafe { page.write_volatile(0x1234_5678) };
    check(
        "heap page mapped on first touch from user mode",
        // SAFETY: as above.
        unsafe { page.read_volatile() } as isize,
        0x1234_5678,
    );
    // SAFETY (all calls below): plain syscalls whose pointer arguments the kernel validates
    // and copies through its fault-safe routines.
    unsafe {
        let page = fresh_page();
        check(
            "getrandom(never-touched heap page, 16): mapped inside copy_to_user",
            syscall4(nr::GETRANDOM, page, 16, 0, 0),
            16,
        );
        let page = fresh_page();
        check(
            "sethostname(never-touched heap page, 7): mapped inside copy_from_user",
            syscall2(nr::SETHOSTNAME, page, 7),
            7,
        );
        check(
            "write(hole in the user range) -> EFAULT through the fixup",
            write_raw(1, hole, 8),
            EFAULT,
        );
        check(
            "getrandom(hole in the user range) -> EFAULT through the fixup",
            syscall4(nr::GETRANDOM, hole, 16, 0, 0),
            EFAULT,
        );
        let text = b"straddle 12\n";
        let before = hole - text.len();
        core::ptr::copy_nonoverlapping(text.as_ptr(), before as *mut u8, text.len());
        check(
            "write(12 mapped bytes + 20 in the hole) = 12 (partial count)",
            write_raw(1, before, 32),
            12,
        );
        check(
            "getrandom(12 mapped bytes + 4 in the hole) = 12 (partial count)",
            syscall4(nr::GETRANDOM, before, 16, 0, 0),
            12,
        );
        let name = b"sysgate\0";
        check(
            "namelen(\"sysgate\") = 7",
            syscall1(nr::NAMELEN, name.as_ptr() as usize),
            7,
        );
        let edge = hole - 5;
        core::ptr::copy_nonoverlapping(b"edge\0".as_ptr(), edge as *mut u8, 5);
        check(
            "namelen(string whose NUL is the page's last byte) = 4",
            syscall1(nr::NAMELEN, edge),
            4,
        );
        let open = hole - 3;
        core::ptr::copy_nonoverlapping(b"abc".as_ptr(), open as *mut u8, 3);
        check(
            "namelen(string running into the hole) -> EFAULT",
            syscall1(nr::NAMELEN, open),
            EFAULT,
        );
        check(
            "namelen(pointer into the hole) -> EFAULT",
            syscall1(nr::NAMELEN, hole),
            EFAULT,
        );
        let long = [b'x'; 40];
        check(
            "namelen(40 bytes without a NUL) -> ENAMETOOLONG",
            syscall1(nr::NAMELEN, long.as_ptr() as usize),
            ENAMETOOLONG,
        );
    }
}

/// Has the deliberately wrong `peek_unchecked` read a mapped user byte directly: the kernel
/// must stop it and end this program; returning is a failure.
fn wrong_handler() -> ! {
    let byte = 0x5au8;
    // SAFETY: a plain syscall; the kernel is meant to refuse the access.
    unsafe { syscall1(nr::PEEK_UNCHECKED, (&raw const byte) as usize) };
    exit(124)
}

/// Reads kernel memory: the program must fault, the kernel must survive.
fn touch_kernel() -> ! {
    let kernel = (&raw const __user_start) as usize - 0x1000;
    // SAFETY: not safe at all: this access is meant to fault.
    unsafe { core::ptr::read_volatile(kernel as *const u8) };
    exit(126)
}

/// Calls `rt_sigreturn` outside a signal handler: the kernel terminates the program.
fn terminate() -> ! {
    // SAFETY: a plain syscall; it does not return.
    unsafe { syscall0(nr::RT_SIGRETURN) };
    exit(125)
}

/// Makes `n` calls to `number`, then leaves by faulting (works whatever entry is installed).
fn bench(n: usize, number: usize) -> ! {
    for _ in 0..n {
        // SAFETY: the benchmark's null syscalls take no argument.
        unsafe { syscall0(number) };
    }
    touch_kernel()
}

/// Entry point: `mode` selects what to do (see the kernel's `Mode`).
#[unsafe(no_mangle)]
extern "C" fn _start(mode: usize, a: usize, b: usize) -> ! {
    match mode {
        0 => suite(a, b),
        1 => bench(a, b),
        2 => arch::return_to_non_canonical(getpid::NR),
        3 => touch_kernel(),
        4 => terminate(),
        5 => generated::run(a, b),
        6 => wrong_handler(),
        7 => forged_sigreturn(),
        8 => threads::run(a, b),
        _ => exit(127),
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    exit(101)
}
