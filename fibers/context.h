/*
 * fibers/context.h -- the machine context of a suspended fiber.
 *
 * Shared by the per-architecture switch assembly
 * (switch_<arch>_<abi>_elf_gas.S, which includes this file with __ASSEMBLER__
 * defined) and by C++ (fiber.cc). The layout of the switch frame is defined
 * here once, as numbers the assembly uses and struct SwitchFrame mirrors;
 * static_asserts tie the two together.
 *
 * A suspended fiber is fully described by one word: its saved stack pointer.
 * hcall_fibers_switch() pushes the callee-saved registers of the running
 * fiber onto its own stack (a "switch frame", layout below), stores the stack
 * pointer through (save_sp), loads (load_sp), pops the frame found there and
 * returns into the fiber that frame belongs to.
 *
 * A new fiber is started by building a switch frame by hand on its fresh
 * stack (InitialFrame() below): its return address is
 * hcall_fibers_trampoline, and two callee-saved slots carry an entry function
 * and its argument. The trampoline calls entry(arg) on a correctly aligned
 * stack; entry must never return (the trampoline traps if it does).
 *
 * What IS saved: the registers the platform ABI makes callee-saved and the
 * return address:
 *   x86_64 (SysV):       rbx, rbp, r12-r15, rsp, return rip.
 *   aarch64 (AAPCS64):   x19-x28, x29 (fp), x30 (lr), sp, d8-d15 (the low
 *                        64 bits of v8-v15, all the ABI preserves).
 *   arm (AAPCS, VFP hard-float): r4-r11, lr, sp, d8-d15.
 *
 * What is NOT saved (it is shared by every fiber of the host thread):
 *   - the signal mask and signal alternate stack (no system call is made);
 *   - floating-point control and status state: x87 control word and MXCSR
 *     (x86_64), FPCR/FPSR (aarch64), FPSCR (arm). A fiber that changes the
 *     rounding mode changes it for all fibers;
 *   - the thread pointer / TLS register (fs base, TPIDR_EL0, TPIDRURO): not
 *     by this switch. The scheduler (fiber.cc, SwitchTo) gives every fiber
 *     a TLS block of its own and installs its thread pointer with
 *     hc_tls_set() before each switch, only in images that have
 *     thread-local variables (hc_tls_size() != 0): a register write on
 *     aarch64 and on bare metal, a system call on linux_x86_64
 *     (arch_prctl) and linux_arm (set_tls). In hosted programs (tests,
 *     benchmarks) hc_tls_size() is 0 and every fiber sees the host
 *     thread's TLS;
 *   - caller-saved registers: the compiler already treats them as clobbered
 *     by the call;
 *   - x86_64: AVX upper halves (caller-saved), the CET shadow stack (the
 *     switch is not shadow-stack aware; do not enable SHSTK);
 *   - aarch64: the upper 64 bits of v8-v15, SVE/SME state;
 *   - arm: d16-d31 (caller-saved), the Thumb/ARM state of the caller (the
 *     return address carries it; the switch returns with interworking).
 */
#ifndef HCALL_FIBERS_CONTEXT_H_
#define HCALL_FIBERS_CONTEXT_H_

/* ------------------------------------------------------------------------ */
/* Switch frame layout, per architecture (byte offsets from the saved sp)   */
/* ------------------------------------------------------------------------ */

#if defined(__x86_64__)

/* Built by six pushes (rbp first) under the return address of the call.
 *
 *   saved sp + 56  (caller's frame)
 *            + 48  return rip           <- hcall_fibers_trampoline (new)
 *            + 40  rbp                  <- 0 (new: ends frame-pointer walks)
 *            + 32  rbx
 *            + 24  r12                  <- entry function (new)
 *            + 16  r13                  <- entry argument (new)
 *            +  8  r14
 *   saved sp +  0  r15
 */
#define HCALL_FIBERS_FRAME_R15 0
#define HCALL_FIBERS_FRAME_R14 8
#define HCALL_FIBERS_FRAME_R13 16
#define HCALL_FIBERS_FRAME_R12 24
#define HCALL_FIBERS_FRAME_RBX 32
#define HCALL_FIBERS_FRAME_RBP 40
#define HCALL_FIBERS_FRAME_RET 48
#define HCALL_FIBERS_FRAME_SIZE 56
/* The stack top of a new fiber is aligned to this; the trampoline then calls
 * the entry with the alignment the ABI requires. */
#define HCALL_FIBERS_STACK_ALIGN 16

#elif defined(__aarch64__)

