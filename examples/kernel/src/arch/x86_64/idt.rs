//! IDT for the CPU exceptions (vectors 0..32) and the local APIC's timer, spurious and wake-up
//! vectors: every stub saves the registers and calls [`exception`], which hands the APIC's to
//! [`super::apic`] and reports the rest.
//!
//! A page fault goes to [`super::fault`] first: demand paging and user-copy fixups resume the
//! interrupted code (the stub restores the registers and `iretq`s). Any other fault in ring 3 —
//! or the syscall entry's `iretq` refusing a non-canonical user return address — ends the user
//! program ([`super::user::resume_kernel`]); a fault in the kernel prints the frame and exits
//! QEMU with failure. A return to ring 3 first runs the current thread's exit work
//! ([`sysgate::thread::exit_to_user_mode`]): a reschedule, and the delivery of a signal
//! another thread sent, which edits the interrupted context.

use core::arch::naked_asm;
use core::cell::UnsafeCell;
use core::fmt;
use core::mem::size_of;

use x86_64::instructions::segmentation::{CS, Segment};
use x86_64::instructions::tables::lidt;
use x86_64::registers::control::Cr2;
use x86_64::structures::DescriptorTablePointer;
use x86_64::{PrivilegeLevel, VirtAddr};

use sysgate::arch::x86_64::SyscallFrame;

use super::apic;
use super::gdt::IST_VECTORS;
use crate::arch::UserExit;

/// Registers saved by the exception stubs, lowest address first.
#[repr(C)]
pub struct ExceptionFrame {
    r15: u64,
    r14: u64,
    r13: u64,
    r12: u64,
    rbp: u64,
    rbx: u64,
    r11: u64,
    r10: u64,
    r9: u64,
    r8: u64,
    rdi: u64,
    rsi: u64,
    rdx: u64,
    rcx: u64,
    rax: u64,
    pub vector: u64,
    pub error: u64,
    pub rip: u64,
    cs: u64,
    rflags: u64,
    rsp: u64,
    ss: u64,
}

impl fmt::Display for ExceptionFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  rip={:#018x} cs={:#x} rflags={:#x} rsp={:#018x} ss={:#x}",
            self.rip, self.cs, self.rflags, self.rsp, self.ss
        )?;
        writeln!(
            f,
            "  rax={:#018x} rbx={:#018x} rcx={:#018x} rdx={:#018x}",
            self.rax, self.rbx, self.rcx, self.rdx
        )?;
        writeln!(
            f,
            "  rsi={:#018x} rdi={:#018x} rbp={:#018x} r8 ={:#018x}",
            self.rsi, self.rdi, self.rbp, self.r8
        )?;
        writeln!(
            f,
            "  r9 ={:#018x} r10={:#018x} r11={:#018x} r12={:#018x}",
            self.r9, self.r10, self.r11, self.r12
        )?;
        write!(
            f,
            "  r13={:#018x} r14={:#018x} r15={:#018x}",
            self.r13, self.r14, self.r15
        )
    }
}

const NAMES: [&str; 32] = [
    "divide error",
    "debug",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor overrun",
    "invalid TSS",
    "segment not present",
    "stack fault",
    "general protection",
    "page fault",
    "reserved",
    "x87 error",
    "alignment check",
    "machine check",
    "SIMD error",
    "virtualization",
    "control protection",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "hypervisor injection",
    "VMM communication",
    "security",
    "reserved",
];

/// General protection fault.
pub const GP: u8 = 13;
/// Page fault.
pub const PF: u8 = 14;

/// Saves the registers, calls [`exception`], restores them and returns. From ring 3 (the saved
/// `cs` has RPL 3) it `swapgs`es on the way in and out, so the kernel always runs with its
/// per-CPU area as the `GS` base.
#[unsafe(naked)]
extern "C" fn common() {
    naked_asm!(
        // rsp: vector, error, rip, cs, …
        "test qword ptr [rsp + 24], 3",
        "jz 1f",
        "swapgs",
        "1:",
        "push rax", "push rcx", "push rdx", "push rsi", "push rdi", "push r8", "push r9",
        "push r10", "push r11", "push rbx", "push rbp", "push r12", "push r13", "push r14",
        "push r15",
        "cld",
        "mov rdi, rsp",
        "call {handler}",
        "pop r15", "pop r14", "pop r13", "pop r12", "pop rbp", "pop rbx", "pop r11", "pop r10",
        "pop r9", "pop r8", "pop rdi", "pop rsi", "pop rdx", "pop rcx", "pop rax",
        "add rsp, 16",
        "test qword ptr [rsp + 8], 3",
        "jz 2f",
        "swapgs",
        "2:",
        "iretq",
        handler = sym exception,
    );
}

