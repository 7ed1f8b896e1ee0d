// launcher/testdata/victim_tiocsti.cc -- pushes a character into the
// input queue of the terminal on stdin: ioctl(0, TIOCSTI, "x"). Run from a
// shell, the shell would read it as typed after hcall exits (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("tiocsti", [] {
    static const char kTyped = 'x';
    constexpr long kTiocsti = 0x5412;  // the same on x86_64, aarch64, arm
    return hc_linux::syscall3(hc_linux::nr::kIoctl, 0, kTiocsti,
                              reinterpret_cast<long>(&kTyped));
  });
}
