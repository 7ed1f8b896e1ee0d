// hypercall/baremetal/cpu_x86_64.h -- x86_64 (long mode, ring 0)
// primitives. Include cpu.h, not this file.
#ifndef HCALL_HYPERCALL_BAREMETAL_CPU_X86_64_H_
#define HCALL_HYPERCALL_BAREMETAL_CPU_X86_64_H_

#include <stdint.h>

namespace hc_bm {

inline void memory_barrier() { __asm__ volatile("mfence" ::: "memory"); }

inline void outb(uint16_t port, uint8_t v) {
  __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}
inline void outw(uint16_t port, uint16_t v) {
  __asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}
inline void outl(uint16_t port, uint32_t v) {
  __asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}
inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}
inline uint64_t rdtsc() {
  uint32_t lo, hi;
  __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi)::"memory");
  return (uint64_t{hi} << 32) | lo;
}
// Enables interrupts for exactly one HLT ("sti" delays them by one
// instruction, so an interrupt pending before it still ends the HLT).
inline void halt_until_interrupt() {
  __asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
}

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_CPU_X86_64_H_
