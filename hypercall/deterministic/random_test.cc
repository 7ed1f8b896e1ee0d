// Tests of the deterministic backend's seeded generator.
#include <cstdint>
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/deterministic/deterministic.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"

namespace {

void init_with_seed(bool given, uint64_t seed) {
  hc_linux_config config = hc_linux::hosted_config();
  config.seed = seed;
  config.seed_given = given ? 1 : 0;
  ASSERT_EQ(hc_linux_init(&config), HC_OK);
}

std::vector<unsigned char> draw(size_t len) {
  std::vector<unsigned char> out(len);
  EXPECT_EQ(hc_getrandom(out.data(), len), static_cast<hc_ssize_t>(len));
  return out;
}

uint64_t little_endian(const unsigned char* b) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[i];
  return v;
}

TEST(DeterministicRandomTest, KnownAnswerForSeedZero) {
  // splitmix64 from state 0: the published first outputs.
  init_with_seed(true, 0);
  const std::vector<unsigned char> bytes = draw(16);
  EXPECT_EQ(little_endian(&bytes[0]), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(little_endian(&bytes[8]), 0x6e789e6aa1b965f4ULL);
}

TEST(DeterministicRandomTest, SameSeedSameBytes) {
  init_with_seed(true, 0x1234);
  const std::vector<unsigned char> a = draw(1000);
  init_with_seed(true, 0x1234);
  const std::vector<unsigned char> b = draw(1000);
  EXPECT_EQ(a, b);
}

TEST(DeterministicRandomTest, DefaultSeedIsFixed) {
  init_with_seed(false, 0x5555);  // ignored: not given
  const std::vector<unsigned char> a = draw(32);
  init_with_seed(true, hc_det::kDefaultSeed);
  EXPECT_EQ(a, draw(32));
}

TEST(DeterministicRandomTest, DifferentSeedsDifferentBytes) {
  init_with_seed(true, 1);
  const std::vector<unsigned char> a = draw(16);
  init_with_seed(true, 2);
  EXPECT_NE(a, draw(16));
}

TEST(DeterministicRandomTest, FullLengthAlwaysAndStreamContinues) {
  init_with_seed(true, 7);
  EXPECT_EQ(hc_getrandom(nullptr, 0), 0);
  const std::vector<unsigned char> whole = draw(24);
  init_with_seed(true, 7);
  const std::vector<unsigned char> first = draw(8);
  const std::vector<unsigned char> second = draw(16);
  EXPECT_EQ(std::memcmp(whole.data(), first.data(), 8), 0);
  EXPECT_EQ(std::memcmp(whole.data() + 8, second.data(), 16), 0);
  // An odd-sized request drops the rest of its last 8-byte word.
  init_with_seed(true, 7);
  const std::vector<unsigned char> three = draw(3);
  const std::vector<unsigned char> next = draw(8);
  EXPECT_EQ(std::memcmp(three.data(), whole.data(), 3), 0);
  EXPECT_EQ(std::memcmp(next.data(), whole.data() + 8, 8), 0);
}

}  // namespace
