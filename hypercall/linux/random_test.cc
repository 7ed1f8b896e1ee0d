// Tests of the linux backend's hc_getrandom (kernel randomness).
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace {

class RandomTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(hc_linux::hosted_init(), HC_OK); }
};

// Fills (len) bytes, looping over short returns as the contract requires.
void fill(unsigned char* buf, size_t len) {
  size_t done = 0;
  while (done < len) {
    const hc_ssize_t n = hc_getrandom(buf + done, len - done);
    ASSERT_GT(n, 0);
    ASSERT_LE(static_cast<size_t>(n), len - done);
    done += static_cast<size_t>(n);
  }
}

TEST_F(RandomTest, ZeroLengthReturnsZero) {
  EXPECT_EQ(hc_getrandom(nullptr, 0), 0);
}

TEST_F(RandomTest, SixteenBytesDifferEachTime) {
  unsigned char a[16] = {0};
  unsigned char b[16] = {0};
  const hc_ssize_t n = hc_getrandom(a, sizeof(a));
  EXPECT_GE(n, 1);
  EXPECT_LE(n, 16);
  fill(a, sizeof(a));
  fill(b, sizeof(b));
  EXPECT_NE(std::memcmp(a, b, sizeof(a)), 0);
}

TEST_F(RandomTest, LargeRequestsMayBeShortButNeverEmpty) {
  std::vector<unsigned char> buf(1 << 20);
  const hc_ssize_t n = hc_getrandom(buf.data(), buf.size());
  EXPECT_GE(n, 1);
  EXPECT_LE(static_cast<size_t>(n), buf.size());
  fill(buf.data(), buf.size());
  // Not all zero: a crude check that bytes were written at the end too.
  size_t nonzero = 0;
  for (size_t i = buf.size() - 4096; i < buf.size(); ++i)
    nonzero += buf[i] != 0;
  EXPECT_GT(nonzero, 3000u);
}

}  // namespace
