// test/rumpuser/sync_test.cc -- rump threads, mutexes, rwlocks, condition
// variables and clocks, driven as a rump kernel drives them, with the
// upcalls accounted by the fake kernel: every call that blocks releases the
// virtual CPU exactly once and takes it back with the same lock count; the
// fast paths, spin mutexes and *_nowrap calls make no upcall.
//
// Portable (test/harness/hctest.h subset, no libc). Fibers are ordered by
// handshakes only (RumpuserTest::WaitUntil on a flag the other fiber sets),
// never by how long a sleep lasts, so a loaded host (QEMU TCG on a busy
// machine) cannot reorder them. The real monotonic clock appears only in
// lower bounds (a sleep or a timed wait lasts at least its span); the exact
// timing is checked on the virtual clock in deterministic_test.cc.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fixture.h"

namespace rumptest {
namespace {

constexpr int kNetbsdEBUSY = 16;
constexpr int kNetbsdEINVAL = 22;
constexpr int kNetbsdETIMEDOUT = 60;  // Linux's is 110

using RumpThreads = RumpuserTest;
using RumpMutex = RumpuserTest;
using RumpRwlock = RumpuserTest;
using RumpCondvar = RumpuserTest;
using RumpClock = RumpuserTest;

class RumpTwoCpus : public RumpuserTest {
 protected:
  RumpTwoCpus() { ncpu_ = 2; }
};

// ---- Threads
// ------------------------------------------------------------------

struct Flag {
  int value;
  int joined_scheduled;
};

void* SetFlag(void* arg) {
  ThreadEnter();
  static_cast<Flag*>(arg)->value = 1;
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpThreads, CreateDoesNotSwitchAndJoinReleasesTheCpu) {
  Flag f = {0, 0};
  void* t = Spawn(SetFlag, &f);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(f.value, 0) << "thread_create switched";
  EXPECT_EQ(Count().backend_unschedule, 0);
  Join(t);
  EXPECT_EQ(f.value, 1);
  // The thread could take the only CPU only because join released it.
  EXPECT_EQ(Count().backend_unschedule, 1);
  EXPECT_EQ(Count().backend_schedule, 1);
  EXPECT_EQ(Count().conflicts, 0);
}

TEST_F(RumpThreads, JoinOfAnExitedThreadMakesNoUpcall) {
  Flag f = {0, 0};
  void* t = Spawn(SetFlag, &f);
  // SetFlag exits right after setting the flag, without switching.
  WaitUntil([&] { return f.value == 1; });
  const int before = Count().backend_unschedule;
  Join(t);
  EXPECT_EQ(Count().backend_unschedule, before);
}

TEST_F(RumpThreads, DetachedThreadRunsAndFreesItself) {
  const size_t base = hcall::fibers::FiberCount();
  Flag f = {0, 0};
  EXPECT_EQ(rumpuser_thread_create(SetFlag, &f, "detached", 0, 0, -1, nullptr),
            0);
  EXPECT_EQ(hcall::fibers::FiberCount(), base + 1);
  WaitUntil([&] { return f.value == 1; });  // it has exited
  EXPECT_EQ(hcall::fibers::FiberCount(), base);
}

void* Returns(void* arg) {
  ThreadEnter();
  ++*static_cast<int*>(arg);
  ThreadLeave();
  return nullptr;  // rumpuser(3) says it never returns; it exits anyway
}

TEST_F(RumpThreads, ThreadFunctionThatReturnsExits) {
  int n = 0;
  void* t = Spawn(Returns, &n);
  Join(t);
  EXPECT_EQ(n, 1);
}

bool SameString(const char* a, const char* b) {
  if (a == nullptr || b == nullptr) return a == b;
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

void* CheckName(void* arg) {
  ThreadEnter();
  *static_cast<int*>(arg) =
      SameString(hcall::fibers::Name(hcall::fibers::Current()), "ioflush");
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpThreads, NameIsCopiedAtCreate) {
  char name[16] = {'i', 'o', 'f', 'l', 'u', 's', 'h', '\0'};
  int ok = -1;
  void* t = Spawn(CheckName, &ok, name);
  for (char& c : name) c = 'x';  // the kernel's buffer is on its stack
  name[15] = '\0';
  Join(t);
  EXPECT_EQ(ok, 1);
}

TEST_F(RumpThreads, JoinRejectsBadCookies) {
  EXPECT_EQ(rumpuser_thread_join(nullptr), kNetbsdEINVAL);
  EXPECT_EQ(rumpuser_thread_create(nullptr, nullptr, "x", 1, 0, -1, nullptr),
            kNetbsdEINVAL);
}

struct LwpCheck {
  lwp* seen_after_set;
  lwp* seen_after_clear;
  lwp* seen_at_start;
  int set;      // the thread has set its lwp
  int checked;  // main has looked at its own meanwhile
};

void* UsesOwnLwp(void* arg) {
  LwpCheck* c = static_cast<LwpCheck*>(arg);
  ThreadEnter();
  c->seen_at_start = rumpuser_curlwp();
  rumpuser_curlwpop(RUMPUSER_LWP_CREATE, FakeLwp(1));
  rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(1));
  c->seen_after_set = rumpuser_curlwp();
  c->set = 1;
  RumpuserTest::WaitUntil([c] { return c->checked != 0; });  // main runs
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, FakeLwp(1));
  rumpuser_curlwpop(RUMPUSER_LWP_DESTROY, FakeLwp(1));
  c->seen_after_clear = rumpuser_curlwp();
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpThreads, CurlwpIsPerFiber) {
  EXPECT_EQ(rumpuser_curlwp(), FakeLwp(0));
  LwpCheck c = {nullptr, FakeLwp(9), FakeLwp(9), 0, 0};
  void* t = Spawn(UsesOwnLwp, &c);
  WaitUntil([&] { return c.set != 0; });  // the thread has lwp 1 set now
  EXPECT_EQ(c.seen_after_set, FakeLwp(1));
  EXPECT_EQ(rumpuser_curlwp(), FakeLwp(0));
  c.checked = 1;
  Join(t);
  EXPECT_EQ(c.seen_at_start, nullptr);
  EXPECT_EQ(c.seen_after_clear, nullptr);
  EXPECT_EQ(rumpuser_curlwp(), FakeLwp(0));
}

// ---- Mutexes
// ------------------------------------------------------------------

TEST_F(RumpMutex, UncontendedEnterAndExitMakeNoUpcall) {
  rumpuser_mtx* m = nullptr;
  rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
  ASSERT_NE(m, nullptr);
  for (int i = 0; i < 3; ++i) {
    rumpuser_mutex_enter(m);
    rumpuser_mutex_exit(m);
  }
  EXPECT_EQ(rumpuser_mutex_tryenter(m), 0);
  rumpuser_mutex_exit(m);
  EXPECT_EQ(Count().backend_unschedule, 0);
  EXPECT_EQ(Count().backend_schedule, 0);
  rumpuser_mutex_destroy(m);
}

TEST_F(RumpMutex, KmutexRecordsTheOwnerLwp) {
  rumpuser_mtx* k = nullptr;
  rumpuser_mtx* plain = nullptr;
  rumpuser_mutex_init(&k, RUMPUSER_MTX_KMUTEX);
  rumpuser_mutex_init(&plain, RUMPUSER_MTX_SPIN);
  lwp* owner = FakeLwp(7);
  rumpuser_mutex_owner(k, &owner);
  EXPECT_EQ(owner, nullptr);
  rumpuser_mutex_enter(k);
  rumpuser_mutex_owner(k, &owner);
  EXPECT_EQ(owner, FakeLwp(0));
  rumpuser_mutex_exit(k);
  rumpuser_mutex_owner(k, &owner);
  EXPECT_EQ(owner, nullptr);
  EXPECT_EQ(rumpuser_mutex_tryenter(k), 0);
  rumpuser_mutex_owner(k, &owner);
  EXPECT_EQ(owner, FakeLwp(0));
  rumpuser_mutex_exit(k);
  EXPECT_EQ(rumpuser_mutex_spin_p(k), 0);
  EXPECT_EQ(rumpuser_mutex_spin_p(plain), 1);
  rumpuser_mutex_destroy(k);
  rumpuser_mutex_destroy(plain);
}

struct Holder {
  rumpuser_mtx* m;
  int holding;  // set by the holder once it holds (m)
  int release;  // set by main: the holder may let go of (m)
  int done;
};

// Takes the mutex, holds it until main sets (release), waiting meanwhile
// as a kernel thread does (releasing the CPU), then releases it. Main
// sets (release) just before it blocks on the mutex, and the holder cannot
// run before main blocks, so main always finds the mutex held.
void* HoldMutex(void* arg) {
  Holder* h = static_cast<Holder*>(arg);
  ThreadEnter();
  rumpuser_mutex_enter(h->m);
  h->holding = 1;
  RumpuserTest::WaitUntil([h] { return h->release != 0; });
  rumpuser_mutex_exit(h->m);
  h->done = 1;
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpMutex, TryenterFailsWithEbusyWhileHeld) {
  Holder h = {nullptr, 0, 0, 0};
  rumpuser_mutex_init(&h.m, RUMPUSER_MTX_KMUTEX);
  void* t = Spawn(HoldMutex, &h);
  WaitUntil([&] { return h.holding != 0; });
  EXPECT_EQ(rumpuser_mutex_tryenter(h.m), kNetbsdEBUSY);
  lwp* owner = nullptr;
  rumpuser_mutex_owner(h.m, &owner);
  EXPECT_EQ(owner, nullptr) << "the holder has no lwp set";
  h.release = 1;
  Join(t);
  EXPECT_EQ(rumpuser_mutex_tryenter(h.m), 0);
  // Not recursive: the holder's own tryenter fails too.
  EXPECT_EQ(rumpuser_mutex_tryenter(h.m), kNetbsdEBUSY);
  rumpuser_mutex_exit(h.m);
  rumpuser_mutex_destroy(h.m);
}

TEST_F(RumpMutex, ContendedEnterReleasesTheCpuOnce) {
  Holder h = {nullptr, 0, 0, 0};
  rumpuser_mutex_init(&h.m, RUMPUSER_MTX_KMUTEX);
  void* t = Spawn(HoldMutex, &h);
  WaitUntil([&] { return h.holding != 0; });
  const int before = UnschedulesOfCurrent();
  h.release = 1;
  rumpuser_mutex_enter(h.m);  // waits for the holder, which needs the CPU
  EXPECT_EQ(UnschedulesOfCurrent(), before + 1);
  EXPECT_EQ(h.done, 1);
  EXPECT_EQ(Count().unschedule_interlock, nullptr);
  lwp* owner = nullptr;
  rumpuser_mutex_owner(h.m, &owner);
  EXPECT_EQ(owner, FakeLwp(0));
  rumpuser_mutex_exit(h.m);
  Join(t);
  rumpuser_mutex_destroy(h.m);
}

TEST_F(RumpTwoCpus, SpinMutexWaitsWithoutReleasingTheCpu) {
  Holder h = {nullptr, 0, 0, 0};
  rumpuser_mutex_init(&h.m, RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX);
  void* t = Spawn(HoldMutex, &h);
  WaitUntil([&] { return h.holding != 0; });
  const int before = UnschedulesOfCurrent();
  h.release = 1;
  rumpuser_mutex_enter(h.m);  // contended, yet no upcall
  EXPECT_EQ(UnschedulesOfCurrent(), before);
  EXPECT_EQ(h.done, 1);
  EXPECT_TRUE(IsScheduled());
  rumpuser_mutex_exit(h.m);
  Join(t);
  rumpuser_mutex_destroy(h.m);
}

TEST_F(RumpTwoCpus, EnterNowrapWaitsWithoutReleasingTheCpu) {
  Holder h = {nullptr, 0, 0, 0};
  rumpuser_mutex_init(&h.m, RUMPUSER_MTX_KMUTEX);
  void* t = Spawn(HoldMutex, &h);
  WaitUntil([&] { return h.holding != 0; });
  const int before = UnschedulesOfCurrent();
  h.release = 1;
  rumpuser_mutex_enter_nowrap(h.m);
  EXPECT_EQ(UnschedulesOfCurrent(), before);
  EXPECT_EQ(h.done, 1);
  rumpuser_mutex_exit(h.m);
  Join(t);
  rumpuser_mutex_destroy(h.m);
}

// ---- Reader/writer locks
// --------------------------------------------------------

TEST_F(RumpRwlock, ReadersShareAndExcludeWriters) {
  rumpuser_rw* rw = nullptr;
  rumpuser_rw_init(&rw);
  int held = -1;
  rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
  EXPECT_EQ(held, 0);
  rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
  EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), 0);
  EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw), kNetbsdEBUSY);
  rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
  EXPECT_EQ(held, 1);
  rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
  EXPECT_EQ(held, 0);
  // Two read holds: no upgrade.
  EXPECT_EQ(rumpuser_rw_tryupgrade(rw), kNetbsdEBUSY);
  rumpuser_rw_exit(rw);
  rumpuser_rw_exit(rw);
  rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
  EXPECT_EQ(held, 0);
  EXPECT_EQ(Count().backend_unschedule, 0);
  rumpuser_rw_destroy(rw);
}

