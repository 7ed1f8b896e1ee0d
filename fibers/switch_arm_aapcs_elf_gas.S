/*
 * fibers/switch_arm_aapcs_elf_gas.S -- fiber context switch, 32-bit arm,
 * AAPCS with the VFP hard-float variant (arm-linux-gnueabihf).
 *
 *   void hcall_fibers_switch(void** save_sp, void* load_sp);
 *   void hcall_fibers_trampoline(void);   (entered by a return, never called)
 *
 * Instruction set: this file is assembled as ARM (.arm) and works with
 * callers in either state: a `bl` from Thumb code to these %function
 * symbols is turned into `blx` by the linker, and every return goes through
 * an interworking `pop {..., pc}` / `blx`, so bit 0 of the saved return
 * address picks the state (ARMv5T and later). Debian's armhf compiler emits
 * Thumb-2 by default; both states are tested.
 *
 * Register map
 *   r0    save_sp: where the running context's stack pointer is stored
 *   r1    load_sp: stack pointer of the context to resume
 *   r2    scratch (caller-saved)
 *   r4-r11, lr, d8-d15   callee-saved: pushed, then popped from the new
 *         stack; the pop into pc returns into the resumed context
 *   r12   pushed and popped only as padding (8-byte stack alignment)
 *   r0-r3, d0-d7, d16-d31, FPSCR   not saved
 *   trampoline: r4 = entry function, r5 = its argument (from the frame)
 *
 * Stack at the moment of the switch (layout defined in fibers/context.h):
 *
 *        high  | caller's frame            |  (sp at the call, 8-aligned)
 *              | lr (return address)       |  +100 HCALL_FIBERS_FRAME_LR
 *              | r12 (padding)             |  +96
 *              | r11                       |  +92
 *              | r10 .. r5                 |  +68 .. +88
 *              | r4                        |  +64
 *              | d15 .. d9                 |  +8 .. +56
 *   *save_sp ->| d8                        |  +0
 *
 * A new fiber's frame (InitialFrame()) has lr = hcall_fibers_trampoline
 * (bit 0 as the linker set it), r4/r5 = entry/arg, r7 = r11 = 0, and the
 * 8-aligned stack top right above.
 *
 * NOT saved: FPSCR (shared by all fibers), TPIDRURO (TLS: the scheduler
 * sets it with hc_tls_set before the switch), the signal mask.
 * See fibers/context.h.
 */
#include "fibers/context.h"

/* `push {r4-r12, lr}` then `vpush {d8-d15}` produce exactly this layout. */
.if HCALL_FIBERS_FRAME_D8 != 0 || HCALL_FIBERS_FRAME_R4 != 64 || HCALL_FIBERS_FRAME_R5 != 68 || HCALL_FIBERS_FRAME_R7 != 76 || HCALL_FIBERS_FRAME_R11 != 92 || HCALL_FIBERS_FRAME_R12 != 96 || HCALL_FIBERS_FRAME_LR != 100 || HCALL_FIBERS_FRAME_SIZE != 104
.error "switch frame layout in fibers/context.h does not match the pushes"
.endif

	.syntax	unified
	.arm
	.text
	.p2align 2
	.globl	hcall_fibers_switch
	.hidden	hcall_fibers_switch
	.type	hcall_fibers_switch, %function
hcall_fibers_switch:
	push	{r4-r12, lr}
	vpush	{d8-d15}
	mov	r2, sp
	str	r2, [r0]
	mov	sp, r1
	vpop	{d8-d15}
	pop	{r4-r12, pc}		/* interworking return */
	.size	hcall_fibers_switch, .-hcall_fibers_switch

	.p2align 2
	.globl	hcall_fibers_trampoline
	.hidden	hcall_fibers_trampoline
	.type	hcall_fibers_trampoline, %function
hcall_fibers_trampoline:
	mov	r0, r5
	blx	r4			/* interworking call */
	udf	#0			/* the entry function must not return */
	.size	hcall_fibers_trampoline, .-hcall_fibers_trampoline

	.section .note.GNU-stack, "", %progbits
