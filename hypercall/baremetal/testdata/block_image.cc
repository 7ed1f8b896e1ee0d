// hypercall/baremetal/testdata/block_image.cc -- block device round trip
// on every block handle (3, 4, ... until HC_EBADH): writes a pattern at
// the ranges below, fsyncs, reads everything back and compares; checks the
// edge cases at the end of the device. check_baremetal.py then checks the
// disk files on the host (same ranges, same pattern).
//
// Pattern: the byte at absolute offset o of handle h is
//   (o * 131 + (o >> 9) * 7 + h * 29 + 0x5a) & 0xff
// Ranges (offset, length), all inside a disk of at least 128 KiB:
//   (0, 512)          sector 0, whole
//   (3684, 1000)      unaligned, sectors 7..9 (read-modify-write)
//   (65536, 4608)     whole sectors 128..136, straight to the device
//   (size - 300, 300) the tail of the device
// Output: "hcall-block: handle=H size=S block_size=B ok" per handle and
// HCALL-BAREMETAL-BLOCK-OK; exit status 0, or 1 on the first mismatch.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

constexpr size_t kMaxLen = 8192;
uint8_t g_out[kMaxLen];
uint8_t g_in[kMaxLen];

uint8_t pattern(uint64_t o, hc_handle_t h) {
  return static_cast<uint8_t>(o * 131 + (o >> 9) * 7 +
                              static_cast<uint64_t>(h) * 29 + 0x5a);
}

bool fail(const char* what) {
  hc_image::print("hcall-block: FAIL: ");
  hc_image::print(what);
  hc_image::print("\n");
  return false;
}

bool write_range(hc_handle_t h, uint64_t offset, size_t len) {
  for (size_t i = 0; i < len; ++i) g_out[i] = pattern(offset + i, h);
  size_t done = 0;
  while (done < len) {
    const hc_ssize_t n = hc_pwrite(h, g_out + done, len - done, offset + done);
    if (n <= 0) return fail("hc_pwrite");
    done += static_cast<size_t>(n);
  }
  return true;
}

bool check_range(hc_handle_t h, uint64_t offset, size_t len) {
  for (size_t i = 0; i < len; ++i) g_in[i] = 0;
  size_t done = 0;
  while (done < len) {
    const hc_ssize_t n = hc_pread(h, g_in + done, len - done, offset + done);
    if (n <= 0) return fail("hc_pread");
    done += static_cast<size_t>(n);
  }
  for (size_t i = 0; i < len; ++i) {
    if (g_in[i] != pattern(offset + i, h))
      return fail("data read back differs");
  }
  return true;
}

// (offset, length); a negative offset counts from the end of the device.
// Namespace-scope constants: no aggregate initialisation on the stack,
// which GCC may turn into a memset call at -O0.
constexpr int64_t kRanges[4][2] = {
    {0, 512}, {3684, 1000}, {65536, 4608}, {-300, 300}};

bool round_trip(hc_handle_t h, const struct hc_stat& st) {
  for (const auto& r : kRanges) {
    const uint64_t at = r[0] >= 0 ? static_cast<uint64_t>(r[0])
                                  : st.size - static_cast<uint64_t>(-r[0]);
    if (!write_range(h, at, static_cast<size_t>(r[1]))) return false;
  }
  if (hc_fsync(h) != HC_OK) return fail("hc_fsync");
  for (const auto& r : kRanges) {
    const uint64_t at = r[0] >= 0 ? static_cast<uint64_t>(r[0])
                                  : st.size - static_cast<uint64_t>(-r[0]);
    if (!check_range(h, at, static_cast<size_t>(r[1]))) return false;
  }
  uint8_t byte = 0;
  if (hc_pread(h, &byte, 1, st.size) != 0) return fail("pread at the end");
  if (hc_pwrite(h, &byte, 1, st.size) != HC_ENOSPC) {
    return fail("pwrite at the end is not HC_ENOSPC");
  }
  if (hc_pread(h, g_in, 600, st.size - 100) != 100) {
    return fail("short pread at the end");
  }
  return true;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  using hc_image::print;
  int disks = 0;
  for (hc_handle_t h = 3;; ++h) {
    struct hc_stat st;
    const hc_status_t s = hc_stat(h, &st);
    if (s == HC_EBADH) break;
    if (s != HC_OK || st.kind != HC_KIND_BLOCK) {
      fail("hc_stat");
      return 1;
    }
    print("hcall-block: handle=");
    hc_image::print_int(h);
    print(" size=");
    hc_image::print_int(static_cast<int64_t>(st.size));
    print(" block_size=");
    hc_image::print_int(st.block_size);
    print("\n");
    if (st.size < 131072 || !round_trip(h, st)) return 1;
    print("hcall-block: handle=");
    hc_image::print_int(h);
    print(" ok\n");
    ++disks;
  }
  if (disks == 0) {
    fail("no block device");
    return 1;
  }
  if (hc_fsync(HC_HANDLE_CONSOLE_OUT) != HC_ENOTSUP) {
    fail("hc_fsync of the console");
    return 1;
  }
  print("HCALL-BAREMETAL-BLOCK-OK\n");
  return 0;
}