TEST_F(RumpRwlock, UpgradeDowngradeAndHeldPerLwp) {
  rumpuser_rw* rw = nullptr;
  rumpuser_rw_init(&rw);
  int held = -1;
  rumpuser_rw_enter(RUMPUSER_RW_READER, rw);
  EXPECT_EQ(rumpuser_rw_tryupgrade(rw), 0);
  rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
  EXPECT_EQ(held, 1);
  rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
  EXPECT_EQ(held, 0);
  // The write hold belongs to lwp 0, not to whichever lwp runs now.
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, FakeLwp(0));
  rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(3));
  rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
  EXPECT_EQ(held, 0);
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, FakeLwp(3));
  rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(0));
  rumpuser_rw_downgrade(rw);
  rumpuser_rw_held(RUMPUSER_RW_WRITER, rw, &held);
  EXPECT_EQ(held, 0);
  rumpuser_rw_held(RUMPUSER_RW_READER, rw, &held);
  EXPECT_EQ(held, 1);
  rumpuser_rw_exit(rw);
  rumpuser_rw_enter(RUMPUSER_RW_WRITER, rw);
  EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_READER, rw), kNetbsdEBUSY);
  EXPECT_EQ(rumpuser_rw_tryenter(RUMPUSER_RW_WRITER, rw), kNetbsdEBUSY);
  rumpuser_rw_exit(rw);
  EXPECT_EQ(Count().backend_unschedule, 0);
  rumpuser_rw_destroy(rw);
}

