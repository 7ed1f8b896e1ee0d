// launcher/testdata/victim_mmap_wx.cc -- maps writable and executable
// memory: mmap(0, 4096, PROT_READ|PROT_WRITE|PROT_EXEC,
// MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) (mmap2 on arm) (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("mmap_wx", [] {
    return hc_linux::syscall6(hcall_victim::kNr.mmap, 0, 4096, 7, 0x22, -1, 0);
  });
}
