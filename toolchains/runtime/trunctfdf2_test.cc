// toolchains/runtime/trunctfdf2_test.cc -- hcall's binary128 -> double
// conversion (trunctfdf2.c, built here as hc_trunctfdf2_under_test) against
// libgcc's __trunctfdf2, which GCC calls for a `(double)` of a long double
// on aarch64 (no binary128 hardware). Every edge class in a deterministic
// sweep, then a few million pseudo-random bit patterns; each result is
// compared bit for bit (NaN payloads and the signs of zeros included).
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <string>

#include "gtest/gtest.h"

extern "C" double hc_trunctfdf2_under_test(long double x);

namespace {

struct Quad {
  uint64_t hi;  // sign, 15 exponent bits, the top 48 fraction bits
  uint64_t lo;  // the low 64 fraction bits
};

long double FromQuad(Quad q) {
  static_assert(sizeof(long double) == 16, "binary128");
  uint64_t words[2] = {q.lo, q.hi};
  long double x;
  memcpy(&x, words, sizeof x);
  return x;
}

uint64_t Bits(double d) {
  uint64_t b;
  memcpy(&b, &d, sizeof b);
  return b;
}

// libgcc's conversion: the volatile keeps GCC from folding it at compile
// time, so the cast is a call to libgcc's __trunctfdf2.
uint64_t Reference(long double x) {
  volatile long double v = x;
  return Bits(static_cast<double>(v));
}

uint64_t UnderTest(long double x) { return Bits(hc_trunctfdf2_under_test(x)); }

Quad MakeQuad(uint64_t sign, uint64_t exp, uint64_t frac_hi, uint64_t lo) {
  return {(sign << 63) | ((exp & 0x7fff) << 48) |
              (frac_hi & ((uint64_t{1} << 48) - 1)),
          lo};
}

std::string Hex(uint64_t v) {
  char text[17];
  snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
  return text;
}

// Counts the mismatches and reports the first few.
class Checker {
 public:
  void Check(Quad q) {
    ++checked_;
    const long double x = FromQuad(q);
    const uint64_t want = Reference(x);
    const uint64_t got = UnderTest(x);
    if (want == got) return;
    if (++mismatches_ <= 10) {
      ADD_FAILURE() << "binary128 0x" << Hex(q.hi) << "_" << Hex(q.lo)
                    << ": libgcc 0x" << Hex(want) << ", hcall 0x" << Hex(got);
    }
  }
  uint64_t checked() const { return checked_; }
  uint64_t mismatches() const { return mismatches_; }

 private:
  uint64_t checked_ = 0;
  uint64_t mismatches_ = 0;
};

// splitmix64: a fixed seed, so every run checks the same patterns.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }
  // Uniform enough in [lo, hi] for a test.
  uint64_t Between(uint64_t lo, uint64_t hi) {
    return lo + Next() % (hi - lo + 1);
  }

 private:
  uint64_t state_;
};

// The binary128 exponent of a double's biased exponent (dexp): the
// result's binade, dexp <= 0 the subnormals, dexp >= 0x7ff overflow.
constexpr uint64_t kQuadOfDoubleExp0 = 16383 - 1023;

// Fraction bits (113-bit significand, leading 1 at bit 112) whose bits
// below (cut) form one of the rounding situations at that cut: exactly
// half, a hair under or over, nothing, everything.
Quad WithLowBits(uint64_t sign, uint64_t exp, uint64_t frac_hi,
                 uint64_t frac_lo, unsigned cut, int pattern) {
  // The 112-bit fraction as two words, bits below cut replaced.
  unsigned __int128 frac =
      (static_cast<unsigned __int128>(frac_hi & ((uint64_t{1} << 48) - 1))
       << 64) |
      frac_lo;
  const unsigned __int128 one = 1;
  const unsigned __int128 below =
      cut >= 112 ? ~(unsigned __int128)0 >> 16 : (one << cut) - 1;
  frac &= ~below;
  const unsigned __int128 half = cut == 0 ? 0 : one << (cut - 1);
  switch (pattern) {
    case 0:  // exactly half an ulp
      frac |= half;
      break;
    case 1:  // just under half
      frac |= (half - 1) & below;
      break;
    case 2:  // just over half
      frac |= (half + 1) & below;
      break;
    case 3:  // nothing below
      break;
    default:  // everything below
      frac |= below;
      break;
  }
  return MakeQuad(sign, exp, static_cast<uint64_t>(frac >> 64),
                  static_cast<uint64_t>(frac));
}

