// launcher/testdata/victim_x32.cc -- makes an x32 system call (getpid with
// the x32 bit, 0x40000000 | 39) from an x86_64 image (see victim.h). The
// filter only knows x86_64 calls: strict mode must kill the image, audit
// mode deny it with EPERM and name it. On other CPUs there is no x32: the
// image says so and exits 0.
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
#if defined(__x86_64__)
  constexpr long kX32Bit = 0x40000000;
  return hcall_victim::Run("x32", [] {
    return hc_linux::syscall0(kX32Bit | hcall_victim::kNr.getpid);
  });
#else
  hcall_victim::Print("VICTIM x32: no x32 ABI on this CPU\n");
  return 0;
#endif
}
