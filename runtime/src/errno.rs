//! Linux-compatible error numbers, their text and their classification.

use core::fmt;

/// A Linux error number (`1..=4095`).
///
/// Handlers return `Result<T, E>` with `E: Into<Errno>`; the framework encodes an error as
/// `-errno` in the return register, as Linux does. Values from 1 to 133 carry Linux's names
/// and `strerror` text; other values up to 4095 are accepted and print as `E<n>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Errno(u16);

/// What kind of failure an [`Errno`] describes; recovery strategies decide on this.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// The caller lacks a permission or capability.
    Permission,
    /// An argument was malformed or out of range.
    InvalidArgument,
    /// A user pointer did not name accessible user memory.
    BadAddress,
    /// The named object does not exist.
    NotFound,
    /// The object already exists or is in use.
    Conflict,
    /// The operation could succeed if retried (would block, interrupted, busy).
    Transient,
    /// Memory could not be allocated.
    OutOfMemory,
    /// A resource limit (descriptors, space, quota) was reached.
    ResourceLimit,
    /// The operation or syscall number is not implemented.
    Unsupported,
    /// The operation did not finish in time.
    Timeout,
    /// A device or I/O failure.
    Io,
    /// A network or IPC failure.
    Communication,
    /// Anything else.
    Other,
}

macro_rules! errnos {
    ($($code:literal $name:ident $kind:ident $text:literal;)*) => {
        impl Errno {
            $(
                #[doc = $text]
                pub const $name: Errno = Errno($code);
            )*
        }

        /// `(code, name, kind, strerror text)` for every named errno, in code order.
        const TABLE: &[(u16, &str, ErrorKind, &str)] = &[
            $(($code, stringify!($name), ErrorKind::$kind, $text),)*
        ];
    };
}

