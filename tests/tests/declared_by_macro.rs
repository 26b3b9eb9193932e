//! Handlers declared through `macro_rules!`: literals arrive wrapped in invisible groups.

use sysgate::{Errno, syscall};

macro_rules! constant_syscall {
    ($name:ident, $nr:literal, $category:literal, $value:expr) => {
        /// Returns a constant.
        #[syscall(nr = $nr, category = $category)]
        fn $name() -> u64 {
            $value
        }
    };
}

constant_syscall!(answer, 42, "system", 42);
constant_syscall!(zero, 43, "time", 0);

#[test]
fn literals_from_macro_rules_are_accepted() {
    assert_eq!(sysgate::dispatch(42, [0; 6]), 42);
    assert_eq!(sysgate::dispatch(43, [0; 6]), 0);
    assert_eq!(answer::call(), Ok(42));
    let info = sysgate::registry::get_syscall_info(43).unwrap();
    assert_eq!((info.name, info.category.as_str()), ("zero", "time"));
    assert_eq!(sysgate::dispatch(44, [0; 6]), Errno::ENOSYS.to_ret());
}

/// A `Result` under another name: the stub finds its success type through the trait.
type SysResult<T> = Result<T, Errno>;

/// Doubles a number that fits in 32 bits.
#[syscall(nr = 45, category = "system")]
fn double(x: u32) -> SysResult<u64> {
    u64::from(x).checked_mul(2).ok_or(Errno::EOVERFLOW)
}

/// Returns nothing.
#[syscall(nr = 46, category = "system")]
fn nothing() {}

#[test]
fn aliased_and_unit_returns_work_on_both_sides() {
    assert_eq!(double::call(21), Ok(42));
    assert_eq!(
        sysgate::dispatch(45, [1 << 33, 0, 0, 0, 0, 0]),
        Errno::EINVAL.to_ret()
    );
    assert_eq!(nothing::call(), Ok(()));
}
