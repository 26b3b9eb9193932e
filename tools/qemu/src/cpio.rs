//! A newc (`070701`) cpio archive writer: enough for a Linux initramfs.

/// One archive member.
#[derive(Clone, Copy, Debug)]
pub enum Entry<'a> {
    /// A directory (mode 0755).
    Dir(&'a str),
    /// A character device (mode 0600) with its major and minor number.
    CharDevice(&'a str, u32, u32),
    /// An executable file (mode 0755) with its contents.
    Executable(&'a str, &'a [u8]),
}

/// The archive holding `entries` in order, with the `TRAILER!!!` end marker.
pub fn newc(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for (ino, entry) in (1..).zip(entries) {
        let (name, mode, rdev, data): (&str, u32, (u32, u32), &[u8]) = match *entry {
            Entry::Dir(name) => (name, 0o040_755, (0, 0), &[]),
            Entry::CharDevice(name, major, minor) => (name, 0o020_600, (major, minor), &[]),
            Entry::Executable(name, data) => (name, 0o100_755, (0, 0), data),
        };
        member(&mut out, ino, name, mode, rdev, data);
    }
    member(&mut out, 0, "TRAILER!!!", 0, (0, 0), &[]);
    out
}

fn member(out: &mut Vec<u8>, ino: u32, name: &str, mode: u32, rdev: (u32, u32), data: &[u8]) {
    let nlink = if mode & 0o170_000 == 0o040_000 { 2 } else { 1 };
    let size = u32::try_from(data.len()).expect("initramfs member under 4 GiB");
    let name_size = u32::try_from(name.len() + 1).expect("short name");
    out.extend_from_slice(b"070701");
    // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor,
    // namesize, check.
    for field in [
        ino, mode, 0, 0, nlink, 0, size, 0, 0, rdev.0, rdev.1, name_size, 0,
    ] {
        out.extend_from_slice(format!("{field:08x}").as_bytes());
    }
    out.extend_from_slice(name.as_bytes());
    out.push(0);
    pad4(out);
    out.extend_from_slice(data);
    pad4(out);
}

fn pad4(out: &mut Vec<u8>) {
    out.resize(out.len().next_multiple_of(4), 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(header: &[u8], index: usize) -> u32 {
        let at = 6 + 8 * index;
        u32::from_str_radix(std::str::from_utf8(&header[at..at + 8]).unwrap(), 16).unwrap()
    }

    #[test]
    fn members_are_aligned_and_carry_their_fields() {
        let archive = newc(&[
            Entry::Dir("dev"),
            Entry::CharDevice("dev/console", 5, 1),
            Entry::Executable("init", b"\x7fELF!"),
        ]);
        assert_eq!(archive.len() % 4, 0);
        // The first header: "dev", a directory.
        assert_eq!(&archive[..6], b"070701");
        assert_eq!(field(&archive, 1), 0o040_755);
        assert_eq!(field(&archive, 11), 4);
        assert_eq!(&archive[110..113], b"dev");
        // The second starts after 110 + 4 bytes of name, padded to 116.
        let console = &archive[116..];
        assert_eq!(&console[..6], b"070701");
        assert_eq!(field(console, 1), 0o020_600);
        assert_eq!((field(console, 9), field(console, 10)), (5, 1));
        assert_eq!(&console[110..121], b"dev/console");
        // The third: header 110 + name 5 = 115, padded to 116; data 5, padded to 8.
        let init = &console[124..];
        assert_eq!(field(init, 6), 5);
        assert_eq!(&init[110..115], b"init\0");
        assert_eq!(&init[116..121], b"\x7fELF!");
        let trailer = &init[124..];
        assert_eq!(&trailer[110..120], b"TRAILER!!!");
        assert_eq!(trailer.len(), 124);
    }
}
