// launcher/testdata/victim_devtty.cc -- opens the controlling terminal,
// /dev/tty, and pushes a character into its input queue through it
// (TIOCSTI). The image runs in a session of its own with no controlling
// terminal, so the open fails (ENXIO) even without a filter; natively the
// filter forbids openat, under qemu-user the image's root has no /dev.
// Returns the open's error, or the ioctl's result if it opened.
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("devtty", [] {
    constexpr long kAtFdcwd = -100;
    constexpr long kTiocsti = 0x5412;  // the same on x86_64, aarch64, arm
    static const char kPath[] = "/dev/tty";
    static const char kTyped = 'x';
    const long fd = hc_linux::syscall4(hcall_victim::kNr.openat, kAtFdcwd,
                                       reinterpret_cast<long>(kPath), 0, 0);
    if (fd < 0) return fd;
    return hc_linux::syscall3(hc_linux::nr::kIoctl, fd, kTiocsti,
                              reinterpret_cast<long>(&kTyped));
  });
}
