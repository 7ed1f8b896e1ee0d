// hypercall/testdata/hello.cc -- the smallest hcall image: uses nothing but
// hypercall/hypercall.h (no libc at all), writes a greeting to the console
// and exits with status 7. images_test.cc checks both.
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  static const char kGreeting[] = "Hello from hcall\n";
  const hc_ssize_t written =
      hc_write(HC_HANDLE_CONSOLE_OUT, kGreeting, sizeof(kGreeting) - 1);
  return written == static_cast<hc_ssize_t>(sizeof(kGreeting) - 1) ? 7 : 1;
}
