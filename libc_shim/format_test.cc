// Differential tests of hcl_snprintf/hcl_vsnprintf against glibc: tens of
// thousands of random format specifications (flags, widths and precisions
// given inline or by '*', every length modifier, every supported
// conversion) with random and extreme arguments, into buffers of random
// (also too small) sizes; return values and every byte of the buffer must
// equal glibc's. Plus the documented rejections and the console streams.
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hcl/errno.h"
#include "hcl/stdio.h"
#include "libc_shim/internal/test_init.h"

namespace {

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"

size_t g_checked = 0;

template <typename... A>
void Compare(const std::string& fmt, size_t size, A... args) {
  std::vector<char> want(size + 16, '\x7f'), got(size + 16, '\x7f');
  const int w = snprintf(want.data(), size, fmt.c_str(), args...);
  const int g = hcl_snprintf(got.data(), size, fmt.c_str(), args...);
  ASSERT_EQ(g, w) << "format \"" << fmt << "\" size " << size;
  ASSERT_EQ(std::string(got.data(), got.size()),
            std::string(want.data(), want.size()))
      << "format \"" << fmt << "\" size " << size;
  ++g_checked;
}

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(uint64_t seed) : rng(seed) {}

  uint64_t any() {
    switch (rng() % 6) {
      case 0:
        return 0;
      case 1:
        return rng() % 20;
      case 2:
        return ~uint64_t{0} - rng() % 3;
      case 3:
        return uint64_t{1} << (rng() % 64);
      case 4:
        return (uint64_t{1} << 63) + rng() % 3 - 1;
      default:
        return rng();
    }
  }
  int star() {
    switch (rng() % 4) {
      case 0:
        return -static_cast<int>(rng() % 30);
      case 1:
        return 0;
      default:
        return static_cast<int>(rng() % 30);
    }
  }
};

// One random specification, compared with arguments of the right types.
void RandomSpec(Gen& gen) {
  std::string spec = "%";
  static const char kFlags[] = "-+ #0";
  const int nflags = static_cast<int>(gen.rng() % 4);
  for (int i = 0; i < nflags; ++i) spec += kFlags[gen.rng() % 5];
  bool star_w = false, star_p = false;
  switch (gen.rng() % 4) {
    case 0:
      break;
    case 1:
      spec += std::to_string(gen.rng() % 25);
      break;
    case 2:
      spec += "*";
      star_w = true;
      break;
    default:
      spec += std::to_string(gen.rng() % 4);
      break;
  }
  switch (gen.rng() % 5) {
    case 0:
    case 1:
      break;
    case 2:
      spec += ".";
      break;
    case 3:
      spec += "." + std::to_string(gen.rng() % 25);
      break;
    default:
      spec += ".*";
      star_p = true;
      break;
  }
  static const char* const kConvs[] = {"d", "i", "u", "o", "x",
                                       "X", "c", "s", "p"};
  const std::string conv = kConvs[gen.rng() % 9];
  std::string len;
  if (conv != "c" && conv != "s" && conv != "p") {
    static const char* const kLens[] = {"",   "hh", "h", "l",
                                        "ll", "z",  "j", "t"};
    len = kLens[gen.rng() % 8];
  }
  const std::string fmt = std::string(gen.rng() % 2 ? "<" : "") + spec + len +
                          conv + (gen.rng() % 2 ? ">" : "");
  const size_t size = gen.rng() % 3 == 0 ? gen.rng() % 12 : 128;
  const int w = gen.star(), p = gen.star();
  const uint64_t v = gen.any();
  static const char* const kStrings[] = {"", "a", "hello", "hello, world",
                                         nullptr};

#define CMP(...)                             \
  do {                                       \
    if (star_w && star_p) {                  \
      Compare(fmt, size, w, p, __VA_ARGS__); \
    } else if (star_w) {                     \
      Compare(fmt, size, w, __VA_ARGS__);    \
    } else if (star_p) {                     \
      Compare(fmt, size, p, __VA_ARGS__);    \
    } else {                                 \
      Compare(fmt, size, __VA_ARGS__);       \
    }                                        \
  } while (0)

  if (conv == "c") {
    CMP(static_cast<int>(v % 128 + 1));
  } else if (conv == "s") {
    CMP(kStrings[gen.rng() % 5]);
  } else if (conv == "p") {
    CMP(reinterpret_cast<void*>(static_cast<uintptr_t>(gen.rng() % 4 ? v : 0)));
  } else if (len == "" || len == "hh" || len == "h") {
    CMP(static_cast<int>(v));
  } else if (len == "l") {
    CMP(static_cast<long>(v));
  } else if (len == "ll") {
    CMP(static_cast<long long>(v));
  } else if (len == "z") {
    CMP(static_cast<size_t>(v));
  } else if (len == "j") {
    CMP(static_cast<intmax_t>(v));
  } else {
    CMP(static_cast<ptrdiff_t>(v));
  }
#undef CMP
}

