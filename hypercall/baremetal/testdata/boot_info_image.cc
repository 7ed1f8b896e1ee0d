// hypercall/baremetal/testdata/boot_info_image.cc -- prints what the
// bare-metal entry code handed to hc_main() (argv and environ from fw_cfg,
// the manifest's length and first bytes, the seed), then does what
// argv[1] asks:
//   "abort"   hc_abort()           (status 134 on Arm, 127 on x86_64)
//   "trap"    __builtin_trap()     (an undefined or breakpoint instruction:
//                                   the backend reports the fault, status 126)
//   "exit=N"  returns N
//   else      prints HCALL-BAREMETAL-BOOT-INFO-OK and returns 0
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

bool starts_with(const char* s, const char* prefix) {
  while (*prefix != '\0') {
    if (*s++ != *prefix++) return false;
  }
  return true;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  using hc_image::print;
  print("boot-info: argc=");
  hc_image::print_int(boot->argc);
  print("\n");
  for (int i = 0; i < boot->argc; ++i) {
    print("boot-info: argv[");
    hc_image::print_int(i);
    print("]=");
    print(boot->argv[i]);
    print("\n");
  }
  for (char** e = boot->envp; *e != nullptr; ++e) {
    print("boot-info: env ");
    print(*e);
    print("\n");
  }
  print("boot-info: manifest_len=");
  hc_image::print_int(static_cast<int64_t>(boot->manifest_len));
  if (boot->manifest_len >= 4) {
    print(" head=");
    hc_image::print_hex(static_cast<const uint8_t*>(boot->manifest), 4);
  }
  print("\nboot-info: seed_given=");
  hc_image::print_int((boot->flags & HC_BOOT_SEED_GIVEN) != 0);
  print(" seed=");
  hc_image::print_int(static_cast<int64_t>(boot->seed));
  print("\n");
  if (boot->argc > 1) {
    const char* what = boot->argv[1];
    if (starts_with(what, "abort")) hc_abort();
    if (starts_with(what, "trap")) __builtin_trap();
    if (starts_with(what, "exit=")) {
      int status = 0;
      for (const char* p = what + 5; *p >= '0' && *p <= '9'; ++p) {
        status = status * 10 + (*p - '0');
      }
      return status;
    }
  }
  print("HCALL-BAREMETAL-BOOT-INFO-OK\n");
  return 0;
}
