// launcher/testdata/sleeper.cc -- prints "SLEEPING", then sleeps 30 s on
// the monotonic clock, for --timeout and signal tests; prints "SLEPT" if it
// is ever allowed to finish.
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  hc_image::print("SLEEPING\n");
  const struct hc_timespec t = {30, 0};
  hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &t);
  hc_image::print("SLEPT\n");
  return 0;
}
