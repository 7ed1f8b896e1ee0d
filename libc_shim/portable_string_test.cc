// Tests of hcl/string.h that run on every platform (GoogleTest on Linux,
// hctest on bare metal): each function against a naive reference loop
// written here, over pseudo-random buffers (splitmix64, fixed seed), every
// length 0..300 and every source and destination alignment 0..15, with
// guard bytes around every destination. No glibc: the references are the
// definitions in C11/POSIX, and they go through volatile pointers so that
// the compiler cannot turn them back into calls of memcpy/memset (which on
// bare metal may be the shim itself).
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdlib.h"
#include "hcl/string.h"
#include "hypercall/hypercall.h"
#include "test/harness/hctest.h"
#include "test/harness/splitmix.h"

namespace {

// splitmix64 (Steele, Lea, Flood 2014).
using Rng = hcall::testing::SplitMix64;

constexpr size_t kMaxLen = 300;
constexpr size_t kGuard = 32;  // bytes checked on each side of a destination
constexpr size_t kAreaSize = kGuard + 16 + kMaxLen + 32 + kGuard;

// Destination areas (what the shim wrote, what the reference wrote) and a
// source area; 64-byte aligned so that offset k has alignment k % 16.
alignas(64) unsigned char g_got[kAreaSize];
alignas(64) unsigned char g_want[kAreaSize];
alignas(64) unsigned char g_src[kAreaSize];

// Fills [0, n) of (a) and (b) with the same random bytes (eight per draw:
// the generator is slow at -O0 on 32-bit CPUs).
void FillSame(Rng& rng, unsigned char* a, unsigned char* b, size_t n) {
  uint64_t bits = 0;
  for (size_t i = 0; i < n; ++i) {
    if ((i & 7) == 0) bits = rng.Next();
    a[i] = b[i] = static_cast<unsigned char>(bits);
    bits >>= 8;
  }
}

void FillRandom(Rng& rng, unsigned char* a, size_t n) {
  FillSame(rng, a, a, n);
}

// The first index in [0, n) where (a) and (b) differ, or -1.
long FirstDifference(const unsigned char* a, const unsigned char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return static_cast<long>(i);
  }
  return -1;
}

int Sign(int v) { return (v > 0) - (v < 0); }

// ---- Reference models (C11 7.24) ------------------------------------------

void RefCopy(void* dst, const void* src, size_t n) {
  volatile unsigned char* d = static_cast<volatile unsigned char*>(dst);
  const volatile unsigned char* s =
      static_cast<const volatile unsigned char*>(src);
  for (size_t i = 0; i < n; ++i) d[i] = s[i];
}

void RefMove(void* dst, const void* src, size_t n) {
  volatile unsigned char* d = static_cast<volatile unsigned char*>(dst);
  const volatile unsigned char* s =
      static_cast<const volatile unsigned char*>(src);
  if (d < s) {
    for (size_t i = 0; i < n; ++i) d[i] = s[i];
  } else {
    for (size_t i = n; i > 0; --i) d[i - 1] = s[i - 1];
  }
}

void RefSet(void* dst, int c, size_t n) {
  volatile unsigned char* d = static_cast<volatile unsigned char*>(dst);
  for (size_t i = 0; i < n; ++i) d[i] = static_cast<unsigned char>(c);
}

int RefMemcmp(const void* a, const void* b, size_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(a);
  const unsigned char* q = static_cast<const unsigned char*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != q[i]) return p[i] < q[i] ? -1 : 1;
  }
  return 0;
}

const void* RefMemchr(const void* s, int c, size_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(s);
  for (size_t i = 0; i < n; ++i) {
    if (p[i] == static_cast<unsigned char>(c)) return p + i;
  }
  return nullptr;
}

size_t RefStrlen(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

size_t RefStrnlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

int RefStrncmp(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const unsigned char x = static_cast<unsigned char>(a[i]);
    const unsigned char y = static_cast<unsigned char>(b[i]);
    if (x != y) return x < y ? -1 : 1;
    if (x == 0) return 0;
  }
  return 0;
}

int RefStrcmp(const char* a, const char* b) {
  return RefStrncmp(a, b, ~size_t{0});
}

