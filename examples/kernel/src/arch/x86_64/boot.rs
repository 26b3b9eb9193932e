//! PVH entry: 32-bit protected mode to long mode, then `kmain` (with the start-info address
//! QEMU passes in `ebx`, which the boot code never touches).
//!
//! QEMU finds the entry through the `.note.Xen` PVH note (type 18, `XEN_ELFNOTE_PHYS32_ENTRY`),
//! starts it with paging off. The boot code zeroes `.bss`,
//! identity-maps the first GiB with 2 MiB supervisor pages, enables PAE, long mode and paging,
//! and jumps to 64-bit code on the boot stack.

use core::arch::global_asm;

use super::long_mode::enable_long_mode;
use super::paging::{BOOT_PD, BOOT_PDPT, BOOT_PML4};
use crate::arch::common::boot::{BOOT_STACK, BOOT_STACK_SIZE, start};

global_asm!(
    r#"
    .section .note.Xen, "a", @note
    .balign 4
    .long 4
    .long 8
    .long 18
    .asciz "Xen"
    .balign 4
    .quad pvh_start32
    .balign 4

    .section .text.boot, "ax"
    .code32
    .globl pvh_start32
pvh_start32:
    cli
    cld
    mov $__bss_start, %edi
    mov $__bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    mov $({stack} + {stack_size}), %esp

    mov ${pdpt}, %eax
    or $3, %eax
    mov %eax, {pml4}
    mov ${pd}, %eax
    or $3, %eax
    mov %eax, {pdpt}
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax
    mov %eax, {pd}(,%ecx,8)
    inc %ecx
    cmp $512, %ecx
    jne 1b

    "#,
    enable_long_mode!(),
    r#"
    lgdt boot_gdt_ptr
    ljmp $0x08, $pvh_start64

    .code64
pvh_start64:
    xor %eax, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov %ebx, %edi
    call {kmain}
2:  hlt
    jmp 2b

    .section .rodata
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00209a0000000000
boot_gdt_ptr:
    .word boot_gdt_ptr - boot_gdt - 1
    .long boot_gdt
    "#,
    stack = sym BOOT_STACK,
    stack_size = const BOOT_STACK_SIZE,
    pml4 = sym BOOT_PML4,
    pdpt = sym BOOT_PDPT,
    pd = sym BOOT_PD,
    kmain = sym start,
    options(att_syntax),
);
