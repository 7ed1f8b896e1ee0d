// launcher/testdata/victim_fsetown.cc -- makes another process the owner of
// its stdout, the first step to signalling it through SIGIO:
// fcntl(1, F_SETOWN, 1) (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("fsetown", [] {
    constexpr long kFSetown = 8;  // the same on x86_64, aarch64, arm
    return hc_linux::syscall3(hc_linux::nr::kFcntl, 1, kFSetown, 1);
  });
}
