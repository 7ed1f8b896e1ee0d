// hypercall/baremetal/testdata/random_image.cc -- two hc_getrandom calls
// of 32 bytes must succeed, differ, and not be all zero.
// Prints both in hex and HCALL-BAREMETAL-RANDOM-OK; exit status 0, or 1.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

constexpr size_t kLen = 32;

bool fill(uint8_t* buf) {
  size_t done = 0;
  while (done < kLen) {
    const hc_ssize_t got = hc_getrandom(buf + done, kLen - done);
    if (got <= 0) return false;
    done += static_cast<size_t>(got);
  }
  return true;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  using hc_image::print;
  uint8_t a[kLen] = {};
  uint8_t b[kLen] = {};
  if (!fill(a) || !fill(b)) {
    print("hcall-random: FAIL: hc_getrandom failed\n");
    return 1;
  }
  bool differ = false;
  bool nonzero = false;
  for (size_t i = 0; i < kLen; ++i) {
    differ = differ || a[i] != b[i];
    nonzero = nonzero || a[i] != 0 || b[i] != 0;
  }
  print("hcall-random: ");
  hc_image::print_hex(a, kLen);
  print(" ");
  hc_image::print_hex(b, kLen);
  print("\n");
  if (!differ || !nonzero) {
    print("hcall-random: FAIL: constant bytes\n");
    return 1;
  }
  print("HCALL-BAREMETAL-RANDOM-OK\n");
  return 0;
}
