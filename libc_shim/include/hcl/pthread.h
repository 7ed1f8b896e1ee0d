/*
 * hcl/pthread.h -- POSIX threads on hcall fibers (fibers/fiber.h, sync.h).
 *
 * Threads are fibers: cooperative, on one CPU, switching only inside calls
 * that block or yield (lock/wait/join/sleep/yield and their timed forms).
 * Where POSIX assumes preemption or parallelism, this differs:
 *  - a thread that loops without calling one of those starves all others;
 *    there is no time slicing and no priority (sched_* attributes absent);
 *  - a NORMAL or DEFAULT mutex locked again by its owner returns EDEADLK
 *    (POSIX: NORMAL deadlocks, DEFAULT is undefined); unlocking a mutex
 *    the caller does not hold returns EPERM for every type;
 *  - when every thread blocks with no timeout the scheduler prints a
 *    deadlock report and aborts the image (fibers/fiber.h);
 *  - no cancellation, no signals (pthread_kill), no process-shared objects,
 *    no robust or priority-inheritance mutexes;
 *  - ending the main thread with pthread_exit keeps the image alive until
 *    the last thread ends (then exit status 0, without atexit functions).
 * Every object is usable when zero-filled, so the *_INITIALIZER macros
 * are all zero. Return values are error numbers (HCL_E*), never -1.
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_PTHREAD_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_PTHREAD_H_

#include <stddef.h>

#include "hcl/time.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct hcl_pthread* hcl_pthread_t; /* a fibers::Fiber */
typedef unsigned int hcl_pthread_key_t;

/* Opaque storage for the fibers objects (sizes checked in pthread.cc). */
typedef struct {
  union {
    unsigned char bytes[6 * sizeof(void*)];
    void* align;
  } u;
} hcl_pthread_mutex_t;
typedef struct {
  union {
    unsigned char bytes[4 * sizeof(void*)];
    void* align;
  } u;
} hcl_pthread_cond_t;
typedef struct {
  union {
    unsigned char bytes[8 * sizeof(void*)];
    void* align;
  } u;
} hcl_pthread_rwlock_t;
typedef struct {
  union {
    unsigned char bytes[5 * sizeof(void*)];
    void* align;
  } u;
} hcl_pthread_once_t;

typedef struct {
  size_t stack_size; /* 0: the fibers default (64 KiB) */
  int detach_state;
  int reserved;
} hcl_pthread_attr_t;
typedef struct {
  int type;
} hcl_pthread_mutexattr_t;
typedef struct {
  int clock;
} hcl_pthread_condattr_t;
typedef struct {
  int reserved;
} hcl_pthread_rwlockattr_t;

#define HCL_PTHREAD_MUTEX_INITIALIZER \
  {                                   \
    {                                 \
      { 0 }                           \
    }                                 \
  }
#define HCL_PTHREAD_COND_INITIALIZER \
  {                                  \
    {                                \
      { 0 }                          \
    }                                \
  }
#define HCL_PTHREAD_RWLOCK_INITIALIZER \
  {                                    \
    {                                  \
      { 0 }                            \
    }                                  \
  }
#define HCL_PTHREAD_ONCE_INIT \
  {                           \
    {                         \
      { 0 }                   \
    }                         \
  }

#define HCL_PTHREAD_CREATE_JOINABLE 0
#define HCL_PTHREAD_CREATE_DETACHED 1
#define HCL_PTHREAD_MUTEX_NORMAL 0
#define HCL_PTHREAD_MUTEX_RECURSIVE 1
#define HCL_PTHREAD_MUTEX_ERRORCHECK 2
#define HCL_PTHREAD_MUTEX_DEFAULT HCL_PTHREAD_MUTEX_NORMAL
#define HCL_PTHREAD_KEYS_MAX 128
#define HCL_PTHREAD_DESTRUCTOR_ITERATIONS 4
#define HCL_PTHREAD_STACK_MIN 8192

int hcl_pthread_create(hcl_pthread_t* thread, const hcl_pthread_attr_t* attr,
                       void* (*start)(void*), void* arg);
int hcl_pthread_join(hcl_pthread_t thread, void** value);
int hcl_pthread_detach(hcl_pthread_t thread);
hcl_pthread_t hcl_pthread_self(void);
int hcl_pthread_equal(hcl_pthread_t a, hcl_pthread_t b);
void hcl_pthread_exit(void* value) __attribute__((noreturn));
int hcl_sched_yield(void);

int hcl_pthread_attr_init(hcl_pthread_attr_t* attr);
int hcl_pthread_attr_destroy(hcl_pthread_attr_t* attr);
int hcl_pthread_attr_setstacksize(hcl_pthread_attr_t* attr, size_t size);
int hcl_pthread_attr_getstacksize(const hcl_pthread_attr_t* attr, size_t* size);
int hcl_pthread_attr_setdetachstate(hcl_pthread_attr_t* attr, int state);
int hcl_pthread_attr_getdetachstate(const hcl_pthread_attr_t* attr, int* state);

int hcl_pthread_mutexattr_init(hcl_pthread_mutexattr_t* attr);
int hcl_pthread_mutexattr_destroy(hcl_pthread_mutexattr_t* attr);
int hcl_pthread_mutexattr_settype(hcl_pthread_mutexattr_t* attr, int type);
int hcl_pthread_mutexattr_gettype(const hcl_pthread_mutexattr_t* attr,
                                  int* type);
