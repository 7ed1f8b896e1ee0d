// test/rumpuser/memory_limit_test.cc -- rumpuser_malloc at the image's
// memory quota (issue 16, bug 2). A rump kernel that allocates with
// waitok = false ignores the error and tests the pointer, so every failure
// must store NULL in *memp. The capability table is set up with a small
// quota (as `hcall run --memory` sets one), so exhausting it is bounded.
//
// Hosted (Linux platforms): each test binary exhausts its quota once.
#include <stddef.h>
#include <stdint.h>

#include "capability/table.h"
#include "gtest/gtest.h"
#include "rump/rumpuser.h"
#include "test/rumpuser/host_grants.h"

namespace {

constexpr int kNetbsdENOMEM = 12;
constexpr uint64_t kQuota = uint64_t{8} << 20;

class MemoryLimit : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(rumptest::InstallGrants(nullptr, 0, kQuota), 0);
  }
  void TearDown() override { rumptest::RemoveGrants(); }
};

TEST_F(MemoryLimit, HugeRequestFailsWithNull) {
  // 1 TiB where size_t has 64 bits; beyond the quota either way.
  const size_t huge = sizeof(size_t) == 8
                          ? static_cast<size_t>(uint64_t{1} << 40)
                          : static_cast<size_t>(uint64_t{3} << 30);
  void* p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(rumpuser_malloc(huge, 0, &p), kNetbsdENOMEM);
  EXPECT_EQ(p, nullptr);
  p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(rumpuser_malloc(huge, 4096, &p), kNetbsdENOMEM);
  EXPECT_EQ(p, nullptr);
  p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(rumpuser_anonmmap(nullptr, huge, 0, 0, &p), kNetbsdENOMEM);
  EXPECT_EQ(p, nullptr);
}

TEST_F(MemoryLimit, ExhaustionFailsWithNull) {
  // Page-sized, page-aligned blocks until the quota runs out, with a stale
  // pointer before every call.
  const size_t limit = static_cast<size_t>(kQuota / 4096) + 1;
  size_t got = 0;
  int error = 0;
  void* p = nullptr;
  for (; got <= limit; ++got) {
    p = reinterpret_cast<void*>(0x1234);
    error = rumpuser_malloc(4096, 4096, &p);
    if (error != 0) break;
    ASSERT_NE(p, nullptr);
    static_cast<volatile uint8_t*>(p)[0] = 1;
  }
  EXPECT_EQ(error, kNetbsdENOMEM);
  EXPECT_EQ(p, nullptr) << "a failed rumpuser_malloc left *memp as it was";
  EXPECT_GT(got, 0u);
  EXPECT_LE(got, limit);
  EXPECT_LE(hcall::cap::process_table().mapped_bytes(), kQuota);
  // Every size class that needs a fresh chunk fails the same way.
  for (size_t len : {size_t{16}, size_t{1000}, size_t{32768}}) {
    p = reinterpret_cast<void*>(0x1234);
    EXPECT_NE(rumpuser_malloc(len, 0, &p), 0) << len;
    EXPECT_EQ(p, nullptr) << len;
  }
}

}  // namespace
