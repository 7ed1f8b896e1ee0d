// hypercall/deterministic/deterministic.h -- the deterministic backend's
// constants and the init functions of its parts. Not part of the ABI.
//
// The deterministic backend is the linux backend with two parts replaced:
//   clock:  a virtual clock. Time starts at the fixed epochs below and moves
//           only when the image sleeps, by exactly the time slept; sleeping
//           returns at once. REALTIME and MONOTONIC advance together.
//   random: a splitmix64 stream seeded with the boot seed (HCALL_SEED), or
//           kDefaultSeed if the launcher gave none. Not cryptographic.
// Everything else (memory, handle I/O, exit/abort) is the linux backend's,
// so output written by an image is byte-identical from run to run as long
// as its inputs are.
#ifndef HCALL_HYPERCALL_DETERMINISTIC_DETERMINISTIC_H_
#define HCALL_HYPERCALL_DETERMINISTIC_DETERMINISTIC_H_

#include <stdint.h>

namespace hc_det {

// HC_CLOCK_MONOTONIC at start: 0 s.
constexpr int64_t kMonotonicStartSec = 0;
// HC_CLOCK_REALTIME at start: 2000-01-01T00:00:00Z.
constexpr int64_t kRealtimeStartSec = 946684800;
// Resolution reported by hc_clock_getres: 1 ns.
constexpr int64_t kResolutionNsec = 1;
// Seed used when the boot information carries none ("hcall-01").
constexpr uint64_t kDefaultSeed = 0x6863616c6c2d3031ULL;

// clock.cc: restarts the virtual clock at the epochs above.
void clock_init();

// random.cc: restarts the generator from (seed).
void random_init(uint64_t seed);

}  // namespace hc_det

#endif  // HCALL_HYPERCALL_DETERMINISTIC_DETERMINISTIC_H_