const char* RefStrchr(const char* s, int c) {
  for (;; ++s) {
    if (*s == static_cast<char>(c)) return s;
    if (*s == '\0') return nullptr;
  }
}

const char* RefStrrchr(const char* s, int c) {
  const char* found = nullptr;
  for (;; ++s) {
    if (*s == static_cast<char>(c)) found = s;
    if (*s == '\0') return found;
  }
}

const char* RefStrstr(const char* h, const char* n) {
  const size_t hn = RefStrlen(h);
  const size_t nn = RefStrlen(n);
  for (size_t i = 0; i + nn <= hn; ++i) {
    size_t k = 0;
    while (k < nn && h[i + k] == n[k]) ++k;
    if (k == nn) return h + i;
  }
  return nullptr;
}

bool InSet(char c, const char* set) {
  for (; *set != '\0'; ++set) {
    if (*set == c) return true;
  }
  return false;
}

size_t RefStrspn(const char* s, const char* accept) {
  size_t n = 0;
  while (s[n] != '\0' && InSet(s[n], accept)) ++n;
  return n;
}

size_t RefStrcspn(const char* s, const char* reject) {
  size_t n = 0;
  while (s[n] != '\0' && !InSet(s[n], reject)) ++n;
  return n;
}

// strncpy: (n) bytes written, the string then NUL padding.
void RefStrncpy(char* dst, const char* src, size_t n) {
  volatile char* d = dst;
  size_t i = 0;
  for (; i < n && src[i] != '\0'; ++i) d[i] = src[i];
  for (; i < n; ++i) d[i] = '\0';
}

// ---------------------------------------------------------------------------
// mem*: every length 0..300 x every destination alignment x every source
// alignment, with kGuard random bytes around the destination.
// ---------------------------------------------------------------------------

// The source alignments tried for one (length, destination alignment):
// all 16 for the short lengths and those around the shim's internal size
// steps (16, 32, 64, 128 and 256 bytes), else 2 that rotate so that every
// pair occurs over neighbouring lengths.
bool AllSourceAlignments(size_t n) {
  if (n <= 20 || n == kMaxLen) return true;
  for (size_t step = 32; step <= 256; step *= 2) {
    if (n + 1 >= step && n <= step + 1) return true;
  }
  return false;
}

int SourceAlignment(size_t n, size_t da, int k) {
  if (AllSourceAlignments(n)) return k;
  return static_cast<int>((da * 3 + n + static_cast<size_t>(k) * 8) & 15);
}
int SourceAlignmentCount(size_t n) { return AllSourceAlignments(n) ? 16 : 2; }

TEST(PortableMemory, MemcpyEveryLengthAndAlignment) {
  Rng rng{1};
  long cases = 0;
  for (size_t n = 0; n <= kMaxLen; ++n) {
    for (size_t da = 0; da < 16; ++da) {
      for (int k = 0; k < SourceAlignmentCount(n); ++k) {
        const size_t sa = static_cast<size_t>(SourceAlignment(n, da, k));
        const size_t span = kGuard + da + n + kGuard;
        FillSame(rng, g_got, g_want, span);
        FillRandom(rng, g_src + kGuard + sa, n);
        unsigned char* dst = g_got + kGuard + da;
        const unsigned char* src = g_src + kGuard + sa;
        RefCopy(g_want + kGuard + da, src, n);
        ASSERT_EQ(hcl_memcpy(dst, src, n), dst) << "n " << n;
        ASSERT_EQ(FirstDifference(g_got, g_want, span), -1)
            << "memcpy n " << n << " dst align " << da << " src align " << sa;
        ++cases;
      }
    }
    // Nothing written outside the windows either.
    ASSERT_EQ(FirstDifference(g_got, g_want, kAreaSize), -1) << "n " << n;
  }
  EXPECT_GT(cases, 301L * 16 * 2);
}

