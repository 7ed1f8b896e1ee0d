// Tests of fibers on the DETERMINISTIC backend (virtual clock that moves only
// when the image sleeps): every timed wait ends exactly at its deadline, the
// idle scheduler sleeps exactly until the earliest deadline, and a whole run
// is repeatable. Must be linked with the deterministic backend, not linux.
#include <stdint.h>
#include <string.h>

#include <string>
#include <vector>

#include "fibers/fiber.h"
#include "fibers/sync.h"
#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"

namespace hcall::fibers {
namespace {

constexpr uint64_t kMs = 1000 * 1000;

class DeterministicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);  // restarts the virtual clock
    ASSERT_STREQ(hc_linux_clock_source(), "virtual")
        << "link this test with the deterministic backend";
    start_ = Now();
    base_count_ = FiberCount();
  }
  void TearDown() override { EXPECT_EQ(FiberCount(), base_count_); }

  // start + ns, as a deadline.
  hc_timespec At(uint64_t ns) const { return AddNanoseconds(start_, ns); }
  // Nanoseconds since start.
  int64_t Elapsed() const {
    const hc_timespec now = Now();
    return (now.tv_sec - start_.tv_sec) * 1000000000 +
           (now.tv_nsec - start_.tv_nsec);
  }

  hc_timespec start_ = {0, 0};
  size_t base_count_ = 0;
};

bool Same(const hc_timespec& a, const hc_timespec& b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

TEST_F(DeterministicTest, ClockStandsStillWhileFibersRun) {
  for (int i = 0; i < 1000; ++i) Yield();
  EXPECT_EQ(Elapsed(), 0);
}

TEST_F(DeterministicTest, SleepUntilEndsExactlyAtTheDeadline) {
  const hc_timespec d = At(1500 * kMs + 7);
  EXPECT_EQ(SleepUntil(d), kOk);
  EXPECT_TRUE(Same(Now(), d));
  EXPECT_EQ(Elapsed(), 1500 * static_cast<int64_t>(kMs) + 7);
  // A deadline that has passed: no time passes.
  EXPECT_EQ(SleepUntil(At(1)), kOk);
  EXPECT_EQ(Elapsed(), 1500 * static_cast<int64_t>(kMs) + 7);
  EXPECT_EQ(SleepFor(999999999), kOk);
  EXPECT_EQ(Elapsed(), 2500 * static_cast<int64_t>(kMs) + 6);
}

struct SleepPlan {
  hc_timespec deadline;
  int who;
  std::vector<std::pair<int, hc_timespec>>* log;
};

void* SleepsUntilPlan(void* arg) {
  SleepPlan* p = static_cast<SleepPlan*>(arg);
  EXPECT_EQ(SleepUntil(p->deadline), kOk);
  p->log->push_back({p->who, Now()});
  return nullptr;
}

TEST_F(DeterministicTest, SleepersWakeInOrderAtTheirExactDeadlines) {
  std::vector<std::pair<int, hc_timespec>> log;
  // Equal deadlines wake in the order they were armed.
  SleepPlan plans[5] = {{At(30 * kMs), 1, &log},
                        {At(10 * kMs + 1), 2, &log},
                        {At(30 * kMs), 3, &log},
                        {At(10 * kMs), 4, &log},
                        {At(20 * kMs + 999), 5, &log}};
  Fiber* f[5];
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(Create(&f[i], &SleepsUntilPlan, &plans[i]), kOk);
  for (Fiber* x : f) ASSERT_EQ(Join(x, nullptr), kOk);
  ASSERT_EQ(log.size(), 5u);
  const int expected_order[5] = {4, 2, 5, 1, 3};
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(log[i].first, expected_order[i]) << i;
    EXPECT_TRUE(Same(log[i].second, plans[expected_order[i] - 1].deadline))
        << "fiber " << log[i].first << " woke at " << log[i].second.tv_sec
        << "." << log[i].second.tv_nsec;
  }
  EXPECT_EQ(Elapsed(), 30 * static_cast<int64_t>(kMs));
}

TEST_F(DeterministicTest, CondVarTimedWaitTimesOutToTheNanosecond) {
  Mutex m;
  CondVar cv;
  ASSERT_EQ(m.Lock(), kOk);
  const hc_timespec d = At(2 * 1000 * kMs + 123456789);
  EXPECT_EQ(cv.Wait(&m, &d), kTimedOut);
  EXPECT_TRUE(Same(Now(), d));
  EXPECT_TRUE(m.HeldByCurrent());
  EXPECT_EQ(m.Unlock(), kOk);
}

