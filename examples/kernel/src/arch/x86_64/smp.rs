//! Starting the other CPUs: INIT and start-up IPIs to a real-mode trampoline.
//!
//! QEMU's firmware configuration device (`fw_cfg`, I/O ports 0x510/0x511) says how many CPUs
//! the machine has; their APIC IDs are `0..count`, the boot CPU's 0. The trampoline, copied to
//! [`TRAMPOLINE`] below 1 MiB, starts in real mode, loads a GDT with a 64-bit code segment,
//! turns on PAE, long mode and paging with the boot page tables at once, and far-jumps
//! straight into 64-bit kernel code, which takes the stack the boot CPU left in [`AP_STACK`]
//! and calls [`ap_main`].

use core::arch::global_asm;
use core::sync::atomic::{AtomicU64, Ordering};

use x86_64::instructions::port::Port;

use super::long_mode::enable_long_mode;
use super::paging::BOOT_PML4;
use super::{apic, idt};

/// Where the trampoline runs: the start-up IPI's vector is its page number.
const TRAMPOLINE: usize = 0x8000;

/// `fw_cfg` selector and data ports, and the keys used here.
const FW_CFG_SELECTOR: u16 = 0x510;
const FW_CFG_DATA: u16 = 0x511;
const FW_CFG_SIGNATURE: u16 = 0x00;
const FW_CFG_NB_CPUS: u16 = 0x05;

/// The stack top and number of the CPU being started, read by the trampoline's 64-bit code.
#[unsafe(no_mangle)]
static AP_STACK: AtomicU64 = AtomicU64::new(0);
#[unsafe(no_mangle)]
static AP_INDEX: AtomicU64 = AtomicU64::new(0);

global_asm!(
    r#"
    .pushsection .text.ap_trampoline, "ax"
    .code16
    .globl ap_trampoline_start, ap_trampoline_end
ap_trampoline_start:
    cli
    cld
    mov %cs, %ax
    mov %ax, %ds
    lgdtl ap_gdt_ptr - ap_trampoline_start
    "#,
    enable_long_mode!(),
    r#"
    ljmpl $0x08, $ap_start64

    .balign 8
ap_gdt:
    .quad 0
    .quad 0x00209a0000000000
ap_gdt_ptr:
    .word ap_gdt_ptr - ap_gdt - 1
    .long ap_gdt - ap_trampoline_start + {trampoline}
ap_trampoline_end:

    .code64
ap_start64:
    xor %eax, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov AP_STACK(%rip), %rsp
    mov AP_INDEX(%rip), %rdi
    call {main}
1:  hlt
    jmp 1b
    .popsection
    "#,
    pml4 = sym BOOT_PML4,
    trampoline = const TRAMPOLINE,
    main = sym ap_main,
    options(att_syntax),
);

unsafe extern "C" {
    static ap_trampoline_start: u8;
    static ap_trampoline_end: u8;
}

/// How many CPUs the machine has, from `fw_cfg` (1 without the device).
fn cpu_count() -> usize {
    let mut selector = Port::<u16>::new(FW_CFG_SELECTOR);
    let mut data = Port::<u8>::new(FW_CFG_DATA);
    // SAFETY: the fw_cfg ports: selecting a key and reading its bytes has no other effect.
    unsafe {
        selector.write(FW_CFG_SIGNATURE);
        let signature: [u8; 4] = core::array::from_fn(|_| data.read());
        if &signature != b"QEMU" {
            return 1;
        }
        selector.write(FW_CFG_NB_CPUS);
        usize::from(u16::from_le_bytes([data.read(), data.read()]))
    }
}

/// Copies the trampoline below 1 MiB (once; the boot CPU calls this before the first start).
fn install_trampoline() {
    let start = &raw const ap_trampoline_start;
    let len = (&raw const ap_trampoline_end) as usize - start as usize;
    // SAFETY: the first MiB is identity-mapped RAM the kernel does not otherwise use, and the
    // trampoline fits in its page.
    unsafe { core::ptr::copy_nonoverlapping(start, TRAMPOLINE as *mut u8, len) };
}

/// Starts CPU `index` (APIC ID `index`) on the stack ending at `stack_top`; false if the
/// machine has no such CPU.
pub fn start_cpu(index: usize, stack_top: usize) -> bool {
    if index >= cpu_count() {
        return false;
    }
    if index == 1 {
        install_trampoline();
    }
    AP_STACK.store(stack_top as u64, Ordering::Release);
    AP_INDEX.store(index as u64, Ordering::Release);
    apic::start(index as u32, (TRAMPOLINE >> 12) as u8, |cycles| {
        let until = super::cycles() + cycles;
        while super::cycles() < until {
            core::hint::spin_loop();
        }
    });
    true
}

/// A started CPU's first Rust code: its own GDT, TSS and sysgate area, the shared IDT, paging
/// protections and its APIC, then the portable secondary main.
extern "sysv64" fn ap_main(index: usize) -> ! {
    super::init_cpu(index);
    idt::load();
    super::fault::init_cpu();
    apic::init_cpu();
    crate::smp::secondary_main(index)
}
