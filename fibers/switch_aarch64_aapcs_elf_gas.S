/*
 * fibers/switch_aarch64_aapcs_elf_gas.S -- fiber context switch, AArch64
 * AAPCS64.
 *
 *   void hcall_fibers_switch(void** save_sp, void* load_sp);
 *   void hcall_fibers_trampoline(void);   (entered by `ret`, never called)
 *
 * Register map
 *   x0    save_sp: where the running context's stack pointer is stored
 *   x1    load_sp: stack pointer of the context to resume
 *   x9    scratch (caller-saved)
 *   x19-x28, x29 (fp), x30 (lr), d8-d15   callee-saved: stored, then loaded
 *         from the new stack; `ret` returns through the loaded x30
 *   x0-x18, v0-v7, v16-v31, upper halves of v8-v15   not saved
 *   trampoline: x19 = entry function, x20 = its argument (from the frame)
 *
 * Stack at the moment of the switch (layout defined in fibers/context.h):
 *
 *        high  | caller's frame            |  (sp at the call, 16-aligned)
 *              | x30 (return address)      |  +152 HCALL_FIBERS_FRAME_X30
 *              | x29                       |  +144
 *              | x27, x28                  |  +128
 *              | x25, x26                  |  +112
 *              | x23, x24                  |  +96
 *              | x21, x22                  |  +80
 *              | x19, x20                  |  +64
 *              | d14, d15                  |  +48
 *              | d12, d13                  |  +32
 *              | d10, d11                  |  +16
 *   *save_sp ->| d8, d9                    |  +0
 *
 * A new fiber's frame (InitialFrame()) has x30 = hcall_fibers_trampoline,
 * x29 = 0 and x19/x20 = entry/arg, with the 16-aligned stack top right above.
 *
 * NOT saved: FPCR/FPSR (shared by all fibers), TPIDR_EL0 (TLS: the
 * scheduler sets it with hc_tls_set before the switch), the signal
 * mask, SVE/SME state. The return address is saved as the raw x30 the
 * caller left, so pointer authentication of the callers' own frames is
 * unaffected. See fibers/context.h.
 */
#include "fibers/context.h"

	.text
	.p2align 4
	.globl	hcall_fibers_switch
	.hidden	hcall_fibers_switch
	.type	hcall_fibers_switch, %function
hcall_fibers_switch:
	sub	sp, sp, #HCALL_FIBERS_FRAME_SIZE
	stp	d8, d9, [sp, #HCALL_FIBERS_FRAME_D8]
	stp	d10, d11, [sp, #HCALL_FIBERS_FRAME_D10]
	stp	d12, d13, [sp, #HCALL_FIBERS_FRAME_D12]
	stp	d14, d15, [sp, #HCALL_FIBERS_FRAME_D14]
	stp	x19, x20, [sp, #HCALL_FIBERS_FRAME_X19]
	stp	x21, x22, [sp, #HCALL_FIBERS_FRAME_X21]
	stp	x23, x24, [sp, #HCALL_FIBERS_FRAME_X23]
	stp	x25, x26, [sp, #HCALL_FIBERS_FRAME_X25]
	stp	x27, x28, [sp, #HCALL_FIBERS_FRAME_X27]
	stp	x29, x30, [sp, #HCALL_FIBERS_FRAME_X29]
	mov	x9, sp
	str	x9, [x0]
	mov	sp, x1
	ldp	d8, d9, [sp, #HCALL_FIBERS_FRAME_D8]
	ldp	d10, d11, [sp, #HCALL_FIBERS_FRAME_D10]
	ldp	d12, d13, [sp, #HCALL_FIBERS_FRAME_D12]
	ldp	d14, d15, [sp, #HCALL_FIBERS_FRAME_D14]
	ldp	x19, x20, [sp, #HCALL_FIBERS_FRAME_X19]
	ldp	x21, x22, [sp, #HCALL_FIBERS_FRAME_X21]
	ldp	x23, x24, [sp, #HCALL_FIBERS_FRAME_X23]
	ldp	x25, x26, [sp, #HCALL_FIBERS_FRAME_X25]
	ldp	x27, x28, [sp, #HCALL_FIBERS_FRAME_X27]
	ldp	x29, x30, [sp, #HCALL_FIBERS_FRAME_X29]
	add	sp, sp, #HCALL_FIBERS_FRAME_SIZE
	ret
	.size	hcall_fibers_switch, .-hcall_fibers_switch

	.p2align 4
	.globl	hcall_fibers_trampoline
	.hidden	hcall_fibers_trampoline
	.type	hcall_fibers_trampoline, %function
hcall_fibers_trampoline:
	mov	x0, x20
	blr	x19
	brk	#0x3e8			/* the entry function must not return */
	.size	hcall_fibers_trampoline, .-hcall_fibers_trampoline

	.section .note.GNU-stack, "", %progbits
