// test/harness/splitmix.h -- the pseudo-random numbers of the tests:
// splitmix64, so that a seed gives the same sequence on every platform
// (freestanding too; no libc, no <random>).
#ifndef HCALL_TEST_HARNESS_SPLITMIX_H_
#define HCALL_TEST_HARNESS_SPLITMIX_H_

#include <stdint.h>

namespace hcall::testing {

// An aggregate: SplitMix64 rng{seed};
struct SplitMix64 {
  uint64_t state;

  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n), from the high bits (Lemire's multiply, no division).
  uint32_t Below(uint32_t n) {
    return static_cast<uint32_t>(((Next() >> 32) * n) >> 32);
  }

  unsigned char Byte() { return static_cast<unsigned char>(Next() >> 56); }
};

}  // namespace hcall::testing

#endif  // HCALL_TEST_HARNESS_SPLITMIX_H_
