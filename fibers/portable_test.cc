// Tests of fibers/fiber.h and fibers/sync.h that hold on every platform:
// the linux_* ones under GoogleTest and the none_* ones (bare metal, no
// libc) under hctest, from this one source. So: only the
// test/harness/hctest.h subset, no standard library, no death tests, and no
// timing beyond what a monotonic clock guarantees everywhere (a timed wait
// never returns before its deadline). Orders are checked, durations are
// not: fibers are ordered by Yield (FIFO) and flags, never by how long a
// sleep lasts. Where a deadline itself is the subject, the test checks that
// its set-up finished before the deadline (a loaded host, QEMU TCG on a
// busy machine, can stall a fiber for milliseconds at any point) and
// repeats an overtaken round with a longer deadline. Loop counts are sized
// for QEMU TCG.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "fibers/sync.h"
#include "hypercall/hypercall.h"
#include "test/harness/hctest.h"

namespace hcall::fibers {
namespace {

constexpr uint64_t kMs = 1000 * 1000;

class PortableFibers : public ::testing::Test {
 protected:
  void SetUp() override { base_count_ = FiberCount(); }
  void TearDown() override {
    EXPECT_EQ(FiberCount(), base_count_) << "a test leaked fibers";
  }
  size_t base_count_ = 0;
};

void* Intptr(intptr_t v) { return reinterpret_cast<void*>(v); }

// (a) >= (b).
bool NotBefore(const hc_timespec& a, const hc_timespec& b) {
  return a.tv_sec > b.tv_sec ||
         (a.tv_sec == b.tv_sec && a.tv_nsec >= b.tv_nsec);
}

// Events in the order they happened (no std::vector on bare metal).
struct Log {
  static constexpr int kCapacity = 64;
  int events[kCapacity];
  int size = 0;
  void Add(int e) {
    if (size < kCapacity) events[size] = e;
    ++size;
  }
};

// Expects (log) to hold exactly (want).
template <int N>
void ExpectLog(const Log& log, const int (&want)[N], const char* what) {
  EXPECT_EQ(log.size, N) << what;
  for (int i = 0; i < N && i < log.size; ++i) {
    EXPECT_EQ(log.events[i], want[i]) << what << ": event " << i;
  }
}

// Runs fn(arg) in a new fiber with the default attributes.
Fiber* Spawn(FiberFn fn, void* arg) {
  Fiber* f = nullptr;
  EXPECT_EQ(Create(&f, fn, arg), kOk);
  return f;
}

// ---------------------------------------------------------------------------
// Switching
// ---------------------------------------------------------------------------

constexpr long kRoundTrips = 100000;

struct PingPong {
  int turn = 0;  // the side that must run next: 0 ping, 1 pong
  long hops[2] = {0, 0};
  long out_of_turn = 0;  // a side ran when the other should have
};

struct Side {
  PingPong* game;
  int me;
};

void* PlaySide(void* arg) {
  Side* s = static_cast<Side*>(arg);
  PingPong* g = s->game;
  for (long i = 0; i < kRoundTrips; ++i) {
    if (g->turn != s->me) ++g->out_of_turn;
    g->turn = 1 - s->me;
    ++g->hops[s->me];
    Yield();
  }
  return Intptr(s->me + 10);
}

// Two fibers hand the CPU back and forth with Yield while main waits in
// Join: every hop must go to the other side.
TEST_F(PortableFibers, PingPongStrictlyAlternates) {
  PingPong game;
  Side ping = {&game, 0};
  Side pong = {&game, 1};
  Fiber* a = Spawn(&PlaySide, &ping);
  Fiber* b = Spawn(&PlaySide, &pong);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  void* va = nullptr;
  void* vb = nullptr;
  ASSERT_EQ(Join(a, &va), kOk);
  ASSERT_EQ(Join(b, &vb), kOk);
  EXPECT_EQ(game.out_of_turn, 0);
  EXPECT_EQ(game.hops[0], kRoundTrips);
  EXPECT_EQ(game.hops[1], kRoundTrips);
  EXPECT_EQ(va, Intptr(10));
  EXPECT_EQ(vb, Intptr(11));
}

// The same with the main fiber as one side (it is not a created fiber:
// its context is the one the test started on).
TEST_F(PortableFibers, PingPongWithTheMainFiber) {
  PingPong game;
  Side pong = {&game, 1};
  Fiber* b = Spawn(&PlaySide, &pong);
  ASSERT_NE(b, nullptr);
  for (long i = 0; i < kRoundTrips; ++i) {
    if (game.turn != 0) ++game.out_of_turn;
    game.turn = 1;
    ++game.hops[0];
    Yield();
  }
  ASSERT_EQ(Join(b, nullptr), kOk);
  EXPECT_EQ(game.out_of_turn, 0);
  EXPECT_EQ(game.hops[0], kRoundTrips);
  EXPECT_EQ(game.hops[1], kRoundTrips);
}

// Ping-pong through a mutex and two condition variables: each side waits
// for its turn, so every round trip blocks and wakes both sides.
struct Rally {
  Mutex m;
  CondVar cv[2];
  int turn = 0;
  long rounds = 0;
  long out_of_turn = 0;
};

struct Player {
  Rally* r;
  int me;
  long strokes;
};

void* PlayRally(void* arg) {
  Player* p = static_cast<Player*>(arg);
  Rally* r = p->r;
  EXPECT_EQ(r->m.Lock(), kOk);
  for (long i = 0; i < p->strokes; ++i) {
    while (r->turn != p->me) EXPECT_EQ(r->cv[p->me].Wait(&r->m), kOk);
    if (r->turn != p->me) ++r->out_of_turn;
    if (p->me == 0) ++r->rounds;
    r->turn = 1 - p->me;
    r->cv[1 - p->me].Signal();
  }
  EXPECT_EQ(r->m.Unlock(), kOk);
  return nullptr;
}

TEST_F(PortableFibers, PingPongOverCondVars) {
  constexpr long kStrokes = 10000;
  Rally r;
  Player p0 = {&r, 0, kStrokes};
  Player p1 = {&r, 1, kStrokes};
  // The second side starts first: it must wait for the first.
  Fiber* b = Spawn(&PlayRally, &p1);
  Fiber* a = Spawn(&PlayRally, &p0);
  ASSERT_EQ(Join(a, nullptr), kOk);
  ASSERT_EQ(Join(b, nullptr), kOk);
  EXPECT_EQ(r.rounds, kStrokes);
  EXPECT_EQ(r.turn, 0);
  EXPECT_EQ(r.out_of_turn, 0);
  EXPECT_FALSE(r.cv[0].HasWaiters());
  EXPECT_FALSE(r.cv[1].HasWaiters());
}

TEST_F(PortableFibers, YieldAloneReturnsAtOnce) {
  Yield();
  EXPECT_EQ(Id(Current()), 0u);
  EXPECT_STREQ(Name(Current()), "main");
}

struct Step {
  Log* log;
  int who;
};

void* RoundRobin(void* arg) {
  Step* s = static_cast<Step*>(arg);
  for (int i = 0; i < 3; ++i) {
    s->log->Add(s->who * 10 + i);
    Yield();
  }
  return nullptr;
}

TEST_F(PortableFibers, RunQueueIsFifo) {
  Log log;
  Step steps[3] = {{&log, 1}, {&log, 2}, {&log, 3}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i) f[i] = Spawn(&RoundRobin, &steps[i]);
  EXPECT_EQ(log.size, 0) << "Create must not switch";
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  const int want[] = {10, 20, 30, 11, 21, 31, 12, 22, 32};
  ExpectLog(log, want, "run order");
}

// ---------------------------------------------------------------------------
// Many fibers, exit values, join, detach
// ---------------------------------------------------------------------------

struct Crowd {
  int started = 0;
  int finished = 0;
};

void* CrowdMember(void* arg) {
  Crowd* c = static_cast<Crowd*>(arg);
  ++c->started;
  Yield();  // all of them are alive at once
  ++c->finished;
  return Intptr(static_cast<intptr_t>(Id(Current()) * 3 + 1));
}

TEST_F(PortableFibers, TwoHundredFibersAliveAtOnce) {
  constexpr int kN = 200;
  static Fiber* fibers[kN];
  static uint64_t ids[kN];
  Crowd c;
  FiberAttr attr;
  attr.stack_size = 16 * 1024;  // 200 stacks fit the 64 MiB machines
  for (int i = 0; i < kN; ++i) {
    ASSERT_EQ(Create(&fibers[i], &CrowdMember, &c, &attr), kOk) << i;
    ids[i] = Id(fibers[i]);
    if (i > 0) {
      EXPECT_EQ(ids[i], ids[i - 1] + 1) << "ids in creation order";
    }
  }
  EXPECT_EQ(FiberCount(), base_count_ + kN);
  EXPECT_EQ(c.started, 0);
  Yield();  // each runs up to its Yield
  EXPECT_EQ(c.started, kN);
  EXPECT_EQ(c.finished, 0);
  for (int i = 0; i < kN; ++i) {
    void* v = nullptr;
    ASSERT_EQ(Join(fibers[i], &v), kOk) << i;
    EXPECT_EQ(v, Intptr(static_cast<intptr_t>(ids[i] * 3 + 1))) << i;
  }
  EXPECT_EQ(c.finished, kN);
}

void* ReturnsArg(void* arg) { return arg; }

[[noreturn]] void ExitDeep(int depth) {
  if (depth == 0) Exit(Intptr(77));
  ExitDeep(depth - 1);
}
void* ExitsFromNestedCall(void*) { ExitDeep(5); }

TEST_F(PortableFibers, JoinReturnsTheExitValue) {
  Fiber* a = Spawn(&ReturnsArg, Intptr(42));
  Fiber* b = Spawn(&ExitsFromNestedCall, nullptr);
  void* va = nullptr;
  void* vb = nullptr;
  EXPECT_EQ(Join(a, &va), kOk);
  EXPECT_EQ(Join(b, &vb), kOk);
  EXPECT_EQ(va, Intptr(42));
  EXPECT_EQ(vb, Intptr(77));

  // An exited fiber stays until it is joined.
  Fiber* f = Spawn(&ReturnsArg, Intptr(5));
  Yield();
  EXPECT_EQ(FiberCount(), base_count_ + 1);
  void* v = nullptr;
  EXPECT_EQ(Join(f, &v), kOk);
  EXPECT_EQ(v, Intptr(5));
  EXPECT_EQ(FiberCount(), base_count_);
}

struct Mutual {
  Fiber* a = nullptr;
  Fiber* b = nullptr;
  int b_result = 1;
};

void* JoinsB(void* arg) {
  Mutual* m = static_cast<Mutual*>(arg);
  return Intptr(Join(m->b, nullptr));
}

void* JoinsABack(void* arg) {
  Mutual* m = static_cast<Mutual*>(arg);
  Yield();  // a is now blocked joining us
  m->b_result = Join(m->a, nullptr);
  return nullptr;
}

void* YieldsTwice(void*) {
  Yield();
  Yield();
  return nullptr;
}

void* JoinsArg(void* arg) {
  return Intptr(Join(static_cast<Fiber*>(arg), nullptr));
}

TEST_F(PortableFibers, JoinErrors) {
  EXPECT_EQ(Join(nullptr, nullptr), kInvalid);
  EXPECT_EQ(Join(Current(), nullptr), kDeadlock);
  const hc_timespec bad = {0, 1000000000};
  EXPECT_EQ(Join(Current(), nullptr, &bad), kDeadlock);

  // A fiber joining itself.
  struct SelfJoin {
    static void* Run(void*) { return Intptr(Join(Current(), nullptr)); }
  };
  void* self_result = nullptr;
  EXPECT_EQ(Join(Spawn(&SelfJoin::Run, nullptr), &self_result), kOk);
  EXPECT_EQ(self_result, Intptr(kDeadlock));

  // Detached: cannot be joined.
  Fiber* d;
  FiberAttr detached;
  detached.detached = true;
  ASSERT_EQ(Create(&d, &YieldsTwice, nullptr, &detached), kOk);
  EXPECT_EQ(Join(d, nullptr), kInvalid);
  EXPECT_EQ(Detach(d), kInvalid);

  // a joins b while b joins a: the second join is refused.
  Mutual m;
  m.a = Spawn(&JoinsB, &m);
  m.b = Spawn(&JoinsABack, &m);
  Yield();
  Yield();
  EXPECT_EQ(m.b_result, kDeadlock);
  void* a_result = nullptr;
  EXPECT_EQ(Join(m.a, &a_result), kOk);
  EXPECT_EQ(a_result, Intptr(kOk));

  // Only one joiner.
  Fiber* target = Spawn(&YieldsTwice, nullptr);
  Fiber* first = Spawn(&JoinsArg, target);
  Yield();  // target yields, first blocks joining it
  EXPECT_EQ(Join(target, nullptr), kInvalid);
  EXPECT_EQ(Detach(target), kInvalid);
  void* v = nullptr;
  EXPECT_EQ(Join(first, &v), kOk);
  EXPECT_EQ(v, Intptr(kOk));

  for (int i = 0; i < 4; ++i) Yield();  // d finishes and frees itself
}

TEST_F(PortableFibers, JoinTimesOutAtItsDeadline) {
  struct WaitsForever {
    static void* Run(void* arg) {
      EXPECT_EQ(static_cast<WaitQueue*>(arg)->Wait(), kOk);
      return Intptr(9);
    }
  };
  WaitQueue q;
  Fiber* f = Spawn(&WaitsForever::Run, &q);
  Yield();  // f waits on q: the join below cannot end but by its deadline
  ASSERT_EQ(q.front(), f);
  const hc_timespec deadline = AddNanoseconds(Now(), 2 * kMs);
  EXPECT_EQ(Join(f, nullptr, &deadline), kTimedOut);
  EXPECT_TRUE(NotBefore(Now(), deadline)) << "gave up before the deadline";
  EXPECT_EQ(q.WakeOne(), f);
  void* v = nullptr;
  EXPECT_EQ(Join(f, &v), kOk);  // the timed-out joiner may join again
  EXPECT_EQ(v, Intptr(9));
}

TEST_F(PortableFibers, DetachedFibersFreeThemselves) {
  FiberAttr attr;
  attr.detached = true;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(Create(nullptr, &YieldsTwice, nullptr, &attr), kOk);
  }
  EXPECT_EQ(FiberCount(), base_count_ + 20);
  for (int i = 0; i < 5; ++i) Yield();
  EXPECT_EQ(FiberCount(), base_count_);

