// test/rumpuser/deterministic_test.cc -- timed calls against the
// DETERMINISTIC backend's virtual clock, which moves only when every fiber
// sleeps, by exactly the time slept: cv_timedwait times out at exactly its
// deadline, a signal ends it at exactly the signaller's time, clock_sleep
// lasts exactly as long as asked; getrandom returns the seeded stream.
// Must be linked with //hypercall/deterministic, not the linux backend.
#include "hypercall/deterministic/deterministic.h"

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"
#include "rump/rumpuser.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fixture.h"

namespace rumptest {
namespace {

constexpr int kNetbsdETIMEDOUT = 60;
constexpr int64_t kMs = 1000000;

class RumpVirtualClock : public RumpuserTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);  // restarts the virtual clock
    ASSERT_STREQ(hc_linux_clock_source(), "virtual");
    RumpuserTest::SetUp();
    start_ = NowNs();
  }
  int64_t Elapsed() const { return NowNs() - start_; }
  int64_t start_ = 0;
};

TEST_F(RumpVirtualClock, TimedwaitTimesOutExactlyAtItsDeadline) {
  rumpuser_mtx* m = nullptr;
  rumpuser_cv* cv = nullptr;
  rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&cv);
  rumpuser_mutex_enter(m);
  EXPECT_EQ(rumpuser_cv_timedwait(cv, m, 1, 500), kNetbsdETIMEDOUT);
  EXPECT_EQ(Elapsed(), 1000000000 + 500);
  EXPECT_EQ(rumpuser_cv_timedwait(cv, m, 0, 0), kNetbsdETIMEDOUT);
  EXPECT_EQ(Elapsed(), 1000000000 + 500);
  rumpuser_mutex_exit(m);
  EXPECT_EQ(Count().backend_unschedule, 2);
  rumpuser_cv_destroy(cv);
  rumpuser_mutex_destroy(m);
}

struct Signaller {
  rumpuser_mtx* m;
  rumpuser_cv* cv;
  int64_t signalled_at;
};

void* SignalAfter250ms(void* arg) {
  Signaller* s = static_cast<Signaller*>(arg);
  ThreadEnter();
  rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 250 * kMs);
  rumpuser_mutex_enter(s->m);
  s->signalled_at = RumpuserTest::NowNs();
  rumpuser_cv_signal(s->cv);
  rumpuser_mutex_exit(s->m);
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpVirtualClock, SignalEndsTimedwaitAtTheSignallersTime) {
  Signaller s = {nullptr, nullptr, -1};
  rumpuser_mutex_init(&s.m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&s.cv);
  void* t = Spawn(SignalAfter250ms, &s);
  rumpuser_mutex_enter(s.m);
  EXPECT_EQ(rumpuser_cv_timedwait(s.cv, s.m, 2, 0), 0);
  EXPECT_EQ(Elapsed(), 250 * kMs);
  EXPECT_EQ(s.signalled_at - start_, 250 * kMs);
  rumpuser_mutex_exit(s.m);
  Join(t);
  rumpuser_cv_destroy(s.cv);
  rumpuser_mutex_destroy(s.m);
}

TEST_F(RumpVirtualClock, ClockSleepLastsExactly) {
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 2, 5), 0);
  EXPECT_EQ(Elapsed(), int64_t{2} * 1000000000 + 5);
  const int64_t until = start_ + int64_t{3} * 1000000000 + 7;
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, until / 1000000000,
                                 static_cast<long>(until % 1000000000)),
            0);
  EXPECT_EQ(NowNs(), until);
  // A time that has passed: no time passes, the CPU is still released.
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_ABSMONO, 0, 0), 0);
  EXPECT_EQ(NowNs(), until);
  EXPECT_EQ(Count().backend_unschedule, 3);
  // The wall clock moved with it.
  int64_t wall = 0;
  long ns = 0;
  EXPECT_EQ(rumpuser_clock_gettime(RUMPUSER_CLOCK_RELWALL, &wall, &ns), 0);
  EXPECT_EQ(wall, hc_det::kRealtimeStartSec + 3);
}

TEST_F(RumpVirtualClock, GetrandomIsTheSeededStream) {
  uint8_t a[77];
  uint8_t b[77];
  hc_det::random_init(1234);
  size_t got = 0;
  EXPECT_EQ(rumpuser_getrandom(a, sizeof(a), RUMPUSER_RANDOM_HARD, &got), 0);
  EXPECT_EQ(got, sizeof(a));
  hc_det::random_init(1234);
  size_t n = 0;
  while (n < sizeof(b)) {
    const hc_ssize_t r = hc_getrandom(b + n, sizeof(b) - n);
    ASSERT_GT(r, 0);
    n += static_cast<size_t>(r);
  }
  for (size_t i = 0; i < sizeof(a); ++i) EXPECT_EQ(a[i], b[i]) << "byte " << i;
}

}  // namespace
}  // namespace rumptest
