//! GDT and TSS per CPU, in the order `sysret` needs: kernel code, kernel data, user data, user
//! code, TSS.

use core::cell::UnsafeCell;
use core::ptr::addr_of;

use sysgate::arch::x86_64::Selectors;
use x86_64::VirtAddr;
use x86_64::instructions::segmentation::{CS, DS, ES, SS, Segment};
use x86_64::instructions::tables::load_tss;
use x86_64::structures::gdt::{Descriptor, GlobalDescriptorTable};
use x86_64::structures::tss::TaskStateSegment;

use crate::smp::MAX_CPUS;

/// The exceptions that run on an interrupt stack of their own, with their interrupt-stack-table
/// slot: a double fault (so a kernel stack overflow is still reported), and NMI, debug and
/// machine check, which can arrive in the `syscall` gap (after `syscall`, before the entry
/// switches stacks) and must never run on the user's stack.
pub const IST_VECTORS: [(u8, u16); 4] = [(8, 0), (2, 1), (1, 2), (18, 3)];

const STACK_SIZE: usize = 64 * 1024;
const IST_STACK_SIZE: usize = 16 * 1024;

#[repr(C, align(16))]
struct Stack([u8; STACK_SIZE]);

/// A CPU's interrupt stacks, one per [`IST_VECTORS`] entry.
#[repr(C, align(16))]
struct IstStacks([[u8; IST_STACK_SIZE]; IST_VECTORS.len()]);

/// Each CPU's kernel stack for syscalls and for traps from ring 3 (TSS.RSP0).
static mut KERNEL_STACKS: [Stack; MAX_CPUS] = [const { Stack([0; STACK_SIZE]) }; MAX_CPUS];
/// Each CPU's interrupt stacks.
static mut IST_STACKS: [IstStacks; MAX_CPUS] =
    [const { IstStacks([[0; IST_STACK_SIZE]; IST_VECTORS.len()]) }; MAX_CPUS];

/// One CPU's TSS and GDT (a TSS is busy once loaded: every CPU needs its own).
struct Tables {
    tss: UnsafeCell<TaskStateSegment>,
    gdt: UnsafeCell<GlobalDescriptorTable>,
}

// SAFETY: each CPU writes its own entry once, while it starts, before anything reads it.
unsafe impl Sync for Tables {}

static TABLES: [Tables; MAX_CPUS] = [const {
    Tables {
        tss: UnsafeCell::new(TaskStateSegment::new()),
        gdt: UnsafeCell::new(GlobalDescriptorTable::new()),
    }
}; MAX_CPUS];

fn top(stack: *const Stack) -> VirtAddr {
    VirtAddr::from_ptr(stack) + STACK_SIZE as u64
}

/// Top of CPU `cpu`'s kernel stack shared by the syscall entry and ring-3 traps.
pub fn kernel_stack_top(cpu: usize) -> VirtAddr {
    top(addr_of!(KERNEL_STACKS).cast::<Stack>().wrapping_add(cpu))
}

/// CPU `cpu`'s TSS, whose `RSP0` sysgate keeps at the current kernel stack.
pub fn tss(cpu: usize) -> *mut TaskStateSegment {
    TABLES[cpu].tss.get()
}

/// Loads CPU `cpu`'s GDT and TSS on this CPU and reloads the segment registers; returns the
/// selectors (the same on every CPU).
pub fn init(cpu: usize) -> Selectors {
    let tables = &TABLES[cpu];
    // SAFETY: called once per CPU, on that CPU, while it starts: nothing else touches its TSS
    // or GDT, which live forever.
    unsafe {
        let tss = &mut *tables.tss.get();
        tss.privilege_stack_table[0] = kernel_stack_top(cpu);
        let ist = addr_of!(IST_STACKS).cast::<IstStacks>().wrapping_add(cpu) as u64;
        for (slot, (_, index)) in IST_VECTORS.iter().enumerate() {
            let end = ist + ((slot + 1) * IST_STACK_SIZE) as u64;
            tss.interrupt_stack_table[usize::from(*index)] = VirtAddr::new(end);
        }
        let gdt = &mut *tables.gdt.get();
        let selectors = Selectors {
            kernel_code: gdt.append(Descriptor::kernel_code_segment()),
            kernel_data: gdt.append(Descriptor::kernel_data_segment()),
            user_data: gdt.append(Descriptor::user_data_segment()),
            user_code: gdt.append(Descriptor::user_code_segment()),
        };
        let tss_selector = gdt.append(Descriptor::tss_segment(&*tables.tss.get()));
        (*tables.gdt.get()).load();
        CS::set_reg(selectors.kernel_code);
        SS::set_reg(selectors.kernel_data);
        DS::set_reg(selectors.kernel_data);
        ES::set_reg(selectors.kernel_data);
        load_tss(tss_selector);
        selectors
    }
}