struct Signaller {
  Mutex* m;
  CondVar* cv;
  hc_timespec when;
};

void* SignalsAt(void* arg) {
  Signaller* s = static_cast<Signaller*>(arg);
  EXPECT_EQ(SleepUntil(s->when), kOk);
  EXPECT_EQ(s->m->Lock(), kOk);
  s->cv->Signal();
  EXPECT_EQ(s->m->Unlock(), kOk);
  return nullptr;
}

TEST_F(DeterministicTest, CondVarSignalledBeforeTheDeadline) {
  Mutex m;
  CondVar cv;
  Signaller s = {&m, &cv, At(1000 * kMs + 5)};
  Fiber* f;
  ASSERT_EQ(Create(&f, &SignalsAt, &s), kOk);
  ASSERT_EQ(m.Lock(), kOk);
  const hc_timespec d = At(3000 * kMs);
  EXPECT_EQ(cv.Wait(&m, &d), kOk);
  EXPECT_TRUE(Same(Now(), s.when)) << "woken exactly when signalled";
  EXPECT_EQ(m.Unlock(), kOk);
  ASSERT_EQ(Join(f, nullptr), kOk);
  // The disarmed deadline must not wake anyone later.
  EXPECT_EQ(SleepUntil(At(4000 * kMs)), kOk);
  EXPECT_EQ(Elapsed(), 4000 * static_cast<int64_t>(kMs));
}

void* HoldsMutexUntil(void* arg) {
  Signaller* s = static_cast<Signaller*>(arg);
  EXPECT_EQ(s->m->Lock(), kOk);
  EXPECT_EQ(SleepUntil(s->when), kOk);
  EXPECT_EQ(s->m->Unlock(), kOk);
  return nullptr;
}

TEST_F(DeterministicTest, TimedLocksAndJoinEndExactly) {
  Mutex m;
  CondVar unused;
  Signaller s = {&m, &unused, At(500 * kMs)};
  Fiber* holder;
  ASSERT_EQ(Create(&holder, &HoldsMutexUntil, &s), kOk);
  Yield();
  // Mutex: times out at 100 ms, then acquires at exactly 500 ms.
  const hc_timespec d1 = At(100 * kMs);
  EXPECT_EQ(m.Lock(&d1), kTimedOut);
  EXPECT_TRUE(Same(Now(), d1));
  const hc_timespec d2 = At(900 * kMs);
  EXPECT_EQ(m.Lock(&d2), kOk);
  EXPECT_TRUE(Same(Now(), s.when));
  EXPECT_EQ(m.Unlock(), kOk);
  ASSERT_EQ(Join(holder, nullptr), kOk);

  // Join with a deadline.
  Signaller late = {&m, &unused, At(2000 * kMs)};
  ASSERT_EQ(Create(&holder, &HoldsMutexUntil, &late), kOk);
  const hc_timespec d3 = At(1200 * kMs + 1);
  EXPECT_EQ(Join(holder, nullptr, &d3), kTimedOut);
  EXPECT_TRUE(Same(Now(), d3));
  ASSERT_EQ(Join(holder, nullptr), kOk);
  EXPECT_TRUE(Same(Now(), late.when));
}

struct RwTimed {
  RwLock* rw;
  hc_timespec deadline;
  Status result;
  hc_timespec ended;
};

void* TimedWrite(void* arg) {
  RwTimed* t = static_cast<RwTimed*>(arg);
  t->result = t->rw->WriteLock(&t->deadline);
  t->ended = Now();
  if (t->result == kOk) t->rw->Unlock();
  return nullptr;
}

TEST_F(DeterministicTest, RwLockTimedWriteEndsExactly) {
  RwLock rw;
  ASSERT_EQ(rw.ReadLock(), kOk);
  RwTimed t = {&rw, At(250 * kMs + 3), kOk, {0, 0}};
  Fiber* f;
  ASSERT_EQ(Create(&f, &TimedWrite, &t), kOk);
  ASSERT_EQ(Join(f, nullptr), kOk);
  EXPECT_EQ(t.result, kTimedOut);
  EXPECT_TRUE(Same(t.ended, t.deadline));
  EXPECT_EQ(rw.Unlock(), kOk);
}

