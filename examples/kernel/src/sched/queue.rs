//! A CPU's run queue: the numbers of its ready threads, first in, first out.

use super::MAX_THREADS;

/// Ready threads of one CPU, oldest first.
pub struct Queue {
    slots: [u8; MAX_THREADS],
    head: usize,
    len: usize,
}

const _: () = assert!(MAX_THREADS <= u8::MAX as usize + 1);

impl Queue {
    /// An empty queue.
    pub const fn new() -> Queue {
        Queue {
            slots: [0; MAX_THREADS],
            head: 0,
            len: 0,
        }
    }

    /// Appends thread `id` (each thread is in at most one queue, once: it always fits).
    pub fn push(&mut self, id: usize) {
        assert!(self.len < MAX_THREADS, "run queue overflow");
        self.slots[(self.head + self.len) % MAX_THREADS] = id as u8;
        self.len += 1;
    }

    /// Takes the oldest thread.
    pub fn pop(&mut self) -> Option<usize> {
        if self.len == 0 {
            return None;
        }
        let id = usize::from(self.slots[self.head]);
        self.head = (self.head + 1) % MAX_THREADS;
        self.len -= 1;
        Some(id)
    }

    /// Whether no thread is ready.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}
