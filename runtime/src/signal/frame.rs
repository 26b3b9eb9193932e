//! The signal frame on the user stack: built when a handler is entered, read back and checked
//! by `rt_sigreturn`. Every access goes through the fault-safe copies of [`crate::uaccess`].

use core::mem::size_of;
use core::ops::Range;

use super::context::{Forged, UserContext};
use crate::{Errno, uaccess};

/// What the kernel writes below the interrupted stack pointer before running a handler.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignalFrame<C> {
    /// The handler's return address, the restorer that calls `rt_sigreturn` (on x86_64 the
    /// handler's `ret` pops it; AArch64 and RISC-V also get it in the link register).
    pub restorer: u64,
    /// The signal number.
    pub signo: u64,
    /// The blocked-signal mask to restore.
    pub mask: u64,
    /// The frame's size in bytes; `rt_sigreturn` refuses a frame that says otherwise. With it
    /// the header is four words, so no context layout leaves padding (uninitialised kernel
    /// bytes) in what is copied to user memory.
    pub size: u64,
    /// The interrupted context.
    pub context: C,
}

impl<C: UserContext> SignalFrame<C> {
    /// The frame's size, as its `size` field records it.
    pub const SIZE: u64 = size_of::<Self>() as u64;

    /// A frame saving `context`, for a handler of `signo` that returns to `restorer`; `mask` is
    /// the blocked-signal mask to restore.
    pub fn new(restorer: u64, signo: u64, mask: u64, context: C) -> Self {
        SignalFrame {
            restorer,
            signo,
            mask,
            size: Self::SIZE,
            context,
        }
    }

    /// Where the frame goes for a context interrupted with stack pointer `sp`: below the red
    /// zone, 16-byte aligned as the ABI wants at the handler's entry (on x86_64, 16-byte
    /// aligned after the return address a `call` would have pushed).
    pub fn address(sp: u64) -> u64 {
        let below = sp.wrapping_sub((C::RED_ZONE + size_of::<Self>()) as u64);
        (below & !15).wrapping_sub(C::POPPED as u64)
    }

    /// Writes the frame below its context's stack pointer; returns its address, the handler's
    /// stack pointer. `EFAULT` if that memory is not in `user` or not writable: the kernel
    /// cannot run the handler and ends the thread, as Linux does.
    pub fn push(&self, user: &Range<usize>) -> Result<u64, Errno> {
        let at = Self::address(self.context.sp());
        let range = frame_range::<Self>(at).ok_or(Errno::EFAULT)?;
        if range.start < user.start || range.end > user.end {
            return Err(Errno::EFAULT);
        }
        // SAFETY: the frame is plain data; the target range was checked against the user range.
        let left = unsafe { uaccess::copy_to_user(range.start, as_bytes(self)) };
        if left != 0 {
            return Err(Errno::EFAULT);
        }
        Ok(at)
    }

    /// Reads the frame `rt_sigreturn` finds below stack pointer `sp` (the handler's return
    /// popped [`UserContext::POPPED`] bytes) and checks the context it holds.
    pub fn pop(sp: u64, user: &Range<usize>) -> Result<Self, Forged>
    where
        C: Default,
    {
        let at = sp.wrapping_sub(C::POPPED as u64);
        let range = frame_range::<Self>(at).ok_or(Forged::Unreadable)?;
        if range.start < user.start || range.end > user.end {
            return Err(Forged::Unreadable);
        }
        let mut frame = SignalFrame::new(0, 0, 0, C::default());
        // SAFETY: `frame` is plain data valid for any bytes; the source range is in user space.
        let left = unsafe { uaccess::copy_from_user(as_bytes_mut(&mut frame), range.start) };
        if left != 0 {
            return Err(Forged::Unreadable);
        }
        if frame.size != Self::SIZE {
            return Err(Forged::Size(frame.size));
        }
        frame.context.validate(user)?;
        Ok(frame)
    }
}

/// The byte range of a `T` at `at`, if it does not wrap.
fn frame_range<T>(at: u64) -> Option<Range<usize>> {
    let start = usize::try_from(at).ok()?;
    Some(start..start.checked_add(size_of::<T>())?)
}

fn as_bytes<T: Copy>(value: &T) -> &[u8] {
    // SAFETY: the frames are `repr(C)` integers and arrays of integers without padding (the
    // tests check the sizes add up).
    unsafe { core::slice::from_raw_parts(core::ptr::from_ref(value).cast(), size_of::<T>()) }
}

