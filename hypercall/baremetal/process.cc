// hypercall/baremetal/process.cc -- hc_exit, hc_abort and the backend's
// fatal errors. How the status reaches the host is the machine's
// (process_semihosting.cc, process_debug_exit.cc).
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace hc_bm {

const char* status_name(hc_status_t status) {
  switch (status) {
    case HC_EINVAL:
      return "HC_EINVAL";
    case HC_EBADH:
      return "HC_EBADH";
    case HC_EACCES:
      return "HC_EACCES";
    case HC_ENOMEM:
      return "HC_ENOMEM";
    case HC_EIO:
      return "HC_EIO";
    case HC_ENOSPC:
      return "HC_ENOSPC";
    case HC_ENOTSUP:
      return "HC_ENOTSUP";
    default:
      return "error";
  }
}

[[noreturn]] void fatal(const char* what, hc_status_t status) {
  console_puts("hcall: ");
  console_puts(what);
  if (status < 0) {
    console_puts(": ");
    console_puts(status_name(status));
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
