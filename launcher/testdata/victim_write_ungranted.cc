// launcher/testdata/victim_write_ungranted.cc -- writes to descriptor 9,
// which the launcher never grants in the tests (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  static const char kText[] = "x";
  return hcall_victim::Run("write_ungranted", [] {
    return hc_linux::syscall3(hcall_victim::kNr.write, 9,
                              reinterpret_cast<long>(kText), 1);
  });
}
