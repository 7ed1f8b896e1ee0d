/* <pthread.h> of images with libc = "newlib": POSIX threads on hcall's
 * fibers (libc_shim's, through libc_shim/newlib/pthread.c). Threads are
 * cooperative: read hcl/pthread.h for where that differs from POSIX. Each
 * thread has its own newlib state (errno, strtok, rand, the number
 * conversion buffers...), and all share stdin, stdout and stderr. Return
 * values are newlib's error numbers. Not provided: cancellation,
 * pthread_kill/sigmask, scheduling attributes, barriers, spin locks,
 * process-shared objects. */
#ifndef HCALL_LIBC_SHIM_NEWLIB_PTHREAD_H_
#define HCALL_LIBC_SHIM_NEWLIB_PTHREAD_H_

#include <sched.h>
#include <sys/types.h>
#include <time.h>

#include "hcl/pthread_std_functions.h"

#endif /* HCALL_LIBC_SHIM_NEWLIB_PTHREAD_H_ */
