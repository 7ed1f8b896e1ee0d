/* <sys/time.h> of images that take the hcall libc shim as their whole
 * libc: gettimeofday. */
#ifndef HCALL_LIBC_SHIM_STD_SYS_TIME_H_
#define HCALL_LIBC_SHIM_STD_SYS_TIME_H_

#include <time.h>

struct timeval {
  time_t tv_sec;
  long tv_usec;
};

#ifdef __cplusplus
extern "C" {
#endif

int gettimeofday(struct timeval* tv, void* tz);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_SYS_TIME_H_ */
