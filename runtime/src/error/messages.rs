//! What usually causes each error, and what to check: the user-facing half of an errno.

use core::fmt;

use crate::Errno;

/// What usually causes `errno` and what to check, for every named errno; a generic sentence
/// for the others.
pub fn explanation(errno: Errno) -> &'static str {
    match errno.code() {
        1 => {
            "The operation needs a privilege the process does not have, or a security policy (such as a pledge-style allow-list) forbids this syscall. Check the process's credentials and policy."
        }
        2 => {
            "A path or a named object does not exist. Check the spelling and that the parent directory exists."
        }
        3 => "No process or thread has this id; it may have exited already. Check the pid.",
        4 => {
            "A signal interrupted the call before it completed. Retrying the call is usually right."
        }
        5 => {
            "The device or file system reported a low-level failure. Check the device and the kernel log."
        }
        6 => "The device or address does not exist or is not configured. Check the device number.",
        7 => {
            "The argument or environment list is larger than the kernel accepts. Pass fewer or shorter arguments."
        }
        8 => {
            "The file is not in an executable format this kernel can load. Check the binary's format and architecture."
        }
        9 => {
            "The file descriptor is not open, or not open for this operation (reading a write-only descriptor). Check that it was opened and not closed."
        }
        10 => {
            "The process has no child to wait for. Check that the child was created and not already reaped."
        }
        11 => {
            "The resource is temporarily unavailable: a non-blocking operation would block, or a limit is briefly reached. Retry later; sysgate's retry and backoff strategies do this."
        }
        12 => {
            "The kernel could not allocate memory for the request. Free memory or ask for less; recovery = \"free_memory\" reclaims and retries."
        }
        13 => {
            "Permission bits or an access rule deny the operation. Check the object's mode and the caller's credentials."
        }
        14 => {
            "A pointer argument does not point into accessible user memory: null, a kernel address, unmapped, or a range that overflows. Check the buffer address and length."
        }
        15 => "The operation needs a block device. Check the device type.",
        16 => "The device or resource is in use. Retry later, or release it first.",
        17 => "The object already exists. Use another name, or open the existing one.",
        18 => {
            "The operation cannot cross file systems (a rename or link between mounts). Copy instead."
        }
        19 => {
            "No device of this kind exists or its driver is not loaded. Check the device and the driver."
        }
        20 => "A path component used as a directory is not one. Check the path.",
        21 => "The operation needs a file but the path names a directory. Check the path.",
        22 => {
            "An argument is malformed or out of range: an unknown flag or enum value, a negative size, a value that does not fit its parameter type. Check each argument against the syscall's signature."
        }
        23 => {
            "The whole system has reached its limit of open files. Close descriptors or raise the system limit."
        }
        24 => {
            "The process has reached its limit of open descriptors. Close descriptors it no longer needs."
        }
        25 => {
            "The request is not valid for this device (often an ioctl on a non-terminal). Check the request code and the device."
        }
        26 => {
            "The executable is being written, or written while running. Wait until the write finishes."
        }
        27 => "The file would exceed the maximum size. Write less or check the size limit.",
        28 => "The device has no space left. Free space on it.",
        29 => {
            "The descriptor does not support seeking (a pipe or socket). Read sequentially instead."
        }
        30 => "The file system is mounted read-only. Remount it writable or write elsewhere.",
        31 => "The object has the maximum number of links. Remove a link first.",
        32 => {
            "The reading end of the pipe or socket is closed. Check that the reader is still running."
        }
        33 => "A mathematical argument is outside the function's domain. Check the input.",
        34 => "The result does not fit the return type. Check the input range.",
        35 => "Waiting would deadlock. Release the locks held and retry in a consistent order.",
        36 => "A path or path component is longer than the limit. Use a shorter name.",
        37 => "The kernel has no record locks left. Release locks or retry later.",
        38 => {
            "No handler is registered for this syscall number on this kernel. Check the number against the registry and that the handler's crate is linked (`use handlers as _;`)."
        }
        39 => "The directory still has entries. Remove them first.",
        40 => "Resolving the path met too many symbolic links, probably a loop. Check the links.",
        42 => "No message of the requested type is queued. Retry later or wait for one.",
        43 => "The IPC identifier was removed while in use. Create a new one.",
        61 => "No data is available on the object. Retry later.",
        62 => "A timer expired before the operation completed. Retry with a longer timeout.",
        71 => "The peer violated the protocol. Check both ends' versions.",
        74 => "A message was malformed. Check the sender.",
        75 => {
            "A value is too large for the type that must hold it (often a 32-bit field). Use the wide variant of the call."
        }
        84 => "A byte sequence is not valid in the expected encoding. Check the text's encoding.",
        88 => "The descriptor is not a socket. Check that it came from socket().",
        90 => "The message is larger than the transport allows. Send it in smaller pieces.",
        95 => {
            "The operation is not supported by this object or kernel. Check the feature, or use a compatibility path (recovery = \"fallback\")."
        }
        97 => "The address family is not supported. Check the socket's domain.",
        98 => {
            "The address is already bound by another socket. Use another port or close the other socket."
        }
        99 => "The address is not available on this machine. Check the local address.",
        100 => "The network interface is down. Bring it up.",
        101 => "No route leads to the network. Check the routing table.",
        103 => "The connection was aborted locally. Reconnect.",
        104 => "The peer reset the connection. Reconnect and check the peer.",
        105 => "The kernel ran out of buffer space for the operation. Retry later or send less.",
        106 => "The socket is already connected. Use it, or close it first.",
        107 => "The socket is not connected. Connect first.",
        110 => "The peer did not answer in time. Check that it is reachable, then retry.",
        111 => "Nothing is listening at the address. Check the address and that the server runs.",
        113 => "No route leads to the host. Check the network path.",
        114 => "The operation is already in progress on this object. Wait for it to finish.",
        115 => {
            "The operation started and will complete later. Wait for completion (poll) before using the result."
        }
        122 => "The user's disk quota is exhausted. Free space or raise the quota.",
        125 => "The operation was canceled before it completed.",
        130 => {
            "The owner of a robust lock died holding it. Make the protected state consistent, then mark it so."
        }
        131 => "The protected state cannot be recovered. Reinitialize it.",
        512..=514 | 516 => {
            "A kernel-internal restart code: a signal interrupted a blocked handler, and the return to user mode restarts the call or turns this into EINTR. Seen only inside the kernel."
        }
        _ => "No explanation is recorded for this error number; see the handler's documentation.",
    }
}

/// An errno with its name, `strerror` text and explanation, ready to print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserMessage(pub Errno);

impl fmt::Display for UserMessage {
    /// `EAGAIN (Resource temporarily unavailable): The resource is temporarily unavailable…`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} ({}): {}",
            self.0,
            self.0.description(),
            explanation(self.0)
        )
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn every_named_errno_is_explained() {
        let fallback = explanation(Errno::new(4000).unwrap());
        for errno in Errno::all() {
            let text = explanation(errno);
            assert_ne!(text, fallback, "{errno:?} has no explanation");
            assert!(text.ends_with('.') || text.ends_with(')'), "{errno:?}");
        }
    }

    #[test]
    fn message_names_the_error() {
        let text = std::format!("{}", UserMessage(Errno::EFAULT));
        assert!(text.starts_with("EFAULT (Bad address): A pointer argument"));
    }
}
