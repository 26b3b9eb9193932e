//! The switch to long mode shared by the boot CPU's PVH entry and the other CPUs' trampoline.

/// Assembly (AT&T syntax, 16- or 32-bit code) turning on PAE, loading the boot page tables
/// (the `pml4` operand of the enclosing `global_asm!`) into `cr3`, setting `EFER.LME` and then
/// protected mode and paging at once; a far jump to 64-bit code must follow.
macro_rules! enable_long_mode {
    () => {
        r#"
    mov %cr4, %eax
    or $(1 << 5), %eax
    mov %eax, %cr4
    mov ${pml4}, %eax
    mov %eax, %cr3
    mov $0xC0000080, %ecx
    rdmsr
    or $(1 << 8), %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000001, %eax
    mov %eax, %cr0
        "#
    };
}

pub(super) use enable_long_mode;
