/* libc_shim/newlib/pthread.c -- POSIX threads and semaphores for newlib
 * images, on libc_shim's threads (fibers): the standard names over the
 * hcl_pthread_* and hcl_sem_* functions (the semaphores are the shim's
 * own), with newlib's error numbers, clock ids and struct timespec; and
 * newlib's per-thread state.
 *
 * Per-thread state: newlib (built here without __DYNAMIC_REENT__) reaches
 * errno, strtok's position, rand's seed, the number-conversion buffers and
 * the rest of its state through the global _impure_ptr. Each thread made by
 * pthread_create gets a struct _reent of its own, kept as its libc state
 * (hcl_pthread_set_libc_state); the switch hook points _impure_ptr at the
 * reent of the thread about to run, or at the global one for the main
 * thread and for fibers made without pthread_create. A thread's reent uses
 * the global stdin/stdout/stderr (one stdout, as POSIX has it, not one per
 * thread as newlib would give), and is reclaimed when the thread ends (a
 * key destructor: on return and on pthread_exit).
 *
 * Locks: newlib is built without them (no _RETARGETABLE_LOCKING), and needs
 * none here: threads switch only inside the blocking calls of this file and
 * the sleeps, never inside a newlib function, so each stdio or malloc call
 * runs alone. */
#include "hcl/pthread.h"

#include <errno.h>
#include <pthread.h>
#include <reent.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "hcl/time.h"
#include "libc_shim/newlib/internal.h"

/* newlib's stdio initialisation of a reent (stdio/findfp.c; no header
 * declares it). */
void __sinit(struct _reent* s);

/* ---- errors, clocks and times ---------------------------------------------
 */

/* newlib's error number for a return value of hcl_pthread_* (0 stays 0). */
static int newlib_error(int hcl_error) {
  return hcl_error == 0 ? 0 : hcl_newlib_errno_from_hcl(hcl_error);
}

static struct hcl_timespec to_hcl_timespec(const struct timespec* t) {
  struct hcl_timespec h;
  h.tv_sec = (hcl_time_t)t->tv_sec;
  h.tv_nsec = t->tv_nsec;
  return h;
}

/* ---- per-thread newlib state ----------------------------------------------
 */

/* A thread's reent, from pthread_create to the end of the thread. */
struct thread_state {
  struct _reent reent;
};

static hcl_pthread_key_t g_state_key;
static int g_state_ready;

static void switch_reent(void* state) {
  _impure_ptr = state != NULL ? &((struct thread_state*)state)->reent
                              : _global_impure_ptr;
}

static void no_cleanup(struct _reent* r) { (void)r; }

/* The key's destructor, run in the ending thread: back to the global reent,
 * then the thread's own is reclaimed (_reclaim_reent skips the current one)
 * and freed. */
static void end_thread_state(void* state) {
  struct thread_state* s = (struct thread_state*)state;
  hcl_pthread_set_libc_state(hcl_pthread_self(), NULL);
  _impure_ptr = _global_impure_ptr;
  _reclaim_reent(&s->reent);
  free(s);
}

static int ready_thread_states(void) {
  if (g_state_ready) return 0;
  const int e = hcl_pthread_key_create(&g_state_key, &end_thread_state);
  if (e != 0) return newlib_error(e);
  /* The global streams exist before any thread's reent points at them. */
  if (!_GLOBAL_REENT->__sdidinit) __sinit(_GLOBAL_REENT);
  hcl_pthread_set_switch_hook(&switch_reent);
  g_state_ready = 1;
  return 0;
}

static struct thread_state* new_thread_state(void) {
  struct thread_state* s = malloc(sizeof(*s));
  if (s == NULL) return NULL;
  _REENT_INIT_PTR(&s->reent);
  s->reent._stdin = _GLOBAL_REENT->_stdin;
  s->reent._stdout = _GLOBAL_REENT->_stdout;
  s->reent._stderr = _GLOBAL_REENT->_stderr;
  /* Its own three FILEs stay unused: mark stdio initialised so that newlib
   * never sets them up (or flushes them) for this reent. */
  s->reent.__sdidinit = 1;
  s->reent.__cleanup = &no_cleanup;
  return s;
}

/* What a new thread runs first: its state is released by the key. */
struct start {
  void* (*fn)(void*);
  void* arg;
  struct thread_state* state;
};

