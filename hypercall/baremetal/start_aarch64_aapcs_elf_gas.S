/*
 * start_aarch64_aapcs_elf_gas.S - entry and exception vectors of bare-metal
 * hcall images on QEMU virt, AArch64 (qemu-system-aarch64 -M virt).
 *
 * C interface (AAPCS64):
 *   void hc_bm_start(uintptr_t boot_arg);   (entry.cc; x0 = 0, never returns)
 *   void hc_bm_cpu_exception(uintptr_t vector, uintptr_t esr,
 *                            uintptr_t elr, uintptr_t far);
 *                                           (trap.cc; never returns)
 *
 * Entry state (QEMU -kernel with an ELF, no virtualization/secure): EL1h,
 * DAIF masked, MMU and caches off (mmu_aarch64.cc turns them on),
 * FP/SIMD trapped (CPACR_EL1.FPEN = 0),
 * single CPU. x0 is not a device tree pointer for a non-Linux ELF; the
 * device tree is at the base of RAM (machine_virt.cc).
 *
 * Register map of _start:
 *   x0, x1   scratch (stack pointer, CPACR, VBAR, .bss bounds)
 *   x0 = 0   boot_arg passed to hc_bm_start
 * Interrupts stay masked for the life of the image (DAIF.I = 1): the
 * timer wake-up relies on WFI ending for a pending, masked IRQ.
 *
 * Stack (64 KiB in .bss, grows down; the 4 KiB page below it,
 * __stack_guard, is left unmapped by mmu_aarch64.cc):
 *   __stack_top          <- sp on entry to hc_bm_start (16-byte aligned)
 *   ...                     frames of hc_bm_start, hc_main and callees
 *   __stack_top-64KiB       limit
 *
 * Exception vectors (VBAR_EL1, 16 entries of 0x80 bytes): every entry sets
 * x0 = its index (0..15), reads ESR_EL1, ELR_EL1, FAR_EL1 into x1..x3,
 * resets sp to __stack_top (the old stack may be the fault) and calls
 * hc_bm_cpu_exception. Nothing is saved: an exception ends the image.
 */

#define STACK_SIZE      (64 * 1024)
#define CPACR_FPEN      (3 << 20)

        .section .text.boot, "ax", %progbits
        .global _start
        .type   _start, %function
_start:
        adrp    x0, __stack_top
        add     x0, x0, :lo12:__stack_top
        mov     sp, x0

        adrp    x0, hc_bm_vectors
        add     x0, x0, :lo12:hc_bm_vectors
        msr     vbar_el1, x0

        /* FP/SIMD: the ABI and compiled C may use the vector registers. */
        mov     x0, #CPACR_FPEN
        msr     cpacr_el1, x0
        isb

        /* Zero .bss (the linker script keeps both ends 16-byte aligned). */
        adrp    x0, __bss_start
        add     x0, x0, :lo12:__bss_start
        adrp    x1, __bss_end
        add     x1, x1, :lo12:__bss_end
1:      cmp     x0, x1
        b.hs    2f
        stp     xzr, xzr, [x0], #16
        b       1b
2:
        mov     x0, #0
        bl      hc_bm_start
3:      wfi                             /* hc_bm_start does not return */
        b       3b
        .size   _start, . - _start

        .section .text.vectors, "ax", %progbits
        .balign 2048
        .hidden hc_bm_vectors
        .type   hc_bm_vectors, %function
hc_bm_vectors:
        .irp    n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
        .balign 128
        mov     x0, #\n
        b       vector_common
        .endr
vector_common:
        mrs     x1, esr_el1
        mrs     x2, elr_el1
        mrs     x3, far_el1
        adrp    x4, __stack_top
        add     x4, x4, :lo12:__stack_top
        mov     sp, x4
        bl      hc_bm_cpu_exception
        b       vector_common
        .size   hc_bm_vectors, . - hc_bm_vectors

        .section .bss.stack, "aw", %nobits
        .balign 4096
        .global __stack_guard
        .hidden __stack_guard
__stack_guard:                          /* unmapped by the MMU, if on */
        .space  4096
        .space  STACK_SIZE
        .global __stack_top
        .hidden __stack_top
__stack_top:

        .section .note.GNU-stack, "", %progbits
