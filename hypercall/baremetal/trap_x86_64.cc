// hypercall/baremetal/trap_x86_64.cc -- the interrupt descriptor table:
// vectors 0..31 (CPU exceptions) go to the stubs of
// start_x86_64_sysv_elf_gas.S, which call hc_bm_cpu_exception (trap.cc);
// kTimerVector is the LAPIC timer wake-up (an EOI and nothing else);
// kSpuriousVector the LAPIC spurious vector. Other vectors are not
// present: raising one faults (#NP) and ends the image.
//
// Exceptions run on their own stack (IST1 of a 64-bit TSS): a fault on a
// fiber's guard page or the boot stack's must not push its frame onto
// the page that faulted (that would be a double, then a triple fault and a
// silent reset). trap_init therefore loads a GDT in .data (the CPU writes
// the TSS busy bit into it; the boot GDT is in read-only .rodata) with the
// same code and data selectors as _start's, plus the TSS.
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
constexpr uint16_t kTssSelector = 0x18;
constexpr uint8_t kExceptionIst = 1;

struct __attribute__((packed)) Tss {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3;
  uint16_t iomap_base;
};
static_assert(sizeof(Tss) == 104, "the 64-bit TSS is 104 bytes");

struct __attribute__((packed)) GdtPointer {
  uint16_t limit;
  uint64_t base;
};

Tss g_tss;
alignas(16) uint8_t g_exception_stack[16 * 1024];
// null, 64-bit code (0x08), data (0x10), TSS (0x18, two slots). Accessed
// bits preset, so that loading a selector does not write the table.
alignas(16) uint64_t g_gdt[5] = {0, 0x00af9b000000ffff, 0x00cf93000000ffff, 0,
                                 0};

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

void set_gate(unsigned vector, uint64_t handler, uint8_t ist) {
  IdtEntry& e = g_idt[vector];
  e.offset_low = static_cast<uint16_t>(handler);
  e.selector = kKernelCode;
  e.ist = ist;
  e.type = kInterruptGate;
  e.offset_mid = static_cast<uint16_t>(handler >> 16);
  e.offset_high = static_cast<uint32_t>(handler >> 32);
  e.reserved = 0;
}

void load_tss() {
  g_tss.ist[kExceptionIst - 1] =
      reinterpret_cast<uintptr_t>(g_exception_stack + sizeof g_exception_stack);
  g_tss.iomap_base = sizeof(Tss);  // no I/O permission bitmap
  const uint64_t base = reinterpret_cast<uintptr_t>(&g_tss);
  const uint64_t limit = sizeof(Tss) - 1;
  g_gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
             (uint64_t{0x89} << 40) |  // present, 64-bit TSS (available)
             ((limit >> 16) << 48) | (((base >> 24) & 0xff) << 56);
  g_gdt[4] = base >> 32;
  const GdtPointer gdtr = {sizeof(g_gdt) - 1,
                           reinterpret_cast<uintptr_t>(g_gdt)};
  __asm__ volatile("lgdt %0" ::"m"(gdtr) : "memory");
  __asm__ volatile("ltr %w0" ::"r"(kTssSelector) : "memory");
}

}  // namespace

void trap_init() {
  load_tss();
  for (unsigned v = 0; v < 32; ++v) {
    set_gate(v, hc_bm_exception_stubs[v], kExceptionIst);
  }
  set_gate(kTimerVector, reinterpret_cast<uintptr_t>(&hc_bm_timer_irq), 0);
  set_gate(kSpuriousVector, reinterpret_cast<uintptr_t>(&hc_bm_spurious_irq),
           0);
  const IdtPointer idtr = {sizeof(g_idt) - 1,
                           reinterpret_cast<uintptr_t>(g_idt)};
  __asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}

}  // namespace hc_bm
