//! The read-only in-memory file system the program sees.

/// What a node is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A directory; its children are the nodes whose parent it is.
    Dir,
    /// A regular file with these contents.
    File(&'static [u8]),
    /// The running program's executable (its bytes are not readable here).
    Program,
    /// A symbolic link to this path.
    Link(&'static str),
    /// The console (descriptors 0–2): reads see end of file, writes are the program's output.
    Console,
    /// `/dev/null`.
    Null,
}

/// One node: its absolute path and what it is. Its inode number is its index plus one.
#[derive(Clone, Copy, Debug)]
pub struct Node {
    /// Absolute path, no trailing slash (`/` for the root).
    pub path: &'static str,
    /// What it is.
    pub kind: Kind,
}

const fn node(path: &'static str, kind: Kind) -> Node {
    Node { path, kind }
}

/// Every node, parents before children.
pub static TREE: &[Node] = &[
    node("/", Kind::Dir),
    node("/bin", Kind::Dir),
    node("/bin/busybox", Kind::Program),
    node("/bin/sh", Kind::Link("busybox")),
    node("/dev", Kind::Dir),
    node("/dev/console", Kind::Console),
    node("/dev/null", Kind::Null),
    node("/etc", Kind::Dir),
    node("/etc/group", Kind::File(b"root:x:0:\n")),
    node("/etc/hostname", Kind::File(b"sysgate\n")),
    node(
        "/etc/os-release",
        Kind::File(b"PRETTY_NAME=\"sysgate Linux personality\"\nNAME=\"sysgate\"\nID=sysgate\n"),
    ),
    node(
        "/etc/passwd",
        Kind::File(b"root:x:0:0:root:/root:/bin/sh\n"),
    ),
    node("/proc", Kind::Dir),
    node("/proc/self", Kind::Dir),
    node("/proc/self/exe", Kind::Link("/bin/busybox")),
    node("/root", Kind::Dir),
    node("/tmp", Kind::Dir),
];

/// The index of the console node, which descriptors 0–2 start open on.
pub const CONSOLE: usize = 5;

/// The modification time of every node (seconds since the epoch): 2023-11-14 22:13:20 UTC.
pub const MTIME: u64 = 1_700_000_000;

/// The node at absolute, normalised `path`.
pub fn lookup(path: &[u8]) -> Option<usize> {
    TREE.iter().position(|n| n.path.as_bytes() == path)
}

/// The parent directory of the path of `node` (the root is its own parent).
pub fn parent(node: usize) -> usize {
    let path = TREE[node].path;
    let cut = path.rfind('/').unwrap_or(0);
    lookup(if cut == 0 {
        b"/"
    } else {
        &path.as_bytes()[..cut]
    })
    .unwrap_or(0)
}

/// The last component of `node`'s path.
pub fn name(node: usize) -> &'static str {
    let path = TREE[node].path;
    if path == "/" {
        return "/";
    }
    &path[path.rfind('/').map_or(0, |i| i + 1)..]
}

/// The children of directory `dir`, in tree order.
pub fn children(dir: usize) -> impl Iterator<Item = usize> {
    (1..TREE.len()).filter(move |&n| parent(n) == dir)
}

/// Why a path did not resolve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Miss {
    /// Longer than the buffer.
    TooLong,
    /// A component is not a directory.
    NotDir,
}

/// Joins `path` to the directory `base` (when it is relative) and normalises `.` and `..`
/// into `out`; returns the absolute path.
pub fn normalise<'a>(base: usize, path: &[u8], out: &'a mut [u8]) -> Result<&'a [u8], Miss> {
    let mut len = 0;
    fn push(out: &mut [u8], part: &[u8], len: &mut usize) -> Result<(), Miss> {
        let end = *len + 1 + part.len();
        if end > out.len() {
            return Err(Miss::TooLong);
        }
        out[*len] = b'/';
        out[*len + 1..end].copy_from_slice(part);
        *len = end;
        Ok(())
    }
    if path.first() != Some(&b'/') && base != 0 {
        if !matches!(TREE[base].kind, Kind::Dir) {
            return Err(Miss::NotDir);
        }
        for part in TREE[base].path.as_bytes().split(|&b| b == b'/') {
            if !part.is_empty() {
                push(out, part, &mut len)?;
            }
        }
    }
    for part in path.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                while len > 0 {
                    len -= 1;
                    if out[len] == b'/' {
                        break;
                    }
                }
            }
            part => push(out, part, &mut len)?,
        }
    }
    if len == 0 {
        out[0] = b'/';
        len = 1;
    }
    Ok(&out[..len])
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    fn norm(base: &str, path: &str) -> Result<std::string::String, Miss> {
        let mut out = [0; 64];
        let base = lookup(base.as_bytes()).expect("base exists");
        normalise(base, path.as_bytes(), &mut out)
            .map(|p| std::string::String::from_utf8_lossy(p).into_owned())
    }

    #[test]
    fn paths_normalise_against_their_directory() {
        assert_eq!(norm("/", "etc/hostname").as_deref(), Ok("/etc/hostname"));
        assert_eq!(norm("/etc", "hostname").as_deref(), Ok("/etc/hostname"));
        assert_eq!(
            norm("/etc", "/proc/./self//exe").as_deref(),
            Ok("/proc/self/exe")
        );
        assert_eq!(norm("/etc", "../../..").as_deref(), Ok("/"));
        assert_eq!(norm("/", "").as_deref(), Ok("/"));
        assert_eq!(norm("/etc/hostname", "x"), Err(Miss::NotDir));
        assert_eq!(norm("/", &"a/".repeat(40)), Err(Miss::TooLong));
    }

    #[test]
    fn the_tree_is_consistent() {
        assert_eq!(TREE[CONSOLE].kind, Kind::Console);
        for (i, node) in TREE.iter().enumerate().skip(1) {
            assert!(parent(i) < i, "{} comes after its parent", node.path);
            assert_eq!(TREE[parent(i)].kind, Kind::Dir, "{}", node.path);
            assert!(children(parent(i)).any(|c| c == i));
        }
        assert_eq!(name(lookup(b"/etc/os-release").unwrap()), "os-release");
    }
}
