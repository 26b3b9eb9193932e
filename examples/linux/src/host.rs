//! What the personality needs from the kernel: the [`Host`] trait, registered once with
//! [`host!`](crate::host!). Like [`sysgate::kernel!`], the macro exports one function per method
//! under a fixed symbol name and the handlers call those symbols directly: no `dyn`, nothing to
//! install at run time. A kernel that links this crate without registering a host fails to link
//! with `undefined symbol: sysgate_example_linux::host!(exit)` (and the other methods).

/// The kernel's side of the personality, for a unit type registered with
/// [`host!`](crate::host!).
pub trait Host {
    /// Writes the program's output on descriptor 1 (standard output) or 2 (standard error).
    fn write_output(fd: u32, bytes: &[u8]);
    /// Ends the program with `status` (`exit`, `exit_group`).
    fn exit(status: i32) -> !;
    /// Nanoseconds since boot.
    fn now_ns() -> u64;
}

unsafe extern "Rust" {
    #[link_name = "sysgate_example_linux::host!(write_output)"]
    safe fn write_output_hook(fd: u32, bytes: &[u8]);
    #[link_name = "sysgate_example_linux::host!(exit)"]
    safe fn exit_hook(status: i32) -> !;
    #[link_name = "sysgate_example_linux::host!(now_ns)"]
    safe fn now_ns_hook() -> u64;
}

/// The registered host's [`Host::write_output`].
pub(crate) fn write_output(fd: u32, bytes: &[u8]) {
    write_output_hook(fd, bytes)
}

/// The registered host's [`Host::exit`].
pub(crate) fn exit(status: i32) -> ! {
    exit_hook(status)
}

/// The registered host's [`Host::now_ns`].
pub(crate) fn now_ns() -> u64 {
    now_ns_hook()
}

/// Registers `$host` as the kernel's [`Host`](crate::Host) of the personality. Invoke it once,
/// in the kernel's binary crate.
#[macro_export]
macro_rules! host {
    ($host:ty) => {
        const _: () = {
            #[unsafe(export_name = "sysgate_example_linux::host!(write_output)")]
            fn write_output(fd: u32, bytes: &[u8]) {
                <$host as $crate::Host>::write_output(fd, bytes)
            }
            #[unsafe(export_name = "sysgate_example_linux::host!(exit)")]
            fn exit(status: i32) -> ! {
                <$host as $crate::Host>::exit(status)
            }
            #[unsafe(export_name = "sysgate_example_linux::host!(now_ns)")]
            fn now_ns() -> u64 {
                <$host as $crate::Host>::now_ns()
            }
        };
    };
}

/// The unit tests' host, a process on the build machine: output to its own descriptors, exit as
/// a panic, the time since the first reading.
#[cfg(test)]
mod testing {
    extern crate std;

    use std::io::Write;
    use std::sync::OnceLock;
    use std::time::Instant;

    struct TestHost;

    impl super::Host for TestHost {
        fn write_output(fd: u32, bytes: &[u8]) {
            let _ = match fd {
                2 => std::io::stderr().write_all(bytes),
                _ => std::io::stdout().write_all(bytes),
            };
        }

        fn exit(status: i32) -> ! {
            panic!("the program exited with status {status}")
        }

        fn now_ns() -> u64 {
            static START: OnceLock<Instant> = OnceLock::new();
            START.get_or_init(Instant::now).elapsed().as_nanos() as u64
        }
    }

    crate::host!(TestHost);
}
