// Tests of fibers/sync.h on the linux backend: mutex, rwlock, condition
// variable, once and wait queues: behaviour, FIFO fairness, error paths,
// producer/consumer. (Exact timing is tested in deterministic_test.cc.)
#include "fibers/sync.h"

#include <stdint.h>

#include <vector>

#include "fibers/fiber.h"
#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace hcall::fibers {
namespace {

class SyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);
    base_count_ = FiberCount();
  }
  void TearDown() override { EXPECT_EQ(FiberCount(), base_count_); }
  size_t base_count_ = 0;
};

void* Intptr(intptr_t v) { return reinterpret_cast<void*>(v); }

// Runs fn(arg) in a new fiber and returns the fiber (joined by the caller).
Fiber* Spawn(FiberFn fn, void* arg) {
  Fiber* f = nullptr;
  EXPECT_EQ(Create(&f, fn, arg), kOk);
  return f;
}

void JoinAll(std::initializer_list<Fiber*> fibers) {
  for (Fiber* f : fibers) EXPECT_EQ(Join(f, nullptr), kOk);
}

// A deadline (ns) from now on the real clock.
hc_timespec In(uint64_t ns) { return AddNanoseconds(Now(), ns); }

// ---------------------------------------------------------------------------
// Mutex
// ---------------------------------------------------------------------------

static_assert(sizeof(Mutex) <= 40, "a Mutex fits pthread_mutex_t");

Mutex g_zero_mutex;  // constant-initialised global

TEST_F(SyncTest, MutexBasicsAndErrors) {
  Mutex m;
  EXPECT_EQ(m.Owner(), nullptr);
  EXPECT_EQ(m.Unlock(), kNotOwner);
  EXPECT_EQ(m.Lock(), kOk);
  EXPECT_EQ(m.Owner(), Current());
  EXPECT_TRUE(m.HeldByCurrent());
  EXPECT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Lock(), kDeadlock);  // non-recursive
  EXPECT_EQ(m.TryLock(), kBusy);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Unlock(), kNotOwner);
  EXPECT_EQ(m.TryLock(), kOk);
  EXPECT_EQ(m.Unlock(), kOk);

  EXPECT_EQ(g_zero_mutex.kind(), Mutex::kNonRecursive);
  EXPECT_EQ(g_zero_mutex.Lock(), kOk);
  EXPECT_EQ(g_zero_mutex.Unlock(), kOk);
}

TEST_F(SyncTest, RecursiveMutex) {
  Mutex m(Mutex::kRecursive);
  EXPECT_EQ(m.Lock(), kOk);
  EXPECT_EQ(m.Lock(), kOk);
  EXPECT_EQ(m.TryLock(), kOk);
  EXPECT_EQ(m.Depth(), 3u);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Owner(), Current());
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Owner(), nullptr);
  EXPECT_EQ(m.Unlock(), kNotOwner);
}

struct Contender {
  Mutex* m;
  std::vector<int>* order;
  int who;
  int rounds;
};

void* LockYieldUnlock(void* arg) {
  Contender* c = static_cast<Contender*>(arg);
  for (int i = 0; i < c->rounds; ++i) {
    EXPECT_EQ(c->m->Lock(), kOk);
    c->order->push_back(c->who);
    Yield();
    Yield();
    EXPECT_EQ(c->m->Unlock(), kOk);
  }
  return nullptr;
}

TEST_F(SyncTest, MutexIsFairFifo) {
  Mutex m;
  std::vector<int> order;
  Contender c[3] = {{&m, &order, 1, 4}, {&m, &order, 2, 4}, {&m, &order, 3, 4}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i) f[i] = Spawn(&LockYieldUnlock, &c[i]);
  JoinAll({f[0], f[1], f[2]});
  // Each release hands the mutex to the longest waiter: strict rotation.
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}));
}

void* HoldsBriefly(void* arg) {
  Mutex* m = static_cast<Mutex*>(arg);
  EXPECT_EQ(m->Lock(), kOk);
  SleepFor(20 * 1000 * 1000);
  EXPECT_EQ(m->Unlock(), kOk);
  return nullptr;
}

void* UnlocksOthers(void* arg) {
  return Intptr(static_cast<Mutex*>(arg)->Unlock());
}

