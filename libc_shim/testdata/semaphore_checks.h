/* libc_shim/testdata/semaphore_checks.h -- the semaphore checks two test
 * images share: shim_semaphore.c (libc = "shim", built with -nostdinc
 * against the shim's headers) and newlib_threads.c (libc = "newlib"). One
 * copy, so that both C libraries are held to the same behaviour; each
 * image adds the checks only it makes (the shim's SEM_VALUE_MAX and
 * EINVAL refusals, newlib's pthread error numbers).
 *
 * CHECK(cond, format, ...) prints a line naming what failed and counts it
 * in g_failures; the image's main reports the count. Only standard names
 * that both libraries declare are used here. */
#ifndef HCALL_LIBC_SHIM_TESTDATA_SEMAPHORE_CHECKS_H_
#define HCALL_LIBC_SHIM_TESTDATA_SEMAPHORE_CHECKS_H_

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

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

enum { kSemSlots = 3, kSemItems = 200 };

static sem_t g_free_slots;
static sem_t g_full_slots;
static int g_ring[kSemSlots];
static long g_sum;

static void* sem_producer(void* arg) {
  (void)arg;
  for (int i = 1; i <= kSemItems; ++i) {
    CHECK(sem_wait(&g_free_slots) == 0, "producer: sem_wait");
    g_ring[i % kSemSlots] = i;
    CHECK(sem_post(&g_full_slots) == 0, "producer: sem_post");
    if (i % 7 == 0) sched_yield();
  }
  return NULL;
}

static void* sem_consumer(void* arg) {
  (void)arg;
  for (int i = 1; i <= kSemItems; ++i) {
    CHECK(sem_wait(&g_full_slots) == 0, "consumer: sem_wait");
    CHECK(g_ring[i % kSemSlots] == i, "consumer: item %d in order", i);
    g_sum += g_ring[i % kSemSlots];
    CHECK(sem_post(&g_free_slots) == 0, "consumer: sem_post");
  }
  return NULL;
}

/* Every item passes the ring once, in order; both semaphores end where
 * they began and are destroyed. */
static void check_producer_consumer(void) {
  CHECK(sem_init(&g_free_slots, 0, kSemSlots) == 0, "sem_init free");
  CHECK(sem_init(&g_full_slots, 0, 0) == 0, "sem_init full");
  pthread_t p, c;
  CHECK(pthread_create(&c, NULL, sem_consumer, NULL) == 0, "create consumer");
  CHECK(pthread_create(&p, NULL, sem_producer, NULL) == 0, "create producer");
  CHECK(pthread_join(p, NULL) == 0, "join producer");
  CHECK(pthread_join(c, NULL) == 0, "join consumer");
  CHECK(g_sum == (long)kSemItems * (kSemItems + 1) / 2, "consumer summed %ld",
        g_sum);
  int value = -1;
  CHECK(sem_getvalue(&g_free_slots, &value) == 0 && value == kSemSlots,
        "all slots free again (%d)", value);
  CHECK(sem_getvalue(&g_full_slots, &value) == 0 && value == 0,
        "no slot full (%d)", value);
  CHECK(sem_destroy(&g_free_slots) == 0, "sem_destroy free");
  CHECK(sem_destroy(&g_full_slots) == 0, "sem_destroy full");
}

/* The refusals both libraries make, with their own errno values (the
 * names are the same): a wait that cannot take, a deadline in the past and
 * one 20 ms ahead, process-shared and named semaphores. */
static void check_semaphore_refusals(void) {
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
  CHECK(sem_destroy(&s) == 0, "sem_destroy");

  errno = 0;
  CHECK(sem_init(&s, 1, 0) == -1 && errno == ENOSYS,
        "process-shared semaphores: ENOSYS (errno %d)", errno);
  errno = 0;
  CHECK(sem_open("x", 0) == SEM_FAILED && errno == ENOSYS,
        "sem_open: ENOSYS (errno %d)", errno);
}

#endif /* HCALL_LIBC_SHIM_TESTDATA_SEMAPHORE_CHECKS_H_ */
