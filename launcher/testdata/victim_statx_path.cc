// launcher/testdata/victim_statx_path.cc -- asks for the metadata of a host
// path through the console's descriptor: statx(1, "/etc", AT_EMPTY_PATH,
// STATX_TYPE, buf). An absolute path ignores the descriptor, so this would
// tell the image whether a host path exists (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("statx_path", [] {
    alignas(8) static unsigned char buf[256];
    return hc_linux::syscall5(hc_linux::nr::kStatx, 1,
                              reinterpret_cast<long>("/etc"), 0x1000, 1,
                              reinterpret_cast<long>(buf));
  });
}