TEST_F(SyncTest, MutexWaitersAndTimeouts) {
  Mutex m;
  Fiber* holder = Spawn(&HoldsBriefly, &m);
  Yield();  // holder takes m and sleeps
  EXPECT_EQ(m.Owner(), holder);
  EXPECT_EQ(m.TryLock(), kBusy);
  Fiber* intruder = Spawn(&UnlocksOthers, &m);
  void* r;
  EXPECT_EQ(Join(intruder, &r), kOk);
  EXPECT_EQ(r, Intptr(kNotOwner));
  // A bad deadline is rejected only when the call would wait.
  const hc_timespec bad = {0, -1};
  EXPECT_EQ(m.Lock(&bad), kInvalid);
  // Gives up at the deadline while the holder still sleeps.
  const hc_timespec soon = In(1000000);
  EXPECT_EQ(m.Lock(&soon), kTimedOut);
  EXPECT_EQ(m.Owner(), holder);
  EXPECT_FALSE(m.HasWaiters());
  // Waits without deadline: handed over when the holder unlocks.
  EXPECT_EQ(m.Lock(), kOk);
  EXPECT_EQ(m.Owner(), Current());
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Lock(&bad), kOk);  // no wait, no check
  EXPECT_EQ(m.Unlock(), kOk);
  JoinAll({holder});
}

// ---------------------------------------------------------------------------
// RwLock
// ---------------------------------------------------------------------------

struct RwUser {
  RwLock* rw;
  std::vector<int>* order;
  int who;    // positive: reader, negative: writer
  int holds;  // yields while holding
};

void* UseRw(void* arg) {
  RwUser* u = static_cast<RwUser*>(arg);
  EXPECT_EQ(u->who > 0 ? u->rw->ReadLock() : u->rw->WriteLock(), kOk);
  u->order->push_back(u->who);
  for (int i = 0; i < u->holds; ++i) Yield();
  u->order->push_back(u->who * 100);
  EXPECT_EQ(u->rw->Unlock(), kOk);
  return nullptr;
}

TEST_F(SyncTest, RwLockReadersShareWritersExclude) {
  RwLock rw;
  EXPECT_EQ(rw.ReadLock(), kOk);
  EXPECT_EQ(rw.TryReadLock(), kOk);
  EXPECT_EQ(rw.Readers(), 2u);
  EXPECT_EQ(rw.TryWriteLock(), kBusy);
  EXPECT_EQ(rw.Unlock(), kOk);
  EXPECT_EQ(rw.Unlock(), kOk);
  EXPECT_EQ(rw.Unlock(), kNotOwner);
  EXPECT_EQ(rw.WriteLock(), kOk);
  EXPECT_TRUE(rw.WriteHeldByCurrent());
  EXPECT_EQ(rw.Writer(), Current());
  EXPECT_EQ(rw.WriteLock(), kDeadlock);
  EXPECT_EQ(rw.ReadLock(), kDeadlock);
  EXPECT_EQ(rw.TryReadLock(), kDeadlock);
  EXPECT_EQ(rw.TryWriteLock(), kDeadlock);
  EXPECT_EQ(rw.Unlock(), kOk);
  EXPECT_EQ(rw.Writer(), nullptr);
  EXPECT_EQ(rw.Unlock(), kNotOwner);
}

void* UnlocksRw(void* arg) {
  return Intptr(static_cast<RwLock*>(arg)->Unlock());
}

TEST_F(SyncTest, RwLockUnlockByNonWriterIsRefused) {
  RwLock rw;
  EXPECT_EQ(rw.WriteLock(), kOk);
  void* r;
  EXPECT_EQ(Join(Spawn(&UnlocksRw, &rw), &r), kOk);
  EXPECT_EQ(r, Intptr(kNotOwner));
  EXPECT_EQ(rw.Unlock(), kOk);
}

