// Tests of format/digits.h on every platform (GoogleTest on Linux, hctest
// on bare metal): golden strings at the boundaries, every base, minimum
// digit counts, and a sweep checking DivMod10 by its definition (q * 10 +
// r == v, r < 10) and Decimal by parsing its output back.
#include "format/digits.h"

#include <stddef.h>
#include <stdint.h>

#include "test/harness/hctest.h"
#include "test/harness/splitmix.h"

namespace {

using hcall::format::Decimal;
using hcall::format::DivMod10;
using hcall::format::Hex;
using hcall::format::kDigitsBufferSize;
using hcall::format::Signed;
using hcall::format::Unsigned;

// The text a call wrote, checked against its returned length.
struct Out {
  char text[kDigitsBufferSize + 8];
  size_t len;
};

size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

TEST(Digits, DecimalBoundaries) {
  Out o{};
  o.len = Decimal(0, o.text);
  EXPECT_STREQ(o.text, "0");
  EXPECT_EQ(o.len, 1u);
  o.len = Decimal(9, o.text);
  EXPECT_STREQ(o.text, "9");
  o.len = Decimal(10, o.text);
  EXPECT_STREQ(o.text, "10");
  o.len = Decimal(UINT32_MAX, o.text);
  EXPECT_STREQ(o.text, "4294967295");
  o.len = Decimal(uint64_t{UINT32_MAX} + 1, o.text);
  EXPECT_STREQ(o.text, "4294967296");
  o.len = Decimal(10000000000000000000ull, o.text);
  EXPECT_STREQ(o.text, "10000000000000000000");
  o.len = Decimal(UINT64_MAX, o.text);
  EXPECT_STREQ(o.text, "18446744073709551615");
  EXPECT_EQ(o.len, 20u);
}

TEST(Digits, SignedBoundaries) {
  Out o{};
  o.len = Signed(0, o.text);
  EXPECT_STREQ(o.text, "0");
  o.len = Signed(-1, o.text);
  EXPECT_STREQ(o.text, "-1");
  EXPECT_EQ(o.len, 2u);
  o.len = Signed(INT64_MAX, o.text);
  EXPECT_STREQ(o.text, "9223372036854775807");
  o.len = Signed(INT64_MIN, o.text);
  EXPECT_STREQ(o.text, "-9223372036854775808");
  EXPECT_EQ(o.len, 20u);
  o.len = Signed(INT32_MIN, o.text);
  EXPECT_STREQ(o.text, "-2147483648");
}

TEST(Digits, HexAndOctal) {
  Out o{};
  o.len = Hex(0, o.text);
  EXPECT_STREQ(o.text, "0");
  o.len = Hex(0xdeadbeef, o.text);
  EXPECT_STREQ(o.text, "deadbeef");
  o.len = Hex(UINT64_MAX, o.text);
  EXPECT_STREQ(o.text, "ffffffffffffffff");
  EXPECT_EQ(o.len, 16u);
  o.len = Unsigned(0xabcdef0123ull, 16, o.text, 1, true);
  EXPECT_STREQ(o.text, "ABCDEF0123");
  o.len = Unsigned(8, 8, o.text);
  EXPECT_STREQ(o.text, "10");
  o.len = Unsigned(UINT64_MAX, 8, o.text);
  EXPECT_STREQ(o.text, "1777777777777777777777");
  EXPECT_EQ(o.len, 22u);
  // Any other base is decimal.
  o.len = Unsigned(255, 7, o.text);
  EXPECT_STREQ(o.text, "255");
}

TEST(Digits, MinimumDigits) {
  Out o{};
  o.len = Unsigned(5, 10, o.text, 3);
  EXPECT_STREQ(o.text, "005");
  o.len = Unsigned(12345, 10, o.text, 3);
  EXPECT_STREQ(o.text, "12345");
  o.len = Hex(0x1f, o.text, 16);
  EXPECT_STREQ(o.text, "000000000000001f");
  o.len = Unsigned(0, 10, o.text, 9);
  EXPECT_STREQ(o.text, "000000000");
  // Zero digits asked: zero writes nothing, others as usual.
  o.len = Unsigned(0, 10, o.text, 0);
  EXPECT_STREQ(o.text, "");
  EXPECT_EQ(o.len, 0u);
  o.len = Unsigned(7, 16, o.text, 0);
  EXPECT_STREQ(o.text, "7");
  // Clamped to kMaxDigits, within the buffer.
  o.len = Unsigned(1, 10, o.text, 1000);
  EXPECT_EQ(o.len, hcall::format::kMaxDigits);
  EXPECT_EQ(Length(o.text), hcall::format::kMaxDigits);
  EXPECT_EQ(o.text[o.len - 1], '1');
  EXPECT_EQ(o.text[0], '0');
}

// q * 10 + r == v and r < 10 determine v / 10 and v % 10.
void CheckDivMod10(uint64_t v) {
  unsigned r = 99;
  const uint64_t q = DivMod10(v, &r);
  EXPECT_LT(r, 10u) << "v = " << v;
  EXPECT_EQ(q * 10 + r, v) << "v = " << v;
  EXPECT_LE(q, UINT64_MAX / 8) << "v = " << v;  // no wrap-around
}

uint64_t ParseDecimal(const char* s) {
  uint64_t v = 0;
  for (; *s != '\0'; ++s) v = v * 10 + static_cast<uint64_t>(*s - '0');
  return v;
}

TEST(Digits, DivMod10Sweep) {
  for (uint64_t v = 0; v < 100000; ++v) CheckDivMod10(v);
  uint64_t p = 1;
  for (int i = 0; i < 20; ++i) {
    for (uint64_t d = 0; d < 3; ++d) {
      CheckDivMod10(p + d);
      CheckDivMod10(p - d);
      CheckDivMod10(p * 3 - d);
    }
    if (i < 19) p *= 10;
  }
  for (int shift = 0; shift < 64; ++shift) {
    const uint64_t b = uint64_t{1} << shift;
    CheckDivMod10(b);
    CheckDivMod10(b - 1);
    CheckDivMod10(b + 1);
    CheckDivMod10(~b);
  }
  CheckDivMod10(UINT64_MAX);
  CheckDivMod10(UINT64_MAX - 9);
}

TEST(Digits, RandomRoundTrip) {
  hcall::testing::SplitMix64 rng{20};
  Out o{};
  for (int i = 0; i < 20000; ++i) {
    // Every magnitude: shift a random value right by 0..63.
    const uint64_t v = rng.Next() >> rng.Below(64);
    CheckDivMod10(v);
    o.len = Decimal(v, o.text);
    ASSERT_EQ(o.len, Length(o.text)) << "v = " << v;
    ASSERT_EQ(ParseDecimal(o.text), v) << "text " << o.text;
    ASSERT_TRUE(o.text[0] != '0' || v == 0) << "text " << o.text;
  }
}

}  // namespace
