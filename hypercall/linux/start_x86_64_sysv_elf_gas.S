/*
 * hypercall/linux/start_x86_64_sysv_elf_gas.S -- process entry point
 * (_start) of hcall images on x86_64 Linux, System V ABI, ELF, GNU as.
 *
 * Calls (C prototype, hypercall/linux/entry.h):
 *   extern "C" [[noreturn]] void hc_linux_start(uintptr_t *sp);
 *
 * Register map at entry (set by the kernel for a static executable):
 *   rsp   initial stack, see below (16-byte aligned by the kernel)
 *   rdx   finaliser to register with atexit; 0 without a dynamic linker
 *         and ignored here
 *   other general registers: zero, not relied upon
 * Register use here:
 *   rbp   zeroed: the outermost frame, ends frame-pointer walks
 *   rdi   first argument of hc_linux_start: the initial rsp
 *
 * Initial stack (addresses grow downward in this picture):
 *   rsp + 0                       argc
 *   rsp + 8                       argv[0] .. argv[argc-1], NULL
 *   rsp + 8*(argc+2)              envp[0] .. envp[n-1], NULL
 *   after envp's NULL             auxv: (type, value) pairs, AT_NULL pair
 *   higher                        argument/environment strings, AT_RANDOM
 *
 * Nothing is saved: _start never returns (hc_linux_start exits the process;
 * hlt faults if it ever came back). Signal mask, FP control state and the
 * TLS register (fs) are left as the kernel set them; hcall uses no TLS.
 */
        .text
        .globl  _start
        .hidden _start
        .type   _start, @function
_start:
        xorl    %ebp, %ebp
        movq    %rsp, %rdi
        andq    $-16, %rsp          /* ABI: rsp % 16 == 0 before call */
        call    hc_linux_start
        hlt
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits
