// libc_shim/time.cc -- time, clock_gettime, clock_getres, nanosleep,
// gettimeofday, sleep, usleep. Sleeps are fiber sleeps.
#include "hcl/time.h"

#include <stdint.h>

#include "fibers/fiber.h"
#include "hcl/errno.h"
#include "hcl/unistd.h"
#include "hypercall/hypercall.h"
#include "libc_shim/internal/time.h"

namespace hcall::libc {
namespace {

constexpr int64_t kBillion = 1000000000;

bool known_clock(hcl_clockid_t c) {
  return c == HCL_CLOCK_REALTIME || c == HCL_CLOCK_MONOTONIC;
}

int einval() {
  hcl_errno = HCL_EINVAL;
  return -1;
}

void sleep_ns(unsigned long long ns) { fibers::SleepFor(ns); }

}  // namespace

bool valid_timespec(const hcl_timespec& t) {
  return t.tv_nsec >= 0 && t.tv_nsec < kBillion;
}

unsigned long long to_nanoseconds(const hcl_timespec& t) {
  if (t.tv_sec < 0) return 0;
  unsigned long long ns;
  if (__builtin_mul_overflow(static_cast<unsigned long long>(t.tv_sec),
                             static_cast<unsigned long long>(kBillion), &ns) ||
      __builtin_add_overflow(ns, static_cast<unsigned long long>(t.tv_nsec),
                             &ns)) {
    return ~0ull;
  }
  return ns;
}

hc_timespec monotonic_deadline(hcl_clockid_t clock,
                               const hcl_timespec& abstime) {
  hc_timespec now;
  hc_clock_gettime(
      clock == HCL_CLOCK_MONOTONIC ? HC_CLOCK_MONOTONIC : HC_CLOCK_REALTIME,
      &now);
  const hc_timespec mono_now = fibers::Now();
  // abstime - now, in nanoseconds, or 0 if it has passed.
  int64_t sec = abstime.tv_sec - now.tv_sec;
  int64_t nsec = abstime.tv_nsec - now.tv_nsec;
  if (nsec < 0) {
    nsec += kBillion;
    --sec;
  }
  if (sec < 0) return mono_now;
  const hcl_timespec span = {sec, static_cast<long>(nsec)};
  return fibers::AddNanoseconds(mono_now, to_nanoseconds(span));
}

}  // namespace hcall::libc

using namespace hcall::libc;

extern "C" {

hcl_time_t hcl_time(hcl_time_t* t) {
  hc_timespec ts;
  hc_clock_gettime(HC_CLOCK_REALTIME, &ts);
  if (t != nullptr) *t = ts.tv_sec;
  return ts.tv_sec;
}

int hcl_clock_gettime(hcl_clockid_t clock, struct hcl_timespec* ts) {
  if (!known_clock(clock)) return einval();
  hc_timespec t;
  hc_clock_gettime(static_cast<uint32_t>(clock), &t);
  ts->tv_sec = t.tv_sec;
  ts->tv_nsec = static_cast<long>(t.tv_nsec);
  return 0;
}

int hcl_clock_getres(hcl_clockid_t clock, struct hcl_timespec* res) {
  if (!known_clock(clock)) return einval();
  hc_timespec t;
  hc_clock_getres(static_cast<uint32_t>(clock), &t);
  if (res != nullptr) {
    res->tv_sec = t.tv_sec;
    res->tv_nsec = static_cast<long>(t.tv_nsec);
  }
  return 0;
}

int hcl_nanosleep(const struct hcl_timespec* req, struct hcl_timespec* rem) {
  if (!valid_timespec(*req) || req->tv_sec < 0) return einval();
  sleep_ns(to_nanoseconds(*req));
  if (rem != nullptr) {
    rem->tv_sec = 0;
    rem->tv_nsec = 0;
  }
  return 0;
}

int hcl_gettimeofday(struct hcl_timeval* tv, void* tz) {
  if (tz != nullptr) return einval();
  hc_timespec t;
  hc_clock_gettime(HC_CLOCK_REALTIME, &t);
  tv->tv_sec = t.tv_sec;
  // tv_nsec / 1000 for tv_nsec < 1e9, by a multiply (exact in that range).
  tv->tv_usec = static_cast<long>(
      (static_cast<uint64_t>(t.tv_nsec) * 274877907ull) >> 38);
  return 0;
}

unsigned hcl_sleep(unsigned seconds) {
  sleep_ns(static_cast<unsigned long long>(seconds) * 1000000000ull);
  return 0;
}

int hcl_usleep(unsigned long microseconds) {
  sleep_ns(static_cast<unsigned long long>(microseconds) * 1000ull);
  return 0;
}

}  // extern "C"
