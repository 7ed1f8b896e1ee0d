/* libc_shim/testdata/shim_semaphore.c -- <semaphore.h> in an image that
 * takes the shim as its whole libc (libc = "shim"), and the headers such
 * an image sees. Every check prints a line naming what failed; the last
 * line is "SHIM SEMAPHORE OK" only if none did.
 *
 * Headers: <pthread.h> and <semaphore.h> together (they once gave
 * conflicting time_t/pthread_t and two struct timespec), the shim's
 * <inttypes.h>, <limits.h>, <sched.h> and <stdint.h>; and no host libc
 * header at all: the compile stops here if one is on the include path
 * (shim_only_headers.cc checks the same for the C++ sources). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "libc_shim/testdata/semaphore_checks.h"

/* glibc's own headers, and standard headers the shim does not have: with
 * -nostdinc none is found (with the host's /usr/include, all are). */
#if __has_include(<features.h>) || __has_include(<bits/types.h>) || \
    __has_include(<sys/cdefs.h>) || __has_include(<signal.h>) ||    \
    __has_include(<math.h>) || __has_include(<wchar.h>)
#error "a host libc header is visible to a libc = \"shim\" image"
#endif

int shim_cxx_sees_only_shim_headers(void);

/* ---- a waiter woken by a post before its deadline, and destroy while it
 * waits ---- */

static sem_t g_wake;
static int g_waiter_result = -2;

static void* timed_waiter(void* arg) {
  (void)arg;
  struct timespec far;
  clock_gettime(CLOCK_REALTIME, &far);
  far.tv_sec += 60;
  g_waiter_result = sem_timedwait(&g_wake, &far);
  return NULL;
}

static void wake_and_busy(void) {
  CHECK(sem_init(&g_wake, 0, 0) == 0, "sem_init wake");
  pthread_t t;
  CHECK(pthread_create(&t, NULL, timed_waiter, NULL) == 0, "create waiter");
  sched_yield(); /* the waiter blocks in sem_timedwait */
  errno = 0;
  CHECK(sem_destroy(&g_wake) == -1 && errno == EBUSY,
        "sem_destroy with a waiter fails with EBUSY (errno %d)", errno);
  CHECK(sem_post(&g_wake) == 0, "sem_post wakes the waiter");
  CHECK(pthread_join(t, NULL) == 0, "join waiter");
  CHECK(g_waiter_result == 0, "sem_timedwait returns 0 when posted (%d)",
        g_waiter_result);
  int value = -1;
  CHECK(sem_getvalue(&g_wake, &value) == 0 && value == 0,
        "the waiter took the post (%d)", value);
  CHECK(sem_destroy(&g_wake) == 0, "sem_destroy wake");
}

/* ---- the refusals only the shim checks, with its (Linux's) errno values
 * (semaphore_checks.h has the ones both libraries make) ---- */

static void refusals(void) {
  sem_t s;
  struct timespec bad = {0, 1000000000};
  CHECK(sem_init(&s, 0, 0) == 0, "sem_init 0");
  errno = 0;
  CHECK(sem_timedwait(&s, &bad) == -1 && errno == EINVAL,
        "sem_timedwait with tv_nsec 1e9: EINVAL (errno %d)", errno);
  CHECK(sem_destroy(&s) == 0, "sem_destroy");
  CHECK(sem_init(&s, 0, SEM_VALUE_MAX) == 0, "sem_init SEM_VALUE_MAX");
  errno = 0;
  CHECK(sem_post(&s) == -1 && errno == EOVERFLOW,
        "sem_post at SEM_VALUE_MAX: EOVERFLOW (errno %d)", errno);
  errno = 0;
  CHECK(sem_init(&s, 0, (unsigned)SEM_VALUE_MAX + 1u) == -1 && errno == EINVAL,
        "sem_init above SEM_VALUE_MAX: EINVAL (errno %d)", errno);
  errno = 0;
  CHECK(sem_unlink("x") == -1 && errno == ENOSYS, "sem_unlink: ENOSYS");
}

/* ---- the small headers ---- */

static void small_headers(void) {
  char buf[64];
  snprintf(buf, sizeof(buf), "%" PRId64 " %" PRIu32 " %" PRIxPTR " %" PRIdMAX,
           (int64_t)INT64_MIN, (uint32_t)UINT32_MAX, (uintptr_t)0xab,
           (intmax_t)-5);
  CHECK(strcmp(buf, "-9223372036854775808 4294967295 ab -5") == 0,
        "PRI* formats: \"%s\"", buf);
  snprintf(buf, sizeof(buf), "%" PRIdFAST16 " %" PRIuFAST32 " %" PRIdLEAST64,
           (int_fast16_t)-7, (uint_fast32_t)7, (int_least64_t)INT64_MAX);
  CHECK(strcmp(buf, "-7 7 9223372036854775807") == 0, "PRI* fast: \"%s\"", buf);
  char* end = NULL;
  CHECK(
      strtoimax("-9223372036854775808x", &end, 10) == INTMAX_MIN && *end == 'x',
      "strtoimax");
  CHECK(strtoumax("ffffffffffffffff", NULL, 16) == UINTMAX_MAX, "strtoumax");
  CHECK(imaxabs(-3) == 3, "imaxabs");
  CHECK(INT_MAX == 2147483647 && CHAR_BIT == 8 && LLONG_MAX == INT64_MAX,
        "<limits.h>: GCC's limits");
  CHECK(SSIZE_MAX == PTRDIFF_MAX && PTHREAD_STACK_MIN > 0,
        "<limits.h>: the POSIX limits");
  CHECK(sizeof(off_t) == 8 && sizeof(time_t) == 8, "64-bit off_t and time_t");
  bool yes = true;
  CHECK(yes && shim_cxx_sees_only_shim_headers(), "the C++ source's headers");
}

int main(void) {
  check_producer_consumer();
  wake_and_busy();
  check_semaphore_refusals();
  refusals();
  small_headers();
  if (g_failures != 0) return 1;
  printf("SHIM SEMAPHORE OK\n");
  return 0;
}
