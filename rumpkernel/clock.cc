// rumpkernel/clock.cc -- clocks, sleeping and randomness.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

using namespace hcall::rump;

namespace {

constexpr long kNanosPerSecond = 1000000000L;

}  // namespace

extern "C" int rumpuser_clock_gettime(int enum_rumpclock, int64_t* sec,
                                      long* nsec) {
  uint32_t clock;
  switch (enum_rumpclock) {
    case RUMPUSER_CLOCK_RELWALL:
      clock = HC_CLOCK_REALTIME;
      break;
    case RUMPUSER_CLOCK_ABSMONO:
      clock = HC_CLOCK_MONOTONIC;
      break;
    default:
      return nb::kEINVAL;
  }
  hc_timespec ts;
  const hc_status_t s = hc_clock_gettime(clock, &ts);
  if (s != HC_OK) return NbErrnoFromHc(s);
  *sec = ts.tv_sec;
  *nsec = static_cast<long>(ts.tv_nsec);
  return 0;
}

extern "C" int rumpuser_clock_sleep(int enum_rumpclock, int64_t sec,
                                    long nsec) {
  if (nsec < 0 || nsec >= kNanosPerSecond) return nb::kEINVAL;
  hc_timespec deadline;
  switch (enum_rumpclock) {
    case RUMPUSER_CLOCK_RELWALL: {
      // A relative span, measured on the monotonic clock (it must last at
      // least that long; the wall clock may be stepped meanwhile).
      const hc_timespec now = hcall::fibers::Now();
      if (sec < 0) {
        deadline = now;
        break;
      }
      const uint64_t max_sec = UINT64_MAX / 1000000000u - 1;
      const uint64_t s = static_cast<uint64_t>(sec) > max_sec
                             ? max_sec
                             : static_cast<uint64_t>(sec);
      deadline = hcall::fibers::AddNanoseconds(
          now, s * 1000000000u + static_cast<uint64_t>(nsec));
      break;
    }
    case RUMPUSER_CLOCK_ABSMONO:
      deadline.tv_sec = sec < 0 ? 0 : sec;
      deadline.tv_nsec = sec < 0 ? 0 : nsec;
      break;
    default:
      return nb::kEINVAL;
  }
  const int nlocks = Unschedule(nullptr);
  hcall::fibers::SleepUntil(deadline);
  Schedule(nlocks, nullptr);
  return 0;
}

extern "C" int rumpuser_getrandom(void* buf, size_t buflen, int flags,
                                  size_t* retp) {
  if ((flags & ~(RUMPUSER_RANDOM_HARD | RUMPUSER_RANDOM_NOWAIT)) != 0) {
    return nb::kEINVAL;
  }
  // Both kinds come from hc_getrandom: the host's cryptographic generator
  // on linux, a seeded stream on the deterministic backend, virtio-rng on
  // bare metal. The calls return without waiting for the rump kernel, so
  // the virtual CPU is kept.
  uint8_t* p = static_cast<uint8_t*>(buf);
  size_t got = 0;
  while (got < buflen) {
    const hc_ssize_t n = hc_getrandom(p + got, buflen - got);
    if (n <= 0) {
      *retp = got;
      return got > 0 ? 0 : NbErrnoFromHc(n < 0 ? n : hc_ssize_t{HC_EIO});
    }
    got += static_cast<size_t>(n);
    if ((flags & RUMPUSER_RANDOM_NOWAIT) != 0) break;
  }
  *retp = got;
  return 0;
}
