// libc_shim/std_names/semaphore.cc -- the standard names of the hcl_sem_*
// functions (hcl/pthread.h): -1 and errno instead of an error number.
#include <errno.h>
#include <semaphore.h>

namespace {

int result(int error) {
  if (error == 0) return 0;
  errno = error;
  return -1;
}

}  // namespace

extern "C" {

int sem_init(sem_t* s, int pshared, unsigned int value) {
  return result(hcl_sem_init(s, pshared, value));
}
int sem_destroy(sem_t* s) { return result(hcl_sem_destroy(s)); }
int sem_wait(sem_t* s) { return result(hcl_sem_wait(s)); }
int sem_trywait(sem_t* s) { return result(hcl_sem_trywait(s)); }
int sem_timedwait(sem_t* s, const struct timespec* t) {
  return result(hcl_sem_timedwait(s, reinterpret_cast<const hcl_timespec*>(t)));
}
int sem_post(sem_t* s) { return result(hcl_sem_post(s)); }
int sem_getvalue(sem_t* s, int* v) { return result(hcl_sem_getvalue(s, v)); }
sem_t* sem_open(const char* name, int flags, ...) {
  (void)name;
  (void)flags;
  errno = ENOSYS;
  return SEM_FAILED;
}
int sem_close(sem_t* s) {
  (void)s;
  return result(ENOSYS);
}
int sem_unlink(const char* name) {
  (void)name;
  return result(ENOSYS);
}

}  // extern "C"