struct RwHolder {
  rumpuser_rw* rw;
  int lk;
  int holding;  // set by the holder once it holds (rw)
  int release;  // set by main: the holder may let go of (rw)
  int done;
};

// As HoldMutex, for a rwlock held as (lk).
void* HoldRw(void* arg) {
  RwHolder* h = static_cast<RwHolder*>(arg);
  ThreadEnter();
  rumpuser_rw_enter(h->lk, h->rw);
  h->holding = 1;
  RumpuserTest::WaitUntil([h] { return h->release != 0; });
  h->done = 1;
  rumpuser_rw_exit(h->rw);
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpRwlock, ContendedEnterReleasesTheCpuOnce) {
  RwHolder h = {nullptr, RUMPUSER_RW_WRITER, 0, 0, 0};
  rumpuser_rw_init(&h.rw);
  void* t = Spawn(HoldRw, &h);
  WaitUntil([&] { return h.holding != 0; });
  int before = UnschedulesOfCurrent();
  h.release = 1;
  rumpuser_rw_enter(RUMPUSER_RW_READER, h.rw);
  EXPECT_EQ(UnschedulesOfCurrent(), before + 1);
  EXPECT_EQ(h.done, 1);
  rumpuser_rw_exit(h.rw);
  Join(t);

  // A reader holds it: a writer waits, releasing the CPU.
  h = RwHolder{h.rw, RUMPUSER_RW_READER, 0, 0, 0};
  t = Spawn(HoldRw, &h);
  WaitUntil([&] { return h.holding != 0; });
  before = UnschedulesOfCurrent();
  h.release = 1;
  rumpuser_rw_enter(RUMPUSER_RW_WRITER, h.rw);
  EXPECT_EQ(UnschedulesOfCurrent(), before + 1);
  EXPECT_EQ(h.done, 1);
  int held = 0;
  rumpuser_rw_held(RUMPUSER_RW_WRITER, h.rw, &held);
  EXPECT_EQ(held, 1);
  rumpuser_rw_exit(h.rw);
  Join(t);
  rumpuser_rw_destroy(h.rw);
}