int hcl_pthread_mutex_init(hcl_pthread_mutex_t* m,
                           const hcl_pthread_mutexattr_t* attr);
/* EBUSY if it is held or waited on. */
int hcl_pthread_mutex_destroy(hcl_pthread_mutex_t* m);
int hcl_pthread_mutex_lock(hcl_pthread_mutex_t* m);
int hcl_pthread_mutex_trylock(hcl_pthread_mutex_t* m);
/* (abstime) is CLOCK_REALTIME, as POSIX says. */
int hcl_pthread_mutex_timedlock(hcl_pthread_mutex_t* m,
                                const struct hcl_timespec* abstime);
int hcl_pthread_mutex_unlock(hcl_pthread_mutex_t* m);

int hcl_pthread_condattr_init(hcl_pthread_condattr_t* attr);
int hcl_pthread_condattr_destroy(hcl_pthread_condattr_t* attr);
/* HCL_CLOCK_REALTIME (default) or HCL_CLOCK_MONOTONIC. */
int hcl_pthread_condattr_setclock(hcl_pthread_condattr_t* attr,
                                  hcl_clockid_t clock);
int hcl_pthread_cond_init(hcl_pthread_cond_t* c,
                          const hcl_pthread_condattr_t* attr);
int hcl_pthread_cond_destroy(hcl_pthread_cond_t* c);
int hcl_pthread_cond_wait(hcl_pthread_cond_t* c, hcl_pthread_mutex_t* m);
/* ETIMEDOUT once (abstime) of the condition's clock has passed. */
int hcl_pthread_cond_timedwait(hcl_pthread_cond_t* c, hcl_pthread_mutex_t* m,
                               const struct hcl_timespec* abstime);
int hcl_pthread_cond_signal(hcl_pthread_cond_t* c);
int hcl_pthread_cond_broadcast(hcl_pthread_cond_t* c);

int hcl_pthread_rwlock_init(hcl_pthread_rwlock_t* l,
                            const hcl_pthread_rwlockattr_t* attr);
int hcl_pthread_rwlock_destroy(hcl_pthread_rwlock_t* l);
int hcl_pthread_rwlock_rdlock(hcl_pthread_rwlock_t* l);
int hcl_pthread_rwlock_tryrdlock(hcl_pthread_rwlock_t* l);
int hcl_pthread_rwlock_wrlock(hcl_pthread_rwlock_t* l);
int hcl_pthread_rwlock_trywrlock(hcl_pthread_rwlock_t* l);
int hcl_pthread_rwlock_unlock(hcl_pthread_rwlock_t* l);

int hcl_pthread_key_create(hcl_pthread_key_t* key, void (*destructor)(void*));
int hcl_pthread_key_delete(hcl_pthread_key_t key);
void* hcl_pthread_getspecific(hcl_pthread_key_t key);
int hcl_pthread_setspecific(hcl_pthread_key_t key, const void* value);

int hcl_pthread_once(hcl_pthread_once_t* once, void (*fn)(void));

/* Unnamed counting semaphores on a fiber mutex and condition variable, for
 * the <semaphore.h> of both C libraries (hcl/semaphore_std.h). Like the
 * rest of this header they return error numbers (HCL_E*), and the standard
 * names turn them into -1 and errno. hcl_sem_wait and hcl_sem_timedwait
 * block the calling thread only; hcl_sem_post never switches. */
typedef struct {
  unsigned int value;
  hcl_pthread_mutex_t lock;
  hcl_pthread_cond_t posted;
} hcl_sem_t;

#define HCL_SEM_VALUE_MAX 0x7fffffff

/* ENOSYS for (pshared) != 0 (no process-shared objects), EINVAL for
 * (value) > HCL_SEM_VALUE_MAX. */
int hcl_sem_init(hcl_sem_t* sem, int pshared, unsigned int value);
/* EBUSY while a thread waits on it. */
int hcl_sem_destroy(hcl_sem_t* sem);
int hcl_sem_wait(hcl_sem_t* sem);
/* EAGAIN if the count is zero. */
int hcl_sem_trywait(hcl_sem_t* sem);
/* (abstime) is CLOCK_REALTIME, as POSIX says: ETIMEDOUT once it has passed
 * with the count still zero; EINVAL for a malformed (abstime). */
int hcl_sem_timedwait(hcl_sem_t* sem, const struct hcl_timespec* abstime);
/* EOVERFLOW at HCL_SEM_VALUE_MAX. */
int hcl_sem_post(hcl_sem_t* sem);
int hcl_sem_getvalue(hcl_sem_t* sem, int* value);

/* For a C library layered on these threads (libc_shim/newlib keeps each
 * thread's struct _reent this way): a pointer kept per thread, initially
 * NULL (ESRCH for a NULL thread), and a function the scheduler calls on
 * every switch, right before a thread runs, with that thread's pointer. The
 * hook must not block or yield; NULL removes it. */
int hcl_pthread_set_libc_state(hcl_pthread_t thread, void* state);
void hcl_pthread_set_switch_hook(void (*hook)(void* state));

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_PTHREAD_H_ */
