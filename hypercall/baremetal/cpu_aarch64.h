// hypercall/baremetal/cpu_aarch64.h -- AArch64 (EL1) primitives. Include
// cpu.h, not this file.
#ifndef HCALL_HYPERCALL_BAREMETAL_CPU_AARCH64_H_
#define HCALL_HYPERCALL_BAREMETAL_CPU_AARCH64_H_

#include <stdint.h>

namespace hc_bm {

inline void memory_barrier() { __asm__ volatile("dsb sy" ::: "memory"); }

// Generic timer, virtual view (CNTV_*): EL1 may use it without EL2 setup.
inline uint64_t gtimer_frequency() {
  uint64_t v;
  __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
  return v;
}
inline uint64_t gtimer_count() {
  uint64_t v;
  __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
  return v;
}
inline void gtimer_set_compare(uint64_t v) {
  __asm__ volatile("msr cntv_cval_el0, %0" ::"r"(v));
}
inline void gtimer_set_control(uint32_t v) {
  __asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(uint64_t{v}) : "memory");
}
// Waits for an interrupt. PSTATE.I stays set: a pending IRQ wakes the CPU
// without being taken.
inline void wait_for_interrupt() { __asm__ volatile("wfi" ::: "memory"); }

// Arm semihosting call (op) with parameter block (arg): "hlt #0xf000".
inline uintptr_t semihosting_call(uintptr_t op, uintptr_t arg) {
  register uintptr_t x0 __asm__("x0") = op;
  register uintptr_t x1 __asm__("x1") = arg;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
}

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_CPU_AARCH64_H_
