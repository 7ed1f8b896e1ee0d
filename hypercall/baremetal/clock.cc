// hypercall/baremetal/clock.cc -- the clock calls over a tick counter
// (clock_gtimer.cc: Arm generic timer; clock_x86_64.cc: calibrated TSC).
//
// MONOTONIC is the tick count converted to nanoseconds (origin: machine
// reset). REALTIME is MONOTONIC plus an offset fixed at boot from the RTC,
// which counts whole seconds, so REALTIME is within one second of the
// host's wall clock and then advances with MONOTONIC. Without an RTC,
// REALTIME calls return HC_ENOTSUP. hc_clock_nanosleep idles the CPU
// (timer_idle_until: WFI / HLT until the timer interrupt) and never spins
// on the counter.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr uint64_t kMaxNs = uint64_t{INT64_MAX};
// Longest single idle; the loop re-arms the timer after it.
constexpr uint64_t kMaxIdleNs = kNsecPerSec;

uint64_t g_hz;
bool g_have_realtime;
uint64_t g_realtime_offset_ns;  // REALTIME = MONOTONIC + offset

uint64_t ticks_to_ns(uint64_t ticks) {
  const uint64_t sec = ticks / g_hz;
  const uint64_t rem = ticks % g_hz;  // rem * 1e9 < 2^64 for g_hz < 18 GHz
  return sec * kNsecPerSec + rem * kNsecPerSec / g_hz;
}

uint64_t ns_to_ticks_ceil(uint64_t ns) {
  const uint64_t sec = ns / kNsecPerSec;
  const uint64_t rem = ns % kNsecPerSec;
  return sec * g_hz + (rem * g_hz + kNsecPerSec - 1) / kNsecPerSec;
}

uint64_t monotonic_ns() { return ticks_to_ns(timer_ticks()); }

bool timespec_valid(const hc_timespec& t) {
  return t.tv_sec >= 0 && t.tv_nsec >= 0 &&
         t.tv_nsec < static_cast<int64_t>(kNsecPerSec);
}

// (t) in nanoseconds, saturated at INT64_MAX.
uint64_t timespec_ns(const hc_timespec& t) {
  const uint64_t sec = static_cast<uint64_t>(t.tv_sec);
  if (sec >= kMaxNs / kNsecPerSec) return kMaxNs;
  return sec * kNsecPerSec + static_cast<uint64_t>(t.tv_nsec);
}

void store_ns(uint64_t ns, hc_timespec* ts) {
  ts->tv_sec = static_cast<int64_t>(ns / kNsecPerSec);
  ts->tv_nsec = static_cast<int64_t>(ns % kNsecPerSec);
}

}  // namespace

hc_status_t clock_init() {
  const hc_status_t status = timer_init();
  if (status != HC_OK) return status;
  g_hz = timer_hz();
  if (g_hz == 0) return HC_EIO;
  const int64_t rtc = rtc_seconds();
  if (rtc >= 0) {
    const uint64_t now = monotonic_ns();
    const uint64_t wall = static_cast<uint64_t>(rtc) * kNsecPerSec;
    g_realtime_offset_ns = wall > now ? wall - now : 0;
    g_have_realtime = true;
  }
  return HC_OK;
}

}  // namespace hc_bm

extern "C" {

hc_status_t hc_clock_gettime(uint32_t clock, struct hc_timespec* ts) {
  if (clock == HC_CLOCK_MONOTONIC) {
    hc_bm::store_ns(hc_bm::monotonic_ns(), ts);
    return HC_OK;
  }
  if (clock != HC_CLOCK_REALTIME) return HC_EINVAL;
  if (!hc_bm::g_have_realtime) return HC_ENOTSUP;
  hc_bm::store_ns(hc_bm::monotonic_ns() + hc_bm::g_realtime_offset_ns, ts);
  return HC_OK;
}

hc_status_t hc_clock_getres(uint32_t clock, struct hc_timespec* res) {
  if (clock != HC_CLOCK_MONOTONIC && clock != HC_CLOCK_REALTIME) {
    return HC_EINVAL;
  }
  if (clock == HC_CLOCK_REALTIME && !hc_bm::g_have_realtime) {
    return HC_ENOTSUP;
  }
  uint64_t ns = (hc_bm::kNsecPerSec + hc_bm::g_hz - 1) / hc_bm::g_hz;
  hc_bm::store_ns(ns, res);
  return HC_OK;
}

hc_status_t hc_clock_nanosleep(uint32_t clock, uint32_t flags,
                               const struct hc_timespec* t) {
  if ((clock != HC_CLOCK_MONOTONIC && clock != HC_CLOCK_REALTIME) ||
      (flags & ~HC_TIMER_ABSTIME) != 0 || !hc_bm::timespec_valid(*t)) {
    return HC_EINVAL;
  }
  if (clock == HC_CLOCK_REALTIME && !hc_bm::g_have_realtime) {
    return HC_ENOTSUP;
  }
  const uint64_t span = hc_bm::timespec_ns(*t);
  uint64_t deadline;  // MONOTONIC nanoseconds
  if ((flags & HC_TIMER_ABSTIME) == 0) {
    deadline = hc_bm::monotonic_ns() + span;
  } else if (clock == HC_CLOCK_REALTIME) {
    const uint64_t offset = hc_bm::g_realtime_offset_ns;
    deadline = span > offset ? span - offset : 0;
  } else {
    deadline = span;
  }
  for (;;) {
    const uint64_t ticks = hc_bm::timer_ticks();
    const uint64_t now = hc_bm::ticks_to_ns(ticks);
    if (now >= deadline) return HC_OK;
    uint64_t left = deadline - now;
    if (left > hc_bm::kMaxIdleNs) left = hc_bm::kMaxIdleNs;
    hc_bm::timer_idle_until(ticks + hc_bm::ns_to_ticks_ceil(left));
  }
}

}  // extern "C"
