/*
 * hypercall/linux/start_arm_aapcs_elf_gas.S -- process entry point (_start)
 * of hcall images on 32-bit arm Linux, EABI / AAPCS, ELF, GNU as. Assembled
 * as ARM (A32) code; hc_linux_start may be Thumb: the linker turns bl into
 * blx where needed.
 *
 * Calls (C prototype, hypercall/linux/entry.h):
 *   extern "C" [[noreturn]] void hc_linux_start(uintptr_t *sp);
 *
 * Register map at entry (set by the kernel for a static executable):
 *   sp    initial stack, see below (8-byte aligned by the kernel)
 *   r0    finaliser to register with atexit; 0 without a dynamic linker
 *         and ignored here
 *   other general registers: not relied upon
 * Register use here:
 *   fp    (r11, the ARM-state frame pointer) zeroed: the outermost frame
 *   r7    (the Thumb-state frame pointer) zeroed for the same reason
 *   lr    zeroed: no caller to return to
 *   r0    first argument of hc_linux_start: the initial sp
 *
 * Initial stack (addresses grow downward in this picture):
 *   sp + 0                        argc
 *   sp + 4                        argv[0] .. argv[argc-1], NULL
 *   sp + 4*(argc+2)               envp[0] .. envp[n-1], NULL
 *   after envp's NULL             auxv: (type, value) pairs, AT_NULL pair
 *   higher                        argument/environment strings, AT_RANDOM
 *
 * Nothing is saved: _start never returns (hc_linux_start exits the process;
 * udf traps if it ever came back). Signal mask, FP control state (fpscr)
 * and the TLS register (tpidruro) are left as the kernel set them; hcall
 * uses no TLS.
 */
        .syntax unified
        .arm
        .text
        .globl  _start
        .hidden _start
        .type   _start, %function
        .p2align 2
_start:
        mov     fp, #0
        mov     r7, #0
        mov     lr, #0
        mov     r0, sp
        bic     sp, sp, #7          /* AAPCS: sp % 8 == 0 at calls */
        bl      hc_linux_start
        udf     #0
        .size   _start, . - _start

        .section .note.GNU-stack, "", %progbits
