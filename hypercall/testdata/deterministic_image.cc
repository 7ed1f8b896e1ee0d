// hypercall/testdata/deterministic_image.cc -- an image for the
// deterministic backend: prints both clocks around a 10 s sleep and 16
// random bytes, then "DETERMINISTIC OK" if the monotonic clock advanced by
// exactly 10 s. Run twice, it must print the same bytes, and return at once.
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

int64_t to_ns(const hc_timespec& ts) {
  return ts.tv_sec * 1000000000 + ts.tv_nsec;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  using hc_image::print;
  using hc_image::print_dec;
  using hc_image::print_time;

  hc_timespec mono0, real0, mono1, real1;
  bool ok = hc_clock_gettime(HC_CLOCK_MONOTONIC, &mono0) == HC_OK &&
            hc_clock_gettime(HC_CLOCK_REALTIME, &real0) == HC_OK;
  print("hcall deterministic image\n");
  print("seed: ");
  print((boot->flags & HC_BOOT_SEED_GIVEN) != 0 ? "given\n" : "default\n");
  print("monotonic before: ");
  print_time(mono0);
  print("\nrealtime before: ");
  print_time(real0);

  const hc_timespec ten_seconds = {10, 0};
  const hc_status_t slept =
      hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &ten_seconds);
  ok = ok && slept == HC_OK &&
       hc_clock_gettime(HC_CLOCK_MONOTONIC, &mono1) == HC_OK &&
       hc_clock_gettime(HC_CLOCK_REALTIME, &real1) == HC_OK;
  print("\nsleep 10 s: status ");
  print(slept == HC_OK ? "0" : "error");
  print("\nmonotonic after: ");
  print_time(mono1);
  print("\nrealtime after: ");
  print_time(real1);
  const int64_t elapsed = to_ns(mono1) - to_ns(mono0);
  print("\nmonotonic elapsed ns: ");
  print_dec(elapsed >= 0 ? static_cast<uint64_t>(elapsed) : 0);
  ok = ok && elapsed == 10000000000LL &&
       to_ns(real1) - to_ns(real0) == 10000000000LL;

  unsigned char random[16];
  size_t got = 0;
  while (got < sizeof(random)) {
    const hc_ssize_t n = hc_getrandom(random + got, sizeof(random) - got);
    if (n <= 0) {
      ok = false;
      break;
    }
    got += static_cast<size_t>(n);
  }
  print("\nrandom: ");
  hc_image::print_hex(random, got);
  print(ok ? "\nDETERMINISTIC OK\n" : "\nDETERMINISTIC FAIL\n");
  return ok ? 0 : 1;
}