macro_rules! stubs {
    ($($vector:literal $kind:ident),* $(,)?) => {
        [$({
            #[unsafe(naked)]
            extern "C" fn stub() {
                stubs!(@body $vector $kind)
            }
            stub as extern "C" fn()
        }),*]
    };
    (@body $vector:literal err) => {
        naked_asm!("push {v}", "jmp {common}", v = const $vector, common = sym common)
    };
    (@body $vector:literal none) => {
        naked_asm!("push 0", "push {v}", "jmp {common}", v = const $vector, common = sym common)
    };
}

/// Vectors the IDT covers: the exceptions, then [`apic::TIMER_VECTOR`],
/// [`apic::SPURIOUS_VECTOR`] and [`apic::WAKE_VECTOR`].
const VECTORS: usize = 35;

const _: () =
    assert!(apic::TIMER_VECTOR == 32 && apic::SPURIOUS_VECTOR == 33 && apic::WAKE_VECTOR == 34);

/// Stub for each vector; `err` vectors get an error code from the CPU.
static STUBS: [extern "C" fn(); VECTORS] = stubs![
    0 none, 1 none, 2 none, 3 none, 4 none, 5 none, 6 none, 7 none, 8 err, 9 none, 10 err,
    11 err, 12 err, 13 err, 14 err, 15 none, 16 none, 17 err, 18 none, 19 none, 20 none,
    21 err, 22 none, 23 none, 24 none, 25 none, 26 none, 27 none, 28 none, 29 err, 30 err,
    31 none, 32 none, 33 none, 34 none,
];

#[repr(C, align(16))]
struct Idt(UnsafeCell<[u128; VECTORS]>);

// SAFETY: written once at boot before interrupts or user code can happen; only read after.
unsafe impl Sync for Idt {}

static IDT: Idt = Idt(UnsafeCell::new([0; VECTORS]));

/// Interrupt gate, present, DPL 0.
const GATE: u128 = 0x8e;

fn gate(handler: u64, ist: u16) -> u128 {
    let selector = u128::from(CS::get_reg().0);
    let h = u128::from(handler);
    (h & 0xffff)
        | selector << 16
        | u128::from(ist) << 32
        | GATE << 40
        | ((h >> 16) & 0xffff) << 48
        | (h >> 32) << 64
}

/// Fills and loads the IDT on the boot CPU (after the GDT, whose code selector the gates use).
pub fn init() {
    // SAFETY: boot time on one CPU; the table is static and complete before `lidt`.
    unsafe {
        let idt = &mut *IDT.0.get();
        for (vector, stub) in STUBS.iter().enumerate() {
            // The gate's IST field is the slot plus one (0: no stack switch).
            let ist = IST_VECTORS
                .iter()
                .find(|(v, _)| usize::from(*v) == vector)
                .map_or(0, |(_, slot)| slot + 1);
            idt[vector] = gate(*stub as usize as u64, ist);
        }
    }
    load();
}

/// Loads the IDT [`init`] filled on this CPU.
pub fn load() {
    // SAFETY: the table is static and complete.
    unsafe {
        lidt(&DescriptorTablePointer {
            limit: (size_of::<[u128; VECTORS]>() - 1) as u16,
            base: VirtAddr::from_ptr(IDT.0.get()),
        });
    }
}

/// Handles exception `frame.vector`; returns only to resume the interrupted code. Before a
/// return to ring 3 it runs the current thread's exit work (a reschedule the timer asked for:
/// the preemption of user code), as the syscall entry does after every syscall.
extern "sysv64" fn exception(frame: &mut ExceptionFrame) {
    handle(frame);
    if frame.cs & 3 == 3 {
        sysgate::thread::exit_to_user_mode(|work| {
            let mut context = frame.to_syscall_frame();
            crate::arch::common::context::exit_to_user(&mut context, work);
            frame.set_from(&context);
        });
    }
}

