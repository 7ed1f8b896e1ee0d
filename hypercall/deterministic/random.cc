// hypercall/deterministic/random.cc -- hc_getrandom of the deterministic
// backend: the splitmix64 sequence (Steele, Lea and Flood, 2014) from the
// boot seed, each 64-bit output emitted as 8 little-endian bytes; the unused
// tail of the last output of a call is dropped. The same seed and the same
// sequence of calls give the same bytes on every architecture.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/deterministic/deterministic.h"
#include "hypercall/hypercall.h"

namespace hc_det {
namespace {

uint64_t g_state = kDefaultSeed;

uint64_t next() {
  g_state += 0x9e3779b97f4a7c15ULL;
  uint64_t z = g_state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

void random_init(uint64_t seed) { g_state = seed; }

}  // namespace hc_det

extern "C" hc_ssize_t hc_getrandom(void* buf, size_t len) {
  unsigned char* out = static_cast<unsigned char*>(buf);
  size_t done = 0;
  while (done < len) {
    uint64_t word = hc_det::next();
    for (int i = 0; i < 8 && done < len; ++i) {
      out[done++] = static_cast<unsigned char>(word);
      word >>= 8;
    }
  }
  return static_cast<hc_ssize_t>(len);
}
