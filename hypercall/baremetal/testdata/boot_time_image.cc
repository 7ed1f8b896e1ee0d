// hypercall/baremetal/testdata/boot_time_image.cc -- for the README's boot
// figures: prints MONOTONIC at the start of hc_main. On the bare-metal
// backend MONOTONIC counts from the machine's start (Arm: the generic
// timer's virtual count; x86_64: the TSC, reset to 0 with the CPU), so
// this is the guest's own boot-to-main time, QEMU's start-up excluded.
// Output: "boot-time: main_ns=<n>"; exit status 0.
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  hc_timespec now;
  if (hc_clock_gettime(HC_CLOCK_MONOTONIC, &now) != HC_OK) return 1;
  hc_image::print("boot-time: main_ns=");
  hc_image::print_int(hc_image::timespec_ns(now));
  hc_image::print("\n");
  return 0;
}
