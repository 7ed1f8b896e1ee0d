/*
 * boot_aarch64.S - entry, PL011 console and semihosting exit for the
 * bare-metal smoke test on QEMU "virt" (qemu-system-aarch64 -M virt).
 *
 * C interface:
 *   int  smoke_main(void);              (smoke.c, called from _start)
 *   void smoke_uart_putc(int c);        (here; AAPCS64: w0 = byte, clobbers x1-x2)
 *   void smoke_exit(int status);        (here; w0 = status, never returns)
 *
 * Entry state (QEMU -kernel with an ELF, no virtualization/secure): EL1h,
 * DAIF masked, MMU and caches off, FP/SIMD trapped (CPACR_EL1.FPEN = 0),
 * x0-x30 = 0 (no DTB pointer for a non-Linux ELF), single CPU.
 *
 * _start:  sp    = __stack_top (16 KiB stack in .bss, 16-byte aligned)
 *          x0-x1 = scratch while clearing .bss, then w0 = smoke_main() result.
 *
 * Stack while C runs (grows down):
 *   __stack_top        <- sp on entry to smoke_main (no frame from _start)
 *   ...                   frames of smoke_main and callees
 *   __stack_top-16KiB     stack limit (no guard page)
 *
 * smoke_exit builds the 16-byte SYS_EXIT_EXTENDED parameter block on the stack:
 *   [sp+0] = ADP_Stopped_ApplicationExit (0x20026)
 *   [sp+8] = status
 * and traps with "hlt #0xf000" (x0 = 0x20, x1 = sp).  QEMU, run with
 * "-semihosting-config enable=on,target=native", exits with that status.
 */

#define PL011_BASE      0x09000000
#define PL011_DR        0x00
#define PL011_FR        0x18
#define PL011_FR_TXFF_BIT 5

#define SYS_EXIT_EXTENDED            0x20
#define ADP_Stopped_ApplicationExit  0x20026

#define STACK_SIZE      (16 * 1024)

        .section .text.boot, "ax", %progbits
        .global _start
        .type   _start, %function
_start:
        adrp    x0, __stack_top
        add     x0, x0, :lo12:__stack_top
        mov     sp, x0

        /* CPACR_EL1.FPEN = 0b11: compiled C may use FP/SIMD registers. */
        mov     x0, #(3 << 20)
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
        bl      smoke_main
        b       smoke_exit
        .size   _start, . - _start

        .text
        .global smoke_uart_putc
        .type   smoke_uart_putc, %function
smoke_uart_putc:
        mov     x1, #PL011_BASE
1:      ldr     w2, [x1, #PL011_FR]
        tbnz    w2, #PL011_FR_TXFF_BIT, 1b  /* transmit FIFO full */
        str     w0, [x1, #PL011_DR]
        ret
        .size   smoke_uart_putc, . - smoke_uart_putc

        .global smoke_exit
        .type   smoke_exit, %function
smoke_exit:
        sxtw    x2, w0
        mov     x1, #(ADP_Stopped_ApplicationExit & 0xffff)
        movk    x1, #(ADP_Stopped_ApplicationExit >> 16), lsl #16
        sub     sp, sp, #16
        stp     x1, x2, [sp]
        mov     x1, sp
        mov     x0, #SYS_EXIT_EXTENDED
        hlt     #0xf000
        /* Only reached without semihosting: park the CPU. */
1:      wfi
        b       1b
        .size   smoke_exit, . - smoke_exit

        .section .bss.stack, "aw", %nobits
        .balign 16
        .space  STACK_SIZE
        .global __stack_top
__stack_top:

        .section .note.GNU-stack, "", %progbits
