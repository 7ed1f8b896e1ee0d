// Tests of hcl/stdlib.h (and errno, clocks) that run on every platform
// (GoogleTest on Linux, hctest on bare metal): qsort and bsearch against an
// insertion sort and a linear search written here, the environment on an
// array the test installs (so the boot environment does not matter),
// errno per fiber, abs, and the monotonic clock and sleeps (lower bounds
// only). exit/atexit end the program: see stdlib_test.cc.
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/pthread.h"
#include "hcl/stdio.h"
#include "hcl/stdlib.h"
#include "hcl/string.h"
#include "hcl/time.h"
#include "test/harness/hctest.h"
#include "test/harness/splitmix.h"

namespace {

using Rng = hcall::testing::SplitMix64;

int g_compares;

int CompareInts(const void* a, const void* b) {
  ++g_compares;
  const int x = *static_cast<const int*>(a);
  const int y = *static_cast<const int*>(b);
  return (x > y) - (x < y);
}

void InsertionSort(int* v, size_t n) {
  for (size_t i = 1; i < n; ++i) {
    const int x = v[i];
    size_t j = i;
    for (; j > 0 && v[j - 1] > x; --j) v[j] = v[j - 1];
    v[j] = x;
  }
}

constexpr size_t kMaxN = 600;
int g_sorted[kMaxN];
int g_want[kMaxN];

TEST(PortableSort, QsortMatchesInsertionSort) {
  Rng rng{14};
  for (int iter = 0; iter < 120; ++iter) {
    // Sizes 0..599; values from a small range (many duplicates) or a
    // large one; some inputs already sorted or reversed.
    const size_t n = iter < 10 ? static_cast<size_t>(iter) : rng.Below(kMaxN);
    const uint32_t range = iter % 2 ? 20 : 1000000;
    for (size_t i = 0; i < n; ++i) {
      g_sorted[i] =
          static_cast<int>(rng.Below(range)) - static_cast<int>(range / 2);
    }
    if (iter % 7 == 3) InsertionSort(g_sorted, n);
    if (iter % 7 == 4) {
      InsertionSort(g_sorted, n);
      for (size_t i = 0; i < n / 2; ++i) {
        const int t = g_sorted[i];
        g_sorted[i] = g_sorted[n - 1 - i];
        g_sorted[n - 1 - i] = t;
      }
    }
    for (size_t i = 0; i < n; ++i) g_want[i] = g_sorted[i];
    InsertionSort(g_want, n);
    g_compares = 0;
    hcl_qsort(g_sorted, n, sizeof(int), CompareInts);
    for (size_t i = 0; i < n; ++i) {
      ASSERT_EQ(g_sorted[i], g_want[i]) << "iter " << iter << " index " << i;
    }
    // O(n log n): heapsort makes at most about 2 n log2 n comparisons.
    size_t log2n = 1;
    while ((size_t{1} << log2n) < n) ++log2n;
    EXPECT_LE(static_cast<size_t>(g_compares), 3 * n * log2n + 4) << n;

    // bsearch: every present key is found (some copy of it), absent keys
    // are not.
    for (int k = 0; k < 40; ++k) {
      const int key = static_cast<int>(rng.Below(range + 4)) -
                      static_cast<int>(range / 2) - 2;
      bool present = false;
      for (size_t i = 0; i < n; ++i) present = present || g_want[i] == key;
      const int* found = static_cast<const int*>(
          hcl_bsearch(&key, g_sorted, n, sizeof(int), CompareInts));
      ASSERT_EQ(found != nullptr, present) << "key " << key << " n " << n;
      if (found != nullptr) {
        ASSERT_EQ(*found, key);
        ASSERT_GE(found, g_sorted);
        ASSERT_LT(found, g_sorted + n);
      }
    }
  }
  int one = 5;
  EXPECT_EQ(hcl_bsearch(&one, g_sorted, 0, sizeof(int), CompareInts), nullptr);
}

// Records with an odd size: whole records move, never parts of them.
struct Rec {
  int key;
  char tag[9];  // the key's digits, checked after sorting
};

int CompareRecs(const void* a, const void* b) {
  const int x = static_cast<const Rec*>(a)->key;
  const int y = static_cast<const Rec*>(b)->key;
  return (x > y) - (x < y);
}

Rec g_recs[500];

TEST(PortableSort, QsortMovesWholeRecordsOfOddSize) {
  static_assert(sizeof(Rec) % 4 == 0, "padded to int alignment");
  Rng rng{15};
  for (Rec& r : g_recs) {
    r.key = static_cast<int>(rng.Below(100000));
    hcl_snprintf(r.tag, sizeof(r.tag), "%d", r.key);
  }
  hcl_qsort(g_recs, 500, sizeof(Rec), CompareRecs);
  for (size_t i = 0; i < 500; ++i) {
    if (i > 0) {
      ASSERT_LE(g_recs[i - 1].key, g_recs[i].key) << i;
    }
    char want[9];
    hcl_snprintf(want, sizeof(want), "%d", g_recs[i].key);
    ASSERT_STREQ(g_recs[i].tag, want) << i;
  }
  // A 3-byte element.
  unsigned char bytes[30];
  for (int i = 0; i < 30; ++i)
    bytes[i] = static_cast<unsigned char>((i / 3) * 7 % 10 * 3 + i % 3);
  hcl_qsort(bytes, 10, 3, [](const void* a, const void* b) {
    return static_cast<int>(*static_cast<const unsigned char*>(a)) -
           static_cast<int>(*static_cast<const unsigned char*>(b));
  });
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(bytes[i], i) << "element " << i / 3 << " byte " << i % 3;
  }
}

