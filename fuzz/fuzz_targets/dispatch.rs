//! `dispatch` driven by coverage: the input is read as a sequence of steps — calls with
//! numbers and argument words, error injection, policy changes — against the realistic
//! handler set, with user space confined to an arena. Every result must be a valid encoding
//! (the oracle of `sysgate_tests::sequence`), and nothing may panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sysgate::error::inject;
use sysgate::registry;
use sysgate_tests::sequence::{self, Op};
use sysgate_tests::{ARENA_LEN, arena, confine_to_arena};

use sysgate_test_handlers as _;

/// Reads the input front to back; exhausted input reads as zeros.
struct Input<'a>(&'a [u8]);

impl Input<'_> {
    fn bytes<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        let n = N.min(self.0.len());
        out[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        out
    }

    fn byte(&mut self) -> u8 {
        self.bytes::<1>()[0]
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.bytes())
    }

    fn usize(&mut self) -> usize {
        usize::from_le_bytes(self.bytes())
    }

    /// A number: mostly a registered one, else one in or near the table, else any word.
    fn number(&mut self, registered: &[usize]) -> usize {
        match self.byte() {
            t @ 0..=199 => registered[usize::from(t) % registered.len()],
            200..=239 => usize::from(self.u16()) % 1100,
            _ => self.usize(),
        }
    }

    /// An argument word, biased like the property test's: small values, arena addresses and
    /// lengths, the arena's borders, extremes.
    fn word(&mut self) -> usize {
        let a = arena();
        match self.byte() % 8 {
            0 => usize::from(self.byte() % 4),
            1 => usize::from(self.u16()) % (ARENA_LEN + 1),
            2 => a.start + usize::from(self.u16()) % ARENA_LEN,
            3 => (a.end - 64).wrapping_add(usize::from(self.byte())),
            4 => usize::MAX,
            5 => 0xffff_8000_0000_0000,
            _ => self.usize(),
        }
    }
}

fn op(input: &mut Input, registered: &[usize]) -> Op {
    match input.byte() % 16 {
        0..=11 => {
            let nr = input.number(registered);
            Op::Call(nr, std::array::from_fn(|_| input.word()))
        }
        12 | 13 => {
            let nr = input.number(registered);
            let errno = usize::from(input.byte());
            let rate = match input.byte() {
                0..=127 => inject::PER_MILLION,
                _ => u32::from_le_bytes(input.bytes()) % (inject::PER_MILLION + 1),
            };
            Op::Inject(nr, errno, rate)
        }
        14 => match input.byte() % 2 {
            0 => Op::Stop(input.number(registered)),
            _ => Op::Clear,
        },
        _ => Op::Pledge(input.u16(), input.byte() % 2 == 1),
    }
}

fuzz_target!(|data: &[u8]| {
    // User space is the arena (setting it again changes nothing).
    confine_to_arena();
    let registered: Vec<usize> = registry::get_all_syscalls().map(|d| d.nr).collect();
    let mut input = Input(data);
    let mut ops = Vec::new();
    while !input.0.is_empty() && ops.len() < 64 {
        ops.push(op(&mut input, &registered));
    }
    if let Err(e) = sequence::run(&ops) {
        panic!("{e}\nsteps: {ops:?}");
    }
});
