//! `hot` places a thunk in the hot text section of the host's object format. On ELF the
//! linker folds `.text.hot.*` into `.text`, so the check reads the object code of the handler
//! crate (`uname` is declared `hot` there), which this test binary was linked from.

#![cfg(target_os = "linux")]

use std::path::PathBuf;

use sysgate_test_handlers as _;

/// The handler crate's newest rlib next to this test binary.
fn handlers_rlib() -> PathBuf {
    let deps = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .to_owned();
    std::fs::read_dir(&deps)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("libsysgate_test_handlers-") && name.ends_with(".rlib")
        })
        .max_by_key(|p| p.metadata().unwrap().modified().unwrap())
        .expect("the handler crate's rlib is in the deps directory")
}

/// `(name, flags, size)` of every section of every ELF object in an archive.
fn elf_sections(archive: &[u8]) -> Vec<(String, u64, u64)> {
    let word = |b: &[u8], at: usize, n: usize| {
        b[at..at + n]
            .iter()
            .rev()
            .fold(0u64, |v, &x| (v << 8) | u64::from(x))
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = archive[at..].windows(4).position(|w| w == b"\x7fELF") {
        let elf = &archive[at + i..];
        at += i + 4;
        if elf.len() < 64 || elf[4] != 2 || elf[5] != 1 {
            continue; // not a little-endian ELF64 header
        }
        let (shoff, shentsize) = (word(elf, 0x28, 8) as usize, word(elf, 0x3a, 2) as usize);
        let (shnum, shstrndx) = (word(elf, 0x3c, 2) as usize, word(elf, 0x3e, 2) as usize);
        if shentsize != 64 || shoff + shnum * 64 > elf.len() || shstrndx >= shnum {
            continue;
        }
        let header = |n: usize| &elf[shoff + n * 64..shoff + (n + 1) * 64];
        let strtab = word(header(shstrndx), 0x18, 8) as usize;
        for n in 0..shnum {
            let h = header(n);
            let name = &elf[strtab + word(h, 0, 4) as usize..];
            let name = &name[..name.iter().position(|&b| b == 0).unwrap()];
            out.push((
                String::from_utf8_lossy(name).into_owned(),
                word(h, 0x08, 8),
                word(h, 0x20, 8),
            ));
        }
    }
    out
}

#[test]
fn hot_thunks_are_in_the_hot_text_section() {
    const SHF_EXECINSTR: u64 = 0x4;
    let bytes = std::fs::read(handlers_rlib()).unwrap();
    let sections = elf_sections(&bytes);
    assert!(!sections.is_empty(), "the rlib holds ELF objects");
    let hot: Vec<_> = sections
        .iter()
        .filter(|(name, _, _)| name == ".text.hot.sysgate")
        .collect();
    assert_eq!(hot.len(), 1, "one hot section (one `hot` handler): {hot:?}");
    let (_, flags, size) = hot[0];
    assert!(flags & SHF_EXECINSTR != 0, "it holds code");
    assert!(*size > 0, "the thunk is in it");
}