errnos! {
    1 EPERM Permission "Operation not permitted";
    2 ENOENT NotFound "No such file or directory";
    3 ESRCH NotFound "No such process";
    4 EINTR Transient "Interrupted system call";
    5 EIO Io "Input/output error";
    6 ENXIO NotFound "No such device or address";
    7 E2BIG InvalidArgument "Argument list too long";
    8 ENOEXEC InvalidArgument "Exec format error";
    9 EBADF InvalidArgument "Bad file descriptor";
    10 ECHILD NotFound "No child processes";
    11 EAGAIN Transient "Resource temporarily unavailable";
    12 ENOMEM OutOfMemory "Cannot allocate memory";
    13 EACCES Permission "Permission denied";
    14 EFAULT BadAddress "Bad address";
    15 ENOTBLK InvalidArgument "Block device required";
    16 EBUSY Transient "Device or resource busy";
    17 EEXIST Conflict "File exists";
    18 EXDEV InvalidArgument "Invalid cross-device link";
    19 ENODEV NotFound "No such device";
    20 ENOTDIR InvalidArgument "Not a directory";
    21 EISDIR InvalidArgument "Is a directory";
    22 EINVAL InvalidArgument "Invalid argument";
    23 ENFILE ResourceLimit "Too many open files in system";
    24 EMFILE ResourceLimit "Too many open files";
    25 ENOTTY InvalidArgument "Inappropriate ioctl for device";
    26 ETXTBSY Conflict "Text file busy";
    27 EFBIG ResourceLimit "File too large";
    28 ENOSPC ResourceLimit "No space left on device";
    29 ESPIPE InvalidArgument "Illegal seek";
    30 EROFS Permission "Read-only file system";
    31 EMLINK ResourceLimit "Too many links";
    32 EPIPE Communication "Broken pipe";
    33 EDOM InvalidArgument "Numerical argument out of domain";
    34 ERANGE InvalidArgument "Numerical result out of range";
    35 EDEADLK Conflict "Resource deadlock avoided";
    36 ENAMETOOLONG InvalidArgument "File name too long";
    37 ENOLCK ResourceLimit "No locks available";
    38 ENOSYS Unsupported "Function not implemented";
    39 ENOTEMPTY Conflict "Directory not empty";
    40 ELOOP InvalidArgument "Too many levels of symbolic links";
    42 ENOMSG NotFound "No message of desired type";
    43 EIDRM NotFound "Identifier removed";
    61 ENODATA NotFound "No data available";
    62 ETIME Timeout "Timer expired";
    71 EPROTO Communication "Protocol error";
    74 EBADMSG Communication "Bad message";
    75 EOVERFLOW InvalidArgument "Value too large for defined data type";
    84 EILSEQ InvalidArgument "Invalid or incomplete multibyte or wide character";
    88 ENOTSOCK InvalidArgument "Socket operation on non-socket";
    90 EMSGSIZE InvalidArgument "Message too long";
    95 EOPNOTSUPP Unsupported "Operation not supported";
    97 EAFNOSUPPORT Unsupported "Address family not supported by protocol";
    98 EADDRINUSE Conflict "Address already in use";
    99 EADDRNOTAVAIL NotFound "Cannot assign requested address";
    100 ENETDOWN Communication "Network is down";
    101 ENETUNREACH Communication "Network is unreachable";
    103 ECONNABORTED Communication "Software caused connection abort";
    104 ECONNRESET Communication "Connection reset by peer";
    105 ENOBUFS ResourceLimit "No buffer space available";
    106 EISCONN Conflict "Transport endpoint is already connected";
    107 ENOTCONN Communication "Transport endpoint is not connected";
    110 ETIMEDOUT Timeout "Connection timed out";
    111 ECONNREFUSED Communication "Connection refused";
    113 EHOSTUNREACH Communication "No route to host";
    114 EALREADY Transient "Operation already in progress";
    115 EINPROGRESS Transient "Operation now in progress";
    122 EDQUOT ResourceLimit "Disk quota exceeded";
    125 ECANCELED Other "Operation canceled";
    130 EOWNERDEAD Other "Owner died";
    131 ENOTRECOVERABLE Other "State not recoverable";
    512 ERESTARTSYS Transient "Interrupted by a signal; restart if the handler allows it";
    513 ERESTARTNOINTR Transient "Interrupted by a signal; always restart";
    514 ERESTARTNOHAND Transient "Interrupted by a signal; restart unless a handler runs";
    516 ERESTART_RESTARTBLOCK Transient "Interrupted by a signal; restart through restart_syscall";
}

impl Errno {
    /// `EWOULDBLOCK` is `EAGAIN` on Linux.
    pub const EWOULDBLOCK: Errno = Errno::EAGAIN;
    /// `ENOTSUP` is `EOPNOTSUPP` on Linux.
    pub const ENOTSUP: Errno = Errno::EOPNOTSUPP;
    /// The largest error number; results in `[-MAX_ERRNO, -1]` are errors.
    pub const MAX: u16 = 4095;

    /// The errno for `code`, or `None` outside `1..=4095`.
    pub const fn new(code: u16) -> Option<Errno> {
        if code == 0 || code > Self::MAX {
            None
        } else {
            Some(Errno(code))
        }
    }

    /// Decodes a raw syscall return value: `Some` for `-4095..=-1`, `None` for success values.
    pub const fn from_ret(ret: isize) -> Option<Errno> {
        if ret < 0 && ret >= -(Self::MAX as isize) {
            Some(Errno((-ret) as u16))
        } else {
            None
        }
    }

    /// The positive error number.
    pub const fn code(self) -> u16 {
        self.0
    }

    /// The value placed in the return register: `-code`.
    pub const fn to_ret(self) -> isize {
        -(self.0 as isize)
    }

