//! Registry queries over handlers declared in another crate.

use sysgate::registry::{
    Signature, get_all_syscalls, get_syscall_by_name, get_syscall_info, get_syscall_statistics,
    get_syscalls_in, search_syscalls, write_table,
};
use sysgate::{Category, Recovery};

use sysgate_test_handlers as _;

#[test]
fn info_carries_the_declaration() {
    let read = get_syscall_info(0).unwrap();
    assert_eq!(read.name, "read");
    assert_eq!(read.category, Category::File);
    assert_eq!(read.doc, "Read bytes from an open file.");
    assert_eq!(read.recovery, Recovery::Retry { retries: 3 });
    assert_eq!(
        read.recovery,
        Recovery::Retry {
            retries: sysgate::recovery::DEFAULT_RETRIES
        },
        "the attribute's default agrees with the runtime's"
    );
    assert_eq!(read.args.len(), 2);
    assert_eq!((read.args[0].name, read.args[0].ty), ("fd", "u32"));
    assert_eq!(
        (read.args[1].name, read.args[1].ty),
        ("buf", "UserSliceMut<u8>")
    );
    assert_eq!(read.ret, "Result<usize, FsError>");
    assert!(read.location.file.ends_with("handlers/src/lib.rs"));
    assert_eq!(read.location.module, "sysgate_test_handlers");

    let mmap = get_syscall_info(9).unwrap();
    assert_eq!(mmap.name, "mmap", "`name = …` overrides the function name");
    assert!(get_syscall_info(201).unwrap().fast);
    assert!(get_syscall_info(63).unwrap().hot);
    assert!(get_syscall_info(2).is_none());
    assert!(get_syscall_info(usize::MAX).is_none());
    assert_eq!(get_syscall_by_name("getpid").unwrap().nr, 39);
    assert!(get_syscall_by_name("fork").is_none());
}

#[test]
fn all_syscalls_are_in_number_order() {
    let nrs: Vec<usize> = get_all_syscalls().map(|d| d.nr).collect();
    assert_eq!(nrs, [0, 1, 8, 9, 13, 16, 22, 39, 44, 60, 63, 105, 201, 300]);
}

#[test]
fn search_matches_name_description_and_category_ignoring_case() {
    let names = |q: &str| search_syscalls(q).map(|d| d.name).collect::<Vec<_>>();
    assert_eq!(names("READ"), ["read"]);
    assert_eq!(names("descriptor"), Vec::<&str>::new());
    assert_eq!(names("open file"), ["read", "write"]);
    assert_eq!(names("memory"), ["mmap", "poke"]);
    assert_eq!(names("Network"), ["sendto"]);
    assert_eq!(names("").len(), 14);
    assert_eq!(names("no such thing"), Vec::<&str>::new());
}

#[test]
fn statistics_count_categories_and_arity() {
    let s = get_syscall_statistics();
    assert_eq!(s.total, 14);
    assert_eq!(s.in_category(Category::File), 3);
    assert_eq!(s.in_category(Category::Process), 2);
    assert_eq!(s.in_category(Category::Memory), 2);
    assert_eq!(s.in_category(Category::System), 2);
    for c in Category::ALL {
        assert!(s.in_category(c) >= 1, "{c} has a handler");
    }
    assert_eq!(s.per_arity, [3, 4, 3, 3, 0, 0, 1]);
    assert_eq!(s.with_recovery, 1);
    assert_eq!(s.fast, 1);
    assert_eq!(s.highest_nr, Some(300));
    assert_eq!(s.problems, 0);
    assert_eq!(get_syscalls_in(Category::Memory).count(), 2);
}

#[test]
fn table_lists_every_syscall_with_its_signature() {
    let mut out = String::new();
    write_table(&mut out).unwrap();
    assert!(out.contains("write(fd: u32, buf: UserSlice<u8>) -> Result<usize, Errno>"));
    assert!(out.contains("sum6(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64)"));
    assert!(out.contains(" 201  time      none        fast  time() -> u64"));
    assert!(out.contains("14 syscalls: file=3 process=2 memory=2"));
    assert_eq!(
        Signature(get_syscall_info(60).unwrap()).to_string(),
        "exit(code: i32) -> ()"
    );
}

/// The attribute's own copy of the runtime's limits.
#[path = "../../macros/src/limits.rs"]
mod macro_limits;

#[test]
fn the_attribute_knows_the_table_size() {
    assert_eq!(
        macro_limits::MAX_SYSCALLS,
        sysgate::MAX_SYSCALLS,
        "the attribute rejects numbers past the runtime's table, and no others"
    );
}
