// Differential tests of hcl/string.h against glibc: every function over
// random buffers, lengths and alignments; results (return values and the
// bytes written, guard bytes included) must equal glibc's.
#include "hcl/string.h"

#include <string.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hcl/stdlib.h"
#include "libc_shim/internal/test_init.h"

namespace {

int sign(int v) { return (v > 0) - (v < 0); }

// A buffer with (n) random bytes from a small alphabet (so that matches
// happen) at offset (align) inside a larger random area.
struct Area {
  std::vector<unsigned char> bytes;
  unsigned char* at(size_t off) { return bytes.data() + off; }
};

Area random_area(std::mt19937& rng, size_t n, int alphabet) {
  Area a;
  a.bytes.resize(n);
  for (auto& b : a.bytes) {
    b = static_cast<unsigned char>(alphabet > 0 ? 'a' + rng() % alphabet
                                                : rng() & 0xff);
  }
  return a;
}

size_t random_length(std::mt19937& rng) {
  switch (rng() % 4) {
    case 0:
      return rng() % 17;
    case 1:
      return rng() % 130;
    case 2:
      return rng() % 1100;
    default:
      return rng() % 9000;
  }
}

TEST(Memory, CopyMoveSetEveryAlignmentAndLength) {
  std::mt19937 rng(1);
  for (int iter = 0; iter < 4000; ++iter) {
    const size_t n = random_length(rng);
    const size_t da = rng() % 64, sa = rng() % 64;
    Area src = random_area(rng, n + 128, 0);
    Area want = random_area(rng, n + 128, 0);
    Area got = want;
    memcpy(want.at(da), src.at(sa), n);
    ASSERT_EQ(hcl_memcpy(got.at(da), src.at(sa), n), got.at(da));
    ASSERT_EQ(got.bytes, want.bytes)
        << "memcpy n=" << n << " da=" << da << " sa=" << sa;
    const int c = static_cast<int>(rng() % 512) - 128;
    memset(want.at(da), c, n);
    ASSERT_EQ(hcl_memset(got.at(da), c, n), got.at(da));
    ASSERT_EQ(got.bytes, want.bytes) << "memset n=" << n << " da=" << da;
    // memmove within one buffer, overlapping in both directions.
    Area one = random_area(rng, n + 256, 0);
    Area one_want = one;
    const size_t from = rng() % 128, to = rng() % 128;
    memmove(one_want.at(to), one_want.at(from), n);
    ASSERT_EQ(hcl_memmove(one.at(to), one.at(from), n), one.at(to));
    ASSERT_EQ(one.bytes, one_want.bytes)
        << "memmove n=" << n << " from=" << from << " to=" << to;
  }
}

TEST(Memory, CompareAndChr) {
  std::mt19937 rng(2);
  for (int iter = 0; iter < 20000; ++iter) {
    const size_t n = random_length(rng);
    Area a = random_area(rng, n + 64, 3);
    Area b = a;
    const size_t oa = rng() % 32;
    const size_t ob = oa;  // equal content, then perturb
    if (n > 0 && rng() % 4 != 0) {
      b.bytes[ob + rng() % n] = static_cast<unsigned char>(rng());
    }
    const size_t sb = rng() % 2 ? ob : rng() % 32;
    ASSERT_EQ(sign(hcl_memcmp(a.at(oa), b.at(sb), n)),
              sign(memcmp(a.at(oa), b.at(sb), n)))
        << "memcmp n=" << n;
    const int c =
        'a' + static_cast<int>(rng() % 4) + (rng() % 8 == 0 ? 256 : 0);
    ASSERT_EQ(hcl_memchr(a.at(oa), c, n), memchr(a.at(oa), c, n))
        << "memchr n=" << n;
  }
}

// NUL-terminated random strings over a small alphabet at random offsets.
std::string random_string(std::mt19937& rng, size_t max, int alphabet) {
  const size_t n = rng() % (max + 1);
  std::string s;
  for (size_t i = 0; i < n; ++i) s += static_cast<char>('a' + rng() % alphabet);
  return s;
}

TEST(Strings, DifferentialOverRandomStrings) {
  std::mt19937 rng(3);
  for (int iter = 0; iter < 20000; ++iter) {
    const size_t max = rng() % 2 ? 20 : 300;
    const std::string s1 = random_string(rng, max, 3);
    const std::string s2 = rng() % 3 == 0 ? s1 : random_string(rng, max, 3);
    // Place both at random alignments in buffers with garbage around.
    std::vector<char> b1(s1.size() + 80, 'Z'), b2(s2.size() + 80, 'Y');
    const size_t o1 = rng() % 16, o2 = rng() % 16;
    memcpy(&b1[o1], s1.c_str(), s1.size() + 1);
    memcpy(&b2[o2], s2.c_str(), s2.size() + 1);
    const char* a = &b1[o1];
    const char* b = &b2[o2];
    const size_t n = rng() % (max + 5);
    ASSERT_EQ(hcl_strlen(a), strlen(a));
    ASSERT_EQ(hcl_strnlen(a, n), strnlen(a, n));
    ASSERT_EQ(sign(hcl_strcmp(a, b)), sign(strcmp(a, b)));
    ASSERT_EQ(sign(hcl_strncmp(a, b, n)), sign(strncmp(a, b, n)));
    const int c = rng() % 5 == 0 ? 0 : 'a' + static_cast<int>(rng() % 4);
    ASSERT_EQ(hcl_strchr(a, c), strchr(a, c));
    ASSERT_EQ(hcl_strrchr(a, c), strrchr(a, c));
    const std::string needle = random_string(rng, 3, 3);
    ASSERT_EQ(hcl_strstr(a, needle.c_str()), strstr(a, needle.c_str()))
        << a << " / " << needle;
    const std::string set = random_string(rng, 3, 4);
    ASSERT_EQ(hcl_strspn(a, set.c_str()), strspn(a, set.c_str()));
    ASSERT_EQ(hcl_strcspn(a, set.c_str()), strcspn(a, set.c_str()));

    // Copies into guarded destinations.
    std::vector<char> want(s1.size() + s2.size() + 80, 'G'), got = want;
    ASSERT_EQ(hcl_strcpy(&got[3], a), &got[3]);
    strcpy(&want[3], a);
    ASSERT_EQ(got, want);
    ASSERT_EQ(hcl_strcat(&got[3], b), &got[3]);
    strcat(&want[3], b);
    ASSERT_EQ(got, want);
    const size_t m = rng() % (s1.size() + 10);
    ASSERT_EQ(hcl_strncpy(&got[5], a, m), &got[5]);
    strncpy(&want[5], a, m);
    ASSERT_EQ(got, want) << "strncpy m=" << m;
    // strlcpy: glibc 2.36 lacks it; check against its definition.
    const size_t size = rng() % (s1.size() + 4);
    std::vector<char> l(size + 8, 'L');
    ASSERT_EQ(hcl_strlcpy(l.data(), a, size), s1.size());
    if (size > 0) {
      const size_t k = std::min(s1.size(), size - 1);
      ASSERT_EQ(std::string(l.data(), k), s1.substr(0, k));
      ASSERT_EQ(l[k], '\0');
      ASSERT_EQ(l[size], 'L');
    } else {
      ASSERT_EQ(l[0], 'L');
    }
  }
}

TEST(Strings, DupAndNdup) {
  char* d = hcl_strdup("hello");
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(d, "hello");
  hcl_free(d);
  char* n = hcl_strndup("hello", 3);
  EXPECT_STREQ(n, "hel");
  hcl_free(n);
  n = hcl_strndup("hi", 10);
  EXPECT_STREQ(n, "hi");
  hcl_free(n);
}

TEST(Strings, StrtokRMatchesGlibc) {
  std::mt19937 rng(4);
  for (int iter = 0; iter < 5000; ++iter) {
    std::string s = random_string(rng, 40, 4);
    const std::string delim = random_string(rng, 2, 4);
    std::string t = s;
    char *sa = nullptr, *sb = nullptr;
    char* x = hcl_strtok_r(&s[0], delim.c_str(), &sa);
    char* y = strtok_r(&t[0], delim.c_str(), &sb);
    for (;;) {
      ASSERT_EQ(x == nullptr, y == nullptr);
      if (x == nullptr) break;
      ASSERT_EQ(x - s.data(), y - t.data());
      ASSERT_STREQ(x, y);
      x = hcl_strtok_r(nullptr, delim.c_str(), &sa);
      y = strtok_r(nullptr, delim.c_str(), &sb);
    }
    ASSERT_EQ(s, t);
  }
}

TEST(Strings, Strerror) {
  EXPECT_STREQ(hcl_strerror(22), "Invalid argument");
  EXPECT_STREQ(hcl_strerror(128), "Capability revoked");
  EXPECT_STREQ(hcl_strerror(9999), "Unknown error 9999");
}

}  // namespace
