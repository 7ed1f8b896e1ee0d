/* The standard semaphore names on hcl's semaphores (hcl/pthread.h), declared
 * once for the <semaphore.h> of either C library an image takes
 * (std_include/ and newlib/include/). The includer first provides struct
 * timespec (its C library's <time.h>). Functions return 0, or -1 with errno
 * set (the C library's numbers). Named semaphores (sem_open) and
 * process-shared ones (pshared != 0) fail with ENOSYS. */
#ifndef HCALL_LIBC_SHIM_HCL_SEMAPHORE_STD_H_
#define HCALL_LIBC_SHIM_HCL_SEMAPHORE_STD_H_

#include "hcl/pthread.h"

typedef hcl_sem_t sem_t;

#define SEM_FAILED ((sem_t*)0)
#ifndef SEM_VALUE_MAX
#define SEM_VALUE_MAX HCL_SEM_VALUE_MAX
#endif

#ifdef __cplusplus
extern "C" {
#endif

int sem_init(sem_t* sem, int pshared, unsigned int value);
int sem_destroy(sem_t* sem);
int sem_wait(sem_t* sem);
int sem_trywait(sem_t* sem);
/* (abstime) is CLOCK_REALTIME, as POSIX says. */
int sem_timedwait(sem_t* sem, const struct timespec* abstime);
int sem_post(sem_t* sem);
int sem_getvalue(sem_t* sem, int* value);
sem_t* sem_open(const char* name, int flags, ...);
int sem_close(sem_t* sem);
int sem_unlink(const char* name);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_HCL_SEMAPHORE_STD_H_ */
