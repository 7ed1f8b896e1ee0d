// hypercall/linux/backend.cc -- the linux backend: common parts (memory, io,
// process) + the kernel's clocks (vDSO or system calls) + the kernel's
// randomness, which needs no state.
#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux.h"

extern "C" hc_status_t hc_linux_init(const struct hc_linux_config* config) {
  const hc_status_t s = hc_linux::memory_init(config->page_size);
  if (s < 0) return s;
  hc_linux::clock_init(config->vdso_base);
  return HC_OK;
}