TEST_F(SyncTest, RwLockIsFifoFair) {
  // Main reads; then W1 queues; a later reader R2 must queue behind W1
  // (no writer starvation); then readers R3, R4 behind W1 and W5 after.
  RwLock rw;
  std::vector<int> order;
  ASSERT_EQ(rw.ReadLock(), kOk);
  RwUser w1 = {&rw, &order, -1, 1};
  RwUser r2 = {&rw, &order, 2, 2};
  RwUser r3 = {&rw, &order, 3, 2};
  RwUser w4 = {&rw, &order, -4, 1};
  RwUser r5 = {&rw, &order, 5, 1};
  Fiber* f1 = Spawn(&UseRw, &w1);
  Fiber* f2 = Spawn(&UseRw, &r2);
  Fiber* f3 = Spawn(&UseRw, &r3);
  Fiber* f4 = Spawn(&UseRw, &w4);
  Fiber* f5 = Spawn(&UseRw, &r5);
  Yield();  // all of them queue behind main's read hold
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(rw.TryReadLock(), kBusy) << "a writer waits: readers queue";
  EXPECT_TRUE(rw.HasWaiters());
  EXPECT_EQ(rw.Unlock(), kOk);
  JoinAll({f1, f2, f3, f4, f5});
  // W1 alone; then R2 and R3 together; then W4 alone; then R5.
  EXPECT_EQ(order,
            (std::vector<int>{-1, -100, 2, 3, 200, 300, -4, -400, 5, 500}));
}

struct Upgrader {
  RwLock* rw;
  int result;
  std::vector<int>* order;
};

void* ReadsThenUpgrades(void* arg) {
  Upgrader* u = static_cast<Upgrader*>(arg);
  EXPECT_EQ(u->rw->ReadLock(), kOk);
  Yield();
  u->result = u->rw->Upgrade();
  if (u->result == kOk) {
    u->order->push_back(1);
    EXPECT_TRUE(u->rw->WriteHeldByCurrent());
    EXPECT_EQ(u->rw->Downgrade(), kOk);
    EXPECT_EQ(u->rw->Readers(), 2u) << "downgrade admits the queued reader";
  }
  EXPECT_EQ(u->rw->Unlock(), kOk);
  return nullptr;
}

void* ReadsAndRecords(void* arg) {
  Upgrader* u = static_cast<Upgrader*>(arg);
  EXPECT_EQ(u->rw->ReadLock(), kOk);
  u->order->push_back(2);
  Yield();
  EXPECT_EQ(u->rw->Unlock(), kOk);
  return nullptr;
}

TEST_F(SyncTest, RwLockUpgradeAndDowngrade) {
  RwLock rw;
  // Sole reader: TryUpgrade succeeds.
  EXPECT_EQ(rw.TryUpgrade(), kNotOwner);
  ASSERT_EQ(rw.ReadLock(), kOk);
  EXPECT_EQ(rw.TryUpgrade(), kOk);
  EXPECT_TRUE(rw.WriteHeldByCurrent());
  EXPECT_EQ(rw.Upgrade(), kDeadlock);
  EXPECT_EQ(rw.Downgrade(), kOk);
  EXPECT_EQ(rw.Readers(), 1u);
  EXPECT_EQ(rw.Downgrade(), kNotOwner);

  // Two readers: the upgrade waits for main's read hold to go, ahead of a
  // reader that queued meanwhile; a second upgrade is refused.
  std::vector<int> order;
  Upgrader u = {&rw, 1, &order};
  Fiber* up = Spawn(&ReadsThenUpgrades, &u);
  Yield();  // up holds a read lock
  EXPECT_EQ(rw.Readers(), 2u);
  EXPECT_EQ(rw.TryUpgrade(), kBusy);
  Yield();  // up waits in Upgrade
  EXPECT_EQ(rw.Upgrade(), kDeadlock) << "both would wait for the other";
  EXPECT_EQ(rw.TryReadLock(), kBusy);
  Upgrader reader = {&rw, 0, &order};
  Fiber* rd = Spawn(&ReadsAndRecords, &reader);
  Yield();  // rd queues
  EXPECT_TRUE(order.empty());
  EXPECT_EQ(rw.Unlock(), kOk);  // main's read hold: up becomes the writer
  JoinAll({up, rd});
  EXPECT_EQ(u.result, kOk);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(rw.Readers(), 0u);
  EXPECT_EQ(rw.Writer(), nullptr);
}

