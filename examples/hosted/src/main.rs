//! Declares a few syscalls, dispatches good and bad calls as a trap handler would, and prints
//! what the framework saw.

use sysgate::{Errno, UserSlice, registry, syscall};

/// Write bytes to standard output or standard error.
#[syscall(nr = 1, category = "file", recovery = "retry")]
fn write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno> {
    if fd != 1 && fd != 2 {
        return Err(Errno::EBADF);
    }
    let mut bytes = [0u8; 256];
    let n = buf.read_into(&mut bytes)?;
    print!("    [user] {}", String::from_utf8_lossy(&bytes[..n]));
    Ok(n)
}

/// The caller's process id.
#[syscall(nr = 39, category = "process")]
fn getpid() -> u64 {
    std::process::id().into()
}

/// Allocate `len` bytes of anonymous memory.
#[syscall(nr = 9, category = "memory", name = "mmap")]
fn map_anonymous(len: usize) -> Result<usize, Errno> {
    match len {
        0 => Err(Errno::EINVAL),
        n if n > 1 << 30 => Err(Errno::ENOMEM),
        n => Ok(0x7000_0000 + n),
    }
}

fn show(what: &str, nr: usize, args: [usize; 6]) {
    let ret = sysgate::dispatch(nr, args);
    match Errno::from_ret(ret) {
        Some(e) => println!("{what:<40} -> {ret} ({e:?}: {e})"),
        None => println!("{what:<40} -> {ret}"),
    }
}

fn main() {
    if let Err(problems) = sysgate::init() {
        eprintln!("{problems}");
        std::process::exit(1);
    }
    let msg = b"hello through dispatch\n";
    let (p, n) = (msg.as_ptr() as usize, msg.len());
    println!("== calls");
    show("write(1, msg)", 1, [1, p, n, 0, 0, 0]);
    show("write(7, msg)", 1, [7, p, n, 0, 0, 0]);
    show(
        "write(1, kernel address)",
        1,
        [1, 0xffff_8000_0000_0000, n, 0, 0, 0],
    );
    show(
        "write(1, wrapping range)",
        1,
        [1, usize::MAX - 4, n, 0, 0, 0],
    );
    show("write(fd = 2^40)", 1, [1 << 40, p, n, 0, 0, 0]);
    show("getpid()", 39, [0; 6]);
    show("mmap(4096)", 9, [4096, 0, 0, 0, 0, 0]);
    show("mmap(2 GiB)", 9, [2 << 30, 0, 0, 0, 0, 0]);
    show("unknown syscall 7", 7, [0; 6]);
    show("huge number usize::MAX", usize::MAX, [0; 6]);

    println!("\n== registry");
    let mut table = String::new();
    registry::write_table(&mut table).expect("formatting into a String");
    print!("{table}");

    println!("\n== search \"memory\"");
    for d in registry::search_syscalls("memory") {
        println!("{:>4} {}", d.nr, registry::Signature(d));
    }

    println!("\n== counts");
    for d in registry::get_all_syscalls() {
        println!(
            "{:<8} calls={} errors={}",
            d.name,
            d.stats.calls(),
            d.stats.errors()
        );
    }
    println!("unknown numbers: {}", sysgate::table::unknown_calls());

    println!();
    println!(
        "{}",
        sysgate::error::handler().generate_detailed_error_report()
    );
}
