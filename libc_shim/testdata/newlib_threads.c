/* libc_shim/testdata/newlib_threads.c -- threads in a newlib image
 * (libc = "newlib"): pthreads on fibers, each with newlib state of its own,
 * semaphores, and _Thread_local. Every check prints a line naming what
 * failed; the last line is "NEWLIB THREADS OK" only if none did.
 *
 * The threads interleave on purpose (sched_yield between two steps), so
 * state that were shared would be seen changed: errno, strtok's position,
 * a printf of a double (newlib's dtoa keeps buffers in the reent), and a
 * _Thread_local counter. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

enum { kThreads = 4, kRounds = 6 };

static _Thread_local int tl_counter = 1000;
static _Thread_local char tl_name[16];
static int* g_counter_address[kThreads + 1];

static void* worker(void* arg) {
  const int n = (int)(intptr_t)arg;
  CHECK(tl_counter == 1000, "thread %d: _Thread_local starts at 1000", n);
  CHECK(errno == 0, "thread %d: errno starts at 0, not %d", n, errno);
  g_counter_address[n] = &tl_counter;
  snprintf(tl_name, sizeof(tl_name), "worker-%d", n);

  /* strtok keeps its position in the thread's reent. */
  char words[64];
  snprintf(words, sizeof(words), "a%d b%d c%d d%d", n, n, n, n);
  char* word = strtok(words, " ");
  for (int round = 0; round < kRounds; ++round) {
    tl_counter += n;
    /* A different errno per thread, then let every other thread set its. */
    if (n % 2 == 0) {
      errno = 0;
      strtol("999999999999999999999999", NULL, 10);
      CHECK(errno == ERANGE, "thread %d: strtol overflow sets ERANGE", n);
    } else {
      errno = 100 + n;
    }
    char number[32];
    snprintf(number, sizeof(number), "%.17g", n + 0.1);
    sched_yield();
    if (n % 2 == 0) {
      CHECK(errno == ERANGE, "thread %d: errno still ERANGE after a yield", n);
    } else {
      CHECK(errno == 100 + n, "thread %d: errno still %d, not %d", n, 100 + n,
            errno);
    }
    CHECK(strtod(number, NULL) == n + 0.1, "thread %d: %s reads back", n,
          number);
    if (word != NULL && round < 4) {
      char want[8];
      snprintf(want, sizeof(want), "%c%d", "abcd"[round], n);
      CHECK(strcmp(word, want) == 0, "thread %d: strtok gave %s, not %s", n,
            word, want);
      word = strtok(NULL, " ");
    }
    CHECK(tl_counter == 1000 + (round + 1) * n,
          "thread %d: _Thread_local counter is its own (%d)", n, tl_counter);
  }
  CHECK(word == NULL, "thread %d: strtok ended after four words", n);
  printf("%s: counter %d\n", tl_name, tl_counter);
  return (void*)(intptr_t)(tl_counter);
}

/* ---- a bounded buffer with two semaphores ----------------------------------
 */

enum { kSlots = 3, kItems = 50 };
static int g_buffer[kSlots];
static sem_t g_free_slots;
static sem_t g_full_slots;
static long g_sum;

static void* producer(void* arg) {
  (void)arg;
  for (int i = 1; i <= kItems; ++i) {
    CHECK(sem_wait(&g_free_slots) == 0, "producer: sem_wait");
    g_buffer[i % kSlots] = i;
    CHECK(sem_post(&g_full_slots) == 0, "producer: sem_post");
  }
  return NULL;
}

static void* consumer(void* arg) {
  (void)arg;
  for (int i = 1; i <= kItems; ++i) {
    CHECK(sem_wait(&g_full_slots) == 0, "consumer: sem_wait");
    CHECK(g_buffer[i % kSlots] == i, "consumer: item %d in order", i);
    g_sum += g_buffer[i % kSlots];
    CHECK(sem_post(&g_free_slots) == 0, "consumer: sem_post");
  }
  return NULL;
}

