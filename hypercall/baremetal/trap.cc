// hypercall/baremetal/trap.cc -- what happens on an unexpected CPU
// exception (a fault, an undefined instruction): the vectors in
// start_<arch>_*.S (Arm) or the IDT stubs (x86_64) call
// hc_bm_cpu_exception(), which names the exception and ends the image with
// the abort status. Nothing is recovered.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"

// (vector): the vector number (x86_64: 0..31; aarch64: 0..15 = entry of
// the vector table; arm: 1..7 = undef, svc, prefetch abort, data abort,
// unused, irq, fiq). (a), (b), (c): aarch64 ESR_EL1, ELR_EL1, FAR_EL1;
// arm: the exception LR, DFSR, DFAR; x86_64: error code, RIP, CR2.
extern "C" __attribute__((noreturn, visibility("hidden"))) void
hc_bm_cpu_exception(uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c) {
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
