// hypercall/deterministic/clock.cc -- the virtual clock of the
// deterministic backend (see deterministic.h).
//
// The state is the virtual time elapsed since start. A clock reads its start
// epoch plus the elapsed time; a relative sleep adds its span; an absolute
// sleep moves the elapsed time up to its target if that is in the future.
// No host clock is ever read and no sleep ever blocks.
#include <stdint.h>

#include "hypercall/deterministic/deterministic.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux.h"

namespace hc_det {
namespace {

using hc_linux::kNsecPerSec;

hc_timespec g_elapsed = {0, 0};

int64_t start_sec(uint32_t clock) {
  return clock == HC_CLOCK_REALTIME ? kRealtimeStartSec : kMonotonicStartSec;
}

// (a) + (b), both valid; seconds saturate at INT64_MAX.
hc_timespec add(const hc_timespec& a, const hc_timespec& b) {
  hc_timespec sum;
  sum.tv_nsec = a.tv_nsec + b.tv_nsec;
  int64_t carry = 0;
  if (sum.tv_nsec >= kNsecPerSec) {
    sum.tv_nsec -= kNsecPerSec;
    carry = 1;
  }
  if (a.tv_sec > INT64_MAX - b.tv_sec - carry) {
    sum.tv_sec = INT64_MAX;
    sum.tv_nsec = kNsecPerSec - 1;
  } else {
    sum.tv_sec = a.tv_sec + b.tv_sec + carry;
  }
  return sum;
}

bool less(const hc_timespec& a, const hc_timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

bool clock_ok(uint32_t clock) { return clock <= HC_CLOCK_MONOTONIC; }

}  // namespace

void clock_init() {
  g_elapsed.tv_sec = 0;
  g_elapsed.tv_nsec = 0;
}

}  // namespace hc_det

extern "C" const char* hc_linux_clock_source(void) { return "virtual"; }

extern "C" hc_status_t hc_clock_gettime(uint32_t clock,
                                        struct hc_timespec* ts) {
  if (!hc_det::clock_ok(clock)) return HC_EINVAL;
  hc_timespec start;
  start.tv_sec = hc_det::start_sec(clock);
  start.tv_nsec = 0;
  *ts = hc_det::add(start, hc_det::g_elapsed);
  return HC_OK;
}

extern "C" hc_status_t hc_clock_getres(uint32_t clock,
                                       struct hc_timespec* res) {
  if (!hc_det::clock_ok(clock)) return HC_EINVAL;
  res->tv_sec = 0;
  res->tv_nsec = hc_det::kResolutionNsec;
  return HC_OK;
}

extern "C" hc_status_t hc_clock_nanosleep(uint32_t clock, uint32_t flags,
                                          const struct hc_timespec* t) {
  if (!hc_det::clock_ok(clock) || (flags & ~HC_TIMER_ABSTIME) != 0 ||
      !hc_linux::timespec_valid(*t)) {
    return HC_EINVAL;
  }
  if ((flags & HC_TIMER_ABSTIME) == 0) {
    hc_det::g_elapsed = hc_det::add(hc_det::g_elapsed, *t);
    return HC_OK;
  }
  // Absolute: the target as elapsed time; a target before the clock's start
  // epoch has passed already.
  hc_timespec target = *t;
  target.tv_sec -= hc_det::start_sec(clock);
  if (target.tv_sec >= 0 && hc_det::less(hc_det::g_elapsed, target)) {
    hc_det::g_elapsed = target;
  }
  return HC_OK;
}
