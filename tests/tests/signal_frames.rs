//! Whatever a signal handler leaves on its stack, `rt_sigreturn`'s read never panics and never
//! accepts a context that would resume outside user memory or with a privileged status bit;
//! whatever a handler returns and whatever the signal's fate, no restart errno survives the
//! exit path.

use core::mem::{offset_of, size_of};
use core::ops::Range;

use proptest::prelude::*;
use sysgate::Errno;
use sysgate::signal::context::{Aarch64Context, Riscv64Context, X86_64Context};
use sysgate::signal::restart::{self, Disposition, SyscallRegisters};
use sysgate::signal::{Delivery, Forged, SignalFrame, UserContext};

/// Bytes standing for a user stack; the user range is exactly this buffer.
#[repr(align(16))]
struct Stack([u8; 4096]);

/// Writes `bytes` at the top of a fresh stack and has `rt_sigreturn` read a `C` frame from
/// there; with `user_addresses`, the words at offsets `pc` and `sp` of the frame first become
/// addresses in user memory. Returns the result and the user range.
fn pop<C: UserContext + Default>(
    mut bytes: Vec<u8>,
    user_addresses: Option<(usize, usize)>,
) -> (Result<SignalFrame<C>, Forged>, Range<usize>) {
    let mut stack = Box::new(Stack([0; 4096]));
    let base = stack.0.as_ptr() as usize;
    let user = base..base + stack.0.len();
    if let Some((pc, sp)) = user_addresses {
        bytes[pc..pc + 8].copy_from_slice(&(user.start as u64).to_le_bytes());
        bytes[sp..sp + 8].copy_from_slice(&(user.end as u64).to_le_bytes());
    }
    let len = bytes.len().min(stack.0.len());
    let at = stack.0.len() - len;
    stack.0[at..].copy_from_slice(&bytes[..len]);
    let sp = (base + at) as u64 + C::POPPED as u64;
    (SignalFrame::<C>::pop(sp, &user), user)
}

/// A frame image: random words, with the size field right most of the time so the checks
/// behind it are reached.
fn image<C>(words: Vec<u64>, right_size: bool) -> Vec<u8> {
    let mut bytes: Vec<u8> = words.iter().flat_map(|w| w.to_le_bytes()).collect();
    bytes.resize(size_of::<SignalFrame<C>>(), 0);
    if right_size {
        bytes[24..32].copy_from_slice(&(size_of::<SignalFrame<C>>() as u64).to_le_bytes());
    }
    bytes
}

fn inside(user: &Range<usize>, v: u64) -> bool {
    user.contains(&(v as usize)) || v as usize == user.end
}

/// Status words and addresses: mostly genuine-looking, some with any bit set.
fn words(n: usize) -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(
        prop_oneof![
            3 => Just(0u64),
            2 => any::<u64>(),
            2 => (0u32..64).prop_map(|bit| 1u64 << bit),
        ],
        n,
    )
}

/// A syscall frame of a made-up architecture for [`restart::finish`].
struct Regs {
    nr: usize,
    ret: isize,
}

impl SyscallRegisters for Regs {
    fn syscall_nr(&self) -> usize {
        self.nr
    }
    fn result(&self) -> isize {
        self.ret
    }
    fn set_result(&mut self, ret: isize) {
        self.ret = ret;
    }
    fn rewind(&mut self) {
        self.ret = 0;
    }
    fn set_syscall_nr(&mut self, nr: usize) {
        self.nr = nr;
    }
}

#[test]
fn clean_images_with_user_addresses_are_accepted() {
    // What the properties' generator produces when every random word is 0: the accepted case.
    type X = SignalFrame<X86_64Context>;
    type A = SignalFrame<Aarch64Context>;
    type R = SignalFrame<Riscv64Context>;
    let x86 = (offset_of!(X, context.rip), offset_of!(X, context.rsp));
    assert!(
        pop::<X86_64Context>(image::<X86_64Context>(vec![], true), Some(x86))
            .0
            .is_ok()
    );
    let arm = (offset_of!(A, context.pc), offset_of!(A, context.sp));
    assert!(
        pop::<Aarch64Context>(image::<Aarch64Context>(vec![], true), Some(arm))
            .0
            .is_ok()
    );
    let rv = (offset_of!(R, context.pc), offset_of!(R, context.x) + 8);
    assert!(
        pop::<Riscv64Context>(image::<Riscv64Context>(vec![], true), Some(rv))
            .0
            .is_ok()
    );
    let (wrong_size, _) = pop::<Riscv64Context>(image::<Riscv64Context>(vec![], false), Some(rv));
    assert_eq!(wrong_size.unwrap_err(), Forged::Size(0));
}

