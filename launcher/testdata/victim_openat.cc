// launcher/testdata/victim_openat.cc -- opens a host path by itself
// (openat(AT_FDCWD, "/etc/hostname", O_RDONLY)) (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  static const char kPath[] = "/etc/hostname";
  return hcall_victim::Run("openat", [] {
    return hc_linux::syscall4(hcall_victim::kNr.openat, -100,
                              reinterpret_cast<long>(kPath), 0, 0);
  });
}