/* Stored with stp into 160 bytes reserved below the caller's sp.
 *
 *   saved sp + 160 (caller's sp, 16-byte aligned)
 *            + 152 x30 (lr)             <- hcall_fibers_trampoline (new)
 *            + 144 x29 (fp)             <- 0 (new)
 *            +  64 x19 .. x28           x19 <- entry function, x20 <- arg
 *   saved sp +   0 d8 .. d15
 */
#define HCALL_FIBERS_FRAME_D8 0
#define HCALL_FIBERS_FRAME_D10 16
#define HCALL_FIBERS_FRAME_D12 32
#define HCALL_FIBERS_FRAME_D14 48
#define HCALL_FIBERS_FRAME_X19 64
#define HCALL_FIBERS_FRAME_X21 80
#define HCALL_FIBERS_FRAME_X23 96
#define HCALL_FIBERS_FRAME_X25 112
#define HCALL_FIBERS_FRAME_X27 128
#define HCALL_FIBERS_FRAME_X29 144
#define HCALL_FIBERS_FRAME_X30 152
#define HCALL_FIBERS_FRAME_SIZE 160
#define HCALL_FIBERS_STACK_ALIGN 16

#elif defined(__arm__)

#if !defined(__ARM_PCS_VFP) || !defined(__ARM_FP)
#error "hcall fibers: arm needs the VFP hard-float ABI (d8-d15 are saved)"
#endif

/* Built by `push {r4-r12, lr}` (r12 is only padding for 8-byte alignment)
 * followed by `vpush {d8-d15}`.
 *
 *   saved sp + 104 (caller's sp, 8-byte aligned)
 *            + 100 lr                   <- hcall_fibers_trampoline (new)
 *            +  96 r12 (padding)
 *            +  92 r11 (fp in ARM code) <- 0 (new)
 *            +  68 r5 .. r10            r5 <- entry argument (new)
 *            +  64 r4                   <- entry function (new)
 *   saved sp +   0 d8 .. d15
 */
#define HCALL_FIBERS_FRAME_D8 0
#define HCALL_FIBERS_FRAME_R4 64
#define HCALL_FIBERS_FRAME_R5 68
#define HCALL_FIBERS_FRAME_R7 76
#define HCALL_FIBERS_FRAME_R11 92
#define HCALL_FIBERS_FRAME_R12 96
#define HCALL_FIBERS_FRAME_LR 100
#define HCALL_FIBERS_FRAME_SIZE 104
#define HCALL_FIBERS_STACK_ALIGN 8

#else
#error "hcall fibers: unsupported CPU (select() should have caught this)"
#endif

#ifndef __ASSEMBLER__

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Saves the running context on the current stack, stores the resulting
 * stack pointer in (*save_sp), switches to the stack (load_sp) (a value
 * previously stored by this function, or built by InitialFrame()) and
 * resumes the context saved there. Returns when some other switch loads the
 * value stored in (*save_sp). (save_sp) may point into the running stack. */
void hcall_fibers_switch(void** save_sp, void* load_sp);

/* First code run by a new fiber; never called directly. Calls the entry
 * function stored in the initial frame with the stored argument, and traps
 * if that function returns. */
void hcall_fibers_trampoline(void);

#ifdef __cplusplus
} /* extern "C" */

