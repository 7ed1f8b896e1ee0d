/* <semaphore.h> of images with libc = "newlib" (newlib has none): unnamed
 * counting semaphores on hcall's fibers (libc_shim/newlib/pthread.c).
 * sem_wait and sem_timedwait block the calling thread only and let the
 * others run; sem_post never switches. Functions return 0, or -1 with
 * errno set. Named semaphores (sem_open) and process-shared ones
 * (pshared != 0) fail with ENOSYS. */
#ifndef HCALL_LIBC_SHIM_NEWLIB_SEMAPHORE_H_
#define HCALL_LIBC_SHIM_NEWLIB_SEMAPHORE_H_

#include <sys/types.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  unsigned int value;
  pthread_mutex_t lock;
  pthread_cond_t posted;
} sem_t;

#define SEM_FAILED ((sem_t*)0)
#define SEM_VALUE_MAX 0x7fffffff

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

#endif /* HCALL_LIBC_SHIM_NEWLIB_SEMAPHORE_H_ */
