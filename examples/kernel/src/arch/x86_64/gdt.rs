//! GDT and TSS, in the order `sysret` needs: kernel code, kernel data, user data, user code, TSS.

use core::cell::UnsafeCell;
use core::ptr::addr_of;

use sysgate::arch::x86_64::Selectors;
use x86_64::VirtAddr;
use x86_64::instructions::segmentation::{CS, DS, ES, SS, Segment};
use x86_64::instructions::tables::load_tss;
use x86_64::structures::gdt::{Descriptor, GlobalDescriptorTable};
use x86_64::structures::tss::TaskStateSegment;

/// Interrupt-stack-table slot used for double faults.
pub const DOUBLE_FAULT_IST: u16 = 0;

const STACK_SIZE: usize = 64 * 1024;

#[repr(C, align(16))]
struct Stack([u8; STACK_SIZE]);

/// Kernel stack for syscalls and for traps from ring 3 (TSS.RSP0).
static mut KERNEL_STACK: Stack = Stack([0; STACK_SIZE]);
/// Separate stack for double faults, so a kernel stack overflow is still reported.
static mut DOUBLE_FAULT_STACK: Stack = Stack([0; STACK_SIZE]);

/// The boot CPU's TSS and GDT.
struct Tables {
    tss: UnsafeCell<TaskStateSegment>,
    gdt: UnsafeCell<GlobalDescriptorTable>,
}

// SAFETY: written once at boot on the one CPU, before anything reads them.
unsafe impl Sync for Tables {}

static TABLES: Tables = Tables {
    tss: UnsafeCell::new(TaskStateSegment::new()),
    gdt: UnsafeCell::new(GlobalDescriptorTable::new()),
};

fn top(stack: *const Stack) -> VirtAddr {
    VirtAddr::from_ptr(stack) + STACK_SIZE as u64
}

/// Top of the kernel stack shared by the syscall entry and ring-3 traps.
pub fn kernel_stack_top() -> VirtAddr {
    top(addr_of!(KERNEL_STACK))
}

/// Loads the GDT and TSS and reloads the segment registers; returns the selectors.
pub fn init() -> Selectors {
    // SAFETY: boot time on one CPU: nothing else touches TSS or GDT, which live forever.
    unsafe {
        let tss = &mut *TABLES.tss.get();
        tss.privilege_stack_table[0] = kernel_stack_top();
        tss.interrupt_stack_table[DOUBLE_FAULT_IST as usize] = top(addr_of!(DOUBLE_FAULT_STACK));
        let gdt = &mut *TABLES.gdt.get();
        let selectors = Selectors {
            kernel_code: gdt.append(Descriptor::kernel_code_segment()),
            kernel_data: gdt.append(Descriptor::kernel_data_segment()),
            user_data: gdt.append(Descriptor::user_data_segment()),
            user_code: gdt.append(Descriptor::user_code_segment()),
        };
        let tss_selector = gdt.append(Descriptor::tss_segment(&*TABLES.tss.get()));
        (*TABLES.gdt.get()).load();
        CS::set_reg(selectors.kernel_code);
        SS::set_reg(selectors.kernel_data);
        DS::set_reg(selectors.kernel_data);
        ES::set_reg(selectors.kernel_data);
        load_tss(tss_selector);
        selectors
    }
}
