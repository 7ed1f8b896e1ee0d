// hypercall/baremetal/mmio.h -- volatile device register access and the
// memory barriers the virtio rings need. Per-CPU details are in
// cpu_<arch>.h (included through cpu.h).
#ifndef HCALL_HYPERCALL_BAREMETAL_MMIO_H_
#define HCALL_HYPERCALL_BAREMETAL_MMIO_H_

#include <stdint.h>

#include "hypercall/baremetal/cpu.h"

namespace hc_bm {

inline uint32_t mmio_read32(uintptr_t addr) {
  return *reinterpret_cast<volatile uint32_t*>(addr);
}
inline void mmio_write32(uintptr_t addr, uint32_t value) {
  *reinterpret_cast<volatile uint32_t*>(addr) = value;
}
inline uint16_t mmio_read16(uintptr_t addr) {
  return *reinterpret_cast<volatile uint16_t*>(addr);
}
inline void mmio_write16(uintptr_t addr, uint16_t value) {
  *reinterpret_cast<volatile uint16_t*>(addr) = value;
}
inline uint8_t mmio_read8(uintptr_t addr) {
  return *reinterpret_cast<volatile uint8_t*>(addr);
}
inline void mmio_write8(uintptr_t addr, uint8_t value) {
  *reinterpret_cast<volatile uint8_t*>(addr) = value;
}

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_MMIO_H_
