/* libc_shim/testdata/std_names.c -- regression test of the shim's standard
 * names in a C image (implicit declarations are errors here):
 *  - <sys/types.h> before <unistd.h> gives one off_t (it used to fall
 *    through to the host libc's, with a conflicting off_t);
 *  - the pthread functions that were implemented but not exported;
 *  - stat() of a manifest name is declared and works (it used to fail only
 *    at link time, as an undefined hcl_stat).
 * Granted: testdata/twelve.txt as "twelve" (12 bytes). Prints
 * "STD NAMES OK" and exits 0. */
#include <sys/types.h>
/* clang-format off: the include order is the point. */
#include <unistd.h>
/* clang-format on */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>

static int failures = 0;

static void check(int ok, const char* what) {
  if (!ok) {
    printf("FAILED: %s\n", what);
    ++failures;
  }
}

static void check_pthread_exports(void) {
  pthread_attr_t attr;
  size_t stack = 0;
  int detach = -1;
  check(pthread_attr_init(&attr) == 0, "pthread_attr_init");
  check(pthread_attr_setstacksize(&attr, 65536) == 0, "setstacksize");
  check(pthread_attr_getstacksize(&attr, &stack) == 0 && stack == 65536,
        "pthread_attr_getstacksize");
  check(pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0,
        "setdetachstate");
  check(pthread_attr_getdetachstate(&attr, &detach) == 0 &&
            detach == PTHREAD_CREATE_DETACHED,
        "pthread_attr_getdetachstate");
  pthread_attr_destroy(&attr);

  pthread_mutexattr_t mattr;
  int type = -1;
  pthread_mutexattr_init(&mattr);
  pthread_mutexattr_settype(&mattr, PTHREAD_MUTEX_RECURSIVE);
  check(pthread_mutexattr_gettype(&mattr, &type) == 0 &&
            type == PTHREAD_MUTEX_RECURSIVE,
        "pthread_mutexattr_gettype");
  pthread_mutexattr_destroy(&mattr);

  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  struct timespec soon;
  clock_gettime(CLOCK_REALTIME, &soon);
  soon.tv_nsec += 1000000;
  if (soon.tv_nsec >= 1000000000) {
    soon.tv_nsec -= 1000000000;
    ++soon.tv_sec;
  }
  check(pthread_mutex_timedlock(&m, &soon) == 0, "pthread_mutex_timedlock");
  /* Held by this thread: a NORMAL mutex reports EDEADLK (hcl/pthread.h). */
  check(pthread_mutex_timedlock(&m, &soon) == EDEADLK,
        "pthread_mutex_timedlock on a held mutex");
  pthread_mutex_unlock(&m);

  pthread_condattr_t cattr;
  pthread_cond_t c;
  check(pthread_condattr_init(&cattr) == 0, "pthread_condattr_init");
  check(pthread_condattr_setclock(&cattr, CLOCK_MONOTONIC) == 0,
        "pthread_condattr_setclock");
  check(pthread_cond_init(&c, &cattr) == 0, "pthread_cond_init");
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  pthread_mutex_lock(&m);
  check(pthread_cond_timedwait(&c, &m, &now) == ETIMEDOUT,
        "timedwait on CLOCK_MONOTONIC");
  pthread_mutex_unlock(&m);
  pthread_cond_destroy(&c);
  check(pthread_condattr_destroy(&cattr) == 0, "pthread_condattr_destroy");

  pthread_rwlock_t l = PTHREAD_RWLOCK_INITIALIZER;
  check(pthread_rwlock_tryrdlock(&l) == 0, "pthread_rwlock_tryrdlock");
  check(pthread_rwlock_trywrlock(&l) == EBUSY,
        "pthread_rwlock_trywrlock while read-locked");
  pthread_rwlock_unlock(&l);
  check(pthread_rwlock_trywrlock(&l) == 0, "pthread_rwlock_trywrlock");
  /* The caller itself holds it for writing: EDEADLK (fibers::RwLock). */
  check(pthread_rwlock_tryrdlock(&l) == EDEADLK,
        "pthread_rwlock_tryrdlock while write-locked");
  pthread_rwlock_unlock(&l);
}

static void check_stat(void) {
  struct stat st;
  check(stat("twelve", &st) == 0, "stat of a granted name");
  check(S_ISREG(st.st_mode) && st.st_size == 12, "stat's mode and size");
  off_t size = st.st_size;
  check(size == 12, "off_t holds st_size");
  errno = 0;
  check(stat("not-granted", &st) == -1 && errno == ENOENT,
        "stat of a name not granted: ENOENT");
}

int main(void) {
  check_pthread_exports();
  check_stat();
  if (failures != 0) return 1;
  printf("STD NAMES OK\n");
  return 0;
}