TEST(PortableMemory, MemsetEveryLengthAndAlignment) {
  Rng rng{2};
  for (size_t n = 0; n <= kMaxLen; ++n) {
    for (size_t da = 0; da < 16; ++da) {
      const size_t span = kGuard + da + n + kGuard;
      FillSame(rng, g_got, g_want, span);
      // Any int: only its low byte counts.
      const int c = static_cast<int>(rng.Below(1024)) - 512;
      unsigned char* dst = g_got + kGuard + da;
      RefSet(g_want + kGuard + da, c, n);
      ASSERT_EQ(hcl_memset(dst, c, n), dst);
      ASSERT_EQ(FirstDifference(g_got, g_want, span), -1)
          << "memset n " << n << " align " << da << " c " << c;
    }
    ASSERT_EQ(FirstDifference(g_got, g_want, kAreaSize), -1) << "n " << n;
  }
}

// memmove inside one buffer: the source (length n, alignment sa) and the
// destination (alignment da) overlap in both directions by 0..n bytes.
TEST(PortableMemory, MemmoveOverlappingEveryLengthAndAlignment) {
  Rng rng{3};
  constexpr size_t kBase = kGuard + 16;
  for (size_t n = 0; n <= kMaxLen; ++n) {
    for (size_t da = 0; da < 16; ++da) {
      for (int k = 0; k < SourceAlignmentCount(n); ++k) {
        const size_t sa = static_cast<size_t>(SourceAlignment(n, da, k));
        // from/to within [kGuard, kGuard + 16 + n + 16): overlap varies
        // with the alignments and the random shift.
        const size_t shift = rng.Below(17);
        const bool forward = (rng.Next() & 1) != 0;
        const size_t from = forward ? kBase - 16 + sa : kBase + shift;
        const size_t to =
            forward ? kBase + da + (shift & ~size_t{15}) : kBase - 16 + da;
        const size_t span = kBase + 32 + n + kGuard;
        FillSame(rng, g_got, g_want, span);
        RefMove(g_want + to, g_want + from, n);
        ASSERT_EQ(hcl_memmove(g_got + to, g_got + from, n), g_got + to);
        ASSERT_EQ(FirstDifference(g_got, g_want, span), -1)
            << "memmove n " << n << " from " << from << " to " << to;
      }
    }
  }
}

TEST(PortableMemory, MemmoveDisjointAndSameBuffer) {
  Rng rng{4};
  for (size_t n = 0; n <= kMaxLen; n += 7) {
    for (size_t da = 0; da < 16; ++da) {
      const size_t sa = (da * 5 + n) & 15;
      const size_t span = kGuard + da + n + kGuard;
      FillSame(rng, g_got, g_want, span);
      FillRandom(rng, g_src, kAreaSize);
      RefCopy(g_want + kGuard + da, g_src + kGuard + sa, n);
      ASSERT_EQ(hcl_memmove(g_got + kGuard + da, g_src + kGuard + sa, n),
                g_got + kGuard + da);
      ASSERT_EQ(FirstDifference(g_got, g_want, span), -1) << n;
      // dst == src: nothing changes.
      ASSERT_EQ(hcl_memmove(g_got + kGuard, g_got + kGuard, n), g_got + kGuard);
      ASSERT_EQ(FirstDifference(g_got, g_want, span), -1) << n;
    }
  }
}

TEST(PortableMemory, MemcmpEveryLengthAndAlignment) {
  Rng rng{5};
  for (size_t n = 0; n <= kMaxLen; ++n) {
    for (size_t da = 0; da < 16; ++da) {
      const size_t sa = (da * 7 + n) & 15;
      unsigned char* a = g_got + kGuard + da;
      unsigned char* b = g_src + kGuard + sa;
      FillRandom(rng, a, n);
      RefCopy(b, a, n);
      ASSERT_EQ(hcl_memcmp(a, b, n), 0) << n;
      if (n == 0) continue;
      // One byte differs, at a random place, either way round; bytes above
      // 0x7f must compare as unsigned char.
      const size_t at = rng.Below(static_cast<uint32_t>(n));
      b[at] = static_cast<unsigned char>(a[at] ^ (1u << rng.Below(8)));
      ASSERT_EQ(Sign(hcl_memcmp(a, b, n)), RefMemcmp(a, b, n))
          << "memcmp n " << n << " differs at " << at;
      ASSERT_EQ(Sign(hcl_memcmp(b, a, n)), RefMemcmp(b, a, n)) << n;
      // Not counted past n: the difference lies beyond a shorter length.
      ASSERT_EQ(hcl_memcmp(a, b, at), 0) << n;
      // A second difference later does not matter.
      if (at + 1 < n) b[n - 1] = static_cast<unsigned char>(a[n - 1] + 1);
      ASSERT_EQ(Sign(hcl_memcmp(a, b, n)), RefMemcmp(a, b, n)) << n;
    }
  }
  const unsigned char lo[] = {0x01};
  const unsigned char hi[] = {0x80};
  EXPECT_LT(hcl_memcmp(lo, hi, 1), 0) << "bytes compare as unsigned char";
  EXPECT_GT(hcl_memcmp(hi, lo, 1), 0);
}

