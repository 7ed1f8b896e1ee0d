// Tests of hcl_snprintf/hcl_vsnprintf that run on every platform
// (GoogleTest on Linux, hctest on bare metal): golden vectors -- format,
// arguments, expected bytes and expected return -- produced once by glibc's
// snprintf on the x86_64 host (the shim promises glibc's output byte for
// byte, hcl/stdio.h), covering every flag, width and precision form, the
// length modifiers hh h l ll z j t, the conversions d i u o x X c s p %,
// the extreme values and truncation into small buffers; plus the
// documented rejections (EINVAL, EOVERFLOW). Arguments of the l, z and t
// forms fit in 32 bits, so one table serves 32- and 64-bit CPUs; the few
// width-dependent cases pick their expectation by sizeof.
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdio.h"
#include "hcl/string.h"
#include "test/harness/hctest.h"

namespace {

constexpr size_t kGuard = 32;
constexpr unsigned char kUnwritten = 0x7f;
char g_buf[512 + kGuard];

// hcl_vsnprintf(buffer of (size), fmt, ...) must return (want_ret), leave
// (want) in the buffer (when size > 0) and not touch a byte from (size) on.
void Check(size_t size, int want_ret, const char* want, const char* fmt, ...) {
  for (size_t i = 0; i < sizeof(g_buf); ++i) g_buf[i] = kUnwritten;
  va_list ap;
  va_start(ap, fmt);
  const int got = hcl_vsnprintf(size == 0 ? nullptr : g_buf, size, fmt, ap);
  va_end(ap);
  EXPECT_EQ(got, want_ret) << "format \"" << fmt << "\" size " << size;
  if (size > 0) {
    EXPECT_STREQ(g_buf, want) << "format \"" << fmt << "\" size " << size;
  }
  for (size_t i = size; i < size + kGuard; ++i) {
    if (static_cast<unsigned char>(g_buf[i]) != kUnwritten) {
      EXPECT_EQ(static_cast<unsigned char>(g_buf[i]), kUnwritten)
          << "format \"" << fmt << "\" size " << size << ": wrote byte " << i;
      break;
    }
  }
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
#pragma GCC diagnostic ignored "-Wformat-overflow"
#pragma GCC diagnostic ignored "-Wformat-truncation"

TEST(PortableFormat, GoldenVectors) {
  // ---- generated: integers, flags, width, precision
  Check(64, 6, "0|-1|0", "%d|%i|%u", 0, -1, 0u);
  Check(64, 33, "-2147483648 2147483647 4294967295", "%d %i %u", INT_MIN,
        INT_MAX, UINT_MAX);
  Check(64, 45, "[   42][42   ][00042][+42][ 42][  -42][+42  ]",
        "[%5d][%-5d][%05d][%+d][% d][%+5d][%-+5d]", 42, 42, 42, 42, 42, -42,
        42);
  Check(64, 47, "[007][    -007][007     ][     007][][1][     ]",
        "[%.3d][%8.3d][%-8.3d][%08.3d][%.0d][%.0d][%5.0d]", 7, -7, 7, 7, 0, 1,
        0);
  Check(64, 34, "[ 0003][-0003][ 3   ][3    ][+][ ]",
        "[% 05d][%+05d][%- 5d][%0-5d][%+.0d][% .0d]", 3, -3, 3, 3, 0, 0);
  Check(64, 42, "[     1][1     ][1     ][0005][5][    009]",
        "[%*d][%-*d][%*d][%.*d][%.*d][%*.*d]", 6, 1, 6, 1, -6, 1, 4, 5, -4, 5,
        7, 3, 9);
  Check(64, 35, "[ff][FF][0xff][0XFF][10][010][0][0]",
        "[%x][%X][%#x][%#X][%o][%#o][%#o][%#x]", 255u, 255u, 255u, 255u, 8u, 8u,
        0u, 0u);
  Check(64, 42, "[0][][  000][0x1f    ][0x00001f][       0]",
        "[%#.0o][%#.0x][%#5.3x][%#-8x][%#08x][%#8.0o]", 0u, 0u, 0u, 0x1fu,
        0x1fu, 0u);
  Check(64, 18, "[][][][     ][   ]", "[%.0u][%.0x][%.0o][%5.0u][%-3.0x]", 0u,
        0u, 0u, 0u, 0u);
  Check(64, 12, "[5][5][5][5]", "[%+u][% u][%+x][% o]", 5u, 5u, 5u, 5u);
  Check(64, 19, "[00010][010][01234]", "[%#.5o][%#.1o][%#o]", 8u, 8u, 01234u);
  Check(64, 48, "[      0abc][0ABC      ][0000000abc][0000000abc]",
        "[%10.4x][%-10.4X][%010x][%.10x]", 0xabcu, 0xabcu, 0xabcu, 0xabcu);
  // ---- generated: length modifiers
  Check(64, 22, "[44][44][2c][127][127]", "[%hhd][%hhu][%hhx][%hhd][%hhi]", 300,
        300, 300, -129, 127);
  Check(64, 33, "[4464][4464][1170][32767][177777]",
        "[%hd][%hu][%hx][%hd][%ho]", 70000, 70000, 70000, -32769, 65535);
  Check(64, 46, "[-2147483647][4294967295][deadbeef][123456789]",
        "[%ld][%lu][%lx][%li]", (long)-2147483647L, (unsigned long)4294967295UL,
        (unsigned long)0xdeadbeefUL, (long)123456789L);
  Check(160, 124,
        "[-9223372036854775808][9223372036854775807][18446744073709551615]["
        "ffffffffffffffff][123456789ABCDEF][1777777777777777777777]",
        "[%lld][%lld][%llu][%llx][%llX][%llo]", LLONG_MIN, LLONG_MAX,
        ULLONG_MAX, ULLONG_MAX, 0x123456789abcdefULL, ULLONG_MAX);
  Check(96, 64,
        "[-1][+9000000000][-0000000009000000000][-9223372036854775808  |]",
        "[%lli][%+lld][%020lld][%-22lld|]", -1LL, 9000000000LL, -9000000000LL,
        LLONG_MIN);
  Check(64, 28, "[4000000000][ffff][12345][0]", "[%zu][%zx][%zd][%zi]",
        (size_t)4000000000u, (size_t)0xffffu, (size_t)12345, (size_t)0);
  Check(96, 60, "[-9223372036854775808][18446744073709551615][1234567890][-5]",
        "[%jd][%ju][%jx][%ji]", (intmax_t)INT64_MIN, (uintmax_t)UINT64_MAX,
        (uintmax_t)0x1234567890ULL, (intmax_t)-5);
  Check(64, 39, "[-2000000000][2000000000][7fffffff][-1]",
        "[%td][%tu][%tx][%ti]", (ptrdiff_t)-2000000000, (ptrdiff_t)2000000000,
        (ptrdiff_t)0x7fffffff, (ptrdiff_t)-1);
  // ---- generated: characters, strings, pointers, %
  Check(64, 16, "[a][  b][c  ][A]", "[%c][%3c][%-3c][%c]", 'a', 'b', 'c',
        0x141);
  Check(64, 47, "[abc][       abc][abc       ][ab][    a][     ]",
        "[%s][%10s][%-10s][%.2s][%5.1s][%-5.0s]", "abc", "abc", "abc", "abc",
        "abc", "abc");
  Check(64, 20, "[][abc][ab  ][short]", "[%s][%.*s][%*s][%.10s]", "", 3,
        "abcdef", -4, "ab", "short");
  Check(64, 38, "[(null)][(null)][][  (null)][(null)  ]",
        "[%s][%.6s][%.5s][%8s][%-8s]", (char*)NULL, (char*)NULL, (char*)NULL,
        (char*)NULL, (char*)NULL);
  Check(96, 72,
        "[0x1234][(nil)][              0xbeef][0xbeef              ][+0x1][ "
        "0x10]",
        "[%p][%p][%20p][%-20p][%+p][% p]", (void*)0x1234, (void*)0,
        (void*)0xbeef, (void*)0xbeef, (void*)0x1, (void*)0x10);
  Check(64, 41, "[0x00000abc][0x00000abc][(nil)][(nil)   ]",
        "[%010p][%.8p][%5p][%-8p]", (void*)0xabc, (void*)0xabc, (void*)0,
        (void*)0);
  Check(64, 15, "[%][%][%][100%]", "[%%][%5%][%-5%][100%%]", 0);
  Check(64, 9, "a-b1c2d!e", "a%sb%dc%xd%ce", "-", 1, 2u, '!');
  // ---- generated: truncation
  Check(1, 5, "", "%d", 12345);
  Check(2, 5, "1", "%d", 12345);
  Check(5, 5, "1234", "%d", 12345);
  Check(6, 5, "12345", "%d", 12345);
  Check(7, 5, "12345", "%d", 12345);
  Check(4, 11, "hel", "%s|%s", "hello", "world");
  Check(10, 9, "-77     |", "%-8d|", -77);
  Check(3, 5, "0x", "%#x", 0xabcu);
  Check(8, 20, "       ", "%20s", "right");
  Check(0, 7, "", "%s", "nothing");
  Check(11, 20, "1844674407", "%llu", ULLONG_MAX);
  Check(5, 10, "0x12", "%p", (void*)0x12345678);
}

TEST(PortableFormat, WidthDependentLengths) {
  // l is the CPU's long, z and t follow the pointer width.
  if (sizeof(long) == 8) {
    Check(64, 40, "-9223372036854775808 9223372036854775807", "%ld %ld",
          LONG_MIN, LONG_MAX);
    Check(64, 20, "18446744073709551615", "%lu", ULONG_MAX);
  } else {
    Check(64, 22, "-2147483648 2147483647", "%ld %ld", LONG_MIN, LONG_MAX);
    Check(64, 10, "4294967295", "%lu", ULONG_MAX);
  }
  if (sizeof(size_t) == 8) {
    Check(64, 20, "18446744073709551615", "%zu", SIZE_MAX);
    Check(64, 16, "ffffffffffffffff", "%zx", SIZE_MAX);
    Check(64, 20, "-9223372036854775808", "%td", PTRDIFF_MIN);
  } else {
    Check(64, 10, "4294967295", "%zu", SIZE_MAX);
    Check(64, 8, "ffffffff", "%zx", SIZE_MAX);
    Check(64, 11, "-2147483648", "%td", PTRDIFF_MIN);
  }
  // The same value through every signed length: each takes its own width
  // from the argument list.
  Check(128, 23, "-1 -1 -1 -1 -1 -1 -1 -1", "%hhd %hd %d %ld %lld %jd %td %zd",
        -1, -1, -1, -1L, -1LL, static_cast<intmax_t>(-1),
        static_cast<ptrdiff_t>(-1), static_cast<ptrdiff_t>(-1));
}

TEST(PortableFormat, SnprintfAndVsnprintfAgree) {
  char a[32];
  EXPECT_EQ(hcl_snprintf(a, sizeof(a), "%s=%d", "x", 42), 4);
  EXPECT_STREQ(a, "x=42");
  // Measuring only: no buffer at all.
  EXPECT_EQ(hcl_snprintf(nullptr, 0, "%05d|%s", 7, "seven"), 11);
  // The return value counts what did not fit.
  EXPECT_EQ(hcl_snprintf(a, 4, "%s", "abcdefgh"), 8);
  EXPECT_STREQ(a, "abc");
  // Output longer than one internal chunk.
  static char big[2048];
  EXPECT_EQ(hcl_snprintf(big, sizeof(big), "%1500d|", 1), 1501);
  EXPECT_EQ(big[0], ' ');
  EXPECT_EQ(big[1498], ' ');
  EXPECT_EQ(big[1499], '1');
  EXPECT_EQ(big[1500], '|');
  EXPECT_EQ(big[1501], '\0');
}

TEST(PortableFormat, RejectsWhatItCannotDo) {
  static const char* const kRejected[] = {
      "%f",  "%e",  "%g",  "%a",   "%E", "%G", "%F",   "%A",   "%n",
      "%lc", "%ls", "%Lf", "%1$d", "%q", "%",  "abc%", "%hhs", "%lp"};
  char buf[64];
  for (const char* fmt : kRejected) {
    for (char& c : buf) c = 'x';
    hcl_errno = 0;
    EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), fmt, 1), -1) << fmt;
    EXPECT_EQ(hcl_errno, HCL_EINVAL) << fmt;
    // snprintf still terminates the buffer.
    EXPECT_LT(hcl_strnlen(buf, sizeof(buf)), sizeof(buf)) << fmt;
  }
  hcl_errno = 0;
  EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), "%2147483648d", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EOVERFLOW);
  hcl_errno = 0;
  EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), "%2147483647d%d", 1, 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EOVERFLOW);
  hcl_errno = 0;
  EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), "%*d", INT_MIN, 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EOVERFLOW);
  // A width that just fits INT_MAX is fine when measuring.
  hcl_errno = 0;
  EXPECT_EQ(hcl_snprintf(nullptr, 0, "%2147483647d", 1), INT_MAX);
  EXPECT_EQ(hcl_errno, 0);
}

#pragma GCC diagnostic pop

}  // namespace
