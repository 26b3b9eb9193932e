//! The initial process stack Linux builds for a static program: `argc`, `argv`, an empty
//! environment, the auxiliary vector, and the strings and random bytes they point to.

use crate::elf::Loaded;

const AT_NULL: usize = 0;
const AT_PHDR: usize = 3;
const AT_PHENT: usize = 4;
const AT_PHNUM: usize = 5;
const AT_PAGESZ: usize = 6;
const AT_ENTRY: usize = 9;
const AT_UID: usize = 11;
const AT_EUID: usize = 12;
const AT_GID: usize = 13;
const AT_EGID: usize = 14;
const AT_HWCAP: usize = 16;
const AT_CLKTCK: usize = 17;
const AT_SECURE: usize = 23;
const AT_RANDOM: usize = 25;
const AT_EXECFN: usize = 31;

/// The most bytes the initial stack may take.
pub const MAX: usize = 16 << 10;

/// Why the stack could not be built.
#[derive(Debug)]
pub enum StackError {
    /// The arguments do not fit in [`MAX`] bytes.
    TooBig,
    /// Writing user memory faulted.
    Fault,
}

/// Builds the stack below `top` for `program` run with `args`; returns the stack pointer,
/// 16-byte aligned, pointing at `argc`. `random` fills `AT_RANDOM`'s 16 bytes.
pub fn build<'a>(
    top: usize,
    program: &Loaded,
    args: impl Iterator<Item = &'a [u8]>,
    random: [u8; 16],
) -> Result<usize, StackError> {
    let mut image = [0u8; MAX];
    // Strings grow down from the top of the image; `bottom` is where they start.
    let mut bottom = MAX;
    let mut put = |bytes: &[u8], bottom: &mut usize| -> Result<usize, StackError> {
        *bottom = bottom.checked_sub(bytes.len()).ok_or(StackError::TooBig)?;
        image[*bottom..*bottom + bytes.len()].copy_from_slice(bytes);
        Ok(top - MAX + *bottom)
    };
    let random_at = put(&random, &mut bottom)?;
    let mut argv = [0usize; 256];
    let mut argc = 0;
    for arg in args {
        put(&[0], &mut bottom)?;
        let at = put(arg, &mut bottom)?;
        *argv.get_mut(argc).ok_or(StackError::TooBig)? = at;
        argc += 1;
    }
    let execfn = argv[0];
    let auxv = [
        (AT_PHDR, program.phdr),
        (AT_PHENT, program.phent),
        (AT_PHNUM, program.phnum),
        (AT_PAGESZ, 4096),
        (AT_ENTRY, program.entry),
        (AT_UID, 0),
        (AT_EUID, 0),
        (AT_GID, 0),
        (AT_EGID, 0),
        (AT_HWCAP, 0),
        (AT_CLKTCK, 100),
        (AT_SECURE, 0),
        (AT_RANDOM, random_at),
        (AT_EXECFN, execfn),
        (AT_NULL, 0),
    ];
    // argc, argv and its NULL, the environment's NULL, the auxiliary vector.
    let words = 1 + argc + 1 + 1 + 2 * auxv.len();
    bottom
        .checked_sub(words * 8 + 15)
        .ok_or(StackError::TooBig)?;
    let start = (top - MAX + bottom - words * 8) & !15;
    let mut at = start - (top - MAX);
    let mut push = |w: usize| {
        image[at..at + 8].copy_from_slice(&w.to_le_bytes());
        at += 8;
    };
    push(argc);
    argv[..argc].iter().for_each(|&a| push(a));
    push(0);
    push(0);
    for (key, value) in auxv {
        push(key);
        push(value);
    }
    let from = start - (top - MAX);
    // SAFETY: `start..top` lies in the process's window, user memory.
    match unsafe { sysgate::uaccess::copy_to_user(start, &image[from..]) } {
        0 => Ok(start),
        _ => Err(StackError::Fault),
    }
}