TEST_F(SyncTest, RwLockTimedOutWriterLetsReadersThrough) {
  RwLock rw;
  std::vector<int> order;
  ASSERT_EQ(rw.ReadLock(), kOk);
  // A writer times out while a reader queued behind it; the reader must then
  // be admitted although main still reads.
  struct TimedWriter {
    static void* Run(void* arg) {
      RwLock* rw = static_cast<RwLock*>(arg);
      const hc_timespec d = In(2000000);
      return Intptr(rw->WriteLock(&d));
    }
  };
  Fiber* w = Spawn(&TimedWriter::Run, &rw);
  RwUser r = {&rw, &order, 7, 0};
  Fiber* rf = Spawn(&UseRw, &r);
  void* wr;
  EXPECT_EQ(Join(w, &wr), kOk);
  EXPECT_EQ(wr, Intptr(kTimedOut));
  EXPECT_EQ(Join(rf, nullptr), kOk);
  EXPECT_EQ(order, (std::vector<int>{7, 700}));
  EXPECT_EQ(rw.Unlock(), kOk);
}

// ---------------------------------------------------------------------------
// CondVar
// ---------------------------------------------------------------------------

struct Buffer {
  static constexpr int kCap = 4;
  Mutex m;
  CondVar not_empty;
  CondVar not_full;
  int items[kCap] = {};
  int head = 0;
  int size = 0;
  bool closed = false;
  long long consumed_sum = 0;
  int consumed = 0;
  int max_size = 0;
};

struct Producer {
  Buffer* b;
  int first;
  int count;
};

void* Produce(void* arg) {
  Producer* p = static_cast<Producer*>(arg);
  Buffer* b = p->b;
  for (int i = 0; i < p->count; ++i) {
    EXPECT_EQ(b->m.Lock(), kOk);
    while (b->size == Buffer::kCap) EXPECT_EQ(b->not_full.Wait(&b->m), kOk);
    b->items[(b->head + b->size) % Buffer::kCap] = p->first + i;
    ++b->size;
    if (b->size > b->max_size) b->max_size = b->size;
    b->not_empty.Signal();
    EXPECT_EQ(b->m.Unlock(), kOk);
    if (i % 3 == 0) Yield();
  }
  return nullptr;
}

void* Consume(void* arg) {
  Buffer* b = static_cast<Buffer*>(arg);
  EXPECT_EQ(b->m.Lock(), kOk);
  for (;;) {
    while (b->size == 0 && !b->closed) {
      EXPECT_EQ(b->not_empty.Wait(&b->m), kOk);
    }
    if (b->size == 0) break;
    b->consumed_sum += b->items[b->head];
    ++b->consumed;
    b->head = (b->head + 1) % Buffer::kCap;
    --b->size;
    b->not_full.Signal();
  }
  EXPECT_EQ(b->m.Unlock(), kOk);
  return nullptr;
}

TEST_F(SyncTest, ProducerConsumerOverACondVar) {
  Buffer b;
  Producer p1 = {&b, 1, 5000};
  Producer p2 = {&b, 100001, 5000};
  Fiber* c1 = Spawn(&Consume, &b);
  Fiber* c2 = Spawn(&Consume, &b);
  Fiber* c3 = Spawn(&Consume, &b);
  Fiber* f1 = Spawn(&Produce, &p1);
  Fiber* f2 = Spawn(&Produce, &p2);
  JoinAll({f1, f2});
  ASSERT_EQ(b.m.Lock(), kOk);
  b.closed = true;
  b.not_empty.Broadcast();
  ASSERT_EQ(b.m.Unlock(), kOk);
  JoinAll({c1, c2, c3});
  long long expected = 0;
  for (int i = 0; i < 5000; ++i) expected += (1 + i) + (100001 + i);
  EXPECT_EQ(b.consumed, 10000);
  EXPECT_EQ(b.consumed_sum, expected);
  EXPECT_GT(b.max_size, 1);
  EXPECT_LE(b.max_size, Buffer::kCap);
  EXPECT_FALSE(b.not_empty.HasWaiters());
}