    fn entry(self) -> Option<&'static (u16, &'static str, ErrorKind, &'static str)> {
        TABLE
            .binary_search_by_key(&self.0, |e| e.0)
            .ok()
            .map(|i| &TABLE[i])
    }

    /// The symbolic name (`"ENOSYS"`), or `None` for a number without one.
    pub fn name(self) -> Option<&'static str> {
        self.entry().map(|e| e.1)
    }

    /// The `strerror` text (`"Function not implemented"`).
    pub fn description(self) -> &'static str {
        self.entry().map_or("Unknown error", |e| e.3)
    }

    /// What usually causes this error and what to check, in a sentence or two.
    pub fn explanation(self) -> &'static str {
        crate::error::explanation(self)
    }

    /// The classification of this error.
    pub fn kind(self) -> ErrorKind {
        self.entry().map_or(ErrorKind::Other, |e| e.2)
    }

    /// Whether retrying the same call may succeed (`EAGAIN`, `EINTR`, `EBUSY`, …).
    pub fn is_transient(self) -> bool {
        self.kind() == ErrorKind::Transient
    }

    /// Whether this is one of the kernel-internal restart errnos (`ERESTARTSYS`, …): a handler
    /// interrupted by a signal returns one, and the exit path turns it into a restart of the call
    /// or into `EINTR` ([`crate::signal::restart`]); it never reaches user space.
    pub const fn is_restart(self) -> bool {
        matches!(self.0, 512..=514 | 516)
    }

    /// Every errno that has a name, in code order.
    pub fn all() -> impl Iterator<Item = Errno> {
        TABLE.iter().map(|e| Errno(e.0))
    }
}

impl fmt::Display for Errno {
    /// Prints the `strerror` text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.description())
    }
}

impl fmt::Debug for Errno {
    /// Prints the symbolic name, or `E<n>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "E{}", self.0),
        }
    }
}

impl From<core::convert::Infallible> for Errno {
    fn from(never: core::convert::Infallible) -> Errno {
        match never {}
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        assert!(TABLE.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn linux_numbering() {
        assert_eq!(Errno::EPERM.code(), 1);
        assert_eq!(Errno::EFAULT.code(), 14);
        assert_eq!(Errno::EINVAL.code(), 22);
        assert_eq!(Errno::ENOSYS.code(), 38);
        assert_eq!(Errno::ETIMEDOUT.code(), 110);
        assert_eq!(Errno::ENOSYS.to_ret(), -38);
        assert_eq!(Errno::ERESTARTSYS.code(), 512);
        assert_eq!(Errno::ERESTARTNOINTR.code(), 513);
        assert_eq!(Errno::ERESTARTNOHAND.code(), 514);
        assert_eq!(Errno::ERESTART_RESTARTBLOCK.code(), 516);
    }

    #[test]
    fn restart_errnos() {
        let restart: std::vec::Vec<_> = Errno::all().filter(|e| e.is_restart()).collect();
        assert_eq!(
            restart,
            [
                Errno::ERESTARTSYS,
                Errno::ERESTARTNOINTR,
                Errno::ERESTARTNOHAND,
                Errno::ERESTART_RESTARTBLOCK
            ]
        );
        assert!(!Errno::EINTR.is_restart());
        assert!(!Errno::new(515).unwrap().is_restart());
    }

    #[test]
    fn ret_round_trip() {
        assert_eq!(Errno::from_ret(-38), Some(Errno::ENOSYS));
        assert_eq!(Errno::from_ret(-4095), Errno::new(4095));
        assert_eq!(Errno::from_ret(-4096), None);
        assert_eq!(Errno::from_ret(0), None);
        assert_eq!(Errno::from_ret(isize::MIN), None);
        assert_eq!(Errno::new(0), None);
        assert_eq!(Errno::new(4096), None);
    }

    #[test]
    fn text_and_kind() {
        use std::format;
        assert_eq!(format!("{}", Errno::ENOSYS), "Function not implemented");
        assert_eq!(format!("{:?}", Errno::EAGAIN), "EAGAIN");
        assert_eq!(format!("{:?}", Errno::new(4000).unwrap()), "E4000");
        assert_eq!(Errno::new(4000).unwrap().description(), "Unknown error");
        assert!(Errno::EINTR.is_transient());
        assert!(!Errno::EINVAL.is_transient());
        assert_eq!(Errno::ENOMEM.kind(), ErrorKind::OutOfMemory);
        assert_eq!(Errno::EFAULT.kind(), ErrorKind::BadAddress);
    }
}