static void* thread_start(void* p) {
  struct start start = *(struct start*)p;
  free(p);
  hcl_pthread_setspecific(g_state_key, start.state);
  return start.fn(start.arg);
}

/* ---- threads --------------------------------------------------------------
 */

int pthread_create(pthread_t* thread, const pthread_attr_t* attr,
                   void* (*fn)(void*), void* arg) {
  int e = ready_thread_states();
  if (e != 0) return e;
  struct start* start = malloc(sizeof(*start));
  struct thread_state* state = new_thread_state();
  if (start == NULL || state == NULL) {
    free(start);
    free(state);
    return EAGAIN;
  }
  start->fn = fn;
  start->arg = arg;
  start->state = state;
  hcl_pthread_t t;
  e = hcl_pthread_create(&t, attr, &thread_start, start);
  if (e != 0) {
    free(start);
    free(state);
    return newlib_error(e);
  }
  /* Before it first runs (creating does not switch). */
  hcl_pthread_set_libc_state(t, state);
  *thread = t;
  return 0;
}

int pthread_join(pthread_t t, void** v) {
  return newlib_error(hcl_pthread_join(t, v));
}
int pthread_detach(pthread_t t) { return newlib_error(hcl_pthread_detach(t)); }
pthread_t pthread_self(void) { return hcl_pthread_self(); }
int pthread_equal(pthread_t a, pthread_t b) { return hcl_pthread_equal(a, b); }
void pthread_exit(void* v) { hcl_pthread_exit(v); }
int sched_yield(void) { return hcl_sched_yield(); }

int pthread_attr_init(pthread_attr_t* a) {
  return newlib_error(hcl_pthread_attr_init(a));
}
int pthread_attr_destroy(pthread_attr_t* a) {
  return newlib_error(hcl_pthread_attr_destroy(a));
}
int pthread_attr_setstacksize(pthread_attr_t* a, size_t s) {
  return newlib_error(hcl_pthread_attr_setstacksize(a, s));
}
int pthread_attr_getstacksize(const pthread_attr_t* a, size_t* s) {
  return newlib_error(hcl_pthread_attr_getstacksize(a, s));
}
int pthread_attr_setdetachstate(pthread_attr_t* a, int s) {
  return newlib_error(hcl_pthread_attr_setdetachstate(a, s));
}
int pthread_attr_getdetachstate(const pthread_attr_t* a, int* s) {
  return newlib_error(hcl_pthread_attr_getdetachstate(a, s));
}

/* ---- mutexes, condition variables, rwlocks --------------------------------
 */

int pthread_mutexattr_init(pthread_mutexattr_t* a) {
  return newlib_error(hcl_pthread_mutexattr_init(a));
}
int pthread_mutexattr_destroy(pthread_mutexattr_t* a) {
  return newlib_error(hcl_pthread_mutexattr_destroy(a));
}
int pthread_mutexattr_settype(pthread_mutexattr_t* a, int t) {
  return newlib_error(hcl_pthread_mutexattr_settype(a, t));
}
int pthread_mutexattr_gettype(const pthread_mutexattr_t* a, int* t) {
  return newlib_error(hcl_pthread_mutexattr_gettype(a, t));
}
int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a) {
  return newlib_error(hcl_pthread_mutex_init(m, a));
}
int pthread_mutex_destroy(pthread_mutex_t* m) {
  return newlib_error(hcl_pthread_mutex_destroy(m));
}
int pthread_mutex_lock(pthread_mutex_t* m) {
  return newlib_error(hcl_pthread_mutex_lock(m));
}
int pthread_mutex_trylock(pthread_mutex_t* m) {
  return newlib_error(hcl_pthread_mutex_trylock(m));
}
int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* t) {
  const struct hcl_timespec h = to_hcl_timespec(t);
  return newlib_error(hcl_pthread_mutex_timedlock(m, &h));
}
int pthread_mutex_unlock(pthread_mutex_t* m) {
  return newlib_error(hcl_pthread_mutex_unlock(m));
}

