// launcher/testdata/victim_arch_prctl.cc -- sets the gs base
// (arch_prctl(ARCH_SET_GS)). The filter allows arch_prctl for the fs base
// only (ARCH_SET_FS: hc_tls_set, the thread pointer of thread-local
// variables), so this must die on an x86_64 host. Other CPUs have no
// arch_prctl: there the victim makes no call and continues, as a guest
// under qemu-user would (ENOSYS).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info*) {
  return hcall_victim::Run("arch_prctl", []() -> long {
#if defined(__x86_64__)
    constexpr long kArchPrctl = 158;
    constexpr long kArchSetGs = 0x1001;
    return hc_linux::syscall2(kArchPrctl, kArchSetGs, 0);
#else
    return -38;  // ENOSYS
#endif
  });
}