namespace hcall::fibers::internal {

// C++ view of one switch frame, lowest address first.
struct SwitchFrame {
#if defined(__x86_64__)
  uint64_t r15, r14, r13, r12, rbx, rbp, ret;
#elif defined(__aarch64__)
  uint64_t d[8];   // d8..d15
  uint64_t x[10];  // x19..x28
  uint64_t x29, x30;
#elif defined(__arm__)
  uint64_t d[8];  // d8..d15
  uint32_t r[8];  // r4..r11
  uint32_t r12, lr;
#endif
};

#if defined(__x86_64__)
static_assert(offsetof(SwitchFrame, r15) == HCALL_FIBERS_FRAME_R15, "frame");
static_assert(offsetof(SwitchFrame, r14) == HCALL_FIBERS_FRAME_R14, "frame");
static_assert(offsetof(SwitchFrame, r13) == HCALL_FIBERS_FRAME_R13, "frame");
static_assert(offsetof(SwitchFrame, r12) == HCALL_FIBERS_FRAME_R12, "frame");
static_assert(offsetof(SwitchFrame, rbx) == HCALL_FIBERS_FRAME_RBX, "frame");
static_assert(offsetof(SwitchFrame, rbp) == HCALL_FIBERS_FRAME_RBP, "frame");
static_assert(offsetof(SwitchFrame, ret) == HCALL_FIBERS_FRAME_RET, "frame");
#elif defined(__aarch64__)
static_assert(offsetof(SwitchFrame, d[0]) == HCALL_FIBERS_FRAME_D8, "frame");
static_assert(offsetof(SwitchFrame, d[2]) == HCALL_FIBERS_FRAME_D10, "frame");
static_assert(offsetof(SwitchFrame, d[4]) == HCALL_FIBERS_FRAME_D12, "frame");
static_assert(offsetof(SwitchFrame, d[6]) == HCALL_FIBERS_FRAME_D14, "frame");
static_assert(offsetof(SwitchFrame, x[0]) == HCALL_FIBERS_FRAME_X19, "frame");
static_assert(offsetof(SwitchFrame, x[2]) == HCALL_FIBERS_FRAME_X21, "frame");
static_assert(offsetof(SwitchFrame, x[4]) == HCALL_FIBERS_FRAME_X23, "frame");
static_assert(offsetof(SwitchFrame, x[6]) == HCALL_FIBERS_FRAME_X25, "frame");
static_assert(offsetof(SwitchFrame, x[8]) == HCALL_FIBERS_FRAME_X27, "frame");
static_assert(offsetof(SwitchFrame, x29) == HCALL_FIBERS_FRAME_X29, "frame");
static_assert(offsetof(SwitchFrame, x30) == HCALL_FIBERS_FRAME_X30, "frame");
#elif defined(__arm__)
static_assert(offsetof(SwitchFrame, d[0]) == HCALL_FIBERS_FRAME_D8, "frame");
static_assert(offsetof(SwitchFrame, r[0]) == HCALL_FIBERS_FRAME_R4, "frame");
static_assert(offsetof(SwitchFrame, r[1]) == HCALL_FIBERS_FRAME_R5, "frame");
static_assert(offsetof(SwitchFrame, r[3]) == HCALL_FIBERS_FRAME_R7, "frame");
static_assert(offsetof(SwitchFrame, r[7]) == HCALL_FIBERS_FRAME_R11, "frame");
static_assert(offsetof(SwitchFrame, r12) == HCALL_FIBERS_FRAME_R12, "frame");
static_assert(offsetof(SwitchFrame, lr) == HCALL_FIBERS_FRAME_LR, "frame");
#endif
static_assert(sizeof(SwitchFrame) == HCALL_FIBERS_FRAME_SIZE, "frame size");
#if !defined(__x86_64__)
// aarch64 and arm keep sp aligned at all times, so the frame must keep it
// aligned; on x86_64 the frame includes the call's return address.
static_assert(HCALL_FIBERS_FRAME_SIZE % HCALL_FIBERS_STACK_ALIGN == 0,
              "a switch frame keeps the stack aligned");
#endif

// The entry function of a new fiber: called once with the argument given to
// InitialFrame(); must not return.
using EntryFn = void (*)(void* arg);

// Builds the switch frame of a new fiber whose stack ends (exclusive) at
// (stack_top), which must be aligned to HCALL_FIBERS_STACK_ALIGN. Returns
// the stack pointer to pass to hcall_fibers_switch() as (load_sp); the first
// switch to it calls entry(arg) with the stack pointer at (stack_top).
inline void* InitialFrame(void* stack_top, EntryFn entry, void* arg) {
  SwitchFrame* f = reinterpret_cast<SwitchFrame*>(
      static_cast<char*>(stack_top) - HCALL_FIBERS_FRAME_SIZE);
  // Zero every slot (a word at a time: no memset in image code), then set
  // the entry registers and the return address.
  uintptr_t* w = reinterpret_cast<uintptr_t*>(f);
  for (size_t i = 0; i < sizeof(SwitchFrame) / sizeof(uintptr_t); ++i) {
    w[i] = 0;
  }
  const uintptr_t fn = reinterpret_cast<uintptr_t>(entry);
  const uintptr_t a = reinterpret_cast<uintptr_t>(arg);
  // On arm, a Thumb function's address has bit 0 set; the switch returns
  // with interworking, so either state works.
  const uintptr_t start = reinterpret_cast<uintptr_t>(&hcall_fibers_trampoline);
#if defined(__x86_64__)
  f->r12 = fn;
  f->r13 = a;
  f->ret = start;
#elif defined(__aarch64__)
  f->x[0] = fn;
  f->x[1] = a;
  f->x30 = start;
#elif defined(__arm__)
  f->r[0] = fn;
  f->r[1] = a;
  f->lr = start;
#endif
  return f;
}

}  // namespace hcall::fibers::internal

#endif /* __cplusplus */
#endif /* !__ASSEMBLER__ */
#endif /* HCALL_FIBERS_CONTEXT_H_ */
