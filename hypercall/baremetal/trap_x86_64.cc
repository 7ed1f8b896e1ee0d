// hypercall/baremetal/trap_x86_64.cc -- the interrupt descriptor table:
// vectors 0..31 (CPU exceptions) go to the stubs of
// start_x86_64_sysv_elf_gas.S, which call hc_bm_cpu_exception (trap.cc);
// kTimerVector is the LAPIC timer wake-up (an EOI and nothing else);
// kSpuriousVector the LAPIC spurious vector. Other vectors are not
// present: raising one faults (#NP) and ends the image.
#include "hypercall/baremetal/trap_x86_64.h"

#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"

extern "C" {
// start_x86_64_sysv_elf_gas.S
extern const uint64_t hc_bm_exception_stubs[32];
void hc_bm_timer_irq();
void hc_bm_spurious_irq();
}

namespace hc_bm {
namespace {

constexpr uint16_t kKernelCode = 0x08;    // GDT_CODE64 of the boot code
constexpr uint8_t kInterruptGate = 0x8e;  // present, DPL 0, 64-bit gate

struct IdtEntry {
  uint16_t offset_low;
  uint16_t selector;
  uint8_t ist;
  uint8_t type;
  uint16_t offset_mid;
  uint32_t offset_high;
  uint32_t reserved;
};
static_assert(sizeof(IdtEntry) == 16, "IDT entries are 16 bytes");

struct __attribute__((packed)) IdtPointer {
  uint16_t limit;
  uint64_t base;
};

alignas(16) IdtEntry g_idt[256];

void set_gate(unsigned vector, uint64_t handler) {
  IdtEntry& e = g_idt[vector];
  e.offset_low = static_cast<uint16_t>(handler);
  e.selector = kKernelCode;
  e.ist = 0;
  e.type = kInterruptGate;
  e.offset_mid = static_cast<uint16_t>(handler >> 16);
  e.offset_high = static_cast<uint32_t>(handler >> 32);
  e.reserved = 0;
}

}  // namespace

void trap_init() {
  for (unsigned v = 0; v < 32; ++v) set_gate(v, hc_bm_exception_stubs[v]);
  set_gate(kTimerVector, reinterpret_cast<uintptr_t>(&hc_bm_timer_irq));
  set_gate(kSpuriousVector, reinterpret_cast<uintptr_t>(&hc_bm_spurious_irq));
  const IdtPointer idtr = {sizeof(g_idt) - 1,
                           reinterpret_cast<uintptr_t>(g_idt)};
  __asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}

}  // namespace hc_bm
