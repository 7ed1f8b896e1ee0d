/* <semaphore.h> of images that take the hcall libc shim as their whole
 * libc: unnamed counting semaphores on fibers (hcl/pthread.h hcl_sem_*,
 * the standard names in std_names/semaphore.cc). sem_wait and
 * sem_timedwait block the calling thread only and let the others run;
 * sem_post never switches. */
#ifndef HCALL_LIBC_SHIM_STD_SEMAPHORE_H_
#define HCALL_LIBC_SHIM_STD_SEMAPHORE_H_

#include <sys/types.h>
#include <time.h>

#include "hcl/semaphore_std.h"

#endif /* HCALL_LIBC_SHIM_STD_SEMAPHORE_H_ */
