/*
 * boot_arm.S - entry, PL011 console and semihosting exit for the bare-metal
 * smoke test on QEMU "virt" (qemu-system-arm -M virt -cpu cortex-a15).
 *
 * C interface (AAPCS, hard-float; C may be Thumb-2, this file is ARM state,
 * calls between the two go through BLX/BX, which the linker and "bx lr" handle):
 *   int  smoke_main(void);              (smoke.c, called from _start)
 *   void smoke_uart_putc(int c);        (here; r0 = byte, clobbers r1-r2)
 *   void smoke_exit(int status);        (here; r0 = status, never returns)
 *
 * Entry state (QEMU -kernel with an ELF, no virtualization/secure): ARM state,
 * SVC mode, A/I/F masked, MMU and caches off, VFP disabled, r0-r14 = 0,
 * single CPU.
 *
 * _start:  sp    = __stack_top (16 KiB stack in .bss, 16-byte aligned)
 *          r0-r2 = scratch while enabling VFP and clearing .bss,
 *          then r0 = smoke_main() result, passed on to smoke_exit.
 *
 * Stack while C runs (grows down):
 *   __stack_top        <- sp on entry to smoke_main (no frame from _start)
 *   ...                   frames of smoke_main and callees
 *   __stack_top-16KiB     stack limit (no guard page)
 *
 * smoke_exit builds the 8-byte SYS_EXIT_EXTENDED parameter block on the stack:
 *   [sp+0] = ADP_Stopped_ApplicationExit (0x20026)
 *   [sp+4] = status
 * and traps with "svc #0x123456" (r0 = 0x20, r1 = sp).  QEMU, run with
 * "-semihosting-config enable=on,target=native", exits with that status.
 * (Plain SYS_EXIT on AArch32 takes only a reason code, so it cannot carry a
 * status; SYS_EXIT_EXTENDED can.  "hlt #0xf000" is the ARMv8 alternative;
 * SVC is used because cortex-a15 is ARMv7.)
 */

#define PL011_BASE      0x09000000
#define PL011_DR        0x00
#define PL011_FR        0x18
#define PL011_FR_TXFF   (1 << 5)

#define SYS_EXIT_EXTENDED            0x20
#define ADP_Stopped_ApplicationExit  0x20026

#define STACK_SIZE      (16 * 1024)

        .syntax unified
        .arch   armv7-a
        .fpu    vfpv3-d16
        .arm

        .section .text.boot, "ax", %progbits
        .global _start
        .type   _start, %function
_start:
        ldr     sp, =__stack_top

        /*
         * The hard-float C code may use VFP registers: grant full access to
         * cp10/cp11 in CPACR, then set FPEXC.EN.
         */
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

        bl      smoke_main              /* becomes BLX if smoke_main is Thumb */
        b       smoke_exit
        .ltorg
        .size   _start, . - _start

        .text
        .global smoke_uart_putc
        .type   smoke_uart_putc, %function
smoke_uart_putc:
        movw    r1, #:lower16:PL011_BASE
        movt    r1, #:upper16:PL011_BASE
1:      ldr     r2, [r1, #PL011_FR]
        tst     r2, #PL011_FR_TXFF      /* transmit FIFO full */
        bne     1b
        str     r0, [r1, #PL011_DR]
        bx      lr
        .size   smoke_uart_putc, . - smoke_uart_putc

        .global smoke_exit
        .type   smoke_exit, %function
smoke_exit:
        movw    r1, #:lower16:ADP_Stopped_ApplicationExit
        movt    r1, #:upper16:ADP_Stopped_ApplicationExit
        sub     sp, sp, #8
        str     r1, [sp]
        str     r0, [sp, #4]
        mov     r1, sp
        mov     r0, #SYS_EXIT_EXTENDED
        svc     #0x123456
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