  // Detaching an exited fiber frees it at once.
  Fiber* f = Spawn(&ReturnsArg, nullptr);
  Yield();
  EXPECT_EQ(FiberCount(), base_count_ + 1);
  EXPECT_EQ(Detach(f), kOk);
  EXPECT_EQ(FiberCount(), base_count_);
}

TEST_F(PortableFibers, CreateErrors) {
  EXPECT_EQ(Create(nullptr, nullptr, nullptr), kInvalid);
  FiberAttr small;
  small.stack_size = kMinStackSize - 1;
  Fiber* f = nullptr;
  EXPECT_EQ(Create(&f, &ReturnsArg, nullptr, &small), kInvalid);
  EXPECT_EQ(f, nullptr);
  EXPECT_EQ(FiberCount(), base_count_);
}

// ---------------------------------------------------------------------------
// Per-fiber data and stacks
// ---------------------------------------------------------------------------

void* CheckOwnData(void* arg) {
  Fiber* self = Current();
  EXPECT_EQ(UserPointer(self), arg);
  EXPECT_EQ(CurrentUserPointer(), arg);
  int* e = ErrnoLocation();
  EXPECT_EQ(*e, 0);
  *e = static_cast<int>(Id(self));
  Yield();
  EXPECT_EQ(*ErrnoLocation(), static_cast<int>(Id(self)));
  EXPECT_EQ(UserPointer(Current()), arg);
  EXPECT_EQ(CurrentUserPointer(), arg);
  SetUserPointer(self, Intptr(7));
  EXPECT_EQ(CurrentUserPointer(), Intptr(7));
  return nullptr;
}

TEST_F(PortableFibers, UserPointerErrnoNameIdArePerFiber) {
  FiberAttr named;
  named.name = "worker-a";
  Fiber* a;
  ASSERT_EQ(Create(&a, &CheckOwnData, Intptr(1), &named), kOk);
  Fiber* b = Spawn(&CheckOwnData, Intptr(2));
  SetUserPointer(a, Intptr(1));
  SetUserPointer(b, Intptr(2));
  EXPECT_STREQ(Name(a), "worker-a");
  EXPECT_EQ(Name(b), nullptr);
  SetName(b, "worker-b");
  EXPECT_STREQ(Name(b), "worker-b");
  EXPECT_GT(Id(b), Id(a));
  *ErrnoLocation() = -5;
  void* const mine = UserPointer(Current());
  SetUserPointer(Current(), Intptr(3));
  EXPECT_EQ(Join(a, nullptr), kOk);
  EXPECT_EQ(Join(b, nullptr), kOk);
  EXPECT_EQ(*ErrnoLocation(), -5);
  EXPECT_EQ(CurrentUserPointer(), Intptr(3)) << "the others' did not leak";
  SetUserPointer(Current(), mine);
  *ErrnoLocation() = 0;
}

struct StackProbe {
  uintptr_t local;  // the address of a local of the fiber
};

void* ProbesItsStack(void* arg) {
  volatile char here = 0;
  static_cast<StackProbe*>(arg)->local =
      reinterpret_cast<uintptr_t>(const_cast<char*>(&here));
  Yield();
  return nullptr;
}

TEST_F(PortableFibers, StackInfo) {
  FiberAttr attr;
  attr.stack_size = 100 * 1024;
  StackProbe probe = {0};
  Fiber* f;
  ASSERT_EQ(Create(&f, &ProbesItsStack, &probe, &attr), kOk);
  StackInfo info;
  ASSERT_EQ(GetStackInfo(f, &info), kOk);
  const uintptr_t low = reinterpret_cast<uintptr_t>(info.low);
  const uintptr_t high = reinterpret_cast<uintptr_t>(info.high);
  ASSERT_LT(low, high);
  EXPECT_GE(high - low, 100u * 1024);
  // Every backend protects pages (bare metal has page tables): one guard
  // page below every stack.
  EXPECT_EQ(info.guard_size, hc_page_size());
  EXPECT_LE(info.control_block_size, 256u);
  EXPECT_EQ((high + info.control_block_size) % hc_page_size(), 0u)
      << "the control block ends the stack mapping";
  Yield();  // the fiber records where its locals live
  EXPECT_GE(probe.local, low);
  EXPECT_LT(probe.local, high);
  EXPECT_EQ(GetStackInfo(Current(), &info), kInvalid);
  EXPECT_EQ(GetStackInfo(f, nullptr), kInvalid);
  EXPECT_EQ(Join(f, nullptr), kOk);
}

// Fills (depth) frames of 1 KiB each; returns a sum that depends on all.
__attribute__((noinline)) unsigned UsesStack(int depth) {
  volatile unsigned char frame[1024];
  for (int i = 0; i < 1024; ++i) frame[i] = static_cast<unsigned char>(depth);
  const unsigned below = depth > 0 ? UsesStack(depth - 1) : 0;
  unsigned sum = below;
  for (int i = 0; i < 1024; i += 64) sum += frame[i];
  return sum;
}

void* DeepCall(void* arg) {
  const int depth = static_cast<int>(reinterpret_cast<intptr_t>(arg));
  Yield();  // interleaved with its neighbours: their stacks must not mix
  return Intptr(static_cast<intptr_t>(UsesStack(depth)));
}

TEST_F(PortableFibers, SmallStacksHoldTheirFrames) {
  // 40 KiB of frames in 64 KiB stacks, for several fibers at once.
  Fiber* f[4];
  for (int i = 0; i < 4; ++i) f[i] = Spawn(&DeepCall, Intptr(40));
  for (int i = 0; i < 4; ++i) {
    void* v = nullptr;
    ASSERT_EQ(Join(f[i], &v), kOk);
    // sum over depth d = 0..40 of 16 * d
    EXPECT_EQ(v, Intptr(16 * (40 * 41 / 2)));
  }
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

// What the destructors saw, in order.
const char* g_destroyed[16];
int g_destroyed_count;

void RecordDestroy(void* value) {
  if (g_destroyed_count < 16) {
    g_destroyed[g_destroyed_count] = static_cast<const char*>(value);
  }
  ++g_destroyed_count;
}

struct KeyArgs {
  Key a, b, c;
};

void* SetsKeys(void* arg) {
  KeyArgs* k = static_cast<KeyArgs*>(arg);
  EXPECT_EQ(GetSpecific(k->a), nullptr);
  EXPECT_EQ(SetSpecific(k->a, "a-value"), kOk);
  EXPECT_EQ(SetSpecific(k->b, "b-value"), kOk);
  EXPECT_EQ(SetSpecific(k->c, "c-value"), kOk);  // c has no destructor
  Yield();
  EXPECT_STREQ(static_cast<const char*>(GetSpecific(k->a)), "a-value");
  return nullptr;
}

TEST_F(PortableFibers, KeyDestructorsRunAtExit) {
  g_destroyed_count = 0;
  KeyArgs k;
  ASSERT_EQ(KeyCreate(&k.a, &RecordDestroy), kOk);
  ASSERT_EQ(KeyCreate(&k.b, &RecordDestroy), kOk);
  ASSERT_EQ(KeyCreate(&k.c, nullptr), kOk);
  EXPECT_LT(k.a, k.b);
  Fiber* f1 = Spawn(&SetsKeys, &k);
  Fiber* f2 = Spawn(&SetsKeys, &k);
  ASSERT_EQ(SetSpecific(k.a, "main"), kOk);  // main's own values are separate
  EXPECT_EQ(Join(f1, nullptr), kOk);
  EXPECT_EQ(Join(f2, nullptr), kOk);
  ASSERT_EQ(g_destroyed_count, 4);
  EXPECT_STREQ(g_destroyed[0], "a-value");
  EXPECT_STREQ(g_destroyed[1], "b-value");
  EXPECT_STREQ(g_destroyed[2], "a-value");
  EXPECT_STREQ(g_destroyed[3], "b-value");
  EXPECT_STREQ(static_cast<const char*>(GetSpecific(k.a)), "main");
  EXPECT_EQ(SetSpecific(k.a, nullptr), kOk);
  EXPECT_EQ(KeyDelete(k.a), kOk);
  EXPECT_EQ(GetSpecific(k.a), nullptr);
  EXPECT_EQ(KeyDelete(k.a), kInvalid);
  EXPECT_EQ(SetSpecific(k.a, "x"), kInvalid);
  EXPECT_EQ(KeyDelete(k.b), kOk);
  EXPECT_EQ(KeyDelete(k.c), kOk);
}

// A destructor that sets its key again is called again, at most
// kDestructorRounds times.
Key g_sticky_key;
int g_sticky_calls;
void StickyDestroy(void*) {
  ++g_sticky_calls;
  SetSpecific(g_sticky_key, "again");
}
void* SetsSticky(void*) {
  SetSpecific(g_sticky_key, "first");
  return nullptr;
}

TEST_F(PortableFibers, KeyDestructorRoundsAreBounded) {
  ASSERT_EQ(KeyCreate(&g_sticky_key, &StickyDestroy), kOk);
  g_sticky_calls = 0;
  EXPECT_EQ(Join(Spawn(&SetsSticky, nullptr), nullptr), kOk);
  EXPECT_EQ(g_sticky_calls, kDestructorRounds);
  EXPECT_EQ(KeyDelete(g_sticky_key), kOk);
}

void* SetsThenWaits(void* arg) {
  SetSpecific(*static_cast<Key*>(arg), "doomed");
  Yield();
  return nullptr;
}

TEST_F(PortableFibers, KeyDeleteSkipsDestructorsAndKeysAreLimited) {
  g_destroyed_count = 0;
  Key k;
  ASSERT_EQ(KeyCreate(&k, &RecordDestroy), kOk);
  Fiber* f = Spawn(&SetsThenWaits, &k);
  Yield();
  EXPECT_EQ(KeyDelete(k), kOk);
  EXPECT_EQ(Join(f, nullptr), kOk);
  EXPECT_EQ(g_destroyed_count, 0);

  // All kMaxKeys keys can exist; one more is refused.
  static Key keys[kMaxKeys + 1];
  uint32_t n = 0;
  Key key;
  while (n <= kMaxKeys && KeyCreate(&key, nullptr) == kOk) keys[n++] = key;
  EXPECT_EQ(n, kMaxKeys);
  EXPECT_EQ(KeyCreate(&key, nullptr), kAgain);
  for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(KeyDelete(keys[i]), kOk) << i;
  EXPECT_EQ(GetSpecific(kMaxKeys + 5), nullptr);
}

// ---------------------------------------------------------------------------
// Sleeping: order and lower bounds only
// ---------------------------------------------------------------------------

struct Sleeper {
  hc_timespec deadline;
  Log* log;
  int who;
  bool early;  // woke before its deadline
};

void* SleepsThenRecords(void* arg) {
  Sleeper* s = static_cast<Sleeper*>(arg);
  EXPECT_EQ(SleepUntil(s->deadline), kOk);
  s->early = !NotBefore(Now(), s->deadline);
  s->log->Add(s->who);
  return nullptr;
}

TEST_F(PortableFibers, SleepersWakeInDeadlineOrder) {
  // Deadlines from one base; equal deadlines wake in arrival order. The
  // order is promised for sleepers that are blocked when the first deadline
  // passes: one whose deadline has passed when it calls SleepUntil returns
  // at once (out of turn, by contract). So once every sleeper has reached
  // SleepUntil (main yields behind them), main checks that the earliest
  // deadline is still ahead; then all five are blocked and the order is the
  // scheduler's alone. A round that a stalled host overtook proves nothing
  // and is repeated with the deadlines twice as far apart. (The exact wake
  // times are checked on the virtual clock: deterministic_test.cc.)
  int rounds = 0;
  bool checked = false;
  for (uint64_t step = 20 * kMs; !checked && rounds < 5; step *= 2) {
    ++rounds;
    Log log;
    const hc_timespec base = Now();
    Sleeper s[5] = {
        {AddNanoseconds(base, 4 * step), &log, 4, false},
        {AddNanoseconds(base, 1 * step), &log, 1, false},
        {AddNanoseconds(base, 3 * step), &log, 3, false},
        {AddNanoseconds(base, 2 * step), &log, 2, false},
        {AddNanoseconds(base, 3 * step), &log, 5, false},
    };
    Fiber* f[5];
    for (int i = 0; i < 5; ++i) f[i] = Spawn(&SleepsThenRecords, &s[i]);
    Yield();  // each runs up to its SleepUntil
    checked = !NotBefore(Now(), s[1].deadline);
    if (checked) {
      EXPECT_EQ(log.size, 0) << "a sleeper woke before its time";
    }
    for (int i = 0; i < 5; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
    for (int i = 0; i < 5; ++i) EXPECT_FALSE(s[i].early) << "sleeper " << i;
    EXPECT_TRUE(NotBefore(Now(), s[0].deadline));
    if (checked) {
      const int want[] = {1, 2, 3, 5, 4};
      ExpectLog(log, want, "wake order");
    }
  }
  EXPECT_TRUE(checked) << "in none of " << rounds
                       << " rounds were all sleepers blocked before the first "
                          "deadline: SleepUntil does not block, or the host "
                          "stalled every set-up";
}

TEST_F(PortableFibers, SleepEdgeCases) {
  const hc_timespec bad = {0, 1000000000};
  EXPECT_EQ(SleepUntil(bad), kInvalid);
  const hc_timespec negative = {-1, 0};
  EXPECT_EQ(SleepUntil(negative), kInvalid);
  EXPECT_EQ(SleepUntil(hc_timespec{0, 0}), kOk);  // passed: returns at once
  const hc_timespec before = Now();
  EXPECT_EQ(SleepFor(1 * kMs), kOk);
  EXPECT_TRUE(NotBefore(Now(), AddNanoseconds(before, 1 * kMs)));
}

// A sleeper does not hold up the others: they run while it sleeps.
struct Spinner {
  long spins = 0;
  bool main_awake = false;
};

// Yields, counting its turns, until main has woken.
void* SpinsUntilMainWakes(void* arg) {
  Spinner* s = static_cast<Spinner*>(arg);
  while (!s->main_awake) {
    ++s->spins;
    Yield();
  }
  return nullptr;
}

TEST_F(PortableFibers, SleepingLetsOthersRun) {
  // A sleep lets the others run only if it blocks; one whose deadline has
  // passed by the time it is called (a stalled host can take that long)
  // returns at once, by contract. So a round in which the spinner never ran
  // is repeated with a longer sleep; a sleep that never lets others run
  // fails every round.
  long spins = 0;
  int rounds = 0;
  for (uint64_t span = 1 * kMs; spins == 0 && rounds < 5; span *= 4) {
    ++rounds;
    Spinner s;
    Fiber* f = Spawn(&SpinsUntilMainWakes, &s);
    const hc_timespec deadline = AddNanoseconds(Now(), span);
    EXPECT_EQ(SleepUntil(deadline), kOk);
    EXPECT_TRUE(NotBefore(Now(), deadline));
    spins = s.spins;
    s.main_awake = true;
    EXPECT_EQ(Join(f, nullptr), kOk);
  }
  EXPECT_GT(spins, 0) << "the other fiber never ran while main slept, in "
                      << rounds << " rounds";
}

TEST_F(PortableFibers, AddNanosecondsCarriesAndSaturates) {
  const hc_timespec t = AddNanoseconds({1, 999999999}, 2000000001);
  EXPECT_EQ(t.tv_sec, 4);
  EXPECT_EQ(t.tv_nsec, 0);
  const hc_timespec u = AddNanoseconds({0, 999999999}, 1);
  EXPECT_EQ(u.tv_sec, 1);
  EXPECT_EQ(u.tv_nsec, 0);
  const hc_timespec m = AddNanoseconds({INT64_MAX - 1, 0}, UINT64_MAX);
  EXPECT_EQ(m.tv_sec, INT64_MAX);
  EXPECT_EQ(m.tv_nsec, 999999999);
}

TEST_F(PortableFibers, StatusNames) {
  EXPECT_STREQ(StatusName(kOk), "kOk");
  EXPECT_STREQ(StatusName(kTimedOut), "kTimedOut");
  EXPECT_STREQ(StatusName(kNotOwner), "kNotOwner");
  EXPECT_STREQ(StatusName(-1000), "unknown");
}

// ---------------------------------------------------------------------------
// Mutex
// ---------------------------------------------------------------------------

Mutex g_zero_mutex;  // constant-initialised global

TEST_F(PortableFibers, MutexBasicsAndErrors) {
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
  EXPECT_FALSE(m.HeldByCurrent());
  EXPECT_EQ(m.Unlock(), kNotOwner);
  EXPECT_EQ(m.TryLock(), kOk);
  EXPECT_EQ(m.Unlock(), kOk);

  EXPECT_EQ(g_zero_mutex.kind(), Mutex::kNonRecursive);
  EXPECT_EQ(g_zero_mutex.Lock(), kOk);
  EXPECT_EQ(g_zero_mutex.Unlock(), kOk);
}

TEST_F(PortableFibers, RecursiveMutex) {
  Mutex m(Mutex::kRecursive);
  EXPECT_EQ(m.kind(), Mutex::kRecursive);
  EXPECT_EQ(m.Lock(), kOk);
  EXPECT_EQ(m.Lock(), kOk);
  EXPECT_EQ(m.TryLock(), kOk);
  EXPECT_EQ(m.Depth(), 3u);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Owner(), Current());
  EXPECT_EQ(m.Depth(), 1u);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Owner(), nullptr);
  EXPECT_EQ(m.Depth(), 0u);
  EXPECT_EQ(m.Unlock(), kNotOwner);
}

struct Contender {
  Mutex* m;
  Log* log;
  int who;
  int rounds;
};

void* LockYieldUnlock(void* arg) {
  Contender* c = static_cast<Contender*>(arg);
  for (int i = 0; i < c->rounds; ++i) {
    EXPECT_EQ(c->m->Lock(), kOk);
    c->log->Add(c->who);
    Yield();
    Yield();
    EXPECT_EQ(c->m->Unlock(), kOk);
  }
  return nullptr;
}

TEST_F(PortableFibers, MutexHandsOffInFifoOrder) {
  Mutex m;
  Log log;
  Contender c[3] = {{&m, &log, 1, 4}, {&m, &log, 2, 4}, {&m, &log, 3, 4}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i) f[i] = Spawn(&LockYieldUnlock, &c[i]);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  // Each release hands the mutex to the longest waiter: strict rotation.
  const int want[] = {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3};
  ExpectLog(log, want, "lock order");
  EXPECT_EQ(m.Owner(), nullptr);
  EXPECT_FALSE(m.HasWaiters());
}

// Holds (m) until main sets (release): no timing involved.
struct Holder {
  Mutex m;
  bool release = false;
};

void* HoldsUntilReleased(void* arg) {
  Holder* h = static_cast<Holder*>(arg);
  EXPECT_EQ(h->m.Lock(), kOk);
  while (!h->release) Yield();
  EXPECT_EQ(h->m.Unlock(), kOk);
  return nullptr;
}

void* UnlocksMutex(void* arg) {
  return Intptr(static_cast<Mutex*>(arg)->Unlock());
}

TEST_F(PortableFibers, MutexWaitersAndTimeouts) {
  Holder h;
  Fiber* holder = Spawn(&HoldsUntilReleased, &h);
  Yield();  // holder takes m
  EXPECT_EQ(h.m.Owner(), holder);
  EXPECT_FALSE(h.m.HeldByCurrent());
  EXPECT_EQ(h.m.TryLock(), kBusy);
  void* r = nullptr;
  EXPECT_EQ(Join(Spawn(&UnlocksMutex, &h.m), &r), kOk);
  EXPECT_EQ(r, Intptr(kNotOwner));
  // A bad deadline is rejected only when the call would wait.
  const hc_timespec bad = {0, -1};
  EXPECT_EQ(h.m.Lock(&bad), kInvalid);
  // Gives up at the deadline, not before.
  const hc_timespec soon = AddNanoseconds(Now(), 2 * kMs);
  EXPECT_EQ(h.m.Lock(&soon), kTimedOut);
  EXPECT_TRUE(NotBefore(Now(), soon));
  EXPECT_EQ(h.m.Owner(), holder);
  EXPECT_FALSE(h.m.HasWaiters());
  // Waits without deadline: handed over when the holder unlocks.
  h.release = true;
  EXPECT_EQ(h.m.Lock(), kOk);
  EXPECT_EQ(h.m.Owner(), Current());
  EXPECT_EQ(h.m.Unlock(), kOk);
  EXPECT_EQ(h.m.Lock(&bad), kOk);  // no wait, no check
  EXPECT_EQ(h.m.Unlock(), kOk);
  EXPECT_EQ(Join(holder, nullptr), kOk);
}

// ---------------------------------------------------------------------------
// RwLock
// ---------------------------------------------------------------------------

struct RwUser {
  RwLock* rw;
  Log* log;
  int who;    // positive: reader, negative: writer
  int holds;  // yields while holding
};

void* UseRw(void* arg) {
  RwUser* u = static_cast<RwUser*>(arg);
  EXPECT_EQ(u->who > 0 ? u->rw->ReadLock() : u->rw->WriteLock(), kOk);
  u->log->Add(u->who);
  for (int i = 0; i < u->holds; ++i) Yield();
  u->log->Add(u->who * 100);
  EXPECT_EQ(u->rw->Unlock(), kOk);
  return nullptr;
}

TEST_F(PortableFibers, RwLockReadersShareWritersExclude) {
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

  // Many readers at once, from many fibers.
  Log log;
  RwUser readers[6];
  Fiber* f[6];
  for (int i = 0; i < 6; ++i) {
    readers[i] = {&rw, &log, i + 1, 2};
    f[i] = Spawn(&UseRw, &readers[i]);
  }
  Yield();
  EXPECT_EQ(rw.Readers(), 6u);
  for (int i = 0; i < 6; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  const int want[] = {1, 2, 3, 4, 5, 6, 100, 200, 300, 400, 500, 600};
  ExpectLog(log, want, "readers overlap");
  EXPECT_EQ(rw.Readers(), 0u);
}

void* UnlocksRw(void* arg) {
  return Intptr(static_cast<RwLock*>(arg)->Unlock());
}

TEST_F(PortableFibers, RwLockUnlockByNonWriterIsRefused) {
  RwLock rw;
  EXPECT_EQ(rw.WriteLock(), kOk);
  void* r = nullptr;
  EXPECT_EQ(Join(Spawn(&UnlocksRw, &rw), &r), kOk);
  EXPECT_EQ(r, Intptr(kNotOwner));
  EXPECT_EQ(rw.Writer(), Current());
  EXPECT_EQ(rw.Unlock(), kOk);
}

TEST_F(PortableFibers, RwLockIsFifoFair) {
  // Main reads; then W1 queues; a later reader R2 must queue behind W1
  // (no writer starvation); R3 with it, W4 after them, R5 last.
  RwLock rw;
  Log log;
  ASSERT_EQ(rw.ReadLock(), kOk);
  RwUser w1 = {&rw, &log, -1, 1};
  RwUser r2 = {&rw, &log, 2, 2};
  RwUser r3 = {&rw, &log, 3, 2};
  RwUser w4 = {&rw, &log, -4, 1};
  RwUser r5 = {&rw, &log, 5, 1};
  Fiber* f[5] = {Spawn(&UseRw, &w1), Spawn(&UseRw, &r2), Spawn(&UseRw, &r3),
                 Spawn(&UseRw, &w4), Spawn(&UseRw, &r5)};
  Yield();  // all of them queue behind main's read hold
  EXPECT_EQ(log.size, 0);
  EXPECT_EQ(rw.TryReadLock(), kBusy) << "a writer waits: readers queue";
  EXPECT_TRUE(rw.HasWaiters());
  EXPECT_EQ(rw.Unlock(), kOk);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  // W1 alone; then R2 and R3 together; then W4 alone; then R5.
  const int want[] = {-1, -100, 2, 3, 200, 300, -4, -400, 5, 500};
  ExpectLog(log, want, "rwlock order");
}

struct Upgrader {
  RwLock* rw;
  int result;
  Log* log;
};

void* ReadsThenUpgrades(void* arg) {
  Upgrader* u = static_cast<Upgrader*>(arg);
  EXPECT_EQ(u->rw->ReadLock(), kOk);
  Yield();
  u->result = u->rw->Upgrade();
  if (u->result == kOk) {
    u->log->Add(1);
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
  u->log->Add(2);
  Yield();
  EXPECT_EQ(u->rw->Unlock(), kOk);
  return nullptr;
}

TEST_F(PortableFibers, RwLockUpgradeAndDowngrade) {
  RwLock rw;
  // Sole reader: TryUpgrade succeeds.
  EXPECT_EQ(rw.TryUpgrade(), kNotOwner);
  EXPECT_EQ(rw.Upgrade(), kNotOwner);
  ASSERT_EQ(rw.ReadLock(), kOk);
  EXPECT_EQ(rw.TryUpgrade(), kOk);
  EXPECT_TRUE(rw.WriteHeldByCurrent());
  EXPECT_EQ(rw.Readers(), 0u);
  EXPECT_EQ(rw.Upgrade(), kDeadlock);
  EXPECT_EQ(rw.Downgrade(), kOk);
  EXPECT_EQ(rw.Readers(), 1u);
  EXPECT_EQ(rw.Writer(), nullptr);
  EXPECT_EQ(rw.Downgrade(), kNotOwner);

  // Two readers: the upgrade waits for main's read hold to go, ahead of a
  // reader that queued meanwhile; a second upgrade is refused.
  Log log;
  Upgrader u = {&rw, 1, &log};
  Fiber* up = Spawn(&ReadsThenUpgrades, &u);
  Yield();  // up holds a read lock
  EXPECT_EQ(rw.Readers(), 2u);
  EXPECT_EQ(rw.TryUpgrade(), kBusy);
  Yield();  // up waits in Upgrade
  EXPECT_EQ(rw.Upgrade(), kDeadlock) << "both would wait for the other";
  EXPECT_EQ(rw.TryReadLock(), kBusy);
  Upgrader reader = {&rw, 0, &log};
  Fiber* rd = Spawn(&ReadsAndRecords, &reader);
  Yield();  // rd queues
  EXPECT_EQ(log.size, 0);
  EXPECT_EQ(rw.Unlock(), kOk);  // main's read hold: up becomes the writer
  ASSERT_EQ(Join(up, nullptr), kOk);
  ASSERT_EQ(Join(rd, nullptr), kOk);
  EXPECT_EQ(u.result, kOk);
  const int want[] = {1, 2};
  ExpectLog(log, want, "upgrade first");
  EXPECT_EQ(rw.Readers(), 0u);
  EXPECT_EQ(rw.Writer(), nullptr);
}

struct TimedWriter {
  RwLock* rw;
  hc_timespec deadline;
  bool early;
};

void* WritesWithDeadline(void* arg) {
  TimedWriter* w = static_cast<TimedWriter*>(arg);
  const Status s = w->rw->WriteLock(&w->deadline);
  w->early = !NotBefore(Now(), w->deadline);
  return Intptr(s);
}

TEST_F(PortableFibers, RwLockTimedOutWriterLetsReadersThrough) {
  // A writer times out while a reader queued behind it; the reader must then
  // be admitted although main still reads. That needs the writer queued
  // before its deadline, which main checks once both have queued; a round
  // that a stalled host overtook (the writer gave up at once, the reader
  // walked in) proves nothing and is repeated with a longer deadline.
  int rounds = 0;
  bool checked = false;
  for (uint64_t span = 2 * kMs; !checked && rounds < 5; span *= 4) {
    ++rounds;
    RwLock rw;
    Log log;
    ASSERT_EQ(rw.ReadLock(), kOk);
    TimedWriter tw = {&rw, AddNanoseconds(Now(), span), false};
    Fiber* w = Spawn(&WritesWithDeadline, &tw);
    RwUser r = {&rw, &log, 7, 0};
    Fiber* rf = Spawn(&UseRw, &r);
    Yield();  // w queues to write, then rf to read behind it
    checked = !NotBefore(Now(), tw.deadline);
    if (checked) {
      EXPECT_EQ(log.size, 0) << "the reader overtook the waiting writer";
      EXPECT_TRUE(rw.HasWaiters());
    }
    void* wr = nullptr;
    EXPECT_EQ(Join(w, &wr), kOk);
    EXPECT_EQ(wr, Intptr(kTimedOut));
    EXPECT_FALSE(tw.early);
    EXPECT_EQ(Join(rf, nullptr), kOk);
    const int want[] = {7, 700};
    ExpectLog(log, want, "reader admitted");
    EXPECT_EQ(rw.Unlock(), kOk);
    EXPECT_FALSE(rw.HasWaiters());
  }
  EXPECT_TRUE(checked) << "in none of " << rounds
                       << " rounds was the writer still queued before its "
                          "deadline: WriteLock does not block, or the host "
                          "stalled every set-up";
}

// ---------------------------------------------------------------------------
// CondVar
// ---------------------------------------------------------------------------

struct Buffer {
  static constexpr int kCap = 4;
  Mutex m;
  CondVar not_empty;
  CondVar not_full;
  int items[kCap] = {0, 0, 0, 0};
  int head = 0;
  int size = 0;
  bool closed = false;
  long long consumed_sum = 0;
  int consumed = 0;
  int max_size = 0;
  int out_of_order = 0;  // a producer's items came out of order
  int last_seen[2] = {0, 0};
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
    const int item = b->items[b->head];
    const int producer = item >= 100001 ? 1 : 0;
    if (item <= b->last_seen[producer]) ++b->out_of_order;
    b->last_seen[producer] = item;
    b->consumed_sum += item;
    ++b->consumed;
    b->head = (b->head + 1) % Buffer::kCap;
    --b->size;
    b->not_full.Signal();
  }
  EXPECT_EQ(b->m.Unlock(), kOk);
  return nullptr;
}

TEST_F(PortableFibers, ProducerConsumerOverACondVar) {
  constexpr int kItems = 2000;
  Buffer b;
  Producer p1 = {&b, 1, kItems};
  Producer p2 = {&b, 100001, kItems};
  Fiber* c[3] = {Spawn(&Consume, &b), Spawn(&Consume, &b), Spawn(&Consume, &b)};
  Fiber* f1 = Spawn(&Produce, &p1);
  Fiber* f2 = Spawn(&Produce, &p2);
  ASSERT_EQ(Join(f1, nullptr), kOk);
  ASSERT_EQ(Join(f2, nullptr), kOk);
  ASSERT_EQ(b.m.Lock(), kOk);
  b.closed = true;
  b.not_empty.Broadcast();
  ASSERT_EQ(b.m.Unlock(), kOk);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Join(c[i], nullptr), kOk);
  long long expected = 0;
  for (int i = 0; i < kItems; ++i) expected += (1 + i) + (100001 + i);
  EXPECT_EQ(b.consumed, 2 * kItems);
  EXPECT_EQ(b.consumed_sum, expected);
  EXPECT_EQ(b.out_of_order, 0);
  EXPECT_GT(b.max_size, 1);
  EXPECT_LE(b.max_size, Buffer::kCap);
  EXPECT_FALSE(b.not_empty.HasWaiters());
  EXPECT_FALSE(b.not_full.HasWaiters());
}

TEST_F(PortableFibers, CondVarErrorsTimeoutAndRecursiveDepth) {
  CondVar cv;
  Mutex m(Mutex::kRecursive);
  EXPECT_EQ(cv.Wait(&m), kNotOwner);
  EXPECT_EQ(cv.Wait(nullptr), kNotOwner);
  ASSERT_EQ(m.Lock(), kOk);
  ASSERT_EQ(m.Lock(), kOk);
  const hc_timespec bad = {-1, 0};
  EXPECT_EQ(cv.Wait(&m, &bad), kInvalid);
  EXPECT_EQ(m.Depth(), 2u);
  const hc_timespec soon = AddNanoseconds(Now(), 3 * kMs);
  EXPECT_EQ(cv.Wait(&m, &soon), kTimedOut);
  EXPECT_TRUE(NotBefore(Now(), soon)) << "timed out before the deadline";
  EXPECT_EQ(m.Owner(), Current());
  EXPECT_EQ(m.Depth(), 2u);
  EXPECT_FALSE(cv.HasWaiters());
  const hc_timespec passed = {0, 0};
  EXPECT_EQ(cv.Wait(&m, &passed), kTimedOut);
  EXPECT_EQ(m.Depth(), 2u);
  EXPECT_EQ(m.Unlock(), kOk);
  EXPECT_EQ(m.Unlock(), kOk);
}

struct Waiter {
  Mutex* m;
  CondVar* cv;
  Log* log;
  int who;
};

void* WaitsOnce(void* arg) {
  Waiter* w = static_cast<Waiter*>(arg);
  EXPECT_EQ(w->m->Lock(), kOk);
  EXPECT_EQ(w->cv->Wait(w->m), kOk);
  EXPECT_TRUE(w->m->HeldByCurrent());
  w->log->Add(w->who);
  EXPECT_EQ(w->m->Unlock(), kOk);
  return nullptr;
}

TEST_F(PortableFibers, SignalWakesFifoBroadcastWakesAll) {
  Mutex m;
  CondVar cv;
  Log log;
  Waiter w[4] = {{&m, &cv, &log, 1},
                 {&m, &cv, &log, 2},
                 {&m, &cv, &log, 3},
                 {&m, &cv, &log, 4}};
  Fiber* f[4];
  for (int i = 0; i < 4; ++i) f[i] = Spawn(&WaitsOnce, &w[i]);
  Yield();
  EXPECT_TRUE(cv.HasWaiters());
  cv.Signal();
  Yield();
  const int first[] = {1};
  ExpectLog(log, first, "signal wakes the first waiter");
  cv.Signal();
  Yield();
  const int second[] = {1, 2};
  ExpectLog(log, second, "then the second");
  cv.Broadcast();
  EXPECT_FALSE(cv.HasWaiters());
  for (int i = 0; i < 4; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  const int all[] = {1, 2, 3, 4};
  ExpectLog(log, all, "broadcast wakes the rest in order");
  cv.Signal();  // no waiter: nothing happens
  cv.Broadcast();
}

// ---------------------------------------------------------------------------
// Once and WaitQueue
// ---------------------------------------------------------------------------

int g_once_runs;
Once g_once;

void CountOnceRun() { ++g_once_runs; }

void InitYielding(void*) {
  ++g_once_runs;
  Yield();  // others arrive meanwhile and must wait
  Yield();
  EXPECT_EQ(g_once.Run(&CountOnceRun), kDeadlock);
}

void* CallsOnce(void*) {
  EXPECT_EQ(g_once.Run(&InitYielding, nullptr), kOk);
  EXPECT_TRUE(g_once.done());
  EXPECT_EQ(g_once_runs, 1);
  return nullptr;
}

int g_plain_runs;
void CountPlainRun() { ++g_plain_runs; }

TEST_F(PortableFibers, OnceRunsExactlyOnce) {
  g_once_runs = 0;
  EXPECT_FALSE(g_once.done());
  Fiber* f[4];
  for (int i = 0; i < 4; ++i) f[i] = Spawn(&CallsOnce, nullptr);
  for (int i = 0; i < 4; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  EXPECT_EQ(g_once_runs, 1);
  Once plain;
  g_plain_runs = 0;
  EXPECT_EQ(plain.Run(&CountPlainRun), kOk);
  EXPECT_EQ(plain.Run(&CountPlainRun), kOk);
  EXPECT_EQ(g_plain_runs, 1);
}

struct QueueUser {
  WaitQueue* q;
  Log* log;
  int who;
};

void* WaitsOnQueue(void* arg) {
  QueueUser* u = static_cast<QueueUser*>(arg);
  EXPECT_EQ(u->q->Wait(), kOk);
  u->log->Add(u->who);
  return nullptr;
}

TEST_F(PortableFibers, WaitQueueIsFifo) {
  WaitQueue q;
  Log log;
  QueueUser u[3] = {{&q, &log, 1}, {&q, &log, 2}, {&q, &log, 3}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i) f[i] = Spawn(&WaitsOnQueue, &u[i]);
  Yield();
  EXPECT_EQ(q.front(), f[0]);
  EXPECT_EQ(q.WakeOne(), f[0]);
  EXPECT_EQ(q.front(), f[1]);
  EXPECT_EQ(q.WakeAll(), 2u);
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.WakeOne(), nullptr);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Join(f[i], nullptr), kOk);
  const int want[] = {1, 2, 3};
  ExpectLog(log, want, "wake order");
  const hc_timespec passed = {0, 0};
  EXPECT_EQ(q.Wait(&passed), kTimedOut);
  const hc_timespec bad = {0, 1000000000};
  EXPECT_EQ(q.Wait(&bad), kInvalid);
  const hc_timespec soon = AddNanoseconds(Now(), 1 * kMs);
  EXPECT_EQ(q.Wait(&soon), kTimedOut);
  EXPECT_TRUE(NotBefore(Now(), soon));
  EXPECT_TRUE(q.empty());
}

}  // namespace
}  // namespace hcall::fibers