TEST(Snprintf, RandomSpecificationsMatchGlibc) {
  Gen gen(6);
  for (int i = 0; i < 60000; ++i) {
    RandomSpec(gen);
    if (HasFatalFailure()) return;
  }
  RecordProperty("formats_checked", static_cast<int>(g_checked));
  EXPECT_GE(g_checked, 60000u);
}

TEST(Snprintf, FixedCases) {
  Compare("%d %i %u", 64, INT_MIN, INT_MAX, UINT_MAX);
  Compare("%lld %llu %llx", 64, LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
  Compare("%hhd %hd %hhu %hu", 64, 300, 70000, -1, -1);
  Compare("%%|%5%|%-5%|%c%c", 64, 'a', 0);
  Compare("[%s][%.2s][%.6s][%10s]", 64, "x", (char*)nullptr, (char*)nullptr,
          (char*)nullptr);
  Compare("%#o %#.0o %#x %#X %#5.3x", 64, 0, 0, 0, 255, 0);
  Compare("%+p % p %010p %-12p|%p", 128, (void*)0x1234, (void*)0x1234,
          (void*)0x1234, (void*)0x1, (void*)nullptr);
  Compare("%.0d|%.0u|%5.0x|%-+05d", 64, 0, 0, 0, 7);
  Compare("no conversions at all", 8);
  Compare("", 8);
  Compare("%s", 0, "whatever");
}

TEST(Snprintf, RejectsWhatItCannotDo) {
  char buf[64];
  for (const char* fmt : {"%f", "%e", "%g", "%a", "%E", "%G", "%F", "%A", "%n",
                          "%lc", "%ls", "%Lf", "%1$d", "%q", "%"}) {
    hcl_errno = 0;
    EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), fmt, 1.0), -1) << fmt;
    EXPECT_EQ(hcl_errno, HCL_EINVAL) << fmt;
  }
  hcl_errno = 0;
  EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), "%2147483648d", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EOVERFLOW);
  hcl_errno = 0;
  EXPECT_EQ(hcl_snprintf(buf, sizeof(buf), "%2147483647d%d", 1, 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EOVERFLOW);
}

// Captures what the hcl_ stream functions write to descriptor 1.
class StdoutCapture {
 public:
  StdoutCapture() {
    fflush(stdout);
    saved_ = dup(1);
    EXPECT_EQ(pipe(fds_), 0);
    dup2(fds_[1], 1);
  }
  std::string Finish() {
    hcl_fflush(nullptr);
    dup2(saved_, 1);
    close(saved_);
    close(fds_[1]);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = read(fds_[0], buf, sizeof(buf))) > 0) out.append(buf, n);
    close(fds_[0]);
    return out;
  }

 private:
  int saved_ = -1;
  int fds_[2] = {-1, -1};
};

TEST(Stdio, PrintfPutsPutcharFputsAreBufferedAndFlushed) {
  StdoutCapture cap;
  EXPECT_EQ(hcl_printf("%d-%s|", 42, "x"), 5);
  EXPECT_GE(hcl_puts("line"), 0);
  EXPECT_EQ(hcl_putchar('!'), '!');
  EXPECT_GE(hcl_fputs("end\n", hcl_stdout), 0);
  std::string big(10000, 'b');
  EXPECT_EQ(hcl_printf("%s\n", big.c_str()), 10001);
  EXPECT_EQ(hcl_fwrite("abc", 1, 3, hcl_stdout), 3u);
  EXPECT_EQ(cap.Finish(), "42-x|line\n!end\n" + big + "\nabc");
}

}  // namespace