TEST(PortableMemory, MemchrEveryLengthAndAlignment) {
  Rng rng{6};
  for (size_t n = 0; n <= kMaxLen; ++n) {
    for (size_t da = 0; da < 16; ++da) {
      unsigned char* s = g_got + kGuard + da;
      // A small alphabet so that matches happen at every position; the
      // bytes just past the end hold the byte looked for.
      for (size_t i = 0; i < n; ++i)
        s[i] = static_cast<unsigned char>(0xf0 + rng.Below(8));
      RefSet(s + n, 0xf7, 16);
      static const int kLookFor[] = {0xf0, 0xf3, 0xf7, 0x1f7, -9, 0};
      for (int c : kLookFor) {
        ASSERT_EQ(hcl_memchr(s, c, n), RefMemchr(s, c, n))
            << "memchr n " << n << " align " << da << " c " << c;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// str*: NUL-terminated strings of every length at every alignment
// ---------------------------------------------------------------------------

// Writes a string of (n) bytes from (alphabet) letters starting at 'a',
// then a NUL, then 16 non-NUL bytes, at (at); returns it.
char* PlaceString(Rng& rng, unsigned char* at, size_t n, uint32_t alphabet) {
  for (size_t i = 0; i < n; ++i) {
    at[i] = static_cast<unsigned char>('a' + rng.Below(alphabet));
  }
  at[n] = 0;
  for (size_t i = 1; i <= 16; ++i)
    at[n + i] = static_cast<unsigned char>('a' + i);
  return reinterpret_cast<char*>(at);
}

TEST(PortableStrings, StrlenStrnlenEveryLengthAndAlignment) {
  Rng rng{7};
  for (size_t n = 0; n <= kMaxLen; ++n) {
    for (size_t a = 0; a < 16; ++a) {
      // High bytes too: 0x80..0xff must not look like a terminator.
      unsigned char* at = g_got + kGuard + a;
      for (size_t i = 0; i < n; ++i)
        at[i] = static_cast<unsigned char>(1 + rng.Below(255));
      at[n] = 0;
      const char* s = reinterpret_cast<const char*>(at);
      ASSERT_EQ(hcl_strlen(s), n) << "align " << a;
      const size_t max = rng.Below(static_cast<uint32_t>(n + 3));
      ASSERT_EQ(hcl_strnlen(s, max), RefStrnlen(s, max))
          << "strnlen n " << n << " max " << max;
      ASSERT_EQ(hcl_strnlen(s, n), n);
      ASSERT_EQ(hcl_strnlen(s, ~size_t{0}), n);
    }
  }
}

TEST(PortableStrings, CompareSearchSpanOverRandomStrings) {
  Rng rng{8};
  for (int iter = 0; iter < 4000; ++iter) {
    const size_t max = (iter & 1) ? 20 : kMaxLen;
    const size_t n1 = rng.Below(static_cast<uint32_t>(max + 1));
    const size_t o1 = rng.Below(16);
    char* a = PlaceString(rng, g_got + kGuard + o1, n1, 3);
    // b: often a copy of a, or a prefix/extension of it, else random.
    const size_t o2 = rng.Below(16);
    char* b;
    const uint32_t shape = rng.Below(4);
    if (shape == 0) {
      b = PlaceString(rng, g_src + kGuard + o2,
                      rng.Below(static_cast<uint32_t>(max + 1)), 3);
    } else {
      unsigned char* bb = g_src + kGuard + o2;
      RefCopy(bb, a, n1 + 1);
      b = reinterpret_cast<char*>(bb);
      if (shape == 2 && n1 > 0) {
        bb[rng.Below(static_cast<uint32_t>(n1))] =
            static_cast<unsigned char>('a' + rng.Below(4));
      } else if (shape == 3 && n1 > 0) {
        bb[rng.Below(static_cast<uint32_t>(n1 + 1))] = 0;  // a prefix
      }
    }
    const size_t n = rng.Below(static_cast<uint32_t>(max + 5));
    ASSERT_EQ(Sign(hcl_strcmp(a, b)), RefStrcmp(a, b)) << "iter " << iter;
    ASSERT_EQ(Sign(hcl_strcmp(b, a)), RefStrcmp(b, a)) << "iter " << iter;
    ASSERT_EQ(Sign(hcl_strncmp(a, b, n)), RefStrncmp(a, b, n))
        << "strncmp iter " << iter << " n " << n;
    const int c = rng.Below(5) == 0 ? 0 : 'a' + static_cast<int>(rng.Below(4));
    ASSERT_EQ(hcl_strchr(a, c), RefStrchr(a, c)) << "iter " << iter;
    ASSERT_EQ(hcl_strchr(a, c + 256), RefStrchr(a, c)) << "c is a char";
    ASSERT_EQ(hcl_strrchr(a, c), RefStrrchr(a, c)) << "iter " << iter;
    char needle[8];
    const size_t nn = rng.Below(5);
    for (size_t i = 0; i < nn; ++i)
      needle[i] = static_cast<char>('a' + rng.Below(3));
    needle[nn] = '\0';
    ASSERT_EQ(hcl_strstr(a, needle), RefStrstr(a, needle))
        << "strstr iter " << iter << " needle " << needle;
    char set[8];
    const size_t ns = rng.Below(4);
    for (size_t i = 0; i < ns; ++i)
      set[i] = static_cast<char>('a' + rng.Below(4));
    set[ns] = '\0';
    ASSERT_EQ(hcl_strspn(a, set), RefStrspn(a, set)) << "set " << set;
    ASSERT_EQ(hcl_strcspn(a, set), RefStrcspn(a, set)) << "set " << set;
  }
}

TEST(PortableStrings, FixedCases) {
  EXPECT_EQ(hcl_strcmp("", ""), 0);
  EXPECT_LT(hcl_strcmp("", "a"), 0);
  EXPECT_GT(hcl_strcmp("b", "a"), 0);
  EXPECT_LT(hcl_strcmp("a", "\x80"), 0) << "compared as unsigned char";
  EXPECT_LT(hcl_strcmp("abc", "abcd"), 0);
  EXPECT_EQ(hcl_strncmp("abcX", "abcY", 3), 0);
  EXPECT_EQ(hcl_strncmp("x", "y", 0), 0);
  EXPECT_LT(hcl_strncmp("ab", "abc", 5), 0);
  const char* s = "hello, world";
  EXPECT_EQ(hcl_strchr(s, 'o'), s + 4);
  EXPECT_EQ(hcl_strrchr(s, 'o'), s + 8);
  EXPECT_EQ(hcl_strchr(s, '\0'), s + 12);
  EXPECT_EQ(hcl_strrchr(s, '\0'), s + 12);
  EXPECT_EQ(hcl_strchr(s, 'z'), nullptr);
  EXPECT_EQ(hcl_strstr(s, ""), s);
  EXPECT_EQ(hcl_strstr(s, "world"), s + 7);
  EXPECT_EQ(hcl_strstr(s, "worlds"), nullptr);
  const char* h = "aaab";
  EXPECT_EQ(hcl_strstr(h, "aab"), h + 1);
  EXPECT_EQ(hcl_strspn("abcabcx", "abc"), 6u);
  EXPECT_EQ(hcl_strcspn("abcabcx", "x"), 6u);
  EXPECT_EQ(hcl_strcspn("abc", ""), 3u);
  EXPECT_EQ(hcl_strspn("abc", ""), 0u);
}

// Copies into guarded destinations at every alignment.
TEST(PortableStrings, CopiesStayInsideTheirDestination) {
  Rng rng{9};
  for (int iter = 0; iter < 2000; ++iter) {
    const size_t n1 = rng.Below(kMaxLen / 2 + 1);
    const size_t sa = rng.Below(16);
    const char* src = PlaceString(rng, g_src + kGuard + sa, n1, 26);
    const size_t da = rng.Below(16);
    // The destination's extent (strcat adds up to 99 bytes), guards around.
    const size_t span = kGuard + da + n1 + 100 + kGuard;
    char* got = reinterpret_cast<char*>(g_got + kGuard + da);
    char* want = reinterpret_cast<char*>(g_want + kGuard + da);

    FillSame(rng, g_got, g_want, span);
    RefCopy(want, src, n1 + 1);
    ASSERT_EQ(hcl_strcpy(got, src), got);
    ASSERT_EQ(FirstDifference(g_got, g_want, span), -1) << "strcpy " << iter;

    // strcat onto what strcpy left: a second string of up to 100 bytes
    // (read from its own place, not the destination's tail).
    const size_t n2 = rng.Below(100);
    char tail[128];
    for (size_t i = 0; i < n2; ++i)
      tail[i] = static_cast<char>('A' + rng.Below(26));
    tail[n2] = '\0';
    RefCopy(want + n1, tail, n2 + 1);
    ASSERT_EQ(hcl_strcat(got, tail), got);
    ASSERT_EQ(FirstDifference(g_got, g_want, span), -1) << "strcat " << iter;

    FillSame(rng, g_got, g_want, span);
    const size_t m = rng.Below(static_cast<uint32_t>(n1 + 12));
    RefStrncpy(want, src, m);
    ASSERT_EQ(hcl_strncpy(got, src, m), got);
    ASSERT_EQ(FirstDifference(g_got, g_want, span), -1)
        << "strncpy " << iter << " n " << n1 << " m " << m;

    // strlcpy (BSD): at most size - 1 bytes, NUL when size > 0, returns
    // strlen(src).
    FillSame(rng, g_got, g_want, span);
    const size_t size = rng.Below(static_cast<uint32_t>(n1 + 4));
    if (size > 0) {
      const size_t k = n1 < size - 1 ? n1 : size - 1;
      RefCopy(want, src, k);
      want[k] = '\0';
    }
    ASSERT_EQ(hcl_strlcpy(got, src, size), n1);
    ASSERT_EQ(FirstDifference(g_got, g_want, span), -1)
        << "strlcpy " << iter << " size " << size;
  }
}

TEST(PortableStrings, DupAndNdup) {
  char* d = hcl_strdup("hello");
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(d, "hello");
  hcl_free(d);
  d = hcl_strdup("");
  ASSERT_NE(d, nullptr);
  EXPECT_STREQ(d, "");
  hcl_free(d);
  char* n = hcl_strndup("hello", 3);
  ASSERT_NE(n, nullptr);
  EXPECT_STREQ(n, "hel");
  hcl_free(n);
  n = hcl_strndup("hi", 10);
  ASSERT_NE(n, nullptr);
  EXPECT_STREQ(n, "hi");
  hcl_free(n);
  n = hcl_strndup("abc", 0);
  ASSERT_NE(n, nullptr);
  EXPECT_STREQ(n, "");
  hcl_free(n);
  // A long one, against its source.
  Rng rng{10};
  char* src = PlaceString(rng, g_src, 250, 26);
  d = hcl_strdup(src);
  ASSERT_NE(d, nullptr);
  EXPECT_NE(d, src);
  EXPECT_STREQ(d, src);
  hcl_free(d);
}

// strtok_r against a reference tokenizer: the tokens (by offset and
// content) and the bytes of the string afterwards.
TEST(PortableStrings, StrtokR) {
  Rng rng{11};
  for (int iter = 0; iter < 3000; ++iter) {
    char s[48];
    char t[48];
    const size_t n = rng.Below(40);
    for (size_t i = 0; i < n; ++i)
      s[i] = t[i] = static_cast<char>('a' + rng.Below(4));
    s[n] = t[n] = '\0';
    char delim[4];
    const size_t nd = rng.Below(3);
    for (size_t i = 0; i < nd; ++i)
      delim[i] = static_cast<char>('a' + rng.Below(4));
    delim[nd] = '\0';
    // Reference: skip delimiters, take non-delimiters, cut with a NUL.
    size_t ref_pos = 0;
    char* save = nullptr;
    char* tok = hcl_strtok_r(s, delim, &save);
    for (int round = 0;; ++round) {
      while (t[ref_pos] != '\0' && InSet(t[ref_pos], delim)) ++ref_pos;
      const bool ref_done = t[ref_pos] == '\0';
      ASSERT_EQ(tok == nullptr, ref_done)
          << "iter " << iter << " round " << round << " of " << t;
      if (ref_done) break;
      const size_t start = ref_pos;
      while (t[ref_pos] != '\0' && !InSet(t[ref_pos], delim)) ++ref_pos;
      if (t[ref_pos] != '\0') t[ref_pos++] = '\0';
      ASSERT_EQ(tok, s + start) << "iter " << iter;
      ASSERT_STREQ(tok, t + start);
      tok = hcl_strtok_r(nullptr, delim, &save);
    }
    EXPECT_EQ(hcl_strtok_r(nullptr, delim, &save), nullptr);
    ASSERT_EQ(FirstDifference(reinterpret_cast<unsigned char*>(s),
                              reinterpret_cast<unsigned char*>(t), n + 1),
              -1)
        << "iter " << iter;
  }
  char csv[] = ",,a,bb,,c,";
  char* save = nullptr;
  EXPECT_STREQ(hcl_strtok_r(csv, ",", &save), "a");
  EXPECT_STREQ(hcl_strtok_r(nullptr, ",", &save), "bb");
  EXPECT_STREQ(hcl_strtok_r(nullptr, ",", &save), "c");
  EXPECT_EQ(hcl_strtok_r(nullptr, ",", &save), nullptr);
}

// ---------------------------------------------------------------------------
// The scans at the end of a readable page followed by an unreadable one: the
// aligned blocks they read must stay inside the string's page, at every
// alignment, length, and place of the terminator or the match. A read of
// the next page kills the test (SIGSEGV on Linux, a fault on bare metal).
// ---------------------------------------------------------------------------

class PageEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    page_ = hc_page_size();
    void* p = nullptr;
    ASSERT_EQ(hc_page_map(2 * page_, HC_PROT_READ | HC_PROT_WRITE, &p), HC_OK);
    base_ = static_cast<unsigned char*>(p);
    ASSERT_EQ(hc_page_protect(base_ + page_, page_, HC_PROT_NONE), HC_OK);
    end_ = base_ + page_;
  }
  void TearDown() override {
    if (base_ != nullptr) hc_page_unmap(base_, 2 * page_);
  }

  // A string of (n) bytes 'a'..'x' whose terminator is (d) bytes before the
  // last byte of the page; the bytes after it, up to the page end, are
  // non-zero and never the byte looked for ('z').
  char* Place(size_t n, size_t d) {
    unsigned char* nul = end_ - 1 - d;
    unsigned char* s = nul - n;
    for (size_t i = 0; i < n; ++i)
      s[i] = static_cast<unsigned char>('a' + (i % 24));
    *nul = 0;
    for (unsigned char* q = nul + 1; q < end_; ++q) *q = 'y';
    return reinterpret_cast<char*>(s);
  }

  size_t page_ = 0;
  unsigned char* base_ = nullptr;
  unsigned char* end_ = nullptr;
};

// Lengths up to this cover two 64-byte groups on every CPU.
constexpr size_t kPageEndMaxLen = 140;

TEST_F(PageEnd, StrlenStrnlen) {
  // (d) from 0 to 63 puts the start at each alignment modulo 64 for each
  // length.
  for (size_t n = 0; n <= kPageEndMaxLen; ++n) {
    for (size_t d = 0; d < 64; ++d) {
      const char* s = Place(n, d);
      ASSERT_EQ(hcl_strlen(s), n) << "n " << n << " d " << d;
      ASSERT_EQ(hcl_strnlen(s, ~size_t{0}), n) << "n " << n << " d " << d;
      ASSERT_EQ(hcl_strnlen(s, n + d + 1), n) << "n " << n << " d " << d;
      if (n > 0) {
        ASSERT_EQ(hcl_strnlen(s, n - 1), n - 1);
      }
    }
  }
}

TEST_F(PageEnd, StrchrStrrchr) {
  for (size_t n = 0; n <= kPageEndMaxLen; ++n) {
    for (size_t d = 0; d < 64; d += (n < 70 ? 1 : 7)) {
      char* s = Place(n, d);
      ASSERT_EQ(hcl_strchr(s, 'z'), nullptr) << "n " << n << " d " << d;
      ASSERT_EQ(hcl_strrchr(s, 'z'), nullptr) << "n " << n << " d " << d;
      ASSERT_EQ(hcl_strchr(s, 'y'), nullptr) << "'y' only past the NUL";
      ASSERT_EQ(hcl_strrchr(s, 'y'), nullptr) << "'y' only past the NUL";
      ASSERT_EQ(hcl_strchr(s, 0), s + n);
      ASSERT_EQ(hcl_strrchr(s, 0), s + n);
      // One 'z' at each place, then a second one before it for strrchr.
      for (size_t k = 0; k < n; ++k) {
        const char keep = s[k];
        s[k] = 'z';
        ASSERT_EQ(hcl_strchr(s, 'z'), s + k) << "n " << n << " d " << d;
        ASSERT_EQ(hcl_strrchr(s, 'z' + 256), s + k) << "n " << n << " d " << d;
        if (k > 0) {
          s[0] = 'z';
          ASSERT_EQ(hcl_strchr(s, 'z'), s) << "n " << n << " k " << k;
          ASSERT_EQ(hcl_strrchr(s, 'z'), s + k) << "n " << n << " k " << k;
          s[0] = 'a';
        }
        s[k] = keep;
      }
    }
  }
}

TEST_F(PageEnd, Memchr) {
  // (n) bytes whose last is (d) bytes before the page end, with 'z' at
  // each place or nowhere; when it is there, any larger (n) (up to
  // SIZE_MAX: C11 reads as if byte by byte) must stop at it.
  for (size_t n = 0; n <= kPageEndMaxLen; ++n) {
    for (size_t d = 0; d < 64; d += (n < 70 ? 1 : 7)) {
      unsigned char* s = end_ - d - n;
      for (size_t i = 0; i < n + d; ++i)
        s[i] = static_cast<unsigned char>(0x80 + (i % 64));
      ASSERT_EQ(hcl_memchr(s, 'z', n), nullptr) << "n " << n << " d " << d;
      ASSERT_EQ(hcl_memchr(s, 'z', n + d), nullptr) << "n " << n << " d " << d;
      for (size_t k = 0; k < n; ++k) {
        s[k] = 'z';
        ASSERT_EQ(hcl_memchr(s, 'z', n), s + k) << "n " << n << " d " << d;
        ASSERT_EQ(hcl_memchr(s, 'z' - 256, k + 1), s + k);
        ASSERT_EQ(hcl_memchr(s, 'z', k), nullptr) << "n " << n << " k " << k;
        if (d == 0) {
          ASSERT_EQ(hcl_memchr(s, 'z', ~size_t{0}), s + k) << "n " << n;
        }
        s[k] = static_cast<unsigned char>(0x80 + (k % 64));
      }
    }
  }
}

TEST(PortableStrings, Strerror) {
  EXPECT_STREQ(hcl_strerror(0), "Success");
  EXPECT_STREQ(hcl_strerror(HCL_EINVAL), "Invalid argument");
  EXPECT_STREQ(hcl_strerror(HCL_ENOENT), "No such file or directory");
  EXPECT_STREQ(hcl_strerror(HCL_ERANGE), "Result out of range");
  EXPECT_STREQ(hcl_strerror(HCL_EREVOKED), "Capability revoked");
  EXPECT_STREQ(hcl_strerror(9999), "Unknown error 9999");
  EXPECT_STREQ(hcl_strerror(-3), "Unknown error -3");
}

}  // namespace
