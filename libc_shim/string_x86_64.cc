// libc_shim/string_x86_64.cc -- strlen, strchr, strrchr, memchr on x86_64.
//
// AVX2 (string_avx2_x86_64.cc: 32-byte blocks) when CPUID.7:EBX.AVX2,
// CPUID.1:ECX.AVX and OSXSAVE say so and XCR0 has the SSE and AVX state
// enabled (checked once, on the first call). Else SSE2, which every x86_64
// CPU has: aligned 16-byte loads, pcmpeqb and pmovmskb give one mask bit
// per byte; the unrolled loop folds four blocks (64 aligned bytes) with
// pminub before one compare. The algorithms are internal/scan.h's (why the
// aligned loads never fault is written there).
#include <emmintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "hcl/string.h"
#include "libc_shim/internal/scan.h"
#include "libc_shim/internal/scan_avx2.h"

namespace hcall::libc {
namespace {

// 0: not checked yet, 1: no AVX2, 2: AVX2.
int g_avx2 = 0;

bool has_avx2() {
  if (g_avx2 == 0) {
    uint32_t a = 0, b, c = 0, d;
    __asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    bool ok = a >= 7;
    if (ok) {
      a = 1;
      c = 0;
      __asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
      ok = (c & (1u << 28)) != 0 && (c & (1u << 27)) != 0;
    }
    if (ok) {
      a = 7;
      c = 0;
      __asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
      ok = (b & (1u << 5)) != 0;
    }
    if (ok) {
      uint32_t lo, hi;
      __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
      ok = (lo & 6u) == 6u;
    }
    g_avx2 = ok ? 2 : 1;
  }
  return g_avx2 == 2;
}

struct Sse2 {
  static constexpr size_t kBlock = 16;
  static constexpr size_t kGroup = 64;
  static constexpr unsigned kStrideShift = 0;
  using Mask = uint32_t;
  using Pattern = __m128i;

  HCL_SCAN_NO_ASAN static Pattern splat(unsigned char c) {
    return _mm_set1_epi8(static_cast<char>(c));
  }
  HCL_SCAN_NO_ASAN static __m128i load(const unsigned char* p) {
    return _mm_load_si128(reinterpret_cast<const __m128i*>(p));
  }
  HCL_SCAN_NO_ASAN static Mask mask_of_zeros(__m128i v) {
    return static_cast<Mask>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())));
  }
  // Zero where a byte is 0 or (c), non-zero elsewhere.
  HCL_SCAN_NO_ASAN static __m128i zero_or_equal(__m128i v, Pattern c) {
    return _mm_min_epu8(_mm_xor_si128(v, c), v);
  }
  HCL_SCAN_NO_ASAN static __m128i min4(__m128i a, __m128i b, __m128i c,
                                       __m128i d) {
    return _mm_min_epu8(_mm_min_epu8(a, b), _mm_min_epu8(c, d));
  }

  HCL_SCAN_NO_ASAN static Mask zeros(const unsigned char* p) {
    return mask_of_zeros(load(p));
  }
  HCL_SCAN_NO_ASAN static Mask equal(const unsigned char* p, Pattern c) {
    return static_cast<Mask>(_mm_movemask_epi8(_mm_cmpeq_epi8(load(p), c)));
  }
  HCL_SCAN_NO_ASAN static Mask zeros_or_equal(const unsigned char* p,
                                              Pattern c) {
    return mask_of_zeros(zero_or_equal(load(p), c));
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero(const unsigned char* p) {
    return mask_of_zeros(
               min4(load(p), load(p + 16), load(p + 32), load(p + 48))) != 0;
  }
  HCL_SCAN_NO_ASAN static bool group_has_equal(const unsigned char* p,
                                               Pattern c) {
    return mask_of_zeros(min4(_mm_xor_si128(load(p), c),
                              _mm_xor_si128(load(p + 16), c),
                              _mm_xor_si128(load(p + 32), c),
                              _mm_xor_si128(load(p + 48), c))) != 0;
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero_or_equal(const unsigned char* p,
                                                       Pattern c) {
    return mask_of_zeros(min4(zero_or_equal(load(p), c),
                              zero_or_equal(load(p + 16), c),
                              zero_or_equal(load(p + 32), c),
                              zero_or_equal(load(p + 48), c))) != 0;
  }
};

}  // namespace
}  // namespace hcall::libc

using hcall::libc::has_avx2;
using hcall::libc::Sse2;

extern "C" HCL_SCAN_NO_ASAN size_t hcl_strlen(const char* s) {
  if (has_avx2()) return hcall::libc::strlen_avx2(s);
  return hcall::libc::scan::strlen<Sse2>(s);
}

extern "C" HCL_SCAN_NO_ASAN char* hcl_strchr(const char* s, int c) {
  if (has_avx2()) return hcall::libc::strchr_avx2(s, c);
  return hcall::libc::scan::strchr<Sse2>(s, c);
}

extern "C" HCL_SCAN_NO_ASAN char* hcl_strrchr(const char* s, int c) {
  if (has_avx2()) return hcall::libc::strrchr_avx2(s, c);
  return hcall::libc::scan::strrchr<Sse2>(s, c);
}

extern "C" HCL_SCAN_NO_ASAN void* hcl_memchr(const void* s, int c, size_t n) {
  if (has_avx2()) return hcall::libc::memchr_avx2(s, c, n);
  return hcall::libc::scan::memchr<Sse2>(s, c, n);
}
