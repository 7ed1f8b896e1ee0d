/* <sched.h> of images with libc = "newlib": newlib's, plus sched_yield(),
 * which newlib declares only for targets with _POSIX_THREADS (threads on
 * fibers come from libc_shim/newlib/pthread.c). */
#ifndef HCALL_LIBC_SHIM_NEWLIB_SCHED_H_
#define HCALL_LIBC_SHIM_NEWLIB_SCHED_H_

#include_next <sched.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Lets every other runnable thread run first; returns 0. */
int sched_yield(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_NEWLIB_SCHED_H_ */
