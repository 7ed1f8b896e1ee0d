// test/harness/testdata/selftest.cc -- every check of the hctest subset in
// its passing form, fixtures and registration order. Runs on all six
// platforms: under GoogleTest on Linux, under hctest on bare metal, and must
// pass under both.
#include <stddef.h>
#include <stdint.h>

#include "test/harness/hctest.h"

namespace {

enum class Colour : uint8_t { kRed = 1, kGreen = 2 };

int g_order = 0;  // which of the Order tests ran last

TEST(Checks, Comparisons) {
  const int three = 3;
  const unsigned long long big = 0xffffffffffffffffull;
  EXPECT_EQ(3, three);
  EXPECT_NE(4, three);
  EXPECT_LT(2, three);
  EXPECT_LE(3, three);
  EXPECT_GT(4, three);
  EXPECT_GE(3, three);
  EXPECT_EQ(0xffffffffffffffffull, big) << "a message " << 42 << ' ' << true;
  EXPECT_EQ(Colour::kGreen, static_cast<Colour>(2));
  EXPECT_NE(Colour::kRed, Colour::kGreen);
  EXPECT_EQ('x', "xyz"[0]);
  ASSERT_EQ(-1, three - 4);
  ASSERT_NE(three, 0);
  ASSERT_LT(three, 4);
  ASSERT_LE(three, 3);
  ASSERT_GT(three, 2);
  ASSERT_GE(three, 3);
}

TEST(Checks, Pointers) {
  int x = 0;
  int* p = &x;
  const int* null = nullptr;
  EXPECT_EQ(&x, p);
  EXPECT_EQ(nullptr, null);
  EXPECT_NE(nullptr, p);
  ASSERT_NE(p, nullptr) << "pointer " << p;
}

TEST(Checks, BoolsAndStrings) {
  char buffer[4] = {'a', 'b', 'c', '\0'};
  const char* null = nullptr;
  EXPECT_TRUE(buffer[0] == 'a');
  EXPECT_FALSE(buffer[3] != '\0');
  ASSERT_TRUE(true);
  ASSERT_FALSE(false);
  EXPECT_STREQ("abc", buffer);
  EXPECT_STRNE("abd", buffer);
  EXPECT_STREQ(nullptr, null);
  EXPECT_STRNE(nullptr, buffer);
  ASSERT_STREQ("abc", buffer);
  ASSERT_STRNE("ab", buffer);
}

class Fixture : public ::testing::Test {
 protected:
  void SetUp() override { value_ = 41; }
  void TearDown() override { ++teardowns_; }

  int value_ = 0;
  static int teardowns_;
};
int Fixture::teardowns_ = 0;

TEST_F(Fixture, SetUpRunsFirst) {
  EXPECT_EQ(41, value_);
  ++value_;
  EXPECT_EQ(42, value_);
}

TEST_F(Fixture, EachTestGetsAFreshFixture) {
  EXPECT_EQ(41, value_);
  // TearDown ran after the previous test of this fixture.
  EXPECT_EQ(1, teardowns_);
}

// Tests run in definition order, under both frameworks.
TEST(Order, First) {
  EXPECT_EQ(0, g_order);
  g_order = 1;
}

TEST(Order, Second) {
  EXPECT_EQ(1, g_order);
  g_order = 2;
}

}  // namespace
