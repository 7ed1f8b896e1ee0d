// test/rumpuser/fixture.h -- the fixture of the rumpuser tests: a fresh
// fake kernel (fake_kernel.h) handed to rumpuser_init, the test's fiber
// scheduled with lwp 0, and the rules of the virtual CPUs checked after
// every test. Portable.
#ifndef HCALL_TEST_RUMPUSER_FIXTURE_H_
#define HCALL_TEST_RUMPUSER_FIXTURE_H_

#include <stdint.h>

#include "rump/rumpuser.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"

namespace rumptest {

class RumpuserTest : public ::testing::Test {
 protected:
  // Subclasses may set this before SetUp runs (in their constructor).
  int ncpu_ = 1;

  void SetUp() override {
    Reset(ncpu_);
    ASSERT_EQ(rumpuser_init(RUMPUSER_VERSION, Hyperup()), 0);
    rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(0));
  }

  void TearDown() override {
    rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, FakeLwp(0));
    const Counters& c = Count();
    EXPECT_EQ(c.conflicts, 0) << "a fiber blocked holding its virtual CPU";
    EXPECT_EQ(c.not_scheduled, 0) << "a CPU released twice";
    EXPECT_EQ(c.double_schedule, 0) << "a CPU taken twice";
    EXPECT_EQ(c.nlocks_mismatch, 0) << "nlocks not handed back";
    EXPECT_EQ(c.backend_unschedule, c.backend_schedule);
    EXPECT_TRUE(IsScheduled()) << "returned to the kernel unscheduled";
  }

  // Helpers, also for the free functions of the tests.
 public:
  // Sleeps (rumpuser_clock_sleep, relative) for (us) microseconds,
  // releasing the virtual CPU. It orders nothing: a sleep whose deadline
  // has passed by the time the fiber would block returns at once, without
  // letting any other fiber run (a loaded host can stretch the time between
  // the two by milliseconds). To wait for another fiber, use WaitUntil.
  static void SleepUs(long us) {
    EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, us * 1000), 0);
  }

  // Waits, as a rump kernel thread does, until done() is true: looks, and
  // if it is false sleeps briefly (rumpuser_clock_sleep, releasing the
  // virtual CPU, so the other fibers run) and looks again. Only the
  // handshake orders the test, never the length of a sleep: done() reads
  // a flag that the other fiber sets when it has reached the state the
  // test needs. Each sleep is one backend unschedule/schedule pair of the
  // caller, so take "before" counts after waiting. For the main fiber and
  // for test threads alike (a thread must be between ThreadEnter and
  // ThreadLeave).
  template <typename Done>
  static void WaitUntil(Done done) {
    while (!done()) SleepUs(kPollUs);
  }

  static constexpr long kPollUs = 50;

  // A joinable rump thread running fn(arg).
  static void* Spawn(void* (*fn)(void*), void* arg, const char* name = "t") {
    void* cookie = nullptr;
    EXPECT_EQ(rumpuser_thread_create(fn, arg, name, 1, 0, -1, &cookie), 0);
    return cookie;
  }

  static void Join(void* cookie) { EXPECT_EQ(rumpuser_thread_join(cookie), 0); }

  // Monotonic nanoseconds.
  static int64_t NowNs() {
    int64_t s = 0;
    long ns = 0;
    EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &s, &ns), 0);
    return s * 1000000000 + ns;
  }
};

}  // namespace rumptest

#endif  // HCALL_TEST_RUMPUSER_FIXTURE_H_
