/*
 * start_arm_aapcs_elf_gas.S - entry and exception vectors of bare-metal
 * hcall images on QEMU virt, AArch32 (qemu-system-arm -M virt -cpu
 * cortex-a15).
 *
 * C interface (AAPCS, hard-float; C is Thumb-2, this file ARM state; BL to
 * a Thumb function becomes BLX at link time):
 *   void hc_bm_start(uintptr_t boot_arg);   (entry.cc; r0 = 0, never returns)
 *   void hc_bm_cpu_exception(uintptr_t vector, uintptr_t lr,
 *                            uintptr_t fsr, uintptr_t far);
 *                                           (trap.cc; never returns)
 *
 * Entry state (QEMU -kernel with an ELF, no security extensions): ARM
 * state, SVC mode, A/I/F masked, MMU and caches off (mmu_arm.cc turns
 * them on), VFP disabled,
 * single CPU.
 *
 * Register map of _start:
 *   r0-r2    scratch (VBAR, CPACR, FPEXC, .bss bounds)
 *   r0 = 0   boot_arg passed to hc_bm_start
 * CPSR.I stays set for the life of the image (see clock_gtimer.cc).
 *
 * Stack (64 KiB in .bss, SVC mode only, grows down; the 4 KiB page below
 * it, __stack_guard, is left unmapped by mmu_arm.cc):
 *   __stack_top          <- sp on entry to hc_bm_start (16-byte aligned)
 *   ...                     frames of hc_bm_start, hc_main and callees
 *   __stack_top-64KiB       limit
 *
 * Exception vectors (VBAR, 8 words): each vector loads r0 = its index
 * (1 undef, 2 svc, 3 prefetch abort, 4 data abort, 5 unused, 6 irq,
 * 7 fiq), r1 = the banked LR, r2/r3 = IFSR/IFAR for a prefetch abort,
 * SPSR/0 for an undefined instruction, DFSR/DFAR otherwise, switches to
 * SVC mode with sp = __stack_top and calls hc_bm_cpu_exception. Nothing is saved.
 * Semihosting SVCs (svc 0xab / svc 0x123456) are taken by QEMU before the
 * vector.
 */

#define STACK_SIZE      (64 * 1024)
#define MODE_SVC        0x13

        .syntax unified
        .arch   armv7-a
        .fpu    vfpv3-d16
        .arm

        .section .text.boot, "ax", %progbits
        .global _start
        .type   _start, %function
_start:
        ldr     sp, =__stack_top

        ldr     r0, =hc_bm_vectors
        mcr     p15, 0, r0, c12, c0, 0  /* VBAR */

        /* VFP/NEON: full access to cp10/cp11 (CPACR), then FPEXC.EN. */
        mrc     p15, 0, r0, c1, c0, 2
        orr     r0, r0, #(0xf << 20)
        mcr     p15, 0, r0, c1, c0, 2
        isb
        mov     r0, #(1 << 30)
        vmsr    fpexc, r0

        /* Zero .bss (the linker script keeps both ends 16-byte aligned). */
        ldr     r0, =__bss_start
        ldr     r1, =__bss_end
        mov     r2, #0
1:      cmp     r0, r1
        strlo   r2, [r0], #4
        blo     1b

        mov     r0, #0
        bl      hc_bm_start
2:      wfi                             /* hc_bm_start does not return */
        b       2b
        .ltorg
        .size   _start, . - _start

        .section .text.vectors, "ax", %progbits
        .balign 32
        .hidden hc_bm_vectors
        .type   hc_bm_vectors, %function
hc_bm_vectors:
        b       .                       /* reset: not used */
        .irp    n, 1, 2, 3, 4, 5, 6, 7
        b       vector_\n
        .endr
        .irp    n, 1, 2, 3, 4, 5, 6, 7
vector_\n:
        mov     r0, #\n
        b       vector_common
        .endr
vector_common:
        mov     r1, lr
        mrc     p15, 0, r2, c5, c0, 0   /* DFSR */
        mrc     p15, 0, r3, c6, c0, 0   /* DFAR */
        cmp     r0, #3
        mrceq   p15, 0, r2, c5, c0, 1   /* IFSR */
        mrceq   p15, 0, r3, c6, c0, 2   /* IFAR */
        cmp     r0, #1
        mrseq   r2, spsr
        moveq   r3, #0
        cps     #MODE_SVC
        ldr     sp, =__stack_top
        bl      hc_bm_cpu_exception
        b       vector_common
        .ltorg
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
