//! The restart decision on the way back to user mode, after Linux's `handle_signal` and
//! `arch_do_signal_or_restart`.
//!
//! A handler that blocks and is woken by a signal returns one of the restart errnos
//! ([`Errno::is_restart`]). The exit path, which knows what will happen with the signal, then
//! either restarts the call (the return PC moved back onto the syscall instruction, the
//! original first argument register restored) or turns the result into `EINTR`:
//!
//! | result | handler with `SA_RESTART` | handler without | no handler runs |
//! |---|---|---|---|
//! | `ERESTARTSYS` | restart | `EINTR` | restart |
//! | `ERESTARTNOINTR` | restart | restart | restart |
//! | `ERESTARTNOHAND` | `EINTR` | `EINTR` | restart |
//! | `ERESTART_RESTARTBLOCK` | `EINTR` | `EINTR` | restart as `restart_syscall` |
//!
//! "No handler runs" covers an ignored signal, one whose default action does not end the
//! thread, and a spurious wake-up: the restart is then invisible to user space.

use crate::{Errno, table};

/// What happens with the signal that interrupted the call, as the exit path delivers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposition {
    /// A user handler runs next; `restart` is its `SA_RESTART` flag.
    Handler {
        /// The handler was installed with `SA_RESTART`.
        restart: bool,
    },
    /// No user handler runs (no signal, ignored, or default action that lets the thread go on).
    NoHandler,
}

/// The decision for one syscall result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The result is not a restart errno: it goes to user space as it is.
    Return,
    /// Execute the same syscall again with its original arguments.
    Restart,
    /// Execute the kernel's `restart_syscall` instead, which resumes the interrupted call from
    /// the state the handler saved (the remaining time of a sleep).
    RestartBlock,
    /// Return `EINTR` to user space.
    Interrupt,
}

/// Decides what to do with syscall result `ret` when the signal's fate is `disposition`.
pub const fn decide(ret: isize, disposition: Disposition) -> Action {
    let Some(errno) = Errno::from_ret(ret) else {
        return Action::Return;
    };
    if !errno.is_restart() {
        return Action::Return;
    }
    match (errno.code(), disposition) {
        (516, Disposition::NoHandler) => Action::RestartBlock,
        (_, Disposition::NoHandler) | (513, _) => Action::Restart,
        (512, Disposition::Handler { restart: true }) => Action::Restart,
        _ => Action::Interrupt,
    }
}

/// The registers of a syscall's saved frame the restart decision edits, implemented by each
/// architecture's frame.
pub trait SyscallRegisters {
    /// The syscall number the user passed.
    fn syscall_nr(&self) -> usize;
    /// The result register.
    fn result(&self) -> isize;
    /// Overwrites the result register.
    fn set_result(&mut self, ret: isize);
    /// Moves the return PC back onto the syscall instruction and puts the original first
    /// argument (x86_64: the number in `rax`) back in its register, so returning executes the
    /// same call again.
    fn rewind(&mut self);
    /// Changes the syscall number the rewound call will run with.
    fn set_syscall_nr(&mut self, nr: usize);
}

/// Applies the decision for the syscall that just returned in `regs` and counts it against
/// the current thread's table ([`table::current_table`]); the kernel's `restart_syscall`
/// number is `restart_nr`. Call it once per syscall return, on
/// the way to user mode, before a signal frame is built (the frame then saves the rewound
/// state, so `rt_sigreturn` resumes into the restarted call). Restart errnos never survive it.
pub fn finish<R: SyscallRegisters + ?Sized>(
    regs: &mut R,
    disposition: Disposition,
    restart_nr: usize,
) -> Action {
    let action = decide(regs.result(), disposition);
    let nr = regs.syscall_nr();
    match action {
        Action::Return => return action,
        Action::Restart => regs.rewind(),
        Action::RestartBlock => {
            regs.rewind();
            regs.set_syscall_nr(restart_nr);
        }
        Action::Interrupt => regs.set_result(Errno::EINTR.to_ret()),
    }
    super::stats::record(table::current_table(), nr, action);
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYS: isize = Errno::ERESTARTSYS.to_ret();
    const NOINTR: isize = Errno::ERESTARTNOINTR.to_ret();
    const NOHAND: isize = Errno::ERESTARTNOHAND.to_ret();
    const BLOCK: isize = Errno::ERESTART_RESTARTBLOCK.to_ret();
    const RESTART: Disposition = Disposition::Handler { restart: true };
    const NO_RESTART: Disposition = Disposition::Handler { restart: false };

    #[test]
    fn linux_table() {
        use Action::*;
        let rows = [
            (SYS, [Restart, Interrupt, Restart]),
            (NOINTR, [Restart, Restart, Restart]),
            (NOHAND, [Interrupt, Interrupt, Restart]),
            (BLOCK, [Interrupt, Interrupt, RestartBlock]),
        ];
        for (ret, expected) in rows {
            let got = [RESTART, NO_RESTART, Disposition::NoHandler].map(|d| decide(ret, d));
            assert_eq!(got, expected, "{:?}", Errno::from_ret(ret));
        }
    }

    #[test]
    fn other_results_pass() {
        for ret in [0, 5, -4, Errno::EAGAIN.to_ret(), -515, -4095, isize::MIN] {
            assert_eq!(decide(ret, RESTART), Action::Return);
            assert_eq!(decide(ret, Disposition::NoHandler), Action::Return);
        }
    }

    /// A frame of a made-up architecture: a 4-byte syscall instruction before `pc`, the result
    /// in the first argument register.
    struct Regs {
        nr: usize,
        arg0: isize,
        orig_arg0: isize,
        pc: usize,
    }

    impl SyscallRegisters for Regs {
        fn syscall_nr(&self) -> usize {
            self.nr
        }
        fn result(&self) -> isize {
            self.arg0
        }
        fn set_result(&mut self, ret: isize) {
            self.arg0 = ret;
        }
        fn rewind(&mut self) {
            self.pc -= 4;
            self.arg0 = self.orig_arg0;
        }
        fn set_syscall_nr(&mut self, nr: usize) {
            self.nr = nr;
        }
    }

    fn after_call(nr: usize, ret: isize) -> Regs {
        Regs {
            nr,
            arg0: ret,
            orig_arg0: 3,
            pc: 0x1004,
        }
    }

    #[test]
    fn finish_rewinds_or_interrupts_and_counts() {
        let nr = 901;
        let native = &crate::table::NATIVE;
        let restarts = super::super::restarts(native, nr);
        let interrupts = super::super::interrupts(native, nr);

        let mut regs = after_call(nr, SYS);
        assert_eq!(finish(&mut regs, RESTART, 219), Action::Restart);
        assert_eq!((regs.pc, regs.arg0, regs.nr), (0x1000, 3, nr));

        let mut regs = after_call(nr, SYS);
        assert_eq!(finish(&mut regs, NO_RESTART, 219), Action::Interrupt);
        assert_eq!((regs.pc, regs.arg0), (0x1004, Errno::EINTR.to_ret()));

        let mut regs = after_call(nr, BLOCK);
        assert_eq!(
            finish(&mut regs, Disposition::NoHandler, 219),
            Action::RestartBlock
        );
        assert_eq!((regs.pc, regs.arg0, regs.nr), (0x1000, 3, 219));

        let mut regs = after_call(nr, 7);
        assert_eq!(finish(&mut regs, NO_RESTART, 219), Action::Return);
        assert_eq!((regs.pc, regs.arg0), (0x1004, 7));

        assert_eq!(super::super::restarts(native, nr), restarts + 2);
        assert_eq!(super::super::interrupts(native, nr), interrupts + 1);
    }
}
