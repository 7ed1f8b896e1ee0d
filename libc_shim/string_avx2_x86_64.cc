// libc_shim/string_avx2_x86_64.cc -- strlen, strchr, strrchr, memchr on
// x86_64 CPUs with AVX2: internal/scan.h's algorithms over aligned 32-byte
// blocks (vpcmpeqb, vpmovmskb: one mask bit per byte) and 128-byte groups
// folded with vpminub. This file alone is compiled with -mavx2
// (BUILD.bazel, :scan_avx2); string_x86_64.cc calls it only when CPUID and
// XCR0 say the CPU and the OS support AVX2.
#include <immintrin.h>
#include <stddef.h>
#include <stdint.h>

#include "libc_shim/internal/scan.h"
#include "libc_shim/internal/scan_avx2.h"

namespace hcall::libc {
namespace {

struct Avx2 {
  static constexpr size_t kBlock = 32;
  static constexpr size_t kGroup = 128;
  static constexpr unsigned kStrideShift = 0;
  using Mask = uint32_t;
  using Pattern = __m256i;

  HCL_SCAN_NO_ASAN static Pattern splat(unsigned char c) {
    return _mm256_set1_epi8(static_cast<char>(c));
  }
  HCL_SCAN_NO_ASAN static __m256i load(const unsigned char* p) {
    return _mm256_load_si256(reinterpret_cast<const __m256i*>(p));
  }
  HCL_SCAN_NO_ASAN static Mask mask_of_zeros(__m256i v) {
    return static_cast<Mask>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_setzero_si256())));
  }
  // Zero where a byte is 0 or (c), non-zero elsewhere.
  HCL_SCAN_NO_ASAN static __m256i zero_or_equal(__m256i v, Pattern c) {
    return _mm256_min_epu8(_mm256_xor_si256(v, c), v);
  }
  HCL_SCAN_NO_ASAN static __m256i min4(__m256i a, __m256i b, __m256i c,
                                       __m256i d) {
    return _mm256_min_epu8(_mm256_min_epu8(a, b), _mm256_min_epu8(c, d));
  }

  HCL_SCAN_NO_ASAN static Mask zeros(const unsigned char* p) {
    return mask_of_zeros(load(p));
  }
  HCL_SCAN_NO_ASAN static Mask equal(const unsigned char* p, Pattern c) {
    return static_cast<Mask>(
        _mm256_movemask_epi8(_mm256_cmpeq_epi8(load(p), c)));
  }
  HCL_SCAN_NO_ASAN static Mask zeros_or_equal(const unsigned char* p,
                                              Pattern c) {
    return mask_of_zeros(zero_or_equal(load(p), c));
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero(const unsigned char* p) {
    return mask_of_zeros(
               min4(load(p), load(p + 32), load(p + 64), load(p + 96))) != 0;
  }
  HCL_SCAN_NO_ASAN static bool group_has_equal(const unsigned char* p,
                                               Pattern c) {
    return mask_of_zeros(min4(_mm256_xor_si256(load(p), c),
                              _mm256_xor_si256(load(p + 32), c),
                              _mm256_xor_si256(load(p + 64), c),
                              _mm256_xor_si256(load(p + 96), c))) != 0;
  }
  HCL_SCAN_NO_ASAN static bool group_has_zero_or_equal(const unsigned char* p,
                                                       Pattern c) {
    return mask_of_zeros(min4(zero_or_equal(load(p), c),
                              zero_or_equal(load(p + 32), c),
                              zero_or_equal(load(p + 64), c),
                              zero_or_equal(load(p + 96), c))) != 0;
  }
};

}  // namespace

HCL_SCAN_NO_ASAN size_t strlen_avx2(const char* s) {
  return scan::strlen<Avx2>(s);
}
HCL_SCAN_NO_ASAN char* strchr_avx2(const char* s, int c) {
  return scan::strchr<Avx2>(s, c);
}
HCL_SCAN_NO_ASAN char* strrchr_avx2(const char* s, int c) {
  return scan::strrchr<Avx2>(s, c);
}
HCL_SCAN_NO_ASAN void* memchr_avx2(const void* s, int c, size_t n) {
  return scan::memchr<Avx2>(s, c, n);
}

}  // namespace hcall::libc
