// Environment, qsort/bsearch (against glibc), errno per fiber, clocks and
// sleeps, exit/atexit order (in a death test).
#include "hcl/stdlib.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hcl/errno.h"
#include "hcl/pthread.h"
#include "hcl/stdio.h"
#include "hcl/time.h"
#include "hcl/unistd.h"
#include "libc_shim/internal/test_init.h"

namespace {

TEST(Environ, GetSetUnset) {
  char a[] = "HOME=/root";
  char b[] = "LANG=C";
  char c[] = "EMPTY=";
  char* env[] = {a, b, c, nullptr};
  hcl_environ_init(env);
  EXPECT_STREQ(hcl_getenv("HOME"), "/root");
  EXPECT_STREQ(hcl_getenv("EMPTY"), "");
  EXPECT_EQ(hcl_getenv("HOM"), nullptr);
  EXPECT_EQ(hcl_getenv("HOME="), nullptr);
  EXPECT_EQ(hcl_setenv("LANG", "fr", 0), 0);
  EXPECT_STREQ(hcl_getenv("LANG"), "C");
  EXPECT_EQ(hcl_setenv("LANG", "fr", 1), 0);
  EXPECT_STREQ(hcl_getenv("LANG"), "fr");
  for (int i = 0; i < 100; ++i) {
    const std::string name = "V" + std::to_string(i);
    ASSERT_EQ(hcl_setenv(name.c_str(), std::to_string(i * i).c_str(), 1), 0);
  }
  EXPECT_STREQ(hcl_getenv("V42"), "1764");
  EXPECT_STREQ(hcl_getenv("HOME"), "/root");
  EXPECT_EQ(hcl_unsetenv("HOME"), 0);
  EXPECT_EQ(hcl_getenv("HOME"), nullptr);
  EXPECT_STREQ(hcl_getenv("V99"), "9801");
  hcl_errno = 0;
  EXPECT_EQ(hcl_setenv("A=B", "x", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  EXPECT_EQ(hcl_setenv("", "x", 1), -1);
  EXPECT_EQ(hcl_unsetenv(""), -1);
  hcl_environ_init(nullptr);
  EXPECT_EQ(hcl_getenv("LANG"), nullptr);
}

int CompareInts(const void* a, const void* b) {
  const int x = *static_cast<const int*>(a), y = *static_cast<const int*>(b);
  return (x > y) - (x < y);
}

struct Rec {
  int key;
  char pad[13];
};

int CompareRecs(const void* a, const void* b) {
  return CompareInts(&static_cast<const Rec*>(a)->key,
                     &static_cast<const Rec*>(b)->key);
}

TEST(Sort, QsortAndBsearchMatchGlibc) {
  std::mt19937 rng(8);
  for (int iter = 0; iter < 300; ++iter) {
    const size_t n = rng() % 2000;
    std::vector<int> v(n);
    for (int& x : v) x = static_cast<int>(rng() % (iter % 2 ? 50 : 100000));
    std::vector<int> w = v;
    hcl_qsort(v.data(), n, sizeof(int), CompareInts);
    qsort(w.data(), n, sizeof(int), CompareInts);
    ASSERT_EQ(v, w);
    for (int k = 0; k < 50; ++k) {
      const int key = static_cast<int>(rng() % 100000);
      const int* mine = static_cast<const int*>(
          hcl_bsearch(&key, v.data(), n, sizeof(int), CompareInts));
      const bool present = std::binary_search(v.begin(), v.end(), key);
      ASSERT_EQ(mine != nullptr, present);
      if (mine != nullptr) {
        ASSERT_EQ(*mine, key);
      }
    }
  }
  // Odd element size.
  std::vector<Rec> r(500);
  for (Rec& x : r) {
    x.key = static_cast<int>(rng() % 1000);
    memset(x.pad, x.key & 0xff, sizeof(x.pad));
  }
  hcl_qsort(r.data(), r.size(), sizeof(Rec), CompareRecs);
  for (size_t i = 1; i < r.size(); ++i) ASSERT_LE(r[i - 1].key, r[i].key);
  for (const Rec& x : r) ASSERT_EQ(x.pad[12], static_cast<char>(x.key & 0xff));
}

void* SetErrno(void* arg) {
  hcl_errno = static_cast<int>(reinterpret_cast<long>(arg));
  hcl_sched_yield();
  return reinterpret_cast<void*>(static_cast<long>(hcl_errno));
}

TEST(Errno, IsPerFiber) {
  hcl_errno = 1;
  hcl_pthread_t a, b;
  ASSERT_EQ(
      hcl_pthread_create(&a, nullptr, SetErrno, reinterpret_cast<void*>(7L)),
      0);
  ASSERT_EQ(
      hcl_pthread_create(&b, nullptr, SetErrno, reinterpret_cast<void*>(9L)),
      0);
  void *ra, *rb;
  hcl_pthread_join(a, &ra);
  hcl_pthread_join(b, &rb);
  EXPECT_EQ(reinterpret_cast<long>(ra), 7);
  EXPECT_EQ(reinterpret_cast<long>(rb), 9);
  EXPECT_EQ(hcl_errno, 1);
}

TEST(Time, ClocksAgreeWithTheHost) {
  // Each reading lies between two of the host's, however long the host
  // takes between them.
  timespec before, after;
  ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &before), 0);
  hcl_timespec ts;
  ASSERT_EQ(hcl_clock_gettime(HCL_CLOCK_REALTIME, &ts), 0);
  const long long t = hcl_time(nullptr);
  hcl_timeval tv;
  ASSERT_EQ(hcl_gettimeofday(&tv, nullptr), 0);
  ASSERT_EQ(clock_gettime(CLOCK_REALTIME, &after), 0);
  const long long before_ns = before.tv_sec * 1000000000LL + before.tv_nsec;
  const long long after_ns = after.tv_sec * 1000000000LL + after.tv_nsec;
  EXPECT_GE(ts.tv_sec * 1000000000LL + ts.tv_nsec, before_ns);
  EXPECT_LE(ts.tv_sec * 1000000000LL + ts.tv_nsec, after_ns);
  EXPECT_GE(t, static_cast<long long>(before.tv_sec));
  EXPECT_LE(t, static_cast<long long>(after.tv_sec));
  EXPECT_LT(tv.tv_usec, 1000000);
  EXPECT_GE(tv.tv_sec * 1000000LL + tv.tv_usec, before_ns / 1000);
  EXPECT_LE(tv.tv_sec * 1000000LL + tv.tv_usec, after_ns / 1000);
  EXPECT_EQ(hcl_clock_gettime(7, &ts), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  EXPECT_EQ(hcl_clock_getres(HCL_CLOCK_MONOTONIC, &ts), 0);
}

TEST(Time, NanosleepSleepsAtLeastTheSpan) {
  hcl_timespec a, b;
  hcl_clock_gettime(HCL_CLOCK_MONOTONIC, &a);
  hcl_timespec req = {0, 30000000}, rem = {5, 5};
  ASSERT_EQ(hcl_nanosleep(&req, &rem), 0);
  hcl_clock_gettime(HCL_CLOCK_MONOTONIC, &b);
  EXPECT_GE((b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec),
            30000000LL);
  EXPECT_EQ(rem.tv_sec, 0);
  hcl_timespec bad = {0, -1};
  EXPECT_EQ(hcl_nanosleep(&bad, nullptr), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
}

TEST(Time, MicrosecondsByMultiplyAreExact) {
  // gettimeofday's tv_nsec / 1000 by multiply and shift, checked at the
  // edges and on a stride through [0, 1e9).
  for (uint64_t ns = 0; ns < 1000000000u; ns += 997) {
    ASSERT_EQ((ns * 274877907ull) >> 38, ns / 1000) << ns;
  }
  for (uint64_t ns = 999999000u; ns < 1000000000u; ++ns) {
    ASSERT_EQ((ns * 274877907ull) >> 38, ns / 1000) << ns;
  }
}

void First() { hcl_fputs("first-registered\n", hcl_stderr); }
void Second() { hcl_fputs("second-registered ", hcl_stderr); }

// (The stdout flush at exit is checked by the shim image test, whose
// output the driver captures.)
TEST(ExitDeathTest, RunsAtexitFunctionsInReverseOrder) {
  ::testing::FLAGS_gtest_death_test_style = "fast";  // re-exec fails under qemu
  EXPECT_EXIT(
      {
        hcl_atexit(First);
        hcl_atexit(Second);
        hcl_exit(3);
      },
      ::testing::ExitedWithCode(3), "second-registered first-registered");
}

}  // namespace
