/*
 * start_x86_64_sysv_elf_gas.S - PVH entry, interrupt stubs of bare-metal
 * hcall images on QEMU microvm (qemu-system-x86_64 -M microvm).
 *
 * C interface (SysV AMD64 ABI):
 *   void hc_bm_start(uintptr_t boot_arg);   (entry.cc; rdi = PVH start_info
 *                                            physical address, never returns)
 *   void hc_bm_cpu_exception(uintptr_t vector, uintptr_t error_code,
 *                            uintptr_t rip, uintptr_t cr2);
 *                                           (trap.cc; never returns)
 *   extern const uint64_t hc_bm_exception_stubs[32];  (trap_x86_64.cc)
 *   void hc_bm_timer_irq(void), hc_bm_spurious_irq(void);  (IDT targets)
 *
 * Entry state (PVH direct boot, XEN_ELFNOTE_PHYS32_ENTRY below): 32-bit
 * protected mode, paging off, flat 4 GiB CS/DS/ES/SS, interrupts off,
 * ebx = physical address of struct hvm_start_info, esp undefined.
 *
 * Register map of _start:
 *   ebx      start_info address, kept until it moves to edi for C
 *   eax, ecx, edx, edi   scratch (BSS, page tables, control registers)
 * _start zeroes .bss, identity-maps the first 4 GiB with 2 MiB pages
 * (pml4 -> pdpt -> 4 page directories, all in .bss; the top GiB, where
 * the LAPIC, IOAPIC and virtio-mmio windows live, uncached), enables PAE,
 * long mode, no-execute (EFER.NXE), paging with write protection in ring 0
 * (CR0.WP), x87 and SSE (CR0.MP, CR4.OSFXSR/OSXMMEXCPT), loads a
 * 64-bit GDT and far-jumps to long mode. mmu_x86_64.cc later replaces the
 * RAM part of this map with 4 KiB pages that carry the image's protections
 * (hc_bm_boot_pd is the page directory it edits). Interrupts stay off
 * (IF = 0) except for one HLT at a time (clock_x86_64.cc).
 *
 * Stack (64 KiB in .bss, grows down; the 4 KiB page below it,
 * __stack_guard, is left unmapped by mmu_x86_64.cc):
 *   __stack_top          <- rsp before "call hc_bm_start" (16-byte aligned)
 *   __stack_top-8           return address
 *   ...                     frames of hc_bm_start, hc_main and callees
 *                           (no red zone: C is built with -mno-red-zone)
 *   __stack_top-64KiB       limit
 *
 * Exception stub frame (CPU pushes ss, rsp, rflags, cs, rip, and an error
 * code for vectors 8, 10-14, 17, 21, 29, 30; the stub pushes 0 for the
 * others, then the vector):
 *   rsp+0   vector       rsp+8   error code     rsp+16  rip
 * exc_common passes them (and CR2) to hc_bm_cpu_exception on a realigned
 * stack. hc_bm_timer_irq writes the LAPIC EOI register and returns
 * (saves rax only); hc_bm_spurious_irq just returns. Neither touches FP
 * or SSE state.
 */

#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define CR0_PE          (1 << 0)
#define CR0_MP          (1 << 1)
#define CR0_EM          (1 << 2)
#define CR0_WP          (1 << 16)
#define CR0_PG          (1 << 31)
#define CR4_PAE         (1 << 5)
#define CR4_OSFXSR      (1 << 9)
#define CR4_OSXMMEXCPT  (1 << 10)
#define MSR_EFER        0xc0000080
#define EFER_LME        (1 << 8)
#define EFER_NXE        (1 << 11)

#define PTE_P           (1 << 0)
#define PTE_RW          (1 << 1)
#define PTE_PWT         (1 << 3)
#define PTE_PCD         (1 << 4)
#define PTE_PS          (1 << 7)

#define GDT_CODE64      0x08
#define GDT_DATA        0x10

#define LAPIC_EOI       0xfee000b0      /* = kLapicEoi (trap_x86_64.h) */
#define STACK_SIZE      (64 * 1024)

        .section .text.boot, "ax", @progbits
        .code32
        .global _start
        .type   _start, @function
_start:
        cli
        cld
        movl    $__stack_top, %esp

        /* Zero .bss (the linker script keeps both ends 16-byte aligned). */
        movl    $__bss_start, %edi
        movl    $__bss_end, %ecx
        subl    %edi, %ecx
        shrl    $2, %ecx
        xorl    %eax, %eax
        rep stosl

        /* pml4[0] -> pdpt; pdpt[0..3] -> pd + 0..3 pages. */
        movl    $(pdpt + PTE_P + PTE_RW), pml4
        movl    $(pd + PTE_P + PTE_RW), %eax
        movl    $pdpt, %edi
        movl    $4, %ecx