// ---- Condition variables
// --------------------------------------------------------

struct Waiter {
  rumpuser_mtx* m;
  rumpuser_cv* cv;
  int go;
  int woken;
  lwp* owner_after_wait;
  void* schedule_interlock;
  int owned_at_schedule;
  int lwp_index;
  int waiting;  // set just before the thread first waits on (cv)
};

void* WaitForGo(void* arg) {
  Waiter* w = static_cast<Waiter*>(arg);
  ThreadEnter();
  rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(w->lwp_index));
  rumpuser_mutex_enter(w->m);
  while (!w->go) {
    w->waiting = 1;
    rumpuser_cv_wait(w->cv, w->m);
  }
  w->schedule_interlock = Count().schedule_interlock;
  w->owned_at_schedule = Count().interlock_owned_at_schedule;
  rumpuser_mutex_owner(w->m, &w->owner_after_wait);
  ++w->woken;
  rumpuser_mutex_exit(w->m);
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, FakeLwp(w->lwp_index));
  ThreadLeave();
  rumpuser_thread_exit();
}

void CheckWaitProtocol(int mutex_flags, int expect_owned_at_schedule) {
  Waiter w = {nullptr, nullptr, 0, 0, nullptr, nullptr, -2, 1, 0};
  rumpuser_mutex_init(&w.m, mutex_flags);
  rumpuser_cv_init(&w.cv);
  void* t = RumpuserTest::Spawn(WaitForGo, &w);
  // The thread waits on the cv (it cannot have been woken: nobody signals).
  RumpuserTest::WaitUntil([&] { return w.waiting != 0; });
  int waiters = -1;
  rumpuser_cv_has_waiters(w.cv, &waiters);
  EXPECT_EQ(waiters, 1);
  // It released the CPU with the mutex as the interlock, still owning it.
  EXPECT_EQ(Count().unschedule_interlock, static_cast<void*>(w.m));
  EXPECT_EQ(Count().interlock_owned_at_unschedule, 1);
  // ... and then the mutex: the test takes it without waiting.
  const int before = UnschedulesOfCurrent();
  rumpuser_mutex_enter(w.m);
  EXPECT_EQ(UnschedulesOfCurrent(), before);
  w.go = 1;
  rumpuser_cv_signal(w.cv);
  rumpuser_mutex_exit(w.m);
  RumpuserTest::Join(t);
  EXPECT_EQ(w.woken, 1);
  EXPECT_EQ(w.schedule_interlock, static_cast<void*>(w.m));
  EXPECT_EQ(w.owned_at_schedule, expect_owned_at_schedule);
  EXPECT_EQ(w.owner_after_wait, FakeLwp(1));
  rumpuser_cv_has_waiters(w.cv, &waiters);
  EXPECT_EQ(waiters, 0);
  rumpuser_cv_destroy(w.cv);
  rumpuser_mutex_destroy(w.m);
}

