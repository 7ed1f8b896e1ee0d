/*
 * fibers/switch_x86_64_sysv_elf_gas.S -- fiber context switch, x86_64 SysV.
 *
 *   void hcall_fibers_switch(void** save_sp, void* load_sp);
 *   void hcall_fibers_trampoline(void);   (entered by `ret`, never called)
 *
 * Register map
 *   rdi   save_sp: where the running context's stack pointer is stored
 *   rsi   load_sp: stack pointer of the context to resume
 *   rbx, rbp, r12-r15   callee-saved: pushed, then popped from the new stack
 *   r8    scratch: the resumed context's return address
 *   rax, rcx, rdx, r9-r11, xmm*, flags   caller-saved: not touched/saved
 *
 * The switch "returns" with `jmp *%r8`, not `ret`. The return address it
 * pops belongs to another fiber (another call site) than the `call` that
 * entered it, so `ret` would be predicted from the return stack buffer and
 * mispredicted on every switch; the indirect jump is predicted from branch
 * history instead, and learns ping-pong patterns. For that to pay off, the
 * scheduler makes the switch a tail call (fibers::Yield() ends with it), so
 * the pairs of call/ret around it stay balanced.
 *   trampoline: r12 = entry function, r13 = its argument (from the frame)
 *
 * Stack at the moment of the switch (layout defined in fibers/context.h):
 *
 *        high  | caller's frame            |
 *              | return rip                |  +48  HCALL_FIBERS_FRAME_RET
 *              | rbp                       |  +40
 *              | rbx                       |  +32
 *              | r12                       |  +24
 *              | r13                       |  +16
 *              | r14                       |  +8
 *   *save_sp ->| r15                       |  +0
 *
 * A new fiber's frame (InitialFrame()) has rip = hcall_fibers_trampoline,
 * r12/r13 = entry/arg and the stack top 16-byte aligned right above it, so
 * that `call` in the trampoline leaves the entry with rsp % 16 == 8.
 *
 * NOT saved: MXCSR and the x87 control word (shared by all fibers), the
 * signal mask, fs base (TLS: the scheduler sets it with hc_tls_set before
 * the switch). See fibers/context.h.
 */
#include "fibers/context.h"

/* The push order below produces exactly this layout. */
.if HCALL_FIBERS_FRAME_R15 != 0 || HCALL_FIBERS_FRAME_R14 != 8 || HCALL_FIBERS_FRAME_R13 != 16 || HCALL_FIBERS_FRAME_R12 != 24 || HCALL_FIBERS_FRAME_RBX != 32 || HCALL_FIBERS_FRAME_RBP != 40 || HCALL_FIBERS_FRAME_RET != 48 || HCALL_FIBERS_FRAME_SIZE != 56
.error "switch frame layout in fibers/context.h does not match the pushes"
.endif

	.text
	.p2align 4
	.globl	hcall_fibers_switch
	.hidden	hcall_fibers_switch
	.type	hcall_fibers_switch, @function
hcall_fibers_switch:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	popq	%r8			/* return address of the resumed context */
	jmp	*%r8
	.size	hcall_fibers_switch, .-hcall_fibers_switch

	.p2align 4
	.globl	hcall_fibers_trampoline
	.hidden	hcall_fibers_trampoline
	.type	hcall_fibers_trampoline, @function
hcall_fibers_trampoline:
	movq	%r13, %rdi
	callq	*%r12
	ud2				/* the entry function must not return */
	.size	hcall_fibers_trampoline, .-hcall_fibers_trampoline

	.section .note.GNU-stack, "", @progbits
