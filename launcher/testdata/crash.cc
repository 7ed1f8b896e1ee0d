// launcher/testdata/crash.cc -- an image that crashes: it stores through
// a null pointer, so the launcher must report SIGSEGV and exit 139.
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  volatile int* volatile nowhere = nullptr;
  *nowhere = boot->argc;
  return 0;
}