TEST_F(RumpCondvar, WaitReleasesCpuThenMutexAndRetakesMutexFirst) {
  // A sleeping kmutex: re-acquired before the CPU is taken back.
  CheckWaitProtocol(RUMPUSER_MTX_KMUTEX, 1);
}

TEST_F(RumpCondvar, SpinKmutexInterlockIsRetakenAfterTheCpu) {
  // rumpuser(3): SPIN|KMUTEX: the context is scheduled before the mutex is
  // reacquired.
  CheckWaitProtocol(RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX, 0);
}

TEST_F(RumpCondvar, SignalWakesOneBroadcastWakesAll) {
  Waiter w[3];
  rumpuser_mtx* m = nullptr;
  rumpuser_cv* cv = nullptr;
  rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&cv);
  void* t[3];
  for (int i = 0; i < 3; ++i) {
    w[i] = Waiter{m, cv, 0, 0, nullptr, nullptr, -2, 1 + i, 0};
    t[i] = Spawn(WaitForGo, &w[i]);
  }
  WaitUntil([&] { return w[0].waiting + w[1].waiting + w[2].waiting == 3; });
  int waiters = 0;
  rumpuser_cv_has_waiters(cv, &waiters);
  EXPECT_EQ(waiters, 3);
  rumpuser_mutex_enter(m);
  for (Waiter& x : w) x.go = 1;
  rumpuser_cv_signal(cv);
  rumpuser_mutex_exit(m);
  // Every fiber the signal made runnable runs before main looks again (FIFO
  // run queue), so a second wakeup would be counted here too.
  WaitUntil([&] { return w[0].woken + w[1].woken + w[2].woken != 0; });
  EXPECT_EQ(w[0].woken + w[1].woken + w[2].woken, 1);
  EXPECT_EQ(w[0].woken, 1) << "FIFO: the first waiter is woken";
  rumpuser_cv_broadcast(cv);
  for (void* x : t) Join(x);
  EXPECT_EQ(w[0].woken + w[1].woken + w[2].woken, 3);
  rumpuser_cv_destroy(cv);
  rumpuser_mutex_destroy(m);
}

