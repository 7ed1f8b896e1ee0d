// libc_shim/std_names/pthread.cc -- the standard names of hcl/pthread.h.
#include <pthread.h>

extern "C" {

int pthread_create(pthread_t* t, const pthread_attr_t* a, void* (*f)(void*),
                   void* arg) {
  return hcl_pthread_create(t, a, f, arg);
}
int pthread_join(pthread_t t, void** v) { return hcl_pthread_join(t, v); }
int pthread_detach(pthread_t t) { return hcl_pthread_detach(t); }
pthread_t pthread_self(void) { return hcl_pthread_self(); }
int pthread_equal(pthread_t a, pthread_t b) { return hcl_pthread_equal(a, b); }
void pthread_exit(void* v) { hcl_pthread_exit(v); }
int sched_yield(void) { return hcl_sched_yield(); }
int pthread_attr_init(pthread_attr_t* a) { return hcl_pthread_attr_init(a); }
int pthread_attr_destroy(pthread_attr_t* a) {
  return hcl_pthread_attr_destroy(a);
}
int pthread_attr_setstacksize(pthread_attr_t* a, size_t s) {
  return hcl_pthread_attr_setstacksize(a, s);
}
int pthread_attr_setdetachstate(pthread_attr_t* a, int s) {
  return hcl_pthread_attr_setdetachstate(a, s);
}
int pthread_attr_getstacksize(const pthread_attr_t* a, size_t* s) {
  return hcl_pthread_attr_getstacksize(a, s);
}
int pthread_attr_getdetachstate(const pthread_attr_t* a, int* s) {
  return hcl_pthread_attr_getdetachstate(a, s);
}
int pthread_mutexattr_gettype(const pthread_mutexattr_t* a, int* t) {
  return hcl_pthread_mutexattr_gettype(a, t);
}
int pthread_mutex_timedlock(pthread_mutex_t* m, const struct timespec* t) {
  return hcl_pthread_mutex_timedlock(m,
                                     reinterpret_cast<const hcl_timespec*>(t));
}
int pthread_condattr_init(pthread_condattr_t* a) {
  return hcl_pthread_condattr_init(a);
}
int pthread_condattr_destroy(pthread_condattr_t* a) {
  return hcl_pthread_condattr_destroy(a);
}
int pthread_condattr_setclock(pthread_condattr_t* a, clockid_t c) {
  return hcl_pthread_condattr_setclock(a, c);
}
int pthread_rwlock_tryrdlock(pthread_rwlock_t* l) {
  return hcl_pthread_rwlock_tryrdlock(l);
}
int pthread_rwlock_trywrlock(pthread_rwlock_t* l) {
  return hcl_pthread_rwlock_trywrlock(l);
}
int pthread_mutexattr_init(pthread_mutexattr_t* a) {
  return hcl_pthread_mutexattr_init(a);
}
int pthread_mutexattr_destroy(pthread_mutexattr_t* a) {
  return hcl_pthread_mutexattr_destroy(a);
}
int pthread_mutexattr_settype(pthread_mutexattr_t* a, int t) {
  return hcl_pthread_mutexattr_settype(a, t);
}
int pthread_mutex_init(pthread_mutex_t* m, const pthread_mutexattr_t* a) {
  return hcl_pthread_mutex_init(m, a);
}
int pthread_mutex_destroy(pthread_mutex_t* m) {
  return hcl_pthread_mutex_destroy(m);
}
int pthread_mutex_lock(pthread_mutex_t* m) { return hcl_pthread_mutex_lock(m); }
int pthread_mutex_trylock(pthread_mutex_t* m) {
  return hcl_pthread_mutex_trylock(m);
}
int pthread_mutex_unlock(pthread_mutex_t* m) {
  return hcl_pthread_mutex_unlock(m);
}
int pthread_cond_init(pthread_cond_t* c, const pthread_condattr_t* a) {
  return hcl_pthread_cond_init(c, a);
}
int pthread_cond_destroy(pthread_cond_t* c) {
  return hcl_pthread_cond_destroy(c);
}
int pthread_cond_wait(pthread_cond_t* c, pthread_mutex_t* m) {
  return hcl_pthread_cond_wait(c, m);
}
int pthread_cond_timedwait(pthread_cond_t* c, pthread_mutex_t* m,
                           const struct timespec* t) {
  return hcl_pthread_cond_timedwait(c, m,
                                    reinterpret_cast<const hcl_timespec*>(t));
}
int pthread_cond_signal(pthread_cond_t* c) {
  return hcl_pthread_cond_signal(c);
}
int pthread_cond_broadcast(pthread_cond_t* c) {
  return hcl_pthread_cond_broadcast(c);
}
int pthread_rwlock_init(pthread_rwlock_t* l, const pthread_rwlockattr_t* a) {
  return hcl_pthread_rwlock_init(l, a);
}
int pthread_rwlock_destroy(pthread_rwlock_t* l) {
  return hcl_pthread_rwlock_destroy(l);
}
int pthread_rwlock_rdlock(pthread_rwlock_t* l) {
  return hcl_pthread_rwlock_rdlock(l);
}
int pthread_rwlock_wrlock(pthread_rwlock_t* l) {
  return hcl_pthread_rwlock_wrlock(l);
}
int pthread_rwlock_unlock(pthread_rwlock_t* l) {
  return hcl_pthread_rwlock_unlock(l);
}
int pthread_key_create(pthread_key_t* k, void (*d)(void*)) {
  return hcl_pthread_key_create(k, d);
}
int pthread_key_delete(pthread_key_t k) { return hcl_pthread_key_delete(k); }
void* pthread_getspecific(pthread_key_t k) {
  return hcl_pthread_getspecific(k);
}
int pthread_setspecific(pthread_key_t k, const void* v) {
  return hcl_pthread_setspecific(k, v);
}
int pthread_once(pthread_once_t* o, void (*f)(void)) {
  return hcl_pthread_once(o, f);
}

}  // extern "C"
