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

#include "libc_shim/testdata/semaphore_checks.h"

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

/* ---- semaphores (semaphore_checks.h, shared with shim_semaphore.c), with
 * newlib's errno values, and pthread_* error numbers ---- */

static void semaphores(void) {
  check_producer_consumer();
  check_semaphore_refusals();

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
