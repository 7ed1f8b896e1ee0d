/*
 * hypercall/linux/start_aarch64_aapcs_elf_gas.S -- process entry point
 * (_start) of hcall images on aarch64 Linux, AAPCS64, ELF, GNU as.
 *
 * Calls (C prototype, hypercall/linux/entry.h):
 *   extern "C" [[noreturn]] void hc_linux_start(uintptr_t *sp);
 *
 * Register map at entry (set by the kernel for a static executable):
 *   sp    initial stack, see below (16-byte aligned by the kernel)
 *   x0    finaliser to register with atexit; 0 without a dynamic linker
 *         and ignored here
 *   other general registers: zero, not relied upon
 * Register use here:
 *   x29   frame pointer, zeroed: the outermost frame
 *   x30   link register, zeroed: no caller to return to
 *   x0    first argument of hc_linux_start: the initial sp
 *   x1    scratch for re-aligning sp
 *
 * Initial stack (addresses grow downward in this picture):
 *   sp + 0                        argc
 *   sp + 8                        argv[0] .. argv[argc-1], NULL
 *   sp + 8*(argc+2)               envp[0] .. envp[n-1], NULL
 *   after envp's NULL             auxv: (type, value) pairs, AT_NULL pair
 *   higher                        argument/environment strings, AT_RANDOM
 *
 * Nothing is saved: _start never returns (hc_linux_start exits the process;
 * brk traps if it ever came back). Signal mask, FP control state (fpcr) and
 * the TLS register (tpidr_el0) are left as the kernel set them; hcall uses
 * no TLS.
 */
        .text
        .globl  _start
        .hidden _start
        .type   _start, %function
        .p2align 2
_start:
        mov     x29, #0
        mov     x30, #0
        mov     x0, sp
        and     x1, x0, #~15        /* AAPCS64: sp % 16 == 0 */
        mov     sp, x1
        bl      hc_linux_start
        brk     #0x1
        .size   _start, . - _start

        .section .note.GNU-stack, "", %progbits
