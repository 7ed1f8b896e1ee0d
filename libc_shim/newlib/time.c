/* libc_shim/newlib/time.c -- clocks, sleeping and randomness for newlib:
 * the hypercall clocks through the shim (sleeps are fiber sleeps), and the
 * backend's getrandom. newlib's clock ids differ from the shim's. */
#include "hcl/time.h"

#include <errno.h>
#include <stddef.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "hypercall/hypercall.h"
#include "libc_shim/newlib/internal.h"

/* The shim's clock for newlib's (clock), or -1. */
static hcl_clockid_t hcl_clock(clockid_t clock) {
  if (clock == CLOCK_REALTIME) return HCL_CLOCK_REALTIME;
  if (clock == CLOCK_MONOTONIC) return HCL_CLOCK_MONOTONIC;
  return -1;
}

int clock_gettime(clockid_t clock, struct timespec* ts) {
  struct hcl_timespec t;
  const hcl_clockid_t c = hcl_clock(clock);
  if (c < 0) {
    errno = EINVAL;
    return -1;
  }
  if (hcl_clock_gettime(c, &t) != 0) return (int)hcl_newlib_fail(-1);
  ts->tv_sec = (time_t)t.tv_sec;
  ts->tv_nsec = t.tv_nsec;
  return 0;
}

int clock_getres(clockid_t clock, struct timespec* res) {
  struct hcl_timespec t;
  const hcl_clockid_t c = hcl_clock(clock);
  if (c < 0) {
    errno = EINVAL;
    return -1;
  }
  if (hcl_clock_getres(c, &t) != 0) return (int)hcl_newlib_fail(-1);
  if (res != NULL) {
    res->tv_sec = (time_t)t.tv_sec;
    res->tv_nsec = t.tv_nsec;
  }
  return 0;
}

int _gettimeofday(struct timeval* tv, void* tz) {
  struct hcl_timeval t;
  if (hcl_gettimeofday(&t, tz) != 0) return (int)hcl_newlib_fail(-1);
  tv->tv_sec = (time_t)t.tv_sec;
  tv->tv_usec = (suseconds_t)t.tv_usec;
  return 0;
}

int nanosleep(const struct timespec* req, struct timespec* rem) {
  struct hcl_timespec r = {(hcl_time_t)req->tv_sec, req->tv_nsec};
  struct hcl_timespec left;
  if (hcl_nanosleep(&r, &left) != 0) {
    if (rem != NULL) {
      rem->tv_sec = (time_t)left.tv_sec;
      rem->tv_nsec = left.tv_nsec;
    }
    return (int)hcl_newlib_fail(-1);
  }
  return 0;
}

/* Fills (len) bytes of (buf) from the backend's getrandom. */
static int fill_random(void* buf, size_t len) {
  unsigned char* p = (unsigned char*)buf;
  while (len > 0) {
    const hc_ssize_t n = hc_getrandom(p, len);
    if (n <= 0) {
      errno = EIO;
      return -1;
    }
    p += n;
    len -= (size_t)n;
  }
  return 0;
}

/* POSIX: at most 256 bytes per call (EIO beyond). */
int getentropy(void* buf, size_t len) {
  if (len > 256) {
    errno = EIO;
    return -1;
  }
  return fill_random(buf, len);
}

/* Linux's getrandom(2) without its flags (the backend never blocks). */
ssize_t getrandom(void* buf, size_t len, unsigned flags) {
  (void)flags;
  return fill_random(buf, len) == 0 ? (ssize_t)len : -1;
}
