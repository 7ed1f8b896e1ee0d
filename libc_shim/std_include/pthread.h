/* <pthread.h> of images that take the hcall libc shim as their whole libc:
 * threads are fibers; read hcl/pthread.h for where that differs from
 * POSIX. */
#ifndef HCALL_LIBC_SHIM_STD_PTHREAD_H_
#define HCALL_LIBC_SHIM_STD_PTHREAD_H_

#include <sched.h>
#include <sys/types.h>
#include <time.h>

#include "hcl/pthread_std_functions.h"

#endif /* HCALL_LIBC_SHIM_STD_PTHREAD_H_ */