1:      movl    %eax, (%edi)
        addl    $4096, %eax
        addl    $8, %edi
        loop    1b
        /* 2048 x 2 MiB: 0..4 GiB; the last 512 (3..4 GiB) uncached. */
        movl    $pd, %edi
        movl    $(PTE_P + PTE_RW + PTE_PS), %eax
        movl    $2048, %ecx
2:      movl    %eax, (%edi)
        cmpl    $512, %ecx
        ja      3f
        orl     $(PTE_PCD + PTE_PWT), (%edi)
3:      addl    $0x200000, %eax
        addl    $8, %edi
        loop    2b

        movl    %cr4, %eax
        orl     $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
        movl    %eax, %cr4
        movl    $pml4, %eax
        movl    %eax, %cr3
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $(EFER_LME | EFER_NXE), %eax
        wrmsr
        movl    %cr0, %eax
        andl    $~CR0_EM, %eax
        orl     $(CR0_PE | CR0_MP | CR0_WP | CR0_PG), %eax
        movl    %eax, %cr0

        lgdt    gdt64_desc
        ljmp    $GDT_CODE64, $long_mode

        .code64
long_mode:
        movl    $GDT_DATA, %eax
        movw    %ax, %ds
        movw    %ax, %es
        movw    %ax, %ss
        movw    %ax, %fs
        movw    %ax, %gs
        movq    $__stack_top, %rsp
        fninit

        movl    %ebx, %edi
        call    hc_bm_start
4:      cli                             /* hc_bm_start does not return */
        hlt
        jmp     4b
        .size   _start, . - _start

        .text
        .macro  EXCEPTION_STUB n
exc_\n:
        .if (\n == 8) || ((\n >= 10) && (\n <= 14)) || (\n == 17) || (\n == 21) || (\n == 29) || (\n == 30)
        .else
        pushq   $0
        .endif
        pushq   $\n
        jmp     exc_common
        .endm

        .hidden hc_bm_exception_entry
        .type   hc_bm_exception_entry, @function
hc_bm_exception_entry:
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        EXCEPTION_STUB \n
        .endr
exc_common:
        movq    0(%rsp), %rdi
        movq    8(%rsp), %rsi
        movq    16(%rsp), %rdx
        movq    %cr2, %rcx
        andq    $-16, %rsp
        call    hc_bm_cpu_exception
        jmp     exc_common
        .size   hc_bm_exception_entry, . - hc_bm_exception_entry

        .global hc_bm_timer_irq
        .hidden hc_bm_timer_irq
        .type   hc_bm_timer_irq, @function
hc_bm_timer_irq:
        pushq   %rax
        movabsq $LAPIC_EOI, %rax
        movl    $0, (%rax)
        popq    %rax
        iretq
        .size   hc_bm_timer_irq, . - hc_bm_timer_irq

        .global hc_bm_spurious_irq
        .hidden hc_bm_spurious_irq
        .type   hc_bm_spurious_irq, @function
hc_bm_spurious_irq:
        iretq
        .size   hc_bm_spurious_irq, . - hc_bm_spurious_irq

        .section .rodata
        .balign 16
        .global hc_bm_exception_stubs
        .hidden hc_bm_exception_stubs
hc_bm_exception_stubs:
        .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
        .quad   exc_\n
        .endr
        .type   hc_bm_exception_stubs, @object
        .size   hc_bm_exception_stubs, . - hc_bm_exception_stubs

gdt64:
        .quad   0                       /* null */
        .quad   0x00af9b000000ffff      /* GDT_CODE64: 64-bit code, DPL 0 */
        .quad   0x00cf93000000ffff      /* GDT_DATA: flat data, DPL 0 */
gdt64_end:
        .type   gdt64, @object
        .size   gdt64, gdt64_end - gdt64
gdt64_desc:
        .word   gdt64_end - gdt64 - 1
        .quad   gdt64                   /* lgdt in 32-bit mode reads 4 bytes */
        .type   gdt64_desc, @object
        .size   gdt64_desc, . - gdt64_desc

        /* PVH entry note; QEMU reads the descriptor as a native-size word. */
        .section .note.Xen, "a", @note
        .balign 4
        .long   4                       /* namesz: "Xen\0" */
        .long   8                       /* descsz */
        .long   XEN_ELFNOTE_PHYS32_ENTRY
        .asciz  "Xen"
        .balign 4
        .quad   _start
        .balign 4

        .section .bss.pagetables, "aw", @nobits
        .balign 4096
pml4:   .space  4096
pdpt:   .space  4096
pd:     .space  4 * 4096
        .global hc_bm_boot_pd
        .hidden hc_bm_boot_pd
        .set    hc_bm_boot_pd, pd

        .section .bss.stack, "aw", @nobits
        .balign 4096
        .global __stack_guard
        .hidden __stack_guard
__stack_guard:
        .space  4096
        .space  STACK_SIZE
        .global __stack_top
        .hidden __stack_top
__stack_top:

        .section .note.GNU-stack, "", @progbits
