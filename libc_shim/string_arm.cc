// libc_shim/string_arm.cc -- strlen, strchr, strrchr, memchr on 32-bit arm.
//
// A word at a time: the armhf toolchain targets ARMv7-A with VFPv3-D16 and
// no NEON (neither does __ARM_NEON hold, nor may an image assume it on a
// Linux arm host), so a block is one aligned 32-bit word and its mask the
// top bit of each zero byte, exactly (no borrow between bytes: the bytes
// are tested with their low seven bits added to 0x7f, which cannot carry
// out of a byte). The unrolled loop tests two words (8 aligned bytes) with
// the cheaper borrow form, which is exact as a yes/no answer. The
// algorithms are internal/scan.h's (why the aligned loads never fault is
// written there).
#include <stddef.h>
#include <stdint.h>

#include "hcl/string.h"
#include "libc_shim/internal/scan.h"

namespace hcall::libc {
namespace {

// An aligned word of string bytes (char data read through another type).
typedef uint32_t Word __attribute__((may_alias));

constexpr uint32_t kOnes = 0x01010101u;
constexpr uint32_t kLows = 0x7f7f7f7fu;
constexpr uint32_t kHighs = 0x80808080u;

struct Words {
  static constexpr size_t kBlock = 4;
  static constexpr size_t kGroup = 8;
  static constexpr unsigned kStrideShift = 3;
  using Mask = uint32_t;
  using Pattern = uint32_t;

  HCL_SCAN_NO_ASAN static Pattern splat(unsigned char c) { return kOnes * c; }
  HCL_SCAN_NO_ASAN static uint32_t load(const unsigned char* p) {
    return *static_cast<const Word*>(__builtin_assume_aligned(p, 4));
  }
  // The top bit of each zero byte of (w), and no other bit.
  HCL_SCAN_NO_ASAN static Mask exact_zeros(uint32_t w) {
    return ~(((w & kLows) + kLows) | w | kLows);
  }
  // Non-zero iff (w) has a zero byte.
  HCL_SCAN_NO_ASAN static bool has_zero(uint32_t w) {
    return ((w - kOnes) & ~w & kHighs) != 0;
  }

  HCL_SCAN_NO_ASAN static Mask zeros(const unsigned char* p) {
    return exact_zeros(load(p));
  }
  HCL_SCAN_NO_ASAN static Mask equal(const unsigned char* p, Pattern c) {
    return exact_zeros(load(p) ^ c);
  }
  HCL_SCAN_NO_ASAN static Mask zeros_or_equal(const unsigned char* p,
                                              Pattern c) {
    const uint32_t w = load(p);
    return exact_zeros(w) | exact_zeros(w ^ c);
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero(const unsigned char* p) {
    return has_zero(load(p)) || has_zero(load(p + 4));
  }
  HCL_SCAN_NO_ASAN static bool group_has_equal(const unsigned char* p,
                                               Pattern c) {
    return has_zero(load(p) ^ c) || has_zero(load(p + 4) ^ c);
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero_or_equal(const unsigned char* p,
                                                       Pattern c) {
    const uint32_t a = load(p);
    const uint32_t b = load(p + 4);
    return has_zero(a) || has_zero(a ^ c) || has_zero(b) || has_zero(b ^ c);
  }
};

}  // namespace
}  // namespace hcall::libc

using hcall::libc::Words;

extern "C" HCL_SCAN_NO_ASAN size_t hcl_strlen(const char* s) {
  return hcall::libc::scan::strlen<Words>(s);
}

extern "C" HCL_SCAN_NO_ASAN char* hcl_strchr(const char* s, int c) {
  return hcall::libc::scan::strchr<Words>(s, c);
}

extern "C" HCL_SCAN_NO_ASAN char* hcl_strrchr(const char* s, int c) {
  return hcall::libc::scan::strrchr<Words>(s, c);
}

extern "C" HCL_SCAN_NO_ASAN void* hcl_memchr(const void* s, int c, size_t n) {
  return hcall::libc::scan::memchr<Words>(s, c, n);
}