impl ExceptionFrame {
    /// The interrupted user context in a syscall frame's layout (no syscall: `orig_rax` is
    /// all ones), for the signal delivery that edits it.
    fn to_syscall_frame(&self) -> SyscallFrame {
        SyscallFrame {
            r15: self.r15,
            r14: self.r14,
            r13: self.r13,
            r12: self.r12,
            rbp: self.rbp,
            rbx: self.rbx,
            r11: self.r11,
            r10: self.r10,
            r9: self.r9,
            r8: self.r8,
            rax: self.rax,
            rcx: self.rcx,
            rdx: self.rdx,
            rsi: self.rsi,
            rdi: self.rdi,
            orig_rax: u64::MAX,
            rip: self.rip,
            cs: self.cs,
            rflags: self.rflags,
            rsp: self.rsp,
            ss: self.ss,
        }
    }

    /// Takes the user context back from `f` (as [`Self::to_syscall_frame`] gave it, edited).
    fn set_from(&mut self, f: &SyscallFrame) {
        (self.r15, self.r14, self.r13, self.r12, self.rbp, self.rbx) =
            (f.r15, f.r14, f.r13, f.r12, f.rbp, f.rbx);
        (self.r11, self.r10, self.r9, self.r8, self.rax, self.rcx) =
            (f.r11, f.r10, f.r9, f.r8, f.rax, f.rcx);
        (self.rdx, self.rsi, self.rdi) = (f.rdx, f.rsi, f.rdi);
        (self.rip, self.cs, self.rflags, self.rsp, self.ss) = (f.rip, f.cs, f.rflags, f.rsp, f.ss);
    }
}

/// Handles exception `frame.vector`; returns only to resume the interrupted code.
fn handle(frame: &mut ExceptionFrame) {
    if sysgate::arch::x86_64::uaccess::smap() {
        // Close a user-access window the fault interrupted; `iretq` restores it with RFLAGS.
        // SAFETY: the CPU has SMAP, so `clac` exists; it only clears RFLAGS.AC.
        unsafe { core::arch::asm!("clac", options(nomem, nostack)) };
    }
    let vector = frame.vector as u8;
    match vector {
        apic::TIMER_VECTOR => return apic::timer_interrupt(),
        apic::SPURIOUS_VECTOR => return,
        apic::WAKE_VECTOR => return apic::end_of_interrupt(),
        _ => {}
    }
    let name = NAMES[usize::from(vector & 31)];
    let fault_addr = if vector == PF { Cr2::read_raw() } else { 0 };
    if vector == PF && super::fault::page_fault(frame, fault_addr as usize) {
        return;
    }
    let user_mode = PrivilegeLevel::from_u16((frame.cs & 3) as u16) == PrivilegeLevel::Ring3;
    if user_mode {
        crate::user_fault!(
            "{name} (vector {vector}, error {:#x}) at rip={:#x} addr={fault_addr:#x}",
            frame.error,
            frame.rip
        );
        super::user::resume_kernel(UserExit::Fault {
            vector,
            rip: frame.rip as usize,
        });
    }
    if sysgate::arch::x86_64::entry::is_return_fault(frame.rip) {
        // The iretq frame the entry tried to return with is at the fault's stack pointer.
        // SAFETY: the entry's iretq faulted, so `rsp` points at its 5-word frame.
        let user_rip = unsafe { *(frame.rsp as *const u64) };
        // The entry had already restored the user `GS` base: take the kernel's back.
        // SAFETY: `swapgs` only exchanges the two GS bases.
        unsafe { core::arch::asm!("swapgs", options(nostack, preserves_flags)) };
        crate::user_fault!(
            "{name} on return to non-canonical rip={user_rip:#x} (iretq refused it)"
        );
        super::user::resume_kernel(UserExit::Fault {
            vector,
            rip: user_rip as usize,
        });
    }
    crate::println!(
        "KERNEL FAULT: {name} (vector {vector}, error {:#x}) addr={fault_addr:#x}",
        frame.error
    );
    crate::println!("{frame}");
    super::exit::exit(false)
}
