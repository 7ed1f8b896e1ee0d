// launcher/testdata/victim_sigsys.cc -- sends itself SIGSYS with kill(2)
// (see victim.h). Natively kill is forbidden (the filter kills the image
// and hcall names kill). Under qemu-user, kill of its own pid is allowed:
// QEMU passes the signal to the guest, whose default action ends QEMU
// with SIGSYS, the signal a seccomp kill ends it with.
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("sigsys", [] {
    const long pid = hc_linux::syscall0(hcall_victim::kNr.getpid);
    return hc_linux::syscall2(hcall_victim::kNr.kill, pid, 31);
  });
}
