// libc_shim/string_aarch64.cc -- strlen, strchr, strrchr, memchr on
// aarch64.
//
// NEON, which every AArch64 CPU has: aligned 16-byte loads and cmeq; shrn
// narrows a compare result to a 64-bit mask with four bits per byte; the
// unrolled loop folds four blocks (64 aligned bytes) with umin before one
// compare. The algorithms are internal/scan.h's (why the aligned loads
// never fault is written there).
#include <arm_neon.h>
#include <stddef.h>
#include <stdint.h>

#include "hcl/string.h"
#include "libc_shim/internal/scan.h"

namespace hcall::libc {
namespace {

struct Neon {
  static constexpr size_t kBlock = 16;
  static constexpr size_t kGroup = 64;
  static constexpr unsigned kStrideShift = 2;
  using Mask = uint64_t;
  using Pattern = uint8x16_t;

  HCL_SCAN_NO_ASAN static Pattern splat(unsigned char c) {
    return vdupq_n_u8(c);
  }
  HCL_SCAN_NO_ASAN static uint8x16_t load(const unsigned char* p) {
    return vld1q_u8(
        static_cast<const unsigned char*>(__builtin_assume_aligned(p, 16)));
  }
  // Four bits per byte of (v), set where the byte is 0xff.
  HCL_SCAN_NO_ASAN static Mask narrow(uint8x16_t v) {
    return vget_lane_u64(
        vreinterpret_u64_u8(vshrn_n_u16(vreinterpretq_u16_u8(v), 4)), 0);
  }
  // Zero where a byte is 0 or (c), non-zero elsewhere.
  HCL_SCAN_NO_ASAN static uint8x16_t zero_or_equal(uint8x16_t v, Pattern c) {
    return vminq_u8(veorq_u8(v, c), v);
  }
  HCL_SCAN_NO_ASAN static bool any_zero(uint8x16_t v) {
    return narrow(vceqzq_u8(v)) != 0;
  }
  HCL_SCAN_NO_ASAN static uint8x16_t min4(uint8x16_t a, uint8x16_t b,
                                          uint8x16_t c, uint8x16_t d) {
    return vminq_u8(vminq_u8(a, b), vminq_u8(c, d));
  }

  HCL_SCAN_NO_ASAN static Mask zeros(const unsigned char* p) {
    return narrow(vceqzq_u8(load(p)));
  }
  HCL_SCAN_NO_ASAN static Mask equal(const unsigned char* p, Pattern c) {
    return narrow(vceqq_u8(load(p), c));
  }
  HCL_SCAN_NO_ASAN static Mask zeros_or_equal(const unsigned char* p,
                                              Pattern c) {
    return narrow(vceqzq_u8(zero_or_equal(load(p), c)));
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero(const unsigned char* p) {
    return any_zero(min4(load(p), load(p + 16), load(p + 32), load(p + 48)));
  }
  HCL_SCAN_NO_ASAN static bool group_has_equal(const unsigned char* p,
                                               Pattern c) {
    return any_zero(min4(veorq_u8(load(p), c), veorq_u8(load(p + 16), c),
                         veorq_u8(load(p + 32), c), veorq_u8(load(p + 48), c)));
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero_or_equal(const unsigned char* p,
                                                       Pattern c) {
    return any_zero(
        min4(zero_or_equal(load(p), c), zero_or_equal(load(p + 16), c),
             zero_or_equal(load(p + 32), c), zero_or_equal(load(p + 48), c)));
  }
};

}  // namespace
}  // namespace hcall::libc

using hcall::libc::Neon;

extern "C" HCL_SCAN_NO_ASAN size_t hcl_strlen(const char* s) {
  return hcall::libc::scan::strlen<Neon>(s);
}

extern "C" HCL_SCAN_NO_ASAN char* hcl_strchr(const char* s, int c) {
  return hcall::libc::scan::strchr<Neon>(s, c);
}

extern "C" HCL_SCAN_NO_ASAN char* hcl_strrchr(const char* s, int c) {
  return hcall::libc::scan::strrchr<Neon>(s, c);
}

extern "C" HCL_SCAN_NO_ASAN void* hcl_memchr(const void* s, int c, size_t n) {
  return hcall::libc::scan::memchr<Neon>(s, c, n);
}
