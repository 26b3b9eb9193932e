//! A subsystem that depends only on its kernel's facade, not on sysgate: `crate = …` tells
//! the attribute where sysgate is.

use sysgate_test_facade::syscall;
use sysgate_test_facade::sysgate::{Errno, UserSliceMut};

/// Fill a buffer with the kernel's name.
#[syscall(crate = sysgate_test_facade::sysgate, nr = 700, category = "system", hot)]
pub fn kernel_name(buf: UserSliceMut<u8>) -> Result<usize, Errno> {
    buf.write_from(b"facade")
}

/// Retried on `EAGAIN`, through the facade's runtime.
#[syscall(crate = sysgate_test_facade::sysgate, nr = 701, category = "system", recovery = "retry")]
pub fn busy(n: u32) -> Result<u32, Errno> {
    if n == 0 { Err(Errno::EAGAIN) } else { Ok(n) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sysgate_test_facade::sysgate::{dispatch, registry};

    #[test]
    fn handlers_declared_through_the_facade_register_and_dispatch() {
        let mut buf = [0u8; 8];
        assert_eq!(kernel_name::call(&mut buf), Ok(6));
        assert_eq!(&buf[..6], b"facade");
        assert_eq!(busy::call(3), Ok(3));
        assert_eq!(dispatch(701, [0; 6]), Errno::EAGAIN.to_ret());
        let info = registry::get_syscall_info(700).expect("registered");
        assert_eq!((info.name, info.hot), ("kernel_name", true));
        assert_eq!(info.location.module, "sysgate_test_facade_kernel");
    }
}
