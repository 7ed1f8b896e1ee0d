// hypercall/baremetal/cpu_arm.h -- ARMv7-A (PL1, non-secure) primitives.
// Include cpu.h, not this file. Works in ARM and Thumb-2 state.
#ifndef HCALL_HYPERCALL_BAREMETAL_CPU_ARM_H_
#define HCALL_HYPERCALL_BAREMETAL_CPU_ARM_H_

#include <stdint.h>

namespace hc_bm {

inline void memory_barrier() { __asm__ volatile("dsb sy" ::: "memory"); }

// Generic timer through cp15, virtual view (CNTV_*).
inline uint64_t gtimer_frequency() {
  uint32_t v;
  __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(v));
  return v;
}
inline uint64_t gtimer_count() {
  uint64_t v;
  __asm__ volatile("isb\n\tmrrc p15, 1, %Q0, %R0, c14" : "=r"(v)::"memory");
  return v;
}
inline void gtimer_set_compare(uint64_t v) {
  __asm__ volatile("mcrr p15, 3, %Q0, %R0, c14" ::"r"(v));
}
inline void gtimer_set_control(uint32_t v) {
  __asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb" ::"r"(v) : "memory");
}
// Waits for an interrupt; CPSR.I stays set (see cpu_aarch64.h).
inline void wait_for_interrupt() { __asm__ volatile("wfi" ::: "memory"); }

// Arm semihosting call: "svc 0xab" in Thumb state, "svc 0x123456" in ARM
// state (ARMv7 has no "hlt #0xf000").
inline uintptr_t semihosting_call(uintptr_t op, uintptr_t arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register uintptr_t r1 __asm__("r1") = arg;
#if defined(__thumb__)
  __asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory");
#else
  __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
#endif
  return r0;
}

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_CPU_ARM_H_