struct Reader {
  RwLock* rw;
  hc_timespec until;
};

void* ReadsUntil(void* arg) {
  Reader* r = static_cast<Reader*>(arg);
  EXPECT_EQ(r->rw->ReadLock(), kOk);
  EXPECT_EQ(SleepUntil(r->until), kOk);
  EXPECT_EQ(r->rw->Unlock(), kOk);
  return nullptr;
}

TEST_F(DeterministicTest, RwLockTimedUpgradeEndsExactly) {
  RwLock rw;
  ASSERT_EQ(rw.ReadLock(), kOk);
  Reader r = {&rw, At(700 * kMs)};
  Fiber* f;
  ASSERT_EQ(Create(&f, &ReadsUntil, &r), kOk);
  Yield();
  const hc_timespec d = At(300 * kMs + 11);
  EXPECT_EQ(rw.Upgrade(&d), kTimedOut);
  EXPECT_TRUE(Same(Now(), d));
  EXPECT_EQ(rw.Readers(), 2u) << "still a reader after a failed upgrade";
  EXPECT_EQ(rw.Upgrade(), kOk);
  EXPECT_TRUE(Same(Now(), r.until));
  EXPECT_TRUE(rw.WriteHeldByCurrent());
  EXPECT_EQ(rw.Unlock(), kOk);
  ASSERT_EQ(Join(f, nullptr), kOk);
}

// The upgrade's deadline and the other reader's release fall on the same
// instant: the upgrade has timed out (it keeps its read hold) and must not be
// woken a second time by the release.
TEST_F(DeterministicTest, UpgradeTimingOutAsTheOtherReaderLeaves) {
  RwLock rw;
  ASSERT_EQ(rw.ReadLock(), kOk);
  Reader r = {&rw, At(300 * kMs)};
  Fiber* f;
  ASSERT_EQ(Create(&f, &ReadsUntil, &r), kOk);
  Yield();  // r reads and sleeps until 300 ms (armed before our deadline)
  const hc_timespec d = At(300 * kMs);
  EXPECT_EQ(rw.Upgrade(&d), kTimedOut);
  EXPECT_TRUE(Same(Now(), d));
  ASSERT_EQ(Join(f, nullptr), kOk);
  EXPECT_EQ(rw.Readers(), 1u);
  EXPECT_EQ(rw.Writer(), nullptr);
  EXPECT_EQ(rw.TryUpgrade(), kOk);
  EXPECT_EQ(rw.Unlock(), kOk);
  for (int i = 0; i < 3; ++i) Yield();  // a doubly queued fiber would show
  EXPECT_EQ(FiberCount(), base_count_);
}

// Thousands of deadlines with many ties, half of them cancelled early by a
// wake-up: exercises the timer heap's ordering and its removal of inner
// nodes.
struct HeapCase {
  WaitQueue* q;
  hc_timespec deadline;
  int index;
  bool queued;
  Status result;
  hc_timespec woke;
  std::vector<int>* order;
};

void* WaitsWithDeadline(void* arg) {
  HeapCase* c = static_cast<HeapCase*>(arg);
  c->result = c->queued
                  ? c->q->Wait(&c->deadline)
                  : (SleepUntil(c->deadline) == kOk ? kTimedOut : kInvalid);
  c->woke = Now();
  c->order->push_back(c->index);
  return nullptr;
}

struct Canceller {
  WaitQueue* q;
  hc_timespec at;
};

void* WakesAllAt(void* arg) {
  Canceller* c = static_cast<Canceller*>(arg);
  EXPECT_EQ(SleepUntil(c->at), kOk);
  c->q->WakeAll();
  return nullptr;
}

