// launcher/testdata/victim_clone.cc -- forks (clone(SIGCHLD, 0, ...)); a
// child that ever runs exits at once (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("clone", [] {
    const long r = hc_linux::syscall5(hcall_victim::kNr.clone, 17, 0, 0, 0, 0);
    if (r == 0) hc_exit(0);  // the child, if the fork went through
    return r;
  });
}