TEST_F(RumpCondvar, TimedwaitTimesOutWithEtimedoutHoldingTheMutex) {
  rumpuser_mtx* m = nullptr;
  rumpuser_cv* cv = nullptr;
  rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&cv);
  rumpuser_mutex_enter(m);
  const int64_t start = NowNs();
  EXPECT_EQ(rumpuser_cv_timedwait(cv, m, 0, 2000000), kNetbsdETIMEDOUT);
  EXPECT_GE(NowNs() - start, 2000000);
  lwp* owner = nullptr;
  rumpuser_mutex_owner(m, &owner);
  EXPECT_EQ(owner, FakeLwp(0));
  EXPECT_EQ(Count().backend_unschedule, 1);
  EXPECT_EQ(Count().unschedule_interlock, static_cast<void*>(m));
  EXPECT_EQ(Count().schedule_interlock, static_cast<void*>(m));
  rumpuser_mutex_exit(m);
  rumpuser_cv_destroy(cv);
  rumpuser_mutex_destroy(m);
}

struct Signaller {
  rumpuser_mtx* m;
  rumpuser_cv* cv;
  int waiters_at_signal;
};

// Signals (cv) under (m). Main holds (m) from before this thread first runs
// until its timed wait releases it, so the signal always finds main waiting.
void* SignalWaiter(void* arg) {
  Signaller* s = static_cast<Signaller*>(arg);
  ThreadEnter();
  rumpuser_mutex_enter(s->m);
  rumpuser_cv_has_waiters(s->cv, &s->waiters_at_signal);
  rumpuser_cv_signal(s->cv);
  rumpuser_mutex_exit(s->m);
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpCondvar, TimedwaitSignalledReturnsZero) {
  Signaller s = {nullptr, nullptr, -1};
  rumpuser_mutex_init(&s.m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&s.cv);
  void* t = Spawn(SignalWaiter, &s);  // does not run before main waits
  rumpuser_mutex_enter(s.m);
  // The 10 s only bound a broken signal; the signaller runs as soon as main
  // waits, with nothing timed in between.
  EXPECT_EQ(rumpuser_cv_timedwait(s.cv, s.m, 10, 0), 0);
  rumpuser_mutex_exit(s.m);
  Join(t);
  EXPECT_EQ(s.waiters_at_signal, 1) << "main was not waiting when signalled";
  rumpuser_cv_destroy(s.cv);
  rumpuser_mutex_destroy(s.m);
}