TEST_F(DeterministicTest, ManyDeadlinesKeepTheirOrder) {
  constexpr int kN = 3000;
  WaitQueue q;
  std::vector<int> order;
  std::vector<HeapCase> cases(kN);
  std::vector<Fiber*> fibers(kN);
  uint32_t rng = 12345;
  for (int i = 0; i < kN; ++i) {
    rng = rng * 1664525u + 1013904223u;
    cases[i] = {&q,    At(((rng >> 8) % 200) * 5000),
                i,     (rng & 0x10000) != 0,
                kOk,   {0, 0},
                &order};
    ASSERT_EQ(Create(&fibers[i], &WaitsWithDeadline, &cases[i]), kOk);
  }
  Canceller cancel = {&q, At(500 * 1000 + 1)};
  Fiber* canceller;
  ASSERT_EQ(Create(&canceller, &WakesAllAt, &cancel), kOk);
  for (Fiber* f : fibers) ASSERT_EQ(Join(f, nullptr), kOk);
  ASSERT_EQ(Join(canceller, nullptr), kOk);

  ASSERT_EQ(order.size(), static_cast<size_t>(kN));
  auto before = [](const hc_timespec& a, const hc_timespec& b) {
    return a.tv_sec < b.tv_sec ||
           (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
  };
  for (int i = 0; i < kN; ++i) {
    const HeapCase& c = cases[i];
    if (c.queued && before(cancel.at, c.deadline)) {
      EXPECT_EQ(c.result, kOk) << i;
      EXPECT_TRUE(Same(c.woke, cancel.at)) << i;
    } else {
      EXPECT_EQ(c.result, kTimedOut) << i;
      EXPECT_TRUE(Same(c.woke, c.deadline)) << i;
    }
  }
  // Wake-up order: by time; fibers that timed out at the same deadline in
  // the order they armed it (= creation order), before those woken by
  // WakeAll at that time only if their deadline expired first.
  for (int k = 1; k < kN; ++k) {
    const HeapCase& a = cases[order[k - 1]];
    const HeapCase& b = cases[order[k]];
    ASSERT_FALSE(before(b.woke, a.woke)) << k;
    if (Same(a.woke, b.woke) && a.result == b.result) {
      EXPECT_LT(a.index, b.index) << k;
    }
  }
}

// A scenario with many fibers, locks, condition variables and sleeps, whose
// whole schedule is logged. Two runs must produce the same log.
struct World {
  Mutex m;
  CondVar cv;
  RwLock rw;
  int tokens = 0;
  std::string log;
};

struct Actor {
  World* w;
  int id;
};

void Note(World* w, int id, const char* what) {
  const hc_timespec now = Now();
  w->log += std::to_string(id) + what + "@" + std::to_string(now.tv_sec) + "." +
            std::to_string(now.tv_nsec) + " ";
}

void* Act(void* arg) {
  Actor* a = static_cast<Actor*>(arg);
  World* w = a->w;
  uint32_t rng = 2654435761u * static_cast<uint32_t>(a->id + 1);
  for (int step = 0; step < 20; ++step) {
    rng = rng * 1664525u + 1013904223u;
    switch ((rng >> 24) % 5) {
      case 0:
        SleepFor((rng >> 8) % 5000000);
        Note(w, a->id, "s");
        break;
      case 1:
        w->m.Lock();
        ++w->tokens;
        w->cv.Signal();
        Note(w, a->id, "p");
        w->m.Unlock();
        break;
      case 2: {
        w->m.Lock();
        const hc_timespec d = AddNanoseconds(Now(), (rng >> 8) % 3000000);
        while (w->tokens == 0 && w->cv.Wait(&w->m, &d) == kOk) {
        }
        if (w->tokens > 0) --w->tokens;
        Note(w, a->id, "c");
        w->m.Unlock();
        break;
      }
      case 3:
        w->rw.ReadLock();
        Yield();
        Note(w, a->id, "r");
        w->rw.Unlock();
        break;
      default:
        w->rw.WriteLock();
        Note(w, a->id, "w");
        SleepFor(100000);
        w->rw.Unlock();
        break;
    }
  }
  return nullptr;
}

std::string RunWorld() {
  EXPECT_EQ(hc_linux::hosted_init(), HC_OK);
  World w;
  Actor actors[12];
  Fiber* f[12];
  for (int i = 0; i < 12; ++i) {
    actors[i] = {&w, i};
    EXPECT_EQ(Create(&f[i], &Act, &actors[i]), kOk);
  }
  for (Fiber* x : f) EXPECT_EQ(Join(x, nullptr), kOk);
  Note(&w, 99, "end");
  return w.log;
}

TEST_F(DeterministicTest, RunsAreRepeatable) {
  const std::string first = RunWorld();
  const std::string second = RunWorld();
  EXPECT_GT(first.size(), 500u);
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace hcall::fibers
