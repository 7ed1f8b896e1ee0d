// launcher/testdata/victim_ptrace.cc -- asks to be traced
// (ptrace(PTRACE_TRACEME)) (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("ptrace", [] {
    return hc_linux::syscall4(hcall_victim::kNr.ptrace, 0, 0, 0, 0);
  });
}