fn as_bytes_mut<T: Copy>(value: &mut T) -> &mut [u8] {
    // SAFETY: as for `as_bytes`; every byte pattern is a valid value of these types.
    unsafe { core::slice::from_raw_parts_mut(core::ptr::from_mut(value).cast(), size_of::<T>()) }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::signal::context::{Aarch64Context, Riscv64Context, X86_64Context};

    /// A stack in this process standing for user memory; the user range is exactly the stack.
    #[repr(align(16))]
    struct Stack([u8; 4096]);

    fn with_stack<R>(f: impl FnOnce(u64, &Range<usize>) -> R) -> R {
        let mut stack = std::boxed::Box::new(Stack([0; 4096]));
        let base = stack.0.as_mut_ptr() as usize;
        let user = base..base + stack.0.len();
        f(user.end as u64, &user)
    }

    #[test]
    fn x86_64_frame_round_trips_and_is_aligned_for_the_handler() {
        with_stack(|top, user| {
            let context = X86_64Context {
                rip: user.start as u64,
                rsp: top - 8,
                rflags: X86_64Context::IF,
                rbx: 0x1234,
                ..Default::default()
            };
            let frame = SignalFrame::new(0x77, 10, 1 << 9, context);
            let sp = frame.push(user).unwrap();
            assert_eq!((sp + 8) % 16, 0, "16-byte aligned after the return address");
            assert!(sp + (size_of::<SignalFrame<X86_64Context>>() as u64) <= top - 8 - 128);
            // The handler's `ret` pops the restorer: rt_sigreturn sees `sp + 8`.
            assert_eq!(SignalFrame::<X86_64Context>::pop(sp + 8, user), Ok(frame));
        });
    }

    /// Writes `frame` where the handler's stack would be, edits it in place like a forging
    /// handler, and returns what `rt_sigreturn` says.
    fn forge<C: UserContext + Default>(
        frame: SignalFrame<C>,
        user: &Range<usize>,
        edit: impl FnOnce(&mut SignalFrame<C>),
    ) -> Result<SignalFrame<C>, Forged> {
        let sp = frame.push(user).unwrap();
        // SAFETY: `sp` is the frame just written inside the test's stack.
        let stored = unsafe { &mut *(sp as usize as *mut SignalFrame<C>) };
        edit(stored);
        SignalFrame::<C>::pop(sp + C::POPPED as u64, user)
    }

    #[test]
    fn forged_x86_64_frames_are_refused() {
        with_stack(|top, user| {
            let context = X86_64Context {
                rip: user.start as u64,
                rsp: top,
                rflags: X86_64Context::IF,
                ..Default::default()
            };
            let frame = SignalFrame::new(0, 10, 0, context);
            let iopl = forge(frame, user, |f| f.context.rflags |= 3 << 12);
            assert_eq!(iopl, Err(Forged::PrivilegedBits(3 << 12)));
            let vm = forge(frame, user, |f| f.context.rflags |= 1 << 17);
            assert_eq!(vm, Err(Forged::PrivilegedBits(1 << 17)));
            let kernel_rip = forge(frame, user, |f| f.context.rip = 0xffff_ffff_8000_0000);
            assert_eq!(kernel_rip, Err(Forged::OutsideUser(0xffff_ffff_8000_0000)));
        });
    }

    #[test]
    fn forged_aarch64_frames_are_refused() {
        with_stack(|top, user| {
            let mut context = Aarch64Context {
                pc: user.start as u64,
                sp: top,
                fpcr: 1 << 24,
                ..Default::default()
            };
            context.v[31] = u128::MAX;
            let frame = SignalFrame::new(0, 10, 0, context);
            assert_eq!(forge(frame, user, |_| {}), Ok(frame));
            let resized = forge(frame, user, |f| f.size = 16);
            assert_eq!(resized, Err(Forged::Size(16)));
            let el1h = forge(frame, user, |f| f.context.pstate |= 0b0101);
            assert_eq!(el1h, Err(Forged::PrivilegedBits(0b0101)));
            let daif = forge(frame, user, |f| f.context.pstate |= 0xf << 6);
            assert_eq!(daif, Err(Forged::PrivilegedBits(0xf << 6)));
        });
    }

    #[test]
    fn forged_riscv64_frames_are_refused() {
        with_stack(|top, user| {
            let mut context = Riscv64Context {
                pc: user.start as u64,
                sstatus: 1 << 5,
                ..Default::default()
            };
            context.x[1] = top;
            let frame = SignalFrame::new(0, 10, 0, context);
            assert_eq!(forge(frame, user, |_| {}), Ok(frame));
            let spp = forge(frame, user, |f| f.context.sstatus |= 1 << 8);
            assert_eq!(spp, Err(Forged::PrivilegedBits(1 << 8)));
        });
    }

    #[test]
    fn frames_have_no_padding() {
        fn unpadded<C>(words: usize) {
            assert_eq!(size_of::<C>(), words * 8);
            assert_eq!(size_of::<SignalFrame<C>>(), 32 + words * 8);
        }
        unpadded::<X86_64Context>(18 + 64);
        unpadded::<Aarch64Context>(36 + 64);
        unpadded::<Riscv64Context>(66);
    }

    #[test]
    fn frames_outside_user_memory_are_refused() {
        with_stack(|top, user| {
            let context = Riscv64Context {
                pc: user.start as u64,
                ..Default::default()
            };
            // A stack pointer at the bottom of user memory leaves no room for the frame.
            let mut low = context;
            low.x[1] = user.start as u64;
            let frame = SignalFrame::new(0, 1, 0, low);
            assert_eq!(frame.push(user), Err(Errno::EFAULT));
            assert_eq!(
                SignalFrame::<Riscv64Context>::pop(top, user),
                Err(Forged::Unreadable)
            );
            assert_eq!(
                SignalFrame::<Riscv64Context>::pop(u64::MAX, user),
                Err(Forged::Unreadable)
            );
        });
    }
}
