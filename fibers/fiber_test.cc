// Tests of fibers/fiber.h that need the linux backend and GoogleTest: a
// million switches, ten thousand fibers, the exact stack layout with its
// guard page, the guard page (death tests), the deadlock report and the end
// of the image (death tests). What holds on every platform is in
// portable_test.cc (all six platforms); the guard-page death test's
// bare-metal counterpart is the fiber-overflow probe of
// hypercall/baremetal/testdata/fault_image.cc (faults_test).
#include "fibers/fiber.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

void* YieldsTwice(void*) {
  Yield();
  Yield();
  return nullptr;
}

// ---------------------------------------------------------------------------
// The stack layout, with its guard page (hc_page_protect works here)
// ---------------------------------------------------------------------------

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

void WriteFlushMarker() {
  static const char kMarker[] = "flushed before the report\n";
  hc_write(HC_HANDLE_CONSOLE_ERR, kMarker, sizeof(kMarker) - 1);
}

TEST_F(FiberTest, DeadlockCallsTheBeforeAbortHookFirst) {
  GTEST_FLAG_SET(death_test_style, "fast");
  EXPECT_DEATH(
      {
        SetBeforeAbort(&WriteFlushMarker);
        Deadlock();
      },
      "^flushed before the report\n"
      "hcall fibers: deadlock: all 3 live fibers are blocked");
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