int pthread_condattr_init(pthread_condattr_t* a) {
  return newlib_error(hcl_pthread_condattr_init(a));
}
int pthread_condattr_destroy(pthread_condattr_t* a) {
  return newlib_error(hcl_pthread_condattr_destroy(a));
}
int pthread_condattr_setclock(pthread_condattr_t* a, clockid_t clock) {
  /* newlib's clock ids differ from the shim's (Linux's). */
  if (clock == CLOCK_REALTIME) {
    return newlib_error(hcl_pthread_condattr_setclock(a, HCL_CLOCK_REALTIME));
  }
  if (clock == CLOCK_MONOTONIC) {
    return newlib_error(hcl_pthread_condattr_setclock(a, HCL_CLOCK_MONOTONIC));
  }
  return EINVAL;
}
int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* a) {
  return newlib_error(hcl_pthread_cond_init(c, a));
}
int pthread_cond_destroy(pthread_cond_t* c) {
  return newlib_error(hcl_pthread_cond_destroy(c));
}
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  return newlib_error(hcl_pthread_cond_wait(c, m));
}
int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m,
                           const struct timespec* t) {
  const struct hcl_timespec h = to_hcl_timespec(t);
  return newlib_error(hcl_pthread_cond_timedwait(c, m, &h));
}
int pthread_cond_signal(pthread_cond_t* c) {
  return newlib_error(hcl_pthread_cond_signal(c));
}
int pthread_cond_broadcast(pthread_cond_t* c) {
  return newlib_error(hcl_pthread_cond_broadcast(c));
}

int pthread_rwlock_init(pthread_rwlock_t* l, const pthread_rwlockattr_t* a) {
  return newlib_error(hcl_pthread_rwlock_init(l, a));
}
int pthread_rwlock_destroy(pthread_rwlock_t* l) {
  return newlib_error(hcl_pthread_rwlock_destroy(l));
}
int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  return newlib_error(hcl_pthread_rwlock_rdlock(l));
}
int pthread_rwlock_tryrdlock(pthread_rwlock_t* l) {
  return newlib_error(hcl_pthread_rwlock_tryrdlock(l));
}
int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  return newlib_error(hcl_pthread_rwlock_wrlock(l));
}
int pthread_rwlock_trywrlock(pthread_rwlock_t* l) {
  return newlib_error(hcl_pthread_rwlock_trywrlock(l));
}
int pthread_rwlock_unlock(pthread_rwlock_t* l) {
  return newlib_error(hcl_pthread_rwlock_unlock(l));
}

/* ---- keys and once --------------------------------------------------------
 */

int pthread_key_create(pthread_key_t* k, void (*destructor)(void*)) {
  return newlib_error(hcl_pthread_key_create(k, destructor));
}
int pthread_key_delete(pthread_key_t k) {
  return newlib_error(hcl_pthread_key_delete(k));
}
void* pthread_getspecific(pthread_key_t k) {
  return hcl_pthread_getspecific(k);
}
int pthread_setspecific(pthread_key_t k, const void* v) {
  return newlib_error(hcl_pthread_setspecific(k, v));
}
int pthread_once(pthread_once_t* o, void (*fn)(void)) {
  return newlib_error(hcl_pthread_once(o, fn));
}

/* ---- semaphores -----------------------------------------------------------
 */

/* 0 for 0; else -1 with errno set to newlib's number for (hcl_error). */
static int sem_result(int hcl_error) {
  if (hcl_error == 0) return 0;
  errno = newlib_error(hcl_error);
  return -1;
}

int sem_init(sem_t* sem, int pshared, unsigned int value) {
  return sem_result(hcl_sem_init(sem, pshared, value));
}
int sem_destroy(sem_t* sem) { return sem_result(hcl_sem_destroy(sem)); }
int sem_wait(sem_t* sem) { return sem_result(hcl_sem_wait(sem)); }
int sem_timedwait(sem_t* sem, const struct timespec* abstime) {
  const struct hcl_timespec h = to_hcl_timespec(abstime);
  return sem_result(hcl_sem_timedwait(sem, &h));
}
int sem_trywait(sem_t* sem) { return sem_result(hcl_sem_trywait(sem)); }
int sem_post(sem_t* sem) { return sem_result(hcl_sem_post(sem)); }
int sem_getvalue(sem_t* sem, int* value) {
  return sem_result(hcl_sem_getvalue(sem, value));
}

sem_t* sem_open(const char* name, int flags, ...) {
  (void)name;
  (void)flags;
  errno = ENOSYS;
  return SEM_FAILED;
}

int sem_close(sem_t* sem) {
  (void)sem;
  errno = ENOSYS;
  return -1;
}

int sem_unlink(const char* name) {
  (void)name;
  errno = ENOSYS;
  return -1;
}
