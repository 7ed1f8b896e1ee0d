// Differential tests of the strto* family against glibc: value, errno and
// end pointer for edge cases (overflow at every width, bases 0/2/8/10/16/36,
// white space, signs, prefixes) and random strings.
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hcl/errno.h"
#include "hcl/stdlib.h"
#include "libc_shim/internal/test_init.h"

namespace {

template <typename T>
void Check(const std::string& s, int base, T (*ours)(const char*, char**, int),
           T (*theirs)(const char*, char**, int), const char* name) {
  char* end_ours = nullptr;
  char* end_theirs = nullptr;
  hcl_errno = 0;
  errno = 0;
  const T a = ours(s.c_str(), &end_ours, base);
  const int ea = hcl_errno;
  const T b = theirs(s.c_str(), &end_theirs, base);
  const int eb = errno;
  ASSERT_EQ(a, b) << name << "(\"" << s << "\", " << base << ")";
  ASSERT_EQ(ea, eb) << name << "(\"" << s << "\", " << base << ") errno";
  // glibc leaves the end pointer alone for an invalid base.
  if (base == 0 || (base >= 2 && base <= 36)) {
    ASSERT_EQ(end_ours - s.c_str(), end_theirs - s.c_str())
        << name << "(\"" << s << "\", " << base << ") end";
  }
}

void CheckAll(const std::string& s, int base) {
  Check<long>(s, base, hcl_strtol, strtol, "strtol");
  Check<unsigned long>(s, base, hcl_strtoul, strtoul, "strtoul");
  Check<long long>(s, base, hcl_strtoll, strtoll, "strtoll");
  Check<unsigned long long>(s, base, hcl_strtoull, strtoull, "strtoull");
}

const std::vector<std::string>& EdgeStrings() {
  static const std::vector<std::string> v = {
      "",
      " ",
      "0",
      "-0",
      "+0",
      "1",
      "-1",
      "+1",
      "  \t\n\v\f\r42xyz",
      "- 1",
      "+-1",
      "--1",
      "0x",
      "0X",
      "0x1f",
      "0XfF",
      "-0x10",
      "0xg",
      "0x 1",
      "00",
      "08",
      "0777",
      "-0777",
      "0b101",
      "1010",
      "z",
      "Z",
      "zz",
      "-zZ",
      "10",
      "2147483647",
      "2147483648",
      "-2147483648",
      "-2147483649",
      "4294967295",
      "4294967296",
      "-4294967295",
      "-4294967296",
      "9223372036854775807",
      "9223372036854775808",
      "-9223372036854775808",
      "-9223372036854775809",
      "18446744073709551615",
      "18446744073709551616",
      "-18446744073709551615",
      "-18446744073709551616",
      "99999999999999999999999999999999",
      "-99999999999999999999999999999",
      "0x7fffffff",
      "0x80000000",
      "0xffffffff",
      "0x100000000",
      "0x7fffffffffffffff",
      "0x8000000000000000",
      "0xffffffffffffffff",
      "0x10000000000000000",
      "-0x8000000000000000",
      "-0x8000000000000001",
      "1111111111111111111111111111111111111111111111111111111111111111",
      "10000000000000000000000000000000000000000000000000000000000000000",
      "3w5e11264sgsf",
      "3w5e11264sgsg",
      "1y2p0ij32e8e7",
      "1y2p0ij32e8e8",
      "zik0zj",
      "zik0zk",
      "12abc",
      "\x80"
      "1",
      "1\x80",
      "+",
      "-",
      "0x+1",
      "000000000000000000000000000000000000000000000000000000000001",
  };
  return v;
}

TEST(Strtol, EdgeCasesEveryBase) {
  for (const std::string& s : EdgeStrings()) {
    for (int base : {0, 2, 8, 10, 16, 36, 3, 7, 35}) CheckAll(s, base);
  }
}

TEST(Strtol, InvalidBases) {
  for (int base : {-1, 1, 37, 100, INT_MIN}) {
    char* end = nullptr;
    hcl_errno = 0;
    EXPECT_EQ(hcl_strtol("123", &end, base), 0);
    EXPECT_EQ(hcl_errno, HCL_EINVAL);
    CheckAll("123", base);  // value and errno as glibc
  }
}

TEST(Strtol, RandomStrings) {
  std::mt19937 rng(5);
  const std::string alphabet = "0123456789abcdefxXzZ+- \t";
  for (int iter = 0; iter < 50000; ++iter) {
    std::string s;
    const size_t n = rng() % 24;
    for (size_t i = 0; i < n; ++i) s += alphabet[rng() % alphabet.size()];
    int base = static_cast<int>(rng() % 38) - 1;
    if (base < 0 || base == 1 || rng() % 3 == 0) base = rng() % 2 ? 0 : 16;
    CheckAll(s, base);
    if (HasFatalFailure()) return;
  }
}

TEST(Strtol, Atoi) {
  for (const char* s : {"0", "42", "-42", "  +7x", "2147483647", "abc", ""}) {
    EXPECT_EQ(hcl_atoi(s), atoi(s)) << s;
    EXPECT_EQ(hcl_atol(s), atol(s)) << s;
    EXPECT_EQ(hcl_atoll(s), atoll(s)) << s;
  }
}

TEST(Strtol, NullEndPointerIsAllowed) {
  EXPECT_EQ(hcl_strtoul("77", nullptr, 8), 63u);
}

}  // namespace
