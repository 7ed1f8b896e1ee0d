// pthread programs on fibers: a mutex-protected counter with many threads
// that yield inside the critical section, condition-variable queues
// (bounded producer/consumer), timed waits, keys with destructors, once,
// rwlocks, detach, the mutex types' documented behaviour, and semaphores
// (hcl_sem_*). Threads are ordered by sched_yield (a FIFO run queue) and
// flags, never by how long a sleep lasts: a sleep whose deadline passed
// before it blocked returns without running anyone, and a loaded host can
// take that long.
#include "hcl/pthread.h"

#include <vector>

#include "gtest/gtest.h"
#include "hcl/errno.h"
#include "hcl/time.h"
#include "hcl/unistd.h"
#include "libc_shim/internal/test_init.h"

namespace {

hcl_pthread_mutex_t g_counter_lock = HCL_PTHREAD_MUTEX_INITIALIZER;
long g_counter = 0;

void* AddMany(void* arg) {
  const long n = reinterpret_cast<long>(arg);
  for (long i = 0; i < n; ++i) {
    EXPECT_EQ(hcl_pthread_mutex_lock(&g_counter_lock), 0);
    const long seen = g_counter;
    hcl_sched_yield();  // others run here and must block on the mutex
    g_counter = seen + 1;
    EXPECT_EQ(hcl_pthread_mutex_unlock(&g_counter_lock), 0);
  }
  return arg;
}

TEST(Pthread, MutexProtectedCounterWithManyThreads) {
  constexpr int kThreads = 64;
  constexpr long kEach = 200;
  std::vector<hcl_pthread_t> t(kThreads);
  for (auto& th : t) {
    ASSERT_EQ(hcl_pthread_create(&th, nullptr, AddMany,
                                 reinterpret_cast<void*>(kEach)),
              0);
  }
  for (auto& th : t) {
    void* ret = nullptr;
    ASSERT_EQ(hcl_pthread_join(th, &ret), 0);
    EXPECT_EQ(reinterpret_cast<long>(ret), kEach);
  }
  EXPECT_EQ(g_counter, kThreads * kEach);
  EXPECT_EQ(hcl_pthread_mutex_destroy(&g_counter_lock), 0);
}

// A bounded queue: producers wait while full, consumers while empty.
struct Queue {
  hcl_pthread_mutex_t lock = HCL_PTHREAD_MUTEX_INITIALIZER;
  hcl_pthread_cond_t not_full = HCL_PTHREAD_COND_INITIALIZER;
  hcl_pthread_cond_t not_empty = HCL_PTHREAD_COND_INITIALIZER;
  int items[4];
  int head = 0, count = 0;
  long sum = 0;
  int consumed = 0;
};

Queue g_queue;
constexpr int kPerProducer = 500;

void* Produce(void* arg) {
  const int base = static_cast<int>(reinterpret_cast<long>(arg));
  for (int i = 0; i < kPerProducer; ++i) {
    hcl_pthread_mutex_lock(&g_queue.lock);
    while (g_queue.count == 4)
      hcl_pthread_cond_wait(&g_queue.not_full, &g_queue.lock);
    g_queue.items[(g_queue.head + g_queue.count) % 4] = base + i;
    ++g_queue.count;
    hcl_pthread_cond_signal(&g_queue.not_empty);
    hcl_pthread_mutex_unlock(&g_queue.lock);
  }
  return nullptr;
}

void* Consume(void* arg) {
  const int n = static_cast<int>(reinterpret_cast<long>(arg));
  for (int i = 0; i < n; ++i) {
    hcl_pthread_mutex_lock(&g_queue.lock);
    while (g_queue.count == 0)
      hcl_pthread_cond_wait(&g_queue.not_empty, &g_queue.lock);
    g_queue.sum += g_queue.items[g_queue.head];
    g_queue.head = (g_queue.head + 1) % 4;
    --g_queue.count;
    ++g_queue.consumed;
    hcl_pthread_cond_signal(&g_queue.not_full);
    hcl_pthread_mutex_unlock(&g_queue.lock);
  }
  return nullptr;
}

TEST(Pthread, CondvarBoundedQueue) {
  constexpr int kProducers = 6, kConsumers = 4;
  std::vector<hcl_pthread_t> t;
  long want = 0;
  for (int p = 0; p < kProducers; ++p) {
    hcl_pthread_t th;
    ASSERT_EQ(hcl_pthread_create(&th, nullptr, Produce,
                                 reinterpret_cast<void*>(long{p * 10000})),
              0);
    t.push_back(th);
    for (int i = 0; i < kPerProducer; ++i) want += p * 10000 + i;
  }
  const int each = kProducers * kPerProducer / kConsumers;
  for (int c = 0; c < kConsumers; ++c) {
    hcl_pthread_t th;
    ASSERT_EQ(hcl_pthread_create(&th, nullptr, Consume,
                                 reinterpret_cast<void*>(long{each})),
              0);
    t.push_back(th);
  }
  for (auto th : t) ASSERT_EQ(hcl_pthread_join(th, nullptr), 0);
  EXPECT_EQ(g_queue.consumed, kProducers * kPerProducer);
  EXPECT_EQ(g_queue.sum, want);
}

TEST(Pthread, CondTimedwaitTimesOutOnBothClocks) {
  for (hcl_clockid_t clock : {HCL_CLOCK_REALTIME, HCL_CLOCK_MONOTONIC}) {
    hcl_pthread_condattr_t ca;
    hcl_pthread_condattr_init(&ca);
    ASSERT_EQ(hcl_pthread_condattr_setclock(&ca, clock), 0);
    hcl_pthread_cond_t c;
    hcl_pthread_cond_init(&c, &ca);
    hcl_pthread_mutex_t m = HCL_PTHREAD_MUTEX_INITIALIZER;
    hcl_timespec start, deadline, end;
    hcl_clock_gettime(clock, &start);
    deadline = start;
    deadline.tv_nsec += 20000000;  // 20 ms
    if (deadline.tv_nsec >= 1000000000) {
      deadline.tv_nsec -= 1000000000;
      ++deadline.tv_sec;
    }
    hcl_pthread_mutex_lock(&m);
    EXPECT_EQ(hcl_pthread_cond_timedwait(&c, &m, &deadline), HCL_ETIMEDOUT);
    hcl_clock_gettime(clock, &end);
    EXPECT_EQ(hcl_pthread_mutex_unlock(&m), 0);  // held again after timeout
    const long long waited = (end.tv_sec - start.tv_sec) * 1000000000LL +
                             (end.tv_nsec - start.tv_nsec);
    EXPECT_GE(waited, 19000000LL);
    hcl_timespec bad = {0, 1000000000};
    EXPECT_EQ(hcl_pthread_cond_timedwait(&c, &m, &bad), HCL_EINVAL);
  }
}

int g_destroyed = 0;
hcl_pthread_key_t g_key;

void Destroy(void* v) {
  g_destroyed += static_cast<int>(reinterpret_cast<long>(v));
}

void* SetKey(void* arg) {
  EXPECT_EQ(hcl_pthread_getspecific(g_key), nullptr);
  EXPECT_EQ(hcl_pthread_setspecific(g_key, arg), 0);
  hcl_sched_yield();
  EXPECT_EQ(hcl_pthread_getspecific(g_key), arg);  // each thread its own
  return nullptr;
}

TEST(Pthread, KeysWithDestructors) {
  ASSERT_EQ(hcl_pthread_key_create(&g_key, Destroy), 0);
  std::vector<hcl_pthread_t> t(10);
  for (size_t i = 0; i < t.size(); ++i) {
    ASSERT_EQ(hcl_pthread_create(&t[i], nullptr, SetKey,
                                 reinterpret_cast<void*>(long(i + 1))),
              0);
  }
  for (auto th : t) ASSERT_EQ(hcl_pthread_join(th, nullptr), 0);
  EXPECT_EQ(g_destroyed, 55);
  EXPECT_EQ(hcl_pthread_key_delete(g_key), 0);
}

int g_once_runs = 0;
void OnceFn() { ++g_once_runs; }

void* CallOnce(void* arg) {
  hcl_pthread_once(static_cast<hcl_pthread_once_t*>(arg), OnceFn);
  return nullptr;
}

TEST(Pthread, OnceRunsOnce) {
  static hcl_pthread_once_t once = HCL_PTHREAD_ONCE_INIT;
  std::vector<hcl_pthread_t> t(5);
  for (auto& th : t)
    ASSERT_EQ(hcl_pthread_create(&th, nullptr, CallOnce, &once), 0);
  CallOnce(&once);
  for (auto th : t) hcl_pthread_join(th, nullptr);
  EXPECT_EQ(g_once_runs, 1);
}

TEST(Pthread, MutexTypes) {
  hcl_pthread_mutexattr_t a;
  hcl_pthread_mutexattr_init(&a);
  ASSERT_EQ(hcl_pthread_mutexattr_settype(&a, HCL_PTHREAD_MUTEX_RECURSIVE), 0);
  hcl_pthread_mutex_t r;
  hcl_pthread_mutex_init(&r, &a);
  EXPECT_EQ(hcl_pthread_mutex_lock(&r), 0);
  EXPECT_EQ(hcl_pthread_mutex_lock(&r), 0);
  EXPECT_EQ(hcl_pthread_mutex_trylock(&r), 0);
  EXPECT_EQ(hcl_pthread_mutex_destroy(&r), HCL_EBUSY);
  EXPECT_EQ(hcl_pthread_mutex_unlock(&r), 0);
  EXPECT_EQ(hcl_pthread_mutex_unlock(&r), 0);
  EXPECT_EQ(hcl_pthread_mutex_unlock(&r), 0);
  EXPECT_EQ(hcl_pthread_mutex_unlock(&r), HCL_EPERM);

  ASSERT_EQ(hcl_pthread_mutexattr_settype(&a, HCL_PTHREAD_MUTEX_ERRORCHECK), 0);
  hcl_pthread_mutex_t e;
  hcl_pthread_mutex_init(&e, &a);
  EXPECT_EQ(hcl_pthread_mutex_unlock(&e), HCL_EPERM);
  EXPECT_EQ(hcl_pthread_mutex_lock(&e), 0);
  EXPECT_EQ(hcl_pthread_mutex_lock(&e), HCL_EDEADLK);
  EXPECT_EQ(hcl_pthread_mutex_trylock(&e), HCL_EBUSY);
  EXPECT_EQ(hcl_pthread_mutex_unlock(&e), 0);
  EXPECT_EQ(hcl_pthread_mutexattr_settype(&a, 99), HCL_EINVAL);
}

struct HeldMutex {
  hcl_pthread_mutex_t m = HCL_PTHREAD_MUTEX_INITIALIZER;
  bool release = false;
};

// Holds the mutex until main sets (release).
void* HoldUntilReleased(void* arg) {
  auto* h = static_cast<HeldMutex*>(arg);
  hcl_pthread_mutex_lock(&h->m);
  while (!h->release) hcl_sched_yield();
  hcl_pthread_mutex_unlock(&h->m);
  return nullptr;
}

TEST(Pthread, MutexTimedlockTimesOut) {
  HeldMutex h;
  hcl_pthread_mutex_t& m = h.m;
  hcl_pthread_t t;
  ASSERT_EQ(hcl_pthread_create(&t, nullptr, HoldUntilReleased, &h), 0);
  hcl_sched_yield();  // let it take the mutex
  hcl_timespec d;
  hcl_clock_gettime(HCL_CLOCK_REALTIME, &d);
  d.tv_nsec += 5000000;
  if (d.tv_nsec >= 1000000000) {
    d.tv_nsec -= 1000000000;
    ++d.tv_sec;
  }
  EXPECT_EQ(hcl_pthread_mutex_timedlock(&m, &d), HCL_ETIMEDOUT);
  h.release = true;
  EXPECT_EQ(hcl_pthread_join(t, nullptr), 0);
  EXPECT_EQ(hcl_pthread_mutex_timedlock(&m, &d), 0);  // free now
  EXPECT_EQ(hcl_pthread_mutex_unlock(&m), 0);
}

hcl_pthread_rwlock_t g_rw = HCL_PTHREAD_RWLOCK_INITIALIZER;
int g_readers_inside = 0, g_max_readers = 0;

void* Reader(void*) {
  EXPECT_EQ(hcl_pthread_rwlock_rdlock(&g_rw), 0);
  ++g_readers_inside;
  if (g_readers_inside > g_max_readers) g_max_readers = g_readers_inside;
  hcl_sched_yield();
  --g_readers_inside;
  EXPECT_EQ(hcl_pthread_rwlock_unlock(&g_rw), 0);
  return nullptr;
}

TEST(Pthread, RwlockAdmitsReadersTogetherAndWritersAlone) {
  EXPECT_EQ(hcl_pthread_rwlock_wrlock(&g_rw), 0);
  std::vector<hcl_pthread_t> t(5);
  for (auto& th : t)
    ASSERT_EQ(hcl_pthread_create(&th, nullptr, Reader, nullptr), 0);
  hcl_sched_yield();
  EXPECT_EQ(g_readers_inside, 0);  // all blocked behind the writer
  EXPECT_EQ(hcl_pthread_rwlock_tryrdlock(&g_rw), HCL_EDEADLK);
  EXPECT_EQ(hcl_pthread_rwlock_unlock(&g_rw), 0);
  for (auto th : t) hcl_pthread_join(th, nullptr);
  EXPECT_EQ(g_max_readers, 5);
  EXPECT_EQ(hcl_pthread_rwlock_trywrlock(&g_rw), 0);
  EXPECT_EQ(hcl_pthread_rwlock_unlock(&g_rw), 0);
  EXPECT_EQ(hcl_pthread_rwlock_destroy(&g_rw), 0);
}

int g_detached_ran = 0;
void* Detached(void*) {
  ++g_detached_ran;
  return nullptr;
}

TEST(Pthread, SelfEqualDetachAndAttributes) {
  EXPECT_TRUE(hcl_pthread_equal(hcl_pthread_self(), hcl_pthread_self()));
  hcl_pthread_attr_t a;
  hcl_pthread_attr_init(&a);
  ASSERT_EQ(hcl_pthread_attr_setdetachstate(&a, HCL_PTHREAD_CREATE_DETACHED),
            0);
  ASSERT_EQ(hcl_pthread_attr_setstacksize(&a, 32768), 0);
  EXPECT_EQ(hcl_pthread_attr_setstacksize(&a, 100), HCL_EINVAL);
  size_t s = 0;
  hcl_pthread_attr_getstacksize(&a, &s);
  EXPECT_EQ(s, 32768u);
  hcl_pthread_t t;
  ASSERT_EQ(hcl_pthread_create(&t, &a, Detached, nullptr), 0);
  EXPECT_FALSE(hcl_pthread_equal(t, hcl_pthread_self()));
  EXPECT_EQ(hcl_pthread_join(t, nullptr), HCL_EINVAL);  // detached
  // A sleep lets the thread run, unless its deadline passed before it could
  // block (it then returns at once, by contract; a stalled host can take
  // that long): such a round is repeated with a longer sleep. A sleep that
  // never lets others run fails every round.
  for (unsigned long us = 1000; g_detached_ran == 0 && us <= 256000; us *= 4) {
    EXPECT_EQ(hcl_usleep(us), 0);
  }
  EXPECT_EQ(g_detached_ran, 1);
  hcl_pthread_attr_init(&a);
  ASSERT_EQ(hcl_pthread_create(&t, &a, Detached, nullptr), 0);
  EXPECT_EQ(hcl_pthread_detach(t), 0);
  hcl_sched_yield();
  EXPECT_EQ(g_detached_ran, 2);
  EXPECT_EQ(hcl_pthread_join(hcl_pthread_self(), nullptr), HCL_EDEADLK);
}

// hcl_sem_*: a post wakes exactly one waiter, in the order they blocked;
// the refusals as error numbers.
hcl_sem_t g_sem;
std::vector<int> g_woken;

void* WaitOnce(void* arg) {
  EXPECT_EQ(hcl_sem_wait(&g_sem), 0);
  g_woken.push_back(static_cast<int>(reinterpret_cast<long>(arg)));
  return nullptr;
}

TEST(Pthread, SemaphoreWakesOneWaiterPerPost) {
  ASSERT_EQ(hcl_sem_init(&g_sem, 0, 0), 0);
  constexpr int kWaiters = 4;
  hcl_pthread_t t[kWaiters];
  for (long i = 0; i < kWaiters; ++i) {
    ASSERT_EQ(hcl_pthread_create(&t[i], nullptr, WaitOnce,
                                 reinterpret_cast<void*>(i)),
              0);
  }
  hcl_sched_yield();  // all four block in hcl_sem_wait
  EXPECT_TRUE(g_woken.empty());
  EXPECT_EQ(hcl_sem_destroy(&g_sem), HCL_EBUSY);
  for (int posts = 1; posts <= kWaiters; ++posts) {
    ASSERT_EQ(hcl_sem_post(&g_sem), 0);
    hcl_sched_yield();
    ASSERT_EQ(g_woken.size(), static_cast<size_t>(posts));
    EXPECT_EQ(g_woken.back(), posts - 1);
  }
  for (auto& th : t) EXPECT_EQ(hcl_pthread_join(th, nullptr), 0);
  int value = -1;
  EXPECT_EQ(hcl_sem_getvalue(&g_sem, &value), 0);
  EXPECT_EQ(value, 0);
  EXPECT_EQ(hcl_sem_destroy(&g_sem), 0);
}

TEST(Pthread, SemaphoreRefusals) {
  hcl_sem_t s;
  EXPECT_EQ(hcl_sem_init(&s, 1, 0), HCL_ENOSYS);
  EXPECT_EQ(hcl_sem_init(&s, 0, HCL_SEM_VALUE_MAX + 1u), HCL_EINVAL);
  ASSERT_EQ(hcl_sem_init(&s, 0, HCL_SEM_VALUE_MAX), 0);
  EXPECT_EQ(hcl_sem_post(&s), HCL_EOVERFLOW);
  EXPECT_EQ(hcl_sem_trywait(&s), 0);
  ASSERT_EQ(hcl_sem_init(&s, 0, 0), 0);
  EXPECT_EQ(hcl_sem_trywait(&s), HCL_EAGAIN);
  const hcl_timespec past = {0, 0};
  EXPECT_EQ(hcl_sem_timedwait(&s, &past), HCL_ETIMEDOUT);
  const hcl_timespec bad = {0, 1000000000};
  EXPECT_EQ(hcl_sem_timedwait(&s, &bad), HCL_EINVAL);
  ASSERT_EQ(hcl_sem_post(&s), 0);
  EXPECT_EQ(hcl_sem_timedwait(&s, &past), 0);  // available: no wait
  EXPECT_EQ(hcl_sem_destroy(&s), 0);
}

}  // namespace
