/*
 * boot_x86_64.S - PVH entry, 16550 console and isa-debug-exit for the
 * bare-metal smoke test on QEMU "microvm" (qemu-system-x86_64 -M microvm).
 *
 * C interface (SysV AMD64 ABI):
 *   int  smoke_main(void);              (smoke.c, called from long mode)
 *   void smoke_uart_putc(int c);        (here; edi = byte, clobbers eax, edx)
 *   void smoke_exit(int status);        (here; edi = status, never returns)
 *
 * Entry state (PVH direct boot, XEN_ELFNOTE_PHYS32_ENTRY below): 32-bit
 * protected mode, paging off, flat 4 GiB CS/DS/ES/SS, interrupts off,
 * ebx = physical address of struct hvm_start_info (unused here), esp undefined.
 *
 * _start (32-bit) sets esp, zeroes .bss, builds page tables that identity-map
 * the first 1 GiB with 2 MiB pages (pml4 -> pdpt -> pd, all in .bss), enables
 * PAE + long mode + paging and SSE (CR0.MP, CR4.OSFXSR/OSXMMEXCPT; compiled C
 * may use SSE registers), loads a 64-bit GDT and far-jumps to long mode.
 * Registers used: eax, ecx, edx, edi as scratch; then eax = smoke_main() result,
 * moved to edi for smoke_exit.
 *
 * Stack while C runs (grows down):
 *   __stack_top        <- rsp before "call smoke_main" (16-byte aligned, so
 *                         rsp+8 is 16-byte aligned inside smoke_main)
 *   __stack_top-8         return address pushed by the call
 *   ...                   frames of smoke_main and callees (no red zone use:
 *                         C is built with -mno-red-zone)
 *   __stack_top-16KiB     stack limit (no guard page)
 *
 * Exit: smoke_exit writes the status as a 32-bit value to I/O port 0xf4, where
 * "-device isa-debug-exit,iobase=0xf4,iosize=0x04" makes QEMU exit with
 * (status << 1) | 1.  The host decodes status = (code - 1) / 2, so exit status
 * 0 shows up as QEMU exit code 1, status 7 as 15; only statuses 0..127 survive
 * the 8-bit process exit code.  An even code means QEMU ended some other way
 * (a triple fault with -no-reboot exits 0).  QEMU's own startup errors also
 * exit 1, indistinguishable from status 0, so a runner must also require the
 * console marker.
 */

#define COM1_BASE       0x3f8
#define COM1_THR        (COM1_BASE + 0)
#define COM1_LSR        (COM1_BASE + 5)
#define LSR_THRE        0x20

#define DEBUG_EXIT_PORT 0xf4

#define XEN_ELFNOTE_PHYS32_ENTRY 18

#define CR0_PE          (1 << 0)
#define CR0_MP          (1 << 1)
#define CR0_EM          (1 << 2)
#define CR0_PG          (1 << 31)
#define CR4_PAE         (1 << 5)
#define CR4_OSFXSR      (1 << 9)
#define CR4_OSXMMEXCPT  (1 << 10)
#define MSR_EFER        0xc0000080
#define EFER_LME        (1 << 8)

#define PTE_P           (1 << 0)
#define PTE_RW          (1 << 1)
#define PTE_PS          (1 << 7)

#define GDT_CODE64      0x08
#define GDT_DATA        0x10

#define STACK_SIZE      (16 * 1024)

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

        /* Identity map 0..1 GiB: pml4[0] -> pdpt, pdpt[0] -> pd, 512 x 2 MiB. */
        movl    $(pdpt + PTE_P + PTE_RW), pml4
        movl    $(pd + PTE_P + PTE_RW), pdpt
        movl    $pd, %edi
        movl    $(PTE_P + PTE_RW + PTE_PS), %eax
        movl    $512, %ecx
1:      movl    %eax, (%edi)
        addl    $0x200000, %eax
        addl    $8, %edi
        loop    1b

        movl    %cr4, %eax
        orl     $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
        movl    %eax, %cr4
        movl    $pml4, %eax
        movl    %eax, %cr3
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $EFER_LME, %eax
        wrmsr
        movl    %cr0, %eax
        andl    $~CR0_EM, %eax
        orl     $(CR0_PE | CR0_MP | CR0_PG), %eax
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

        call    smoke_main
        movl    %eax, %edi
        jmp     smoke_exit
        .size   _start, . - _start

        .text
        .global smoke_uart_putc
        .type   smoke_uart_putc, @function
smoke_uart_putc:
        movw    $COM1_LSR, %dx
1:      inb     %dx, %al
        testb   $LSR_THRE, %al          /* transmit holding register empty */
        jz      1b
        movw    $COM1_THR, %dx
        movl    %edi, %eax
        outb    %al, %dx
        ret
        .size   smoke_uart_putc, . - smoke_uart_putc

        .global smoke_exit
        .type   smoke_exit, @function
smoke_exit:
        movl    %edi, %eax
        outl    %eax, $DEBUG_EXIT_PORT
        /* Only reached without isa-debug-exit: park the CPU. */
1:      cli
        hlt
        jmp     1b
        .size   smoke_exit, . - smoke_exit

        .section .rodata
        .balign 16
gdt64:
        .quad   0                       /* null */
        .quad   0x00af9b000000ffff      /* GDT_CODE64: 64-bit code, DPL 0, accessed */
        .quad   0x00cf93000000ffff      /* GDT_DATA: flat data, DPL 0, accessed */
gdt64_end:
        .type   gdt64, @object
        .size   gdt64, gdt64_end - gdt64
gdt64_desc:
        .word   gdt64_end - gdt64 - 1
        .quad   gdt64                   /* lgdt in 32-bit mode reads 4 bytes */
        .type   gdt64_desc, @object
        .size   gdt64_desc, . - gdt64_desc

        /*
         * PVH entry note.  QEMU reads the descriptor as a native-size word,
         * so it is 8 bytes here (like Linux); Xen accepts 4 or 8.
         */
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
pd:     .space  4096

        .section .bss.stack, "aw", @nobits
        .balign 16
        .space  STACK_SIZE
        .global __stack_top
__stack_top:

        .section .note.GNU-stack, "", @progbits
