// hypercall/baremetal/testdata/sleep_image.cc -- sleeps with
// hc_clock_nanosleep (100 ms, or argv[1] milliseconds) and prints the
// MONOTONIC span it measured. check_baremetal.py timestamps the two lines
// on the host and compares.
//
// Output:
//   hcall-sleep: begin ms=<requested>
//   hcall-sleep: end slept_ns=<MONOTONIC delta> realtime_s=<REALTIME>
//   HCALL-BAREMETAL-SLEEP-OK
// Exit status 0; 1 if a clock call fails or the sleep ended early.
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

int64_t parse_ms(const char* text) {
  int64_t v = 0;
  for (; *text >= '0' && *text <= '9'; ++text) v = v * 10 + (*text - '0');
  return v;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  using hc_image::print;
  const int64_t ms = boot->argc > 1 ? parse_ms(boot->argv[1]) : 100;
  const hc_timespec span = {ms / 1000, (ms % 1000) * 1000000};
  print("hcall-sleep: begin ms=");
  hc_image::print_int(ms);
  print("\n");
  hc_timespec before, after, wall;
  if (hc_clock_gettime(HC_CLOCK_MONOTONIC, &before) != HC_OK) return 1;
  if (hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &span) != HC_OK) return 1;
  if (hc_clock_gettime(HC_CLOCK_MONOTONIC, &after) != HC_OK) return 1;
  if (hc_clock_gettime(HC_CLOCK_REALTIME, &wall) != HC_OK) return 1;
  const int64_t slept =
      hc_image::timespec_ns(after) - hc_image::timespec_ns(before);
  print("hcall-sleep: end slept_ns=");
  hc_image::print_int(slept);
  print(" realtime_s=");
  hc_image::print_int(wall.tv_sec);
  print("\n");
  if (slept < ms * 1000000) {
    print("hcall-sleep: FAIL: woke early\n");
    return 1;
  }
  print("HCALL-BAREMETAL-SLEEP-OK\n");
  return 0;
}
