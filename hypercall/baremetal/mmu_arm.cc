// hypercall/baremetal/mmu_arm.cc -- AArch32 (Cortex-A15 on QEMU virt): no
// page tables yet. The MMU stays off, so every page is readable, writable
// and executable (Device memory), hc_page_protect() returns HC_ENOTSUP
// (memory.cc) and fibers run without a guard page. What is here is the
// fault decoding for trap.cc.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace hc_bm {

const bool kMmuEnforces = false;

hc_status_t mmu_init(const RamRange&) { return HC_OK; }

void mmu_protect(uintptr_t, size_t, uint32_t) {}

namespace {

constexpr uint32_t kPsrThumb = 1u << 5;
constexpr uint32_t kFsrWrite = 1u << 11;  // WnR (short and long formats)

// Fault status (FS[4] at bit 10, FS[3:0]; short-descriptor format).
const char* fault_kind(const char* abort, uintptr_t fsr) {
  const uint32_t fs = ((fsr >> 6) & 0x10u) | (fsr & 0xfu);
  switch (fs) {
    case 0x01:
      return "alignment fault";
    case 0x05:
    case 0x07:
      return "translation fault";
    case 0x0d:
    case 0x0f:
      return "permission fault";
    default:
      return abort;
  }
}

}  // namespace

// arm: (vector) 1 undef, 3 prefetch abort, 4 data abort (others are not
// faults); (a) the exception LR; (b), (c): for an undef SPSR and 0, for a
// prefetch abort IFSR and IFAR, for a data abort DFSR and DFAR.
bool fault_decode(uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c,
                  FaultReport* report) {
  switch (vector) {
    case 1:  // LR = the next instruction
      report->kind = "undefined instruction";
      report->access = "execute";
      report->pc = a - ((b & kPsrThumb) != 0 ? 2 : 4);
      report->address = report->pc;
      return true;
    case 3:  // LR = the instruction + 4
      report->kind = fault_kind("prefetch abort", b);
      report->access = "execute";
      report->pc = a - 4;
      report->address = c;
      return true;
    case 4:  // LR = the instruction + 8
      report->kind = fault_kind("data abort", b);
      report->access = (b & kFsrWrite) != 0 ? "write" : "read";
      report->pc = a - 8;
      report->address = c;
      return true;
    default:
      return false;
  }
}

}  // namespace hc_bm
