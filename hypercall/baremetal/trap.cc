// hypercall/baremetal/trap.cc -- what happens on a CPU exception: the
// vectors in start_<arch>_*.S (Arm) or the IDT stubs (x86_64) call
// hc_bm_cpu_exception(). A fault (page fault, data or prefetch abort,
// undefined instruction; decoded by fault_decode() in mmu_<arch>.cc)
// prints one line
//   hcall: fault: <kind>, <read|write|execute> at 0x<address>, pc 0x<pc>
// and ends the image with kFaultStatus (126). Any other exception prints
// "hcall: unexpected CPU exception V (...)" and ends it with the abort
// status. Nothing is recovered.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"

// (vector): the vector number (x86_64: 0..31; aarch64: 0..15 = entry of
// the vector table; arm: 1..7 = undef, svc, prefetch abort, data abort,
// unused, irq, fiq). (a), (b), (c): aarch64 ESR_EL1, ELR_EL1, FAR_EL1;
// arm: the exception LR, the fault status register (DFSR or IFSR), the
// fault address register (DFAR or IFAR); x86_64: error code, RIP, CR2.
extern "C" __attribute__((noreturn, visibility("hidden"))) void
hc_bm_cpu_exception(uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c) {
  hc_bm::FaultReport fault;
  if (hc_bm::fault_decode(vector, a, b, c, &fault)) {
    hc_bm::console_puts("\nhcall: fault: ");
    hc_bm::console_puts(fault.kind);
    hc_bm::console_puts(", ");
    hc_bm::console_puts(fault.access);
    hc_bm::console_puts(" at ");
    hc_bm::console_put_hex(fault.address);
    hc_bm::console_puts(", pc ");
    hc_bm::console_put_hex(fault.pc);
    hc_bm::console_puts("\n");
    hc_bm::machine_exit(hc_bm::kFaultStatus);
  }
  hc_bm::console_puts("\nhcall: unexpected CPU exception ");
  hc_bm::console_put_dec(vector);
  hc_bm::console_puts(" (");
  hc_bm::console_put_hex(a);
  hc_bm::console_puts(" ");
  hc_bm::console_put_hex(b);
  hc_bm::console_puts(" ");
  hc_bm::console_put_hex(c);
  hc_bm::console_puts(")\n");
  hc_bm::machine_exit(hc_bm::kAbortStatus);
}
