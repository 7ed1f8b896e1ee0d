// hypercall/baremetal/trap_x86_64.h -- interrupt vectors and the LAPIC
// address shared by trap_x86_64.cc, clock_x86_64.cc and
// start_x86_64_sysv_elf_gas.S (which repeats kLapicEoi as LAPIC_EOI; keep
// them equal).
#ifndef HCALL_HYPERCALL_BAREMETAL_TRAP_X86_64_H_
#define HCALL_HYPERCALL_BAREMETAL_TRAP_X86_64_H_

#include <stdint.h>

namespace hc_bm {

constexpr unsigned kTimerVector = 0x40;
constexpr unsigned kSpuriousVector = 0xff;
constexpr uintptr_t kLapicBase = 0xfee00000;
constexpr uintptr_t kLapicEoi = kLapicBase + 0x0b0;

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_TRAP_X86_64_H_