TEST_F(SyncTest, CondVarErrorsTimeoutAndRecursiveDepth) {
  CondVar cv;
  Mutex m(Mutex::kRecursive);
  EXPECT_EQ(cv.Wait(&m), kNotOwner);
  EXPECT_EQ(cv.Wait(nullptr), kNotOwner);
  ASSERT_EQ(m.Lock(), kOk);
  ASSERT_EQ(m.Lock(), kOk);
  const hc_timespec bad = {-1, 0};
  EXPECT_EQ(cv.Wait(&m, &bad), kInvalid);
  EXPECT_EQ(m.Depth(), 2u);
  const hc_timespec soon = In(1000000);
  EXPECT_EQ(cv.Wait(&m, &soon), kTimedOut);
  EXPECT_EQ(m.Owner(), Current());
  EXPECT_EQ(m.Depth(), 2u);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Unlock(), kOk);
}

struct Waiter {
  Mutex* m;
  CondVar* cv;
  std::vector<int>* order;
  int who;
};

void* WaitsOnce(void* arg) {
  Waiter* w = static_cast<Waiter*>(arg);
  EXPECT_EQ(w->m->Lock(), kOk);
  EXPECT_EQ(w->cv->Wait(w->m), kOk);
  w->order->push_back(w->who);
  EXPECT_EQ(w->m->Unlock(), kOk);
  return nullptr;
}

TEST_F(SyncTest, SignalWakesFifoBroadcastWakesAll) {
  Mutex m;
  CondVar cv;
  std::vector<int> order;
  Waiter w[4] = {{&m, &cv, &order, 1},
                 {&m, &cv, &order, 2},
                 {&m, &cv, &order, 3},
                 {&m, &cv, &order, 4}};
  Fiber* f[4];
  for (int i = 0; i < 4; ++i) f[i] = Spawn(&WaitsOnce, &w[i]);
  Yield();
  EXPECT_TRUE(cv.HasWaiters());
  cv.Signal();
  Yield();
  EXPECT_EQ(order, (std::vector<int>{1}));
  cv.Broadcast();
  EXPECT_FALSE(cv.HasWaiters());
  JoinAll({f[0], f[1], f[2], f[3]});
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

// ---------------------------------------------------------------------------
// Once and WaitQueue
// ---------------------------------------------------------------------------

int g_once_runs;
Once g_once;

void InitYielding(void*) {
  ++g_once_runs;
  Yield();  // others arrive meanwhile and must wait
  Yield();
  EXPECT_EQ(g_once.Run([] { ++g_once_runs; }), kDeadlock);
}

void* CallsOnce(void*) {
  EXPECT_EQ(g_once.Run(&InitYielding, nullptr), kOk);
  EXPECT_TRUE(g_once.done());
  EXPECT_EQ(g_once_runs, 1);
  return nullptr;
}

TEST_F(SyncTest, OnceRunsExactlyOnce) {
  g_once_runs = 0;
  Fiber* f[4];
  for (Fiber*& x : f) x = Spawn(&CallsOnce, nullptr);
  JoinAll({f[0], f[1], f[2], f[3]});
  EXPECT_EQ(g_once_runs, 1);
  Once plain;
  static int plain_runs;
  plain_runs = 0;
  EXPECT_EQ(plain.Run([] { ++plain_runs; }), kOk);
  EXPECT_EQ(plain.Run([] { ++plain_runs; }), kOk);
  EXPECT_EQ(plain_runs, 1);
}

struct QueueUser {
  WaitQueue* q;
  std::vector<int>* order;
  int who;
};

void* WaitsOnQueue(void* arg) {
  QueueUser* u = static_cast<QueueUser*>(arg);
  EXPECT_EQ(u->q->Wait(), kOk);
  u->order->push_back(u->who);
  return nullptr;
}

TEST_F(SyncTest, WaitQueueIsFifo) {
  WaitQueue q;
  std::vector<int> order;
  QueueUser u[3] = {{&q, &order, 1}, {&q, &order, 2}, {&q, &order, 3}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i) f[i] = Spawn(&WaitsOnQueue, &u[i]);
  Yield();
  EXPECT_EQ(q.front(), f[0]);
  EXPECT_EQ(q.WakeOne(), f[0]);
  EXPECT_EQ(q.WakeAll(), 2u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.WakeOne(), nullptr);
  JoinAll({f[0], f[1], f[2]});
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  const hc_timespec passed = {0, 0};
  EXPECT_EQ(q.Wait(&passed), kTimedOut);
}

}  // namespace
}  // namespace hcall::fibers
