/* <semaphore.h> of images with libc = "newlib" (newlib has none): unnamed
 * counting semaphores on hcall's fibers, the same as the shim's
 * (hcl/pthread.h hcl_sem_*, the standard names in newlib/pthread.c with
 * newlib's errno values). sem_wait and sem_timedwait block the calling
 * thread only and let the others run; sem_post never switches. Named
 * semaphores (sem_open) and process-shared ones (pshared != 0) fail with
 * ENOSYS. */
#ifndef HCALL_LIBC_SHIM_NEWLIB_SEMAPHORE_H_
#define HCALL_LIBC_SHIM_NEWLIB_SEMAPHORE_H_

#include <sys/types.h>
#include <time.h>

#include "hcl/semaphore_std.h"

#endif /* HCALL_LIBC_SHIM_NEWLIB_SEMAPHORE_H_ */
