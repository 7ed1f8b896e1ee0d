// Tests of fibers/fiber.h on the linux backend: switching, many fibers,
// exit/join/detach, per-fiber data, keys, sleeping on the real clock, the
// guard page (death tests) and the deadlock report (death test).
#include "fibers/fiber.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "fibers/sync.h"
#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace hcall::fibers {
namespace {

class FiberTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);
    base_count_ = FiberCount();
  }
  void TearDown() override {
    EXPECT_EQ(FiberCount(), base_count_) << "a test leaked fibers";
  }
  size_t base_count_ = 0;
};

void* Intptr(intptr_t v) { return reinterpret_cast<void*>(v); }

// ---------------------------------------------------------------------------
// Switching
// ---------------------------------------------------------------------------

struct PingPong {
  long switches = 0;  // total hops done
  long limit = 0;
};

void* PingPongPeer(void* arg) {
  PingPong* p = static_cast<PingPong*>(arg);
  while (p->switches < p->limit) {
    EXPECT_EQ(p->switches % 2, 1) << "peer must run after main";
    ++p->switches;
    Yield();
  }
  return nullptr;
}

TEST_F(FiberTest, PingPongMillionSwitches) {
  PingPong p;
  p.limit = 1000000;
  Fiber* peer;
  ASSERT_EQ(Create(&peer, &PingPongPeer, &p), kOk);
  while (p.switches < p.limit) {
    EXPECT_EQ(p.switches % 2, 0) << "main must run after the peer";
    ++p.switches;
    Yield();
  }
  ASSERT_EQ(Join(peer, nullptr), kOk);
  EXPECT_EQ(p.switches, 1000000);
}

TEST_F(FiberTest, YieldAloneReturnsAtOnce) {
  Yield();
  EXPECT_EQ(Id(Current()), 0u);
  EXPECT_STREQ(Name(Current()), "main");
}

struct Trace {
  std::vector<int> events;
};
struct Step {
  Trace* trace;
  int who;
};

void* RoundRobin(void* arg) {
  Step* s = static_cast<Step*>(arg);
  for (int i = 0; i < 3; ++i) {
    s->trace->events.push_back(s->who * 10 + i);
    Yield();
  }
  return nullptr;
}

