// test/harness/testdata/failures.cc -- every check of hctest failing once.
// The bare-metal image must report exactly these failures and exit 1: a
// framework whose checks cannot fail would pass every test.
#include <stdint.h>

#include "test/harness/hctest.h"

namespace {

int g_after_assert = 0;

TEST(Fails, Eq) { EXPECT_EQ(1, 2) << "streamed " << 7; }
TEST(Fails, Ne) { EXPECT_NE(3, 3); }
TEST(Fails, Lt) { EXPECT_LT(3, 3); }
TEST(Fails, Le) { EXPECT_LE(4, 3); }
TEST(Fails, Gt) { EXPECT_GT(3, 3); }
TEST(Fails, Ge) { EXPECT_GE(2, 3); }
TEST(Fails, True) { EXPECT_TRUE(1 + 1 == 3); }
TEST(Fails, False) { EXPECT_FALSE(1 + 1 == 2); }
TEST(Fails, StrEq) { EXPECT_STREQ("abc", "abd"); }
TEST(Fails, StrNe) { EXPECT_STRNE("abc", "abc"); }
TEST(Fails, StrEqNull) { EXPECT_STREQ(nullptr, "x"); }
TEST(Fails, Pointer) {
  int x = 0;
  EXPECT_EQ(nullptr, &x);
}

// An ASSERT_* ends the test: the increment below must not run.
TEST(Fails, AssertReturns) {
  ASSERT_EQ(uint64_t{1} << 40, uint64_t{0});
  ++g_after_assert;
}

// SetUp's fatal failure skips the body (which would fail differently).
class BadFixture : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(false) << "in SetUp"; }
};
TEST_F(BadFixture, BodySkipped) { ++g_after_assert; }

// Passes only if neither body above ran past its failure.
TEST(Passes, AfterAssert) { EXPECT_EQ(0, g_after_assert); }

}  // namespace