void* WaitNowrap(void* arg) {
  Waiter* w = static_cast<Waiter*>(arg);
  ThreadEnter();
  rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(w->lwp_index));
  rumpuser_mutex_enter(w->m);
  const int before = UnschedulesOfCurrent();
  while (!w->go) {
    w->waiting = 1;
    rumpuser_cv_wait_nowrap(w->cv, w->m);
  }
  w->woken = UnschedulesOfCurrent() - before + 100;  // 100: no upcall
  rumpuser_mutex_owner(w->m, &w->owner_after_wait);
  rumpuser_mutex_exit(w->m);
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, FakeLwp(w->lwp_index));
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpTwoCpus, CvWaitNowrapKeepsTheCpu) {
  Waiter w = {nullptr, nullptr, 0, 0, nullptr, nullptr, -2, 2, 0};
  rumpuser_mutex_init(&w.m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&w.cv);
  void* t = Spawn(WaitNowrap, &w);
  WaitUntil([&] { return w.waiting != 0; });
  rumpuser_mutex_enter(w.m);  // released by the wait
  w.go = 1;
  rumpuser_cv_broadcast(w.cv);
  rumpuser_mutex_exit(w.m);
  Join(t);
  EXPECT_EQ(w.woken, 100);
  EXPECT_EQ(w.owner_after_wait, FakeLwp(2));
  rumpuser_cv_destroy(w.cv);
  rumpuser_mutex_destroy(w.m);
}

// ---- Clocks
// -------------------------------------------------------------------

TEST_F(RumpClock, GettimeReadsBothClocks) {
  int64_t s = -1;
  long ns = -1;
  // Between two host readings, however long the host takes between them.
  hc_timespec real_before, real_after;
  ASSERT_EQ(hc_clock_gettime(HC_CLOCK_REALTIME, &real_before), HC_OK);
  EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &s, &ns), 0);
  ASSERT_EQ(hc_clock_gettime(HC_CLOCK_REALTIME, &real_after), HC_OK);
  EXPECT_GE(s, real_before.tv_sec);
  EXPECT_LE(s, real_after.tv_sec);
  EXPECT_GE(ns, 0);
  EXPECT_LT(ns, 1000000000);
  const int64_t a = NowNs();
  const int64_t b = NowNs();
  EXPECT_LE(a, b);
  EXPECT_EQ(rumpuser_clock_gettime(2, &s, &ns), kNetbsdEINVAL);
  EXPECT_EQ(Count().backend_unschedule, 0);
}

TEST_F(RumpClock, SleepsReleaseTheCpuAndLastLongEnough) {
  int64_t start = NowNs();
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 2000000), 0);
  EXPECT_GE(NowNs() - start, 2000000);
  EXPECT_EQ(Count().backend_unschedule, 1);
  start = NowNs();
  const int64_t until = start + 3000000;
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, until / 1000000000,
                                 static_cast<long>(until % 1000000000)),
            0);
  EXPECT_GE(NowNs(), until);
  EXPECT_EQ(Count().backend_unschedule, 2);
  EXPECT_EQ(Count().backend_schedule, 2);
  // Bad arguments: an error and no upcall.
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000000000),
            kNetbsdEINVAL);
  EXPECT_EQ(rumpuser_clock_sleep(7, 0, 0), kNetbsdEINVAL);
  EXPECT_EQ(Count().backend_unschedule, 2);
}

}  // namespace
}  // namespace rumptest