TEST_F(FiberTest, RunQueueIsFifo) {
  Trace t;
  Step steps[3] = {{&t, 1}, {&t, 2}, {&t, 3}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(Create(&f[i], &RoundRobin, &steps[i]), kOk);
  EXPECT_TRUE(t.events.empty()) << "Create must not switch";
  for (Fiber* x : f) ASSERT_EQ(Join(x, nullptr), kOk);
  EXPECT_EQ(t.events, (std::vector<int>{10, 20, 30, 11, 21, 31, 12, 22, 32}));
}

// ---------------------------------------------------------------------------
// Many fibers
// ---------------------------------------------------------------------------

struct Crowd {
  int started = 0;
  int peak_alive = 0;
  size_t base = 0;
};

void* CrowdMember(void* arg) {
  Crowd* c = static_cast<Crowd*>(arg);
  ++c->started;
  Yield();  // everyone is alive now: the last one records it
  const int alive = static_cast<int>(FiberCount() - c->base);
  if (alive > c->peak_alive) c->peak_alive = alive;
  return Intptr(static_cast<intptr_t>(Id(Current())));
}

TEST_F(FiberTest, TenThousandFibersAliveAtOnce) {
  constexpr int kN = 10000;
  Crowd c;
  c.base = FiberCount();
  std::vector<Fiber*> fibers(kN);
  for (int i = 0; i < kN; ++i) {
    ASSERT_EQ(Create(&fibers[i], &CrowdMember, &c), kOk) << i;
  }
  EXPECT_EQ(FiberCount(), c.base + kN);
  Yield();  // runs each once, up to its Yield
  EXPECT_EQ(c.started, kN);
  for (int i = 0; i < kN; ++i) {
    const uint64_t id = Id(fibers[i]);
    void* v;
    ASSERT_EQ(Join(fibers[i], &v), kOk);
    EXPECT_EQ(v, Intptr(static_cast<intptr_t>(id)));
  }
  EXPECT_EQ(c.peak_alive, kN);
}

// ---------------------------------------------------------------------------
// Exit, join, detach
// ---------------------------------------------------------------------------

void* ReturnsArg(void* arg) { return arg; }

[[noreturn]] void ExitDeep(int depth) {
  if (depth == 0) Exit(Intptr(77));
  ExitDeep(depth - 1);
}
void* ExitsFromNestedCall(void*) { ExitDeep(5); }

TEST_F(FiberTest, JoinReturnsTheExitValue) {
  Fiber* a;
  Fiber* b;
  ASSERT_EQ(Create(&a, &ReturnsArg, Intptr(42)), kOk);
  ASSERT_EQ(Create(&b, &ExitsFromNestedCall, nullptr), kOk);
  void* va = nullptr;
  void* vb = nullptr;
  EXPECT_EQ(Join(a, &va), kOk);
  EXPECT_EQ(Join(b, &vb), kOk);
  EXPECT_EQ(va, Intptr(42));
  EXPECT_EQ(vb, Intptr(77));
}

TEST_F(FiberTest, JoinOfAnExitedFiber) {
  Fiber* f;
  ASSERT_EQ(Create(&f, &ReturnsArg, Intptr(5)), kOk);
  Yield();  // f runs to completion; it stays until joined
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

TEST_F(FiberTest, JoinErrors) {
  EXPECT_EQ(Join(nullptr, nullptr), kInvalid);
  EXPECT_EQ(Join(Current(), nullptr), kDeadlock);

  // Detached: cannot be joined.
  Fiber* d;
  FiberAttr detached;
  detached.detached = true;
  ASSERT_EQ(Create(&d, &YieldsTwice, nullptr, &detached), kOk);
  EXPECT_EQ(Join(d, nullptr), kInvalid);
  EXPECT_EQ(Detach(d), kInvalid);

  // a joins b while b joins a: the second join is refused.
  Mutual m;
  ASSERT_EQ(Create(&m.a, &JoinsB, &m), kOk);
  ASSERT_EQ(Create(&m.b, &JoinsABack, &m), kOk);
  Yield();
  Yield();
  EXPECT_EQ(m.b_result, kDeadlock);
  void* a_result;
  EXPECT_EQ(Join(m.a, &a_result), kOk);
  EXPECT_EQ(a_result, Intptr(kOk));

  // Only one joiner: a second one is refused.
  Fiber* target;
  ASSERT_EQ(Create(&target, &YieldsTwice, nullptr), kOk);
  struct SecondJoin {
    static void* Run(void* arg) {
      return Intptr(Join(static_cast<Fiber*>(arg), nullptr));
    }
  };
  Fiber* first;
  ASSERT_EQ(Create(&first, &SecondJoin::Run, target), kOk);
  Yield();  // target yields, first blocks joining target
  EXPECT_EQ(Join(target, nullptr), kInvalid);
  EXPECT_EQ(Detach(target), kInvalid);
  void* v;
  EXPECT_EQ(Join(first, &v), kOk);
  EXPECT_EQ(v, Intptr(kOk));

  for (int i = 0; i < 4; ++i) Yield();  // d finishes and frees itself
}

TEST_F(FiberTest, DetachedFibersFreeThemselves) {
  FiberAttr attr;
  attr.detached = true;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(Create(nullptr, &YieldsTwice, nullptr, &attr), kOk);
  }
  EXPECT_EQ(FiberCount(), base_count_ + 20);
  for (int i = 0; i < 5; ++i) Yield();
  EXPECT_EQ(FiberCount(), base_count_);

  // Detaching an exited fiber frees it at once.
  Fiber* f;
  ASSERT_EQ(Create(&f, &ReturnsArg, nullptr), kOk);
  Yield();
  EXPECT_EQ(FiberCount(), base_count_ + 1);
  EXPECT_EQ(Detach(f), kOk);
  EXPECT_EQ(FiberCount(), base_count_);
}

TEST_F(FiberTest, CreateErrors) {
  EXPECT_EQ(Create(nullptr, nullptr, nullptr), kInvalid);
  FiberAttr small;
  small.stack_size = kMinStackSize - 1;
  Fiber* f = nullptr;
  EXPECT_EQ(Create(&f, &ReturnsArg, nullptr, &small), kInvalid);
  EXPECT_EQ(f, nullptr);
}

// ---------------------------------------------------------------------------
// Per-fiber data
// ---------------------------------------------------------------------------

void* CheckOwnData(void* arg) {
  Fiber* self = Current();
  EXPECT_EQ(UserPointer(self), arg);
  int* e = ErrnoLocation();
  EXPECT_EQ(*e, 0);
  *e = static_cast<int>(Id(self));
  Yield();
  EXPECT_EQ(*ErrnoLocation(), static_cast<int>(Id(self)));
  EXPECT_EQ(UserPointer(Current()), arg);
  return nullptr;
}

TEST_F(FiberTest, UserPointerErrnoNameIdArePerFiber) {
  Fiber* a;
  Fiber* b;
  FiberAttr named;
  named.name = "worker-a";
  ASSERT_EQ(Create(&a, &CheckOwnData, Intptr(1), &named), kOk);
  ASSERT_EQ(Create(&b, &CheckOwnData, Intptr(2)), kOk);
  SetUserPointer(a, Intptr(1));
  SetUserPointer(b, Intptr(2));
  EXPECT_STREQ(Name(a), "worker-a");
  EXPECT_EQ(Name(b), nullptr);
  SetName(b, "worker-b");
  EXPECT_STREQ(Name(b), "worker-b");
  EXPECT_GT(Id(b), Id(a));
  *ErrnoLocation() = -5;
  EXPECT_EQ(Join(a, nullptr), kOk);
  EXPECT_EQ(Join(b, nullptr), kOk);
  EXPECT_EQ(*ErrnoLocation(), -5);
  *ErrnoLocation() = 0;
}

TEST_F(FiberTest, StackInfo) {
  Fiber* f;
  FiberAttr attr;
  attr.stack_size = 100 * 1024;
  ASSERT_EQ(Create(&f, &YieldsTwice, nullptr, &attr), kOk);
  StackInfo info;
  ASSERT_EQ(GetStackInfo(f, &info), kOk);
  EXPECT_GE(static_cast<char*>(info.high) - static_cast<char*>(info.low),
            100 * 1024);
  EXPECT_EQ(info.guard_size, hc_page_size());
  EXPECT_LE(info.control_block_size, 256u);
  EXPECT_EQ((reinterpret_cast<uintptr_t>(info.high) + info.control_block_size) %
                hc_page_size(),
            0u)
      << "the control block ends the stack mapping";
  EXPECT_EQ(GetStackInfo(Current(), &info), kInvalid);
  EXPECT_EQ(Join(f, nullptr), kOk);
}

// ---------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------

std::vector<std::string>* g_destroyed;

void RecordDestroy(void* value) {
  g_destroyed->push_back(static_cast<const char*>(value));
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

TEST_F(FiberTest, KeyDestructorsRunAtExit) {
  std::vector<std::string> destroyed;
  g_destroyed = &destroyed;
  KeyArgs k;
  ASSERT_EQ(KeyCreate(&k.a, &RecordDestroy), kOk);
  ASSERT_EQ(KeyCreate(&k.b, &RecordDestroy), kOk);
  ASSERT_EQ(KeyCreate(&k.c, nullptr), kOk);
  EXPECT_LT(k.a, k.b);
  Fiber* f1;
  Fiber* f2;
  ASSERT_EQ(Create(&f1, &SetsKeys, &k), kOk);
  ASSERT_EQ(Create(&f2, &SetsKeys, &k), kOk);
  // Main's own values are separate.
  ASSERT_EQ(SetSpecific(k.a, "main"), kOk);
  EXPECT_EQ(Join(f1, nullptr), kOk);
  EXPECT_EQ(Join(f2, nullptr), kOk);
  EXPECT_EQ(destroyed, (std::vector<std::string>{"a-value", "b-value",
                                                 "a-value", "b-value"}));
  EXPECT_STREQ(static_cast<const char*>(GetSpecific(k.a)), "main");
  EXPECT_EQ(KeyDelete(k.a), kOk);
  EXPECT_EQ(GetSpecific(k.a), nullptr);
  EXPECT_EQ(KeyDelete(k.a), kInvalid);
  EXPECT_EQ(SetSpecific(k.a, "x"), kInvalid);
  EXPECT_EQ(KeyDelete(k.b), kOk);
  EXPECT_EQ(KeyDelete(k.c), kOk);
  g_destroyed = nullptr;
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

TEST_F(FiberTest, KeyDestructorRoundsAreBounded) {
  ASSERT_EQ(KeyCreate(&g_sticky_key, &StickyDestroy), kOk);
  g_sticky_calls = 0;
  Fiber* f;
  ASSERT_EQ(Create(&f, &SetsSticky, nullptr), kOk);
  EXPECT_EQ(Join(f, nullptr), kOk);
  EXPECT_EQ(g_sticky_calls, kDestructorRounds);
  EXPECT_EQ(KeyDelete(g_sticky_key), kOk);
}

// Deleting a key forgets its values: no destructor runs for it.
void* SetsThenWaits(void* arg) {
  SetSpecific(*static_cast<Key*>(arg), "doomed");
  Yield();
  return nullptr;
}

TEST_F(FiberTest, KeyDeleteSkipsDestructorsAndLimitsHold) {
  std::vector<std::string> destroyed;
  g_destroyed = &destroyed;
  Key k;
  ASSERT_EQ(KeyCreate(&k, &RecordDestroy), kOk);
  Fiber* f;
  ASSERT_EQ(Create(&f, &SetsThenWaits, &k), kOk);
  Yield();
  EXPECT_EQ(KeyDelete(k), kOk);
  EXPECT_EQ(Join(f, nullptr), kOk);
  EXPECT_TRUE(destroyed.empty());
  g_destroyed = nullptr;

  // All kMaxKeys keys can exist; one more is refused.
  std::vector<Key> keys;
  Key key;
  while (KeyCreate(&key, nullptr) == kOk) keys.push_back(key);
  EXPECT_EQ(keys.size(), kMaxKeys);
  EXPECT_EQ(KeyCreate(&key, nullptr), kAgain);
  for (Key x : keys) EXPECT_EQ(KeyDelete(x), kOk);
  EXPECT_EQ(GetSpecific(kMaxKeys + 5), nullptr);
}

// ---------------------------------------------------------------------------
// Sleeping on the real clock
// ---------------------------------------------------------------------------

struct Sleeper {
  uint64_t delay_ns;
  std::vector<int>* order;
  int who;
};

void* SleepsThenRecords(void* arg) {
  Sleeper* s = static_cast<Sleeper*>(arg);
  const hc_timespec deadline = AddNanoseconds(Now(), s->delay_ns);
  EXPECT_EQ(SleepUntil(deadline), kOk);
  const hc_timespec now = Now();
  EXPECT_TRUE(now.tv_sec > deadline.tv_sec || (now.tv_sec == deadline.tv_sec &&
                                               now.tv_nsec >= deadline.tv_nsec))
      << "woke early";
  s->order->push_back(s->who);
  return nullptr;
}

TEST_F(FiberTest, SleepersWakeInDeadlineOrder) {
  std::vector<int> order;
  Sleeper s[3] = {
      {30000000, &order, 3}, {10000000, &order, 1}, {20000000, &order, 2}};
  Fiber* f[3];
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(Create(&f[i], &SleepsThenRecords, &s[i]), kOk);
  for (Fiber* x : f) ASSERT_EQ(Join(x, nullptr), kOk);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  const hc_timespec bad = {0, 1000000000};
  EXPECT_EQ(SleepUntil(bad), kInvalid);
  EXPECT_EQ(SleepUntil(hc_timespec{0, 0}), kOk);  // passed: returns at once
}

TEST_F(FiberTest, AddNanosecondsCarriesAndSaturates) {
  const hc_timespec t = AddNanoseconds({1, 999999999}, 2000000001);
  EXPECT_EQ(t.tv_sec, 4);
  EXPECT_EQ(t.tv_nsec, 0);
  const hc_timespec m = AddNanoseconds({INT64_MAX - 1, 0}, UINT64_MAX);
  EXPECT_EQ(m.tv_sec, INT64_MAX);
  EXPECT_EQ(m.tv_nsec, 999999999);
}

// ---------------------------------------------------------------------------
// Guard page (death tests)
// ---------------------------------------------------------------------------

// Recurses far deeper than any fiber stack (the limit only hides the
// unbounded recursion from the compiler); the volatile buffer keeps every
// frame on the stack.
volatile int g_recursion_limit = 1 << 30;
__attribute__((noinline)) int Recurse(int depth) {
  volatile char frame[256];
  frame[0] = static_cast<char>(depth);
  if (depth >= g_recursion_limit) return frame[0];
  return Recurse(depth + 1) + frame[0];
}

void* Overflows(void*) { return Intptr(Recurse(0)); }

// Fiber the overflow must not touch: its control block sits just below the
// overflowing fiber's guard page when the mappings are adjacent.
Fiber* g_victim;
StackInfo g_guarded;
uint64_t g_victim_id;

void OnSegv(int, siginfo_t* info, void*) {
  const char* addr = static_cast<const char*>(info->si_addr);
  const char* guard_lo =
      static_cast<const char*>(g_guarded.low) - g_guarded.guard_size;
  const bool in_guard =
      addr >= guard_lo && addr < static_cast<const char*>(g_guarded.low);
  const bool victim_ok = Id(g_victim) == g_victim_id;
  _exit(in_guard && victim_ok ? 42 : 43);
}

void OverflowWithHandler() {
  static char alt_stack[64 * 1024];
  stack_t ss = {};
  ss.ss_sp = alt_stack;
  ss.ss_size = sizeof alt_stack;
  sigaltstack(&ss, nullptr);
  struct sigaction sa = {};
  sa.sa_sigaction = &OnSegv;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigaction(SIGSEGV, &sa, nullptr);

  Create(&g_victim, &YieldsTwice, nullptr);
  g_victim_id = Id(g_victim);
  Fiber* bad;
  FiberAttr attr;
  attr.stack_size = kMinStackSize;
  Create(&bad, &Overflows, nullptr, &attr);
  GetStackInfo(bad, &g_guarded);
  Join(bad, nullptr);
  _exit(1);  // not reached
}

TEST_F(FiberTest, StackOverflowFaultsOnTheGuardPage) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_EXIT(OverflowWithHandler(), ::testing::ExitedWithCode(42), "");
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

TEST_F(FiberTest, StackOverflowKillsTheImage) {
  if (kAsan) GTEST_SKIP() << "ASan turns SIGSEGV into its own report";
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_EXIT(
      {
        Fiber* bad;
        Create(&bad, &Overflows, nullptr);
        Join(bad, nullptr);
        _exit(1);
      },
      ::testing::KilledBySignal(SIGSEGV), "");
}

// ---------------------------------------------------------------------------
// The deadlock report (death test) and the end of the image
// ---------------------------------------------------------------------------

Mutex g_m;
CondVar g_cv;

void* TakesMutexAndWaitsForever(void*) {
  g_m.Lock();
  Mutex other;
  other.Lock();
  g_cv.Wait(&other);  // nobody signals
  return nullptr;
}

void* WantsMutex(void*) {
  g_m.Lock();
  return nullptr;
}

void Deadlock() {
  Fiber* holder;
  Fiber* wanter;
  FiberAttr a;
  a.name = "holder";
  FiberAttr b;
  b.name = "wanter";
  Create(&holder, &TakesMutexAndWaitsForever, nullptr, &a);
  Create(&wanter, &WantsMutex, nullptr, &b);
  Join(wanter, nullptr);
}

TEST_F(FiberTest, DeadlockIsReportedNotHung) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_DEATH(Deadlock(),
               "hcall fibers: deadlock: all 3 live fibers are blocked.*\n"
               "  fiber 0 \"main\": waits on join 0x[0-9a-f]+ "
               "held by fiber [0-9]+ \"wanter\"\n"
               "  fiber [0-9]+ \"holder\": waits on condvar 0x[0-9a-f]+\n"
               "  fiber [0-9]+ \"wanter\" \\(current\\): waits on mutex "
               "0x[0-9a-f]+ held by "
               "fiber [0-9]+ \"holder\"\n"
               "hcall fibers: aborting");
}

TEST_F(FiberTest, MainExitEndsTheImageAfterTheLastFiber) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_EXIT(
      {
        Create(nullptr, &YieldsTwice, nullptr);
        Exit(nullptr);
      },
      ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace hcall::fibers
