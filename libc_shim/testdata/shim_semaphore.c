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

/* glibc's own headers, and standard headers the shim does not have: with
 * -nostdinc none is found (with the host's /usr/include, all are). */
#if __has_include(<features.h>) || __has_include(<bits/types.h>) || \
    __has_include(<sys/cdefs.h>) || __has_include(<signal.h>) ||    \
    __has_include(<math.h>) || __has_include(<wchar.h>)
#error "a host libc header is visible to a libc = \"shim\" image"
#endif

int shim_cxx_sees_only_shim_headers(void);

static int g_failures;

#define CHECK(cond, ...)            \
  do {                              \
    if (!(cond)) {                  \
      ++g_failures;                 \
      printf("FAILED %s: ", #cond); \
      printf(__VA_ARGS__);          \
      printf("\n");                 \
    }                               \
  } while (0)

/* ---- a producer and a consumer over a 3-slot ring ---- */

enum { kSlots = 3, kItems = 200 };

static sem_t g_free_slots;
static sem_t g_full_slots;
static int g_ring[kSlots];
static long g_sum;
static int g_in_order = 1;

static void* producer(void* arg) {
  (void)arg;
  for (int i = 1; i <= kItems; ++i) {
    CHECK(sem_wait(&g_free_slots) == 0, "producer: sem_wait");
    g_ring[i % kSlots] = i;
    CHECK(sem_post(&g_full_slots) == 0, "producer: sem_post");
    if (i % 7 == 0) sched_yield();
  }
  return NULL;
}

static void* consumer(void* arg) {
  (void)arg;
  for (int i = 1; i <= kItems; ++i) {
    CHECK(sem_wait(&g_full_slots) == 0, "consumer: sem_wait");
    if (g_ring[i % kSlots] != i) g_in_order = 0;
    g_sum += g_ring[i % kSlots];
    CHECK(sem_post(&g_free_slots) == 0, "consumer: sem_post");
  }
  return NULL;
}

static void producer_consumer(void) {
  CHECK(sem_init(&g_free_slots, 0, kSlots) == 0, "sem_init free");
  CHECK(sem_init(&g_full_slots, 0, 0) == 0, "sem_init full");
  pthread_t p, c;
  CHECK(pthread_create(&c, NULL, consumer, NULL) == 0, "create consumer");
  CHECK(pthread_create(&p, NULL, producer, NULL) == 0, "create producer");
  CHECK(pthread_join(p, NULL) == 0, "join producer");
  CHECK(pthread_join(c, NULL) == 0, "join consumer");
  CHECK(g_in_order, "items arrive in order");
  CHECK(g_sum == (long)kItems * (kItems + 1) / 2, "consumer summed %ld", g_sum);
  int value = -1;
  CHECK(sem_getvalue(&g_free_slots, &value) == 0 && value == kSlots,
        "all slots free again (%d)", value);
  CHECK(sem_getvalue(&g_full_slots, &value) == 0 && value == 0,
        "no slot full (%d)", value);
  CHECK(sem_destroy(&g_free_slots) == 0, "sem_destroy free");
  CHECK(sem_destroy(&g_full_slots) == 0, "sem_destroy full");
}

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

/* ---- the refusals, with the shim's (Linux's) errno values ---- */

static void refusals(void) {
  sem_t s;
  CHECK(sem_init(&s, 0, 1) == 0, "sem_init 1");
  CHECK(sem_trywait(&s) == 0, "sem_trywait of 1");
  errno = 0;
  CHECK(sem_trywait(&s) == -1 && errno == EAGAIN,
        "sem_trywait of 0 fails with EAGAIN (errno %d)", errno);

  struct timespec past = {0, 0};
  errno = 0;
  CHECK(sem_timedwait(&s, &past) == -1 && errno == ETIMEDOUT,
        "sem_timedwait past its deadline: ETIMEDOUT (errno %d)", errno);
  struct timespec soon;
  clock_gettime(CLOCK_REALTIME, &soon);
  soon.tv_nsec += 20 * 1000 * 1000;
  if (soon.tv_nsec >= 1000000000) {
    soon.tv_nsec -= 1000000000;
    ++soon.tv_sec;
  }
  errno = 0;
  CHECK(sem_timedwait(&s, &soon) == -1 && errno == ETIMEDOUT,
        "sem_timedwait waits out its deadline (errno %d)", errno);
  struct timespec after;
  clock_gettime(CLOCK_REALTIME, &after);
  CHECK(after.tv_sec > soon.tv_sec ||
            (after.tv_sec == soon.tv_sec && after.tv_nsec >= soon.tv_nsec),
        "ETIMEDOUT only once the deadline has passed");
  struct timespec bad = {0, 1000000000};
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
  CHECK(sem_init(&s, 1, 0) == -1 && errno == ENOSYS,
        "process-shared semaphores: ENOSYS (errno %d)", errno);
  errno = 0;
  CHECK(sem_open("x", 0) == SEM_FAILED && errno == ENOSYS,
        "sem_open: ENOSYS (errno %d)", errno);
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
  producer_consumer();
  wake_and_busy();
  refusals();
  small_headers();
  if (g_failures != 0) return 1;
  printf("SHIM SEMAPHORE OK\n");
  return 0;
}
