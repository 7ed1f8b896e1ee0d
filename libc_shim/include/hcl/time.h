/*
 * hcl/time.h -- clocks and sleeping of the hcall libc shim.
 *
 * hcl_time_t is 64 bits on every CPU (no year-2038 limit on arm). Sleeps
 * are fiber sleeps (fibers/fiber.h SleepFor): other fibers run meanwhile.
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_TIME_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_TIME_H_

#ifdef __cplusplus
extern "C" {
#endif

typedef long long hcl_time_t;
typedef int hcl_clockid_t;

struct hcl_timespec {
  hcl_time_t tv_sec;
  long tv_nsec;
};

struct hcl_timeval {
  hcl_time_t tv_sec;
  long tv_usec;
};

/* Linux's numbers, equal to HC_CLOCK_REALTIME and HC_CLOCK_MONOTONIC. */
#define HCL_CLOCK_REALTIME 0
#define HCL_CLOCK_MONOTONIC 1

/* Seconds since the epoch, also stored in (*t) if (t) is not NULL. */
hcl_time_t hcl_time(hcl_time_t* t);
/* 0, or -1 with EINVAL for a clock other than the two above. */
int hcl_clock_gettime(hcl_clockid_t clock, struct hcl_timespec* ts);
int hcl_clock_getres(hcl_clockid_t clock, struct hcl_timespec* res);
/* Sleeps the running fiber for (req). Never interrupted: (rem), if given,
 * is set to zero. -1 with EINVAL for a malformed (req). */
int hcl_nanosleep(const struct hcl_timespec* req, struct hcl_timespec* rem);
/* (tz) must be NULL. */
int hcl_gettimeofday(struct hcl_timeval* tv, void* tz);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_TIME_H_ */
