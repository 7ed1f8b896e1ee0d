/* <time.h> of images that take the hcall libc shim as their whole libc.
 * time_t is 64 bits everywhere; struct timespec has hcl_timespec's layout
 * (checked in std_names/time.cc). */
#ifndef HCALL_LIBC_SHIM_STD_TIME_H_
#define HCALL_LIBC_SHIM_STD_TIME_H_

#include <stddef.h>
#include <sys/types.h>

#include "hcl/time.h"

struct timespec {
  time_t tv_sec;
  long tv_nsec;
};

#define CLOCK_REALTIME HCL_CLOCK_REALTIME
#define CLOCK_MONOTONIC HCL_CLOCK_MONOTONIC

#ifdef __cplusplus
extern "C" {
#endif

time_t time(time_t* t);
int clock_gettime(clockid_t clock, struct timespec* ts);
int clock_getres(clockid_t clock, struct timespec* res);
int nanosleep(const struct timespec* req, struct timespec* rem);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_TIME_H_ */