TEST(PortableEnviron, GetSetUnset) {
  char** const saved = hcl_environ;
  char a[] = "HOME=/root";
  char b[] = "LANG=C";
  char c[] = "EMPTY=";
  char d[] = "HOME2=x";
  char* env[] = {a, b, c, d, nullptr};
  hcl_environ_init(env);
  EXPECT_STREQ(hcl_getenv("HOME"), "/root");
  EXPECT_STREQ(hcl_getenv("HOME2"), "x");
  EXPECT_STREQ(hcl_getenv("EMPTY"), "");
  EXPECT_EQ(hcl_getenv("HOM"), nullptr);
  EXPECT_EQ(hcl_getenv("HOME="), nullptr);
  EXPECT_EQ(hcl_getenv(""), nullptr);
  EXPECT_EQ(hcl_setenv("LANG", "fr", 0), 0);
  EXPECT_STREQ(hcl_getenv("LANG"), "C");
  EXPECT_EQ(hcl_setenv("LANG", "fr", 1), 0);
  EXPECT_STREQ(hcl_getenv("LANG"), "fr");
  for (int i = 0; i < 100; ++i) {
    char name[16];
    char value[16];
    hcl_snprintf(name, sizeof(name), "V%d", i);
    hcl_snprintf(value, sizeof(value), "%d", i * i);
    ASSERT_EQ(hcl_setenv(name, value, 1), 0) << i;
  }
  EXPECT_STREQ(hcl_getenv("V42"), "1764");
  EXPECT_STREQ(hcl_getenv("V0"), "0");
  EXPECT_STREQ(hcl_getenv("HOME"), "/root");
  EXPECT_EQ(hcl_unsetenv("HOME"), 0);
  EXPECT_EQ(hcl_getenv("HOME"), nullptr);
  EXPECT_STREQ(hcl_getenv("HOME2"), "x") << "only the exact name goes";
  EXPECT_STREQ(hcl_getenv("V99"), "9801");
  EXPECT_EQ(hcl_unsetenv("NOT_THERE"), 0);
  hcl_errno = 0;
  EXPECT_EQ(hcl_setenv("A=B", "x", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  hcl_errno = 0;
  EXPECT_EQ(hcl_setenv("", "x", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  EXPECT_EQ(hcl_setenv(nullptr, "x", 1), -1);
  EXPECT_EQ(hcl_unsetenv(""), -1);
  // environ lists what getenv finds, each entry once.
  int count = 0;
  for (char** e = hcl_environ; *e != nullptr; ++e) ++count;
  EXPECT_EQ(count, 3 + 100);  // LANG EMPTY HOME2 V0..V99
  hcl_environ_init(nullptr);
  EXPECT_EQ(hcl_getenv("LANG"), nullptr);
  hcl_environ_init(saved);
}

void* SetErrno(void* arg) {
  hcl_errno = static_cast<int>(reinterpret_cast<intptr_t>(arg));
  hcl_sched_yield();
  return reinterpret_cast<void*>(static_cast<intptr_t>(hcl_errno));
}

TEST(PortableErrno, IsPerFiber) {
  hcl_errno = 1;
  hcl_pthread_t a, b;
  ASSERT_EQ(hcl_pthread_create(&a, nullptr, SetErrno,
                               reinterpret_cast<void*>(intptr_t{7})),
            0);
  ASSERT_EQ(hcl_pthread_create(&b, nullptr, SetErrno,
                               reinterpret_cast<void*>(intptr_t{9})),
            0);
  void* ra = nullptr;
  void* rb = nullptr;
  EXPECT_EQ(hcl_pthread_join(a, &ra), 0);
  EXPECT_EQ(hcl_pthread_join(b, &rb), 0);
  EXPECT_EQ(reinterpret_cast<intptr_t>(ra), 7);
  EXPECT_EQ(reinterpret_cast<intptr_t>(rb), 9);
  EXPECT_EQ(hcl_errno, 1);
  EXPECT_EQ(&hcl_errno, hcl___errno_location());
  hcl_errno = 0;
}

TEST(PortableStdlib, Abs) {
  EXPECT_EQ(hcl_abs(-5), 5);
  EXPECT_EQ(hcl_abs(5), 5);
  EXPECT_EQ(hcl_abs(0), 0);
  EXPECT_EQ(hcl_abs(-2147483647), 2147483647);
  EXPECT_EQ(hcl_labs(-123456L), 123456L);
  EXPECT_EQ(hcl_llabs(-9000000000LL), 9000000000LL);
}

long long Nanoseconds(const hcl_timespec& t) {
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

TEST(PortableTime, MonotonicClockAndSleeps) {
  hcl_timespec a, b, res;
  ASSERT_EQ(hcl_clock_gettime(HCL_CLOCK_MONOTONIC, &a), 0);
  EXPECT_GE(a.tv_nsec, 0);
  EXPECT_LT(a.tv_nsec, 1000000000);
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(hcl_clock_gettime(HCL_CLOCK_MONOTONIC, &b), 0);
    ASSERT_GE(Nanoseconds(b), Nanoseconds(a)) << "went backwards at " << i;
    a = b;
  }
  EXPECT_EQ(hcl_clock_getres(HCL_CLOCK_MONOTONIC, &res), 0);
  EXPECT_GT(Nanoseconds(res), 0);
  hcl_timespec req = {0, 3000000};
  hcl_timespec rem = {5, 5};
  ASSERT_EQ(hcl_clock_gettime(HCL_CLOCK_MONOTONIC, &a), 0);
  ASSERT_EQ(hcl_nanosleep(&req, &rem), 0);
  ASSERT_EQ(hcl_clock_gettime(HCL_CLOCK_MONOTONIC, &b), 0);
  EXPECT_GE(Nanoseconds(b) - Nanoseconds(a), 3000000) << "woke early";
  EXPECT_EQ(rem.tv_sec, 0);
  EXPECT_EQ(rem.tv_nsec, 0);
  hcl_errno = 0;
  hcl_timespec bad = {0, -1};
  EXPECT_EQ(hcl_nanosleep(&bad, nullptr), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  hcl_errno = 0;
  EXPECT_EQ(hcl_clock_gettime(7, &a), -1);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  ASSERT_EQ(hcl_clock_gettime(HCL_CLOCK_REALTIME, &a), 0);
  EXPECT_GT(a.tv_sec, 1577836800) << "REALTIME after 2020";
}

}  // namespace
