// hypercall/baremetal/process.cc -- hc_exit, hc_abort and the backend's
// fatal errors. How the status reaches the host is the machine's
// (process_semihosting.cc, process_debug_exit.cc).
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"
#include "hypercall/status_name.h"

namespace hc_bm {

[[noreturn]] void fatal(const char* what, hc_status_t status) {
  console_puts("hcall: ");
  console_puts(what);
  if (status < 0) {
    console_puts(": ");
    console_puts(hcall::StatusName(status));
  }
  console_puts("\n");
  machine_exit(kAbortStatus);
}

}  // namespace hc_bm

extern "C" {

void hc_exit(int32_t status) {
  hc_bm::machine_exit(static_cast<uint32_t>(status) & 255u);
}

void hc_abort(void) {
  hc_bm::console_puts("hcall: abort\n");
  hc_bm::machine_exit(hc_bm::kAbortStatus);
}

}  // extern "C"
