// Allocator tests: random sizes and orders with content checks, every
// alignment entry point, calloc overflow, realloc semantics, and the
// aborts on double and invalid free.
#include <stdint.h>
#include <string.h>

#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "hcl/errno.h"
#include "hcl/stdlib.h"
#include "libc_shim/internal/test_init.h"

namespace {

struct Block {
  unsigned char* p;
  size_t size;
  unsigned char fill;
};

void Fill(const Block& b) { memset(b.p, b.fill, b.size); }

bool Intact(const Block& b) {
  for (size_t i = 0; i < b.size; ++i) {
    if (b.p[i] != b.fill) return false;
  }
  return true;
}

size_t RandomSize(std::mt19937& rng) {
  switch (rng() % 8) {
    case 0:
      return rng() % 17;
    case 1:
    case 2:
    case 3:
      return rng() % 256;
    case 4:
    case 5:
      return rng() % 4096;
    case 6:
      return rng() % 40000;
    default:
      return rng() % 300000;
  }
}

TEST(Malloc, RandomSizesAndOrdersKeepTheirContents) {
  std::mt19937 rng(7);
  std::vector<Block> live;
  for (int step = 0; step < 60000; ++step) {
    const unsigned op = rng() % 10;
    if (op < 5 || live.empty()) {
      Block b{nullptr, RandomSize(rng), static_cast<unsigned char>(rng())};
      b.p = static_cast<unsigned char*>(hcl_malloc(b.size));
      ASSERT_NE(b.p, nullptr);
      ASSERT_EQ(reinterpret_cast<uintptr_t>(b.p) % 16, 0u);
      ASSERT_GE(hcl_malloc_usable_size(b.p), b.size);
      Fill(b);
      live.push_back(b);
    } else if (op < 8) {
      const size_t i = rng() % live.size();
      ASSERT_TRUE(Intact(live[i])) << "block of " << live[i].size;
      hcl_free(live[i].p);
      live[i] = live.back();
      live.pop_back();
    } else {
      Block& b = live[rng() % live.size()];
      ASSERT_TRUE(Intact(b));
      const size_t size = RandomSize(rng) + 1;
      unsigned char* q = static_cast<unsigned char*>(hcl_realloc(b.p, size));
      ASSERT_NE(q, nullptr);
      const size_t kept = std::min(size, b.size);
      for (size_t k = 0; k < kept; ++k) ASSERT_EQ(q[k], b.fill);
      b.p = q;
      b.size = size;
      Fill(b);
    }
  }
  for (const Block& b : live) {
    ASSERT_TRUE(Intact(b));
    hcl_free(b.p);
  }
}

TEST(Malloc, CallocZeroesAndChecksOverflow) {
  // Dirty a block of the same class first so calloc must clear it.
  void* dirty = hcl_malloc(200);
  memset(dirty, 0xab, 200);
  hcl_free(dirty);
  unsigned char* p = static_cast<unsigned char*>(hcl_calloc(10, 20));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(p[i], 0);
  hcl_free(p);
  hcl_errno = 0;
  EXPECT_EQ(hcl_calloc(SIZE_MAX / 2, 3), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
  p = static_cast<unsigned char*>(hcl_calloc(1, 100000));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(p[i], 0);
  hcl_free(p);
}

TEST(Malloc, HugeRequestsFailWithEnomem) {
  hcl_errno = 0;
  EXPECT_EQ(hcl_malloc(SIZE_MAX - 10), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
}

TEST(Malloc, ReallocEdgeCases) {
  void* p = hcl_realloc(nullptr, 10);
  ASSERT_NE(p, nullptr);
  memcpy(p, "123456789", 10);
  void* q = hcl_realloc(p, 12);  // same class: same block
  EXPECT_EQ(q, p);
  void* r = hcl_realloc(q, 100000);
  ASSERT_NE(r, nullptr);
  EXPECT_STREQ(static_cast<char*>(r), "123456789");
  void* s = hcl_realloc(r, 5);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(memcmp(s, "12345", 5), 0);
  EXPECT_EQ(hcl_realloc(s, 0), nullptr);  // freed, as glibc does
}

TEST(Malloc, AlignedAllocations) {
  for (size_t align = 1; align <= (size_t{1} << 16); align <<= 1) {
    for (size_t size : {size_t{1}, size_t{100}, size_t{5000}}) {
      void* p = hcl_aligned_alloc(align, size);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
      memset(p, 1, size);
      hcl_free(p);
      void* m = nullptr;
      if (align >= sizeof(void*)) {
        ASSERT_EQ(hcl_posix_memalign(&m, align, size), 0);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(m) % align, 0u);
        memset(m, 2, size);
        hcl_free(m);
      } else {
        EXPECT_EQ(hcl_posix_memalign(&m, align, size), HCL_EINVAL);
      }
    }
  }
  hcl_errno = 0;
  EXPECT_EQ(hcl_aligned_alloc(24, 10), nullptr);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
}

TEST(Malloc, FreeOfNullIsANoOp) { hcl_free(nullptr); }

using MallocDeathTest = ::testing::Test;

TEST(MallocDeathTest, DoubleFreeOfASmallBlockAborts) {
  ::testing::FLAGS_gtest_death_test_style = "fast";  // re-exec fails under qemu
  EXPECT_DEATH(
      {
        void* p = hcl_malloc(64);
        hcl_free(p);
        hcl_free(p);
      },
      "hcl_free: double free of 0x");
}

TEST(MallocDeathTest, DoubleFreeOfALargeBlockAborts) {
  ::testing::FLAGS_gtest_death_test_style = "fast";  // re-exec fails under qemu
  EXPECT_DEATH(
      {
        void* p = hcl_malloc(1 << 20);
        hcl_free(p);
        hcl_free(p);
      },
      "hcl_free: invalid pointer \\(or double free of\\) 0x");
}

TEST(MallocDeathTest, InvalidFreesAbort) {
  ::testing::FLAGS_gtest_death_test_style = "fast";  // re-exec fails under qemu
  static char not_heap[64];
  EXPECT_DEATH(hcl_free(not_heap + 16), "hcl_free: invalid pointer");
  EXPECT_DEATH(
      {
        char* p = static_cast<char*>(hcl_malloc(64));
        hcl_free(p + 16);  // inside a block
      },
      "hcl_free: invalid pointer");
  EXPECT_DEATH(
      {
        char* p = static_cast<char*>(hcl_malloc(64));
        hcl_free(p + 1);  // misaligned
      },
      "hcl_free: invalid pointer");
  EXPECT_DEATH(hcl_realloc(not_heap, 10), "hcl_free: invalid pointer");
}

}  // namespace