static void semaphores(void) {
  CHECK(sem_init(&g_free_slots, 0, kSlots) == 0, "sem_init");
  CHECK(sem_init(&g_full_slots, 0, 0) == 0, "sem_init");
  pthread_t p, c;
  CHECK(pthread_create(&c, NULL, consumer, NULL) == 0, "create consumer");
  CHECK(pthread_create(&p, NULL, producer, NULL) == 0, "create producer");
  CHECK(pthread_join(p, NULL) == 0, "join producer");
  CHECK(pthread_join(c, NULL) == 0, "join consumer");
  CHECK(g_sum == kItems * (kItems + 1) / 2, "consumer summed %ld", g_sum);
  int value = -1;
  CHECK(sem_getvalue(&g_free_slots, &value) == 0 && value == kSlots,
        "all slots free again (%d)", value);

  /* The refusals, with newlib's errno values. */
  errno = 0;
  CHECK(sem_trywait(&g_full_slots) == -1 && errno == EAGAIN,
        "sem_trywait of 0 fails with EAGAIN (errno %d)", errno);
  struct timespec past = {0, 0};
  errno = 0;
  CHECK(sem_timedwait(&g_full_slots, &past) == -1 && errno == ETIMEDOUT,
        "sem_timedwait past its deadline fails with ETIMEDOUT (errno %d)",
        errno);
  struct timespec soon;
  clock_gettime(CLOCK_REALTIME, &soon);
  soon.tv_nsec += 20 * 1000 * 1000;
  if (soon.tv_nsec >= 1000000000) {
    soon.tv_nsec -= 1000000000;
    ++soon.tv_sec;
  }
  errno = 0;
  CHECK(sem_timedwait(&g_full_slots, &soon) == -1 && errno == ETIMEDOUT,
        "sem_timedwait waits out 20 ms (errno %d)", errno);
  errno = 0;
  CHECK(sem_init(&g_full_slots, 1, 0) == -1 && errno == ENOSYS,
        "process-shared semaphores fail with ENOSYS (errno %d)", errno);
  CHECK(sem_open("x", 0) == SEM_FAILED && errno == ENOSYS,
        "sem_open fails with ENOSYS");
  CHECK(sem_destroy(&g_free_slots) == 0, "sem_destroy");

  /* pthread_* return newlib's error numbers. */
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  CHECK(pthread_mutex_lock(&m) == 0, "lock");
  CHECK(pthread_mutex_trylock(&m) == EBUSY, "trylock of a held mutex: EBUSY");
  CHECK(pthread_mutex_lock(&m) == EDEADLK, "relock returns newlib's EDEADLK");
  CHECK(pthread_mutex_unlock(&m) == 0, "unlock");
  CHECK(pthread_mutex_unlock(&m) == EPERM, "unlock of a free mutex: EPERM");
}

int main(void) {
  errno = 7;
  tl_counter = -5; /* main's own: the workers start from 1000 */
  g_counter_address[0] = &tl_counter;
  pthread_t threads[kThreads];
  for (int i = 0; i < kThreads; ++i) {
    CHECK(pthread_create(&threads[i], NULL, worker, (void*)(intptr_t)(i + 1)) ==
              0,
          "pthread_create %d", i + 1);
  }
  for (int i = 0; i < kThreads; ++i) {
    void* value = NULL;
    CHECK(pthread_join(threads[i], &value) == 0, "pthread_join %d", i + 1);
    CHECK((intptr_t)value == 1000 + kRounds * (i + 1),
          "thread %d returned its counter", i + 1);
  }
  CHECK(errno == 7, "main's errno is still 7, not %d", errno);
  CHECK(tl_counter == -5, "main's _Thread_local is still -5");
  for (int i = 0; i <= kThreads; ++i) {
    for (int j = i + 1; j <= kThreads; ++j) {
      CHECK(g_counter_address[i] != g_counter_address[j],
            "&tl_counter differs between threads %d and %d", i, j);
    }
  }
  semaphores();
  /* A detached thread's state is reclaimed when it ends. */
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t detached;
  CHECK(pthread_create(&detached, &attr, worker, (void*)(intptr_t)2) == 0,
        "detached thread");
  struct timespec nap = {0, 1000000};
  nanosleep(&nap, NULL);
  printf("%s\n",
         g_failures == 0 ? "NEWLIB THREADS OK" : "NEWLIB THREADS FAILED");
  return g_failures == 0 ? 0 : 1;
}
