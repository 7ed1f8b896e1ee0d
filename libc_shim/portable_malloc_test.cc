// Tests of the hcl allocator that run on every platform (GoogleTest on
// Linux, hctest on bare metal, where the heap lives in 64 MiB of RAM):
// random malloc/free/calloc/realloc over 512 slots with every block filled
// with its own pattern and verified before it is freed or resized, 16-byte
// alignment and usable sizes, a few blocks of up to 1 MiB, the aligned
// entry points, calloc overflow and the realloc edge cases. Live memory
// stays under 16 MiB. (The aborts on double and invalid frees are death
// tests: see malloc_test.cc.)
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdlib.h"
#include "test/harness/hctest.h"
#include "test/harness/splitmix.h"

namespace {

using Rng = hcall::testing::SplitMix64;

// A block's pattern: word i holds seed + i * an odd constant (the bytes
// past the last whole word are the first bytes of the next word), so that
// shifted, swapped or truncated contents do not verify, and any prefix of
// a block verifies against the same seed.
constexpr uint32_t kStep = 0x9e3779b1u;

uint32_t PatternWord(uint32_t seed, size_t i) {
  return seed + static_cast<uint32_t>(i) * kStep;
}

void Fill(void* p, size_t size, uint32_t seed) {
  uint32_t* w = static_cast<uint32_t*>(p);
  const size_t words = size / 4;
  uint32_t v = seed;
  for (size_t i = 0; i < words; ++i, v += kStep) w[i] = v;
  const uint32_t last = PatternWord(seed, words);
  const unsigned char* lb = reinterpret_cast<const unsigned char*>(&last);
  unsigned char* b = static_cast<unsigned char*>(p);
  for (size_t i = words * 4; i < size; ++i) b[i] = lb[i - words * 4];
}

// The offset of the first of the first (size) bytes of (p) that differs
// from the pattern, or -1.
long Verify(const void* p, size_t size, uint32_t seed) {
  const uint32_t* w = static_cast<const uint32_t*>(p);
  const size_t words = size / 4;
  uint32_t v = seed;
  for (size_t i = 0; i < words; ++i, v += kStep) {
    if (w[i] != v) return static_cast<long>(i * 4);
  }
  const uint32_t last = PatternWord(seed, words);
  const unsigned char* lb = reinterpret_cast<const unsigned char*>(&last);
  const unsigned char* b = static_cast<const unsigned char*>(p);
  for (size_t i = words * 4; i < size; ++i) {
    if (b[i] != lb[i - words * 4]) return static_cast<long>(i);
  }
  return -1;
}

bool Aligned16(const void* p) {
  return (reinterpret_cast<uintptr_t>(p) & 15) == 0;
}

// Mostly small blocks, some up to the size-class limit (32 KiB) and past
// it to 64 KiB, rarely (1 in 500) up to 1 MiB.
size_t RandomSize(Rng& rng) {
  const uint32_t r = rng.Below(1000);
  if (r < 500) return rng.Below(129);
  if (r < 800) return rng.Below(2049);
  if (r < 950) return rng.Below(8193);
  if (r < 998) return rng.Below(65537);
  return 65536 + rng.Below(1024 * 1024 - 65536 + 1);
}

struct Slot {
  void* p;
  size_t size;
  uint32_t seed;
};

constexpr int kSlots = 512;
constexpr size_t kMaxLive = 16u << 20;
Slot g_slots[kSlots];

TEST(PortableMalloc, RandomOperationsKeepEveryBlockIntact) {
  Rng rng{13};
  size_t live = 0;
  size_t peak = 0;
  int mallocs = 0, callocs = 0, reallocs = 0, frees = 0, large = 0;
  for (int step = 0; step < 20000; ++step) {
    Slot& s = g_slots[rng.Below(kSlots)];
    const uint32_t op = rng.Below(10);
    if (s.p == nullptr) {
      // Allocate: malloc, or calloc (whose block must read as zeros).
      size_t size = RandomSize(rng);
      if (live + size > kMaxLive) size = rng.Below(257);
      const bool use_calloc = op < 2;
      void* p;
      if (use_calloc) {
        const size_t count = 1 + rng.Below(8);
        size = (size + count - 1) / count * count;
        p = hcl_calloc(count, size / count);
        ++callocs;
      } else {
        p = hcl_malloc(size);
        ++mallocs;
      }
      ASSERT_NE(p, nullptr) << "size " << size << " step " << step;
      ASSERT_TRUE(Aligned16(p)) << p;
      ASSERT_GE(hcl_malloc_usable_size(p), size);
      if (use_calloc) {
        const unsigned char* b = static_cast<const unsigned char*>(p);
        for (size_t i = 0; i < size; ++i) {
          if (b[i] != 0) {
            ASSERT_EQ(b[i], 0) << "calloc byte " << i << " of " << size;
          }
        }
      }
      if (size > 65536) ++large;
      s.p = p;
      s.size = size;
      s.seed = static_cast<uint32_t>(rng.Next());
      Fill(s.p, s.size, s.seed);
      live += size;
    } else if (op < 6) {
      ASSERT_EQ(Verify(s.p, s.size, s.seed), -1)
          << "block of " << s.size << " at " << s.p << " step " << step;
      hcl_free(s.p);
      live -= s.size;
      s.p = nullptr;
      ++frees;
    } else {
      // Resize: the common prefix survives, wherever the block goes.
      ASSERT_EQ(Verify(s.p, s.size, s.seed), -1)
          << "block of " << s.size << " step " << step;
      size_t size = RandomSize(rng) + 1;
      if (live - s.size + size > kMaxLive) size = 1 + rng.Below(256);
      void* q = hcl_realloc(s.p, size);
      ASSERT_NE(q, nullptr) << "realloc to " << size;
      ASSERT_TRUE(Aligned16(q)) << q;
      ASSERT_GE(hcl_malloc_usable_size(q), size);
      const size_t kept = size < s.size ? size : s.size;
      ASSERT_EQ(Verify(q, kept, s.seed), -1)
          << "realloc " << s.size << " -> " << size << " step " << step;
      live = live - s.size + size;
      s.p = q;
      s.size = size;
      s.seed = static_cast<uint32_t>(rng.Next());
      Fill(s.p, s.size, s.seed);
      ++reallocs;
    }
    if (live > peak) peak = live;
  }
  for (Slot& s : g_slots) {
    if (s.p == nullptr) continue;
    EXPECT_EQ(Verify(s.p, s.size, s.seed), -1) << "block of " << s.size;
    hcl_free(s.p);
    s.p = nullptr;
  }
  // The mix really happened.
  EXPECT_GT(mallocs, 3000);
  EXPECT_GT(callocs, 500);
  EXPECT_GT(reallocs, 2000);
  EXPECT_GT(frees, 3000);
  EXPECT_GT(large, 5);
  EXPECT_GT(peak, size_t{1} << 20);
  EXPECT_LE(peak, kMaxLive);
}

// Blocks that are distinct and do not overlap: many small ones at once.
TEST(PortableMalloc, BlocksDoNotOverlap) {
  constexpr int kN = 2000;
  static unsigned char* blocks[kN];
  for (int i = 0; i < kN; ++i) {
    const size_t size = 1 + static_cast<size_t>(i % 97);
    blocks[i] = static_cast<unsigned char*>(hcl_malloc(size));
    ASSERT_NE(blocks[i], nullptr) << i;
    for (size_t k = 0; k < size; ++k) {
      blocks[i][k] = static_cast<unsigned char>(i);
    }
  }
  for (int i = 0; i < kN; ++i) {
    const size_t size = 1 + static_cast<size_t>(i % 97);
    for (size_t k = 0; k < size; ++k) {
      if (blocks[i][k] != static_cast<unsigned char>(i)) {
        ASSERT_EQ(blocks[i][k], static_cast<unsigned char>(i))
            << "block " << i << " byte " << k << " was overwritten";
      }
    }
  }
  for (int i = 0; i < kN; ++i) hcl_free(blocks[i]);
}

TEST(PortableMalloc, MallocOfZeroAndFreeOfNull) {
  void* p = hcl_malloc(0);
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(Aligned16(p));
  hcl_free(p);
  hcl_free(nullptr);
}

TEST(PortableMalloc, CallocZeroesReusedMemoryAndChecksOverflow) {
  // Dirty a block of the same class first, so calloc must clear it.
  unsigned char* dirty = static_cast<unsigned char*>(hcl_malloc(200));
  ASSERT_NE(dirty, nullptr);
  for (int i = 0; i < 200; ++i) dirty[i] = 0xab;
  hcl_free(dirty);
  unsigned char* p = static_cast<unsigned char*>(hcl_calloc(10, 20));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 200; ++i) ASSERT_EQ(p[i], 0) << i;
  hcl_free(p);
  hcl_errno = 0;
  EXPECT_EQ(hcl_calloc(SIZE_MAX / 2, 3), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
  hcl_errno = 0;
  EXPECT_EQ(hcl_calloc(3, SIZE_MAX / 2), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
  p = static_cast<unsigned char*>(hcl_calloc(1, 100000));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 100000; ++i) ASSERT_EQ(p[i], 0) << i;
  hcl_free(p);
}

TEST(PortableMalloc, HugeRequestsFailWithEnomem) {
  hcl_errno = 0;
  EXPECT_EQ(hcl_malloc(SIZE_MAX - 10), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
  hcl_errno = 0;
  EXPECT_EQ(hcl_malloc(SIZE_MAX / 2), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
  hcl_errno = 0;
  void* p = hcl_malloc(16);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(hcl_realloc(p, SIZE_MAX - 10), nullptr);
  EXPECT_EQ(hcl_errno, HCL_ENOMEM);
  hcl_free(p);  // a failed realloc leaves the block alone
}

TEST(PortableMalloc, ReallocEdgeCases) {
  char* p = static_cast<char*>(hcl_realloc(nullptr, 10));
  ASSERT_NE(p, nullptr);
  Fill(p, 10, 77);
  char* q = static_cast<char*>(hcl_realloc(p, 12));  // same class: in place
  EXPECT_EQ(q, p);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(Verify(q, 10, 77), -1);
  char* r = static_cast<char*>(hcl_realloc(q, 100000));  // small -> large
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(Verify(r, 10, 77), -1);
  Fill(r, 100000, 78);
  char* s = static_cast<char*>(hcl_realloc(r, 300000));  // large -> large
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(Verify(s, 100000, 78), -1);
  char* t = static_cast<char*>(hcl_realloc(s, 5));  // large -> small
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(Verify(t, 5, 78), -1);
  EXPECT_EQ(hcl_realloc(t, 0), nullptr);  // freed, as glibc does
}

TEST(PortableMalloc, AlignedAllocations) {
  static const size_t kSizes[] = {1, 100, 5000};
  for (size_t align = 1; align <= 4096; align <<= 1) {
    for (size_t size : kSizes) {
      void* p = hcl_aligned_alloc(align, size);
      ASSERT_NE(p, nullptr) << align;
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u) << align;
      EXPECT_GE(hcl_malloc_usable_size(p), size);
      Fill(p, size, static_cast<uint32_t>(align));
      EXPECT_EQ(Verify(p, size, static_cast<uint32_t>(align)), -1);
      hcl_free(p);
      void* m = nullptr;
      if (align >= sizeof(void*)) {
        ASSERT_EQ(hcl_posix_memalign(&m, align, size), 0) << align;
        EXPECT_EQ(reinterpret_cast<uintptr_t>(m) % align, 0u) << align;
        Fill(m, size, 5);
        EXPECT_EQ(Verify(m, size, 5), -1);
        hcl_free(m);
      } else {
        EXPECT_EQ(hcl_posix_memalign(&m, align, size), HCL_EINVAL) << align;
      }
    }
  }
  hcl_errno = 0;
  EXPECT_EQ(hcl_aligned_alloc(24, 10), nullptr);
  EXPECT_EQ(hcl_errno, HCL_EINVAL);
  void* m = nullptr;
  EXPECT_EQ(hcl_posix_memalign(&m, 3 * sizeof(void*), 10), HCL_EINVAL);
}

// Freed memory is reused: a long run of allocate-and-free does not grow
// the heap without bound (it would exhaust 64 MiB of RAM otherwise).
TEST(PortableMalloc, FreedMemoryIsReused) {
  for (int i = 0; i < 400; ++i) {
    void* big = hcl_malloc(1024 * 1024);  // its own mapping, unmapped by free
    ASSERT_NE(big, nullptr) << i;
    Fill(big, 4096, static_cast<uint32_t>(i));
    hcl_free(big);
    void* small = hcl_malloc(20000);
    ASSERT_NE(small, nullptr) << i;
    hcl_free(small);
  }
}

}  // namespace
