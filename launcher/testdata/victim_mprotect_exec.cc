// launcher/testdata/victim_mprotect_exec.cc -- makes a page executable after
// the image started: hc_page_map(READ|WRITE), then mprotect(READ|EXEC) as
// hc_page_protect would, which is W^X at each instant but lets new code run.
// Strict mode refuses it unless hcall runs with --allow_exec_pages (see
// victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  void* page = nullptr;
  if (hc_page_map(4096, HC_PROT_READ | HC_PROT_WRITE, &page) != HC_OK) {
    hcall_victim::Print("VICTIM mprotect_exec: hc_page_map failed\n");
    return 1;
  }
  // mprotect(page, 4096, PROT_READ|PROT_EXEC), as hc_page_protect makes it.
  return hcall_victim::Run("mprotect_exec", [page] {
    return hc_linux::syscall3(hcall_victim::kNr.mprotect,
                              reinterpret_cast<long>(page), 4096, 5);
  });
}
