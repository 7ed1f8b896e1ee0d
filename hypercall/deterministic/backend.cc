// hypercall/deterministic/backend.cc -- the deterministic backend: the
// linux backend's common parts (memory, io, process) + the virtual clock +
// the seeded generator.
#include "hypercall/deterministic/deterministic.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux.h"

extern "C" hc_status_t hc_linux_init(const struct hc_linux_config* config) {
  const hc_status_t s = hc_linux::memory_init(config->page_size);
  if (s < 0) return s;
  hc_det::clock_init();
  hc_det::random_init(config->seed_given != 0 ? config->seed
                                              : hc_det::kDefaultSeed);
  return HC_OK;
}
