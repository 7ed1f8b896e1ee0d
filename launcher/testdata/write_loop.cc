// launcher/testdata/write_loop.cc -- times hc_write of one byte to the
// first grant (handle 3), as //bench:sandbox_bench runs it under each
// sandbox mode, natively and under qemu-user.
//   write_loop N   N writes, then prints "write_loop N=<N> ns=<total>" and
//                  exits 0 (N = 0: only the line; any write failing: exit 1)
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

int64_t NowNs() {
  hc_timespec ts;
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000 + ts.tv_nsec;
}

uint64_t ParseCount(const char* text) {
  uint64_t n = 0;
  for (; *text >= '0' && *text <= '9'; ++text) {
    n = n * 10 + static_cast<uint64_t>(*text - '0');
  }
  return n;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  if (boot->argc != 2) {
    hc_image::print("usage: write_loop N (grant the target as handle 3)\n");
    return 2;
  }
  const uint64_t count = ParseCount(boot->argv[1]);
  const hc_handle_t h = 3;
  const char byte = 'x';
  const int64_t start = NowNs();
  for (uint64_t i = 0; i < count; ++i) {
    if (hc_write(h, &byte, 1) != 1) return 1;
  }
  const int64_t elapsed = NowNs() - start;
  hc_image::print("write_loop N=");
  hc_image::print_dec(count);
  hc_image::print(" ns=");
  hc_image::print_dec(static_cast<uint64_t>(elapsed));
  hc_image::print("\n");
  return 0;
}