#[test]
fn a_pushed_delivery_frame_reads_back() {
    // The frame `enter_handler` writes is the one `rt_sigreturn` reads below the handler's sp.
    let mut stack = Box::new(Stack([0; 4096]));
    let base = stack.0.as_mut_ptr() as usize;
    let user = base..base + stack.0.len();
    let delivery = Delivery {
        signo: 10,
        handler: user.start as u64,
        restorer: user.start as u64 + 16,
        saved_mask: 1 << 3,
    };
    let context = Aarch64Context {
        sp: user.end as u64,
        pc: user.start as u64 + 32,
        ..Default::default()
    };
    let sp = delivery.push_frame(context, &user).unwrap();
    assert!(inside(&user, sp));
    let frame = SignalFrame::<Aarch64Context>::pop(sp, &user).unwrap();
    assert_eq!(
        (frame.restorer, frame.signo, frame.mask, frame.context),
        (
            delivery.restorer,
            delivery.signo,
            delivery.saved_mask,
            context
        )
    );
    assert_eq!(
        delivery.push_frame(context, &(user.start..user.start + 64)),
        Err(Errno::EFAULT)
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn x86_64_sigreturn_accepts_only_user_contexts(
        w in words(86),
        right in any::<bool>(),
        fix in any::<bool>(),
    ) {
        type F = SignalFrame<X86_64Context>;
        let addresses = fix.then_some((offset_of!(F, context.rip), offset_of!(F, context.rsp)));
        let (result, user) = pop::<X86_64Context>(image::<X86_64Context>(w, right), addresses);
        if let Ok(frame) = result {
            let c = frame.context;
            prop_assert_eq!(c.rflags & X86_64Context::PRIVILEGED, 0);
            prop_assert_eq!(c.mxcsr() & !X86_64Context::MXCSR_VALID, 0);
            prop_assert!(user.contains(&(c.rip as usize)) && inside(&user, c.rsp));
        }
    }

    #[test]
    fn aarch64_sigreturn_accepts_only_el0_contexts(
        w in words(104),
        right in any::<bool>(),
        fix in any::<bool>(),
    ) {
        type F = SignalFrame<Aarch64Context>;
        let addresses = fix.then_some((offset_of!(F, context.pc), offset_of!(F, context.sp)));
        let (result, user) = pop::<Aarch64Context>(image::<Aarch64Context>(w, right), addresses);
        if let Ok(frame) = result {
            let c = frame.context;
            prop_assert_eq!(c.pstate & Aarch64Context::PRIVILEGED, 0, "EL0t, no DAIF, no IL");
            prop_assert!(user.contains(&(c.pc as usize)) && inside(&user, c.sp));
        }
    }

    #[test]
    fn riscv64_sigreturn_accepts_only_user_contexts(
        w in words(70),
        right in any::<bool>(),
        fix in any::<bool>(),
    ) {
        type F = SignalFrame<Riscv64Context>;
        let addresses = fix.then_some((offset_of!(F, context.pc), offset_of!(F, context.x) + 8));
        let (result, user) = pop::<Riscv64Context>(image::<Riscv64Context>(w, right), addresses);
        if let Ok(frame) = result {
            let c = frame.context;
            prop_assert_eq!(c.sstatus & Riscv64Context::PRIVILEGED, 0, "no SPP, SIE, SUM, MXR");
            prop_assert!(user.contains(&(c.pc as usize)) && inside(&user, c.x[1]));
        }
    }

    #[test]
    fn no_restart_errno_survives_the_exit_path(
        code in prop_oneof![510u16..520, 1u16..4096],
        handler in any::<bool>(),
        sa_restart in any::<bool>(),
    ) {
        let disposition = if handler {
            Disposition::Handler { restart: sa_restart }
        } else {
            Disposition::NoHandler
        };
        let ret = -(code as isize);
        let mut regs = Regs { nr: 0, ret };
        restart::finish(&mut regs, disposition, 219);
        let after = Errno::from_ret(regs.ret);
        prop_assert!(!after.is_some_and(Errno::is_restart), "{ret} left {:?}", after);
        if !Errno::new(code).is_some_and(Errno::is_restart) {
            prop_assert_eq!(regs.ret, ret, "other results pass unchanged");
        }
    }
}