TEST(Trunctfdf2, SpecialValues) {
  Checker c;
  for (uint64_t sign = 0; sign < 2; ++sign) {
    c.Check(MakeQuad(sign, 0, 0, 0));  // zero
    c.Check(MakeQuad(sign, 0, 0, 1));  // smallest subnormal
    c.Check(MakeQuad(sign, 0, ~uint64_t{0}, ~uint64_t{0}));  // largest one
    c.Check(MakeQuad(sign, 1, 0, 0));                        // smallest normal
    c.Check(MakeQuad(sign, 0x7ffe, ~uint64_t{0}, ~uint64_t{0}));  // largest
    c.Check(MakeQuad(sign, 0x7fff, 0, 0));                        // infinity
    // NaNs: quiet and signalling, payloads in the top bits, in the bits
    // a double drops, and both.
    const uint64_t quiet = uint64_t{1} << 47;
    for (uint64_t frac_hi :
         {quiet, quiet | 1, quiet | 0x123456789ab, uint64_t{1},
          uint64_t{0x800000000000} - 1, uint64_t{0}, uint64_t{0xabcdef}}) {
      for (uint64_t lo : {uint64_t{0}, uint64_t{1}, uint64_t{1} << 59,
                          uint64_t{1} << 60, ~uint64_t{0}}) {
        if (frac_hi == 0 && lo == 0) continue;  // that is infinity
        c.Check(MakeQuad(sign, 0x7fff, frac_hi, lo));
      }
    }
  }
  EXPECT_EQ(c.mismatches(), 0u) << "of " << c.checked();
}

// Every binade a double result can land in, from far below its smallest
// subnormal to past overflow, with each rounding situation at the bit
// where that binade rounds: ties to even, to odd, carries into the next
// binade, from the subnormals into the normals and from DBL_MAX to
// infinity.
TEST(Trunctfdf2, EveryBinadeAndRoundingCase) {
  Checker c;
  Random r(1);
  for (int64_t dexp = -70; dexp <= 0x7ff + 2; ++dexp) {
    const uint64_t exp = kQuadOfDoubleExp0 + dexp;
    // Where the double's last kept bit lies: bit 60 of the fraction for a
    // normal result, one higher per binade below the smallest normal.
    const int64_t cut64 = dexp >= 1 ? 60 : 61 - dexp;
    const unsigned cut = cut64 > 112 ? 112 : static_cast<unsigned>(cut64);
    for (uint64_t sign = 0; sign < 2; ++sign) {
      for (int pattern = 0; pattern < 5; ++pattern) {
        // Kept bits all ones (carry through), all zeros, odd, even, random.
        for (uint64_t fill :
             {~uint64_t{0}, uint64_t{0}, uint64_t{0x5555555555555555},
              uint64_t{0xaaaaaaaaaaaaaaaa}, r.Next()}) {
          c.Check(WithLowBits(sign, exp, fill, fill, cut, pattern));
        }
      }
    }
  }
  EXPECT_EQ(c.mismatches(), 0u) << "of " << c.checked();
  EXPECT_GT(c.checked(), 40000u);
}

TEST(Trunctfdf2, RandomPatterns) {
  Checker c;
  Random r(0x68636c6c);  // "hcll"
  constexpr int kEach = 1 << 20;
  // Any 128 bits: mostly zeros and infinities, and NaNs.
  for (int i = 0; i < kEach; ++i) c.Check({r.Next(), r.Next()});
  // Exponents where the result is neither zero nor infinity, and a little
  // past either end.
  for (int i = 0; i < kEach; ++i) {
    const uint64_t exp =
        r.Between(kQuadOfDoubleExp0 - 60, kQuadOfDoubleExp0 + 0x800);
    c.Check(MakeQuad(r.Next() & 1, exp, r.Next(), r.Next()));
  }
  // The same with the dropped bits in a rounding situation at a random cut.
  for (int i = 0; i < kEach; ++i) {
    const uint64_t exp =
        r.Between(kQuadOfDoubleExp0 - 60, kQuadOfDoubleExp0 + 0x800);
    const unsigned cut = static_cast<unsigned>(r.Between(1, 112));
    c.Check(WithLowBits(r.Next() & 1, exp, r.Next(), r.Next(), cut,
                        static_cast<int>(r.Between(0, 4))));
  }
  // NaNs with random payloads.
  for (int i = 0; i < kEach; ++i) {
    const Quad q = MakeQuad(r.Next() & 1, 0x7fff, r.Next(), r.Next());
    if ((q.hi & ((uint64_t{1} << 48) - 1)) == 0 && q.lo == 0) continue;
    c.Check(q);
  }
  EXPECT_EQ(c.mismatches(), 0u) << "of " << c.checked();
  EXPECT_GT(c.checked(), 4000000u);
}

}  // namespace
