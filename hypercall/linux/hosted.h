// hypercall/linux/hosted.h -- starting a Linux backend from a hosted (glibc)
// program: tests and benchmarks. Takes the vDSO address and the page size
// from glibc's copy of the auxiliary vector. Never used by images.
#ifndef HCALL_HYPERCALL_LINUX_HOSTED_H_
#define HCALL_HYPERCALL_LINUX_HOSTED_H_

#include <sys/auxv.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/linux.h"

namespace hc_linux {

enum class Vdso { kUse, kIgnore };

// A configuration as the entry code would build it for this process; with
// Vdso::kIgnore, the vDSO is hidden so that the system call paths run.
inline hc_linux_config hosted_config(Vdso vdso = Vdso::kUse) {
  hc_linux_config config{};
  config.vdso_base = vdso == Vdso::kUse
                         ? static_cast<uintptr_t>(getauxval(AT_SYSINFO_EHDR))
                         : 0;
  config.page_size = getauxval(AT_PAGESZ);
  return config;
}

// hc_linux_init(hosted_config(vdso)).
inline hc_status_t hosted_init(Vdso vdso = Vdso::kUse) {
  const hc_linux_config config = hosted_config(vdso);
  return hc_linux_init(&config);
}

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_HOSTED_H_
