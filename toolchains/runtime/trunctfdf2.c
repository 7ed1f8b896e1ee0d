/* toolchains/runtime/trunctfdf2.c -- hcall's binary128 -> binary64
 * conversion, `double __trunctfdf2(long double)`, the libgcc routine GCC
 * calls to turn an IEEE binary128 `long double` (aarch64) into a double.
 * Images on a CPU with a binary128 long double link it in place of
 * libgcc's (toolchains/runtime/README.md): newlib's printf converts every
 * `long double` argument (`%Lf`, `%Lg`, ...) to double with it.
 *
 * What it does, on the bits alone (no floating-point instruction):
 * - round to nearest, ties to even, into the normal and the subnormal
 *   range; a result past DBL_MAX after rounding is an infinity;
 * - binary128 subnormals (below 2^-16382) and zeros become a zero of the
 *   same sign;
 * - infinities stay infinities; a NaN stays a NaN, made quiet, whose
 *   payload is the top 51 bits of the binary128 payload (the quiet bit set
 *   over them), as libgcc's does.
 * What it does not: raise floating-point exception flags (inexact,
 *   overflow, underflow, invalid for a signalling NaN). newlib's images
 *   have no <fenv.h> to read them back, and libgcc's flags would be the
 *   only FPSR writes of an image.
 *
 * HC_TRUNCTFDF2 names the function: __trunctfdf2 in images; the
 * differential test compiles this file under another name so that it can
 * call libgcc's beside it. */
#include <stdint.h>

#ifndef HC_TRUNCTFDF2
#define HC_TRUNCTFDF2 __trunctfdf2
#endif

double HC_TRUNCTFDF2(long double x);

_Static_assert(sizeof(long double) == 16 && __LDBL_MANT_DIG__ == 113 &&
                   __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "long double must be a little-endian IEEE binary128");

/* binary128: sign, 15 exponent bits (bias 16383), 112 fraction bits.
 * binary64:  sign, 11 exponent bits (bias 1023), 52 fraction bits. */
enum {
  kQuadBias = 16383,
  kDoubleBias = 1023,
  kDoubleExpMax = 0x7ff,
  kQuadExpMax = 0x7fff,
  /* Fraction bits dropped from a normal double result: 112 - 52. */
  kDropped = 60,
};

/* A 113-bit significand in two words: hi holds bits 64..112. */
struct sig {
  uint64_t hi, lo;
};

/* Bit (k) of (s), k < 128. */
static unsigned bit_at(struct sig s, unsigned k) {
  return (unsigned)((k >= 64 ? s.hi >> (k - 64) : s.lo >> k) & 1);
}

/* Whether any of the bits below (k) of (s) is set, k < 128. */
static int any_below(struct sig s, unsigned k) {
  if (k >= 64) {
    return s.lo != 0 || (s.hi & ((UINT64_C(1) << (k - 64)) - 1)) != 0;
  }
  return (s.lo & ((UINT64_C(1) << k) - 1)) != 0;
}

/* (s) shifted right by (k), 1 <= k < 128. */
static uint64_t shift_right(struct sig s, unsigned k) {
  if (k >= 64) return s.hi >> (k - 64);
  return (s.hi << (64 - k)) | (s.lo >> k);
}

/* Type punning through unions (defined in C), not memcpy: with
 * -ffreestanding that would be a call, and an image without a libc has no
 * memcpy. */
static double from_bits(uint64_t bits) {
  const union {
    uint64_t bits;
    double d;
  } u = {.bits = bits};
  return u.d;
}

double HC_TRUNCTFDF2(long double x) {
  const union {
    long double x;
    uint64_t words[2]; /* little-endian: words[1] is the top */
  } u = {.x = x};
  const uint64_t hi = u.words[1];
  const uint64_t lo = u.words[0];
  const uint64_t sign = hi & (UINT64_C(1) << 63);
  const int exp = (int)((hi >> 48) & kQuadExpMax);
  const uint64_t frac_hi = hi & ((UINT64_C(1) << 48) - 1);

  if (exp == kQuadExpMax) {
    const uint64_t inf = sign | ((uint64_t)kDoubleExpMax << 52);
    if (frac_hi == 0 && lo == 0) return from_bits(inf);
    /* The payload's top 52 bits, then the quiet bit (bit 51) set. */
    const uint64_t top = (frac_hi << (64 - kDropped)) | (lo >> kDropped);
    return from_bits(inf | top | (UINT64_C(1) << 51));
  }

  /* The double's biased exponent, before rounding. */
  const int dexp = exp - kQuadBias + kDoubleBias;
  if (dexp >= kDoubleExpMax)
    return from_bits(sign | ((uint64_t)kDoubleExpMax << 52));

  /* exp == 0 (zero or a binary128 subnormal) lands far below the shifts
   * that leave anything: the result is a zero of the same sign. */
  const struct sig s = {frac_hi | (exp != 0 ? UINT64_C(1) << 48 : 0), lo};

  /* A normal result keeps the leading 1 at bit 52 and adds it to the
   * exponent field (dexp - 1) << 52; a subnormal one (exponent field 0)
   * shifts one more bit out per binade below the smallest normal. Past
   * 114 nothing is left, nor half an ulp: clamp to keep the shifts in
   * range. */
  uint64_t base = 0;
  unsigned shift = kDropped;
  if (dexp >= 1) {
    base = (uint64_t)(dexp - 1) << 52;
  } else {
    const int sub = kDropped + 1 - dexp;
    shift = sub > 114 ? 114 : (unsigned)sub;
  }
  const uint64_t kept = shift_right(s, shift);
  const unsigned half = bit_at(s, shift - 1);
  const int more = any_below(s, shift - 1);
  /* Ties to even; a carry out of the fraction moves to the next binade
   * (or from the subnormals to the normals, or from DBL_MAX to infinity)
   * by itself. */
  const uint64_t round_up = half && (more || (kept & 1));
  return from_bits(sign | (base + kept + round_up));
}
