// launcher/testdata/env_image.cc -- prints its whole environment, one
// "env: K=V" line per variable, then "ENV END" (the launcher's own
// HCALL_* variables are taken out by the entry code before main).
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  for (char** env = boot->envp; *env != nullptr; ++env) {
    hc_image::print("env: ");
    hc_image::print(*env);
    hc_image::print("\n");
  }
  hc_image::print("ENV END\n");
  return 0;
}
