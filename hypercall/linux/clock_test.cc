// Tests of the linux backend's clocks, through the vDSO and through the
// system call fallback (the vDSO hidden), so both paths run on every host.
#include <signal.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <time.h>

#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"

namespace {

using hc_linux::Vdso;

constexpr int64_t kNs = 1000000000;

int64_t ns(const hc_timespec& t) { return t.tv_sec * kNs + t.tv_nsec; }

int64_t host_ns(clockid_t clock) {
  timespec t;
  clock_gettime(clock, &t);
  return static_cast<int64_t>(t.tv_sec) * kNs + t.tv_nsec;
}

hc_timespec sentinel() { return hc_timespec{-7, -7}; }

class ClockTest : public ::testing::TestWithParam<Vdso> {
 protected:
  void SetUp() override { ASSERT_EQ(hc_linux::hosted_init(GetParam()), HC_OK); }
};

INSTANTIATE_TEST_SUITE_P(Paths, ClockTest,
                         ::testing::Values(Vdso::kUse, Vdso::kIgnore),
                         [](const ::testing::TestParamInfo<Vdso>& info) {
                           return info.param == Vdso::kUse ? "Vdso" : "Syscall";
                         });

TEST_P(ClockTest, UsesTheVdsoExactlyWhenOneIsGiven) {
  const bool have_vdso = getauxval(AT_SYSINFO_EHDR) != 0;
  const bool want_vdso = GetParam() == Vdso::kUse && have_vdso;
  EXPECT_STREQ(hc_linux_clock_source(), want_vdso ? "vdso" : "syscall");
}

TEST_P(ClockTest, RealtimeMatchesTheHost) {
  hc_timespec t = sentinel();
  const int64_t before = host_ns(CLOCK_REALTIME);
  ASSERT_EQ(hc_clock_gettime(HC_CLOCK_REALTIME, &t), HC_OK);
  const int64_t after = host_ns(CLOCK_REALTIME);
  EXPECT_GE(t.tv_nsec, 0);
  EXPECT_LT(t.tv_nsec, kNs);
  EXPECT_GE(ns(t), before);
  EXPECT_LE(ns(t), after);
}

TEST_P(ClockTest, MonotonicMatchesTheHostAndNeverGoesBack) {
  hc_timespec t = sentinel();
  const int64_t before = host_ns(CLOCK_MONOTONIC);
  ASSERT_EQ(hc_clock_gettime(HC_CLOCK_MONOTONIC, &t), HC_OK);
  const int64_t after = host_ns(CLOCK_MONOTONIC);
  EXPECT_GE(ns(t), before);
  EXPECT_LE(ns(t), after);
  int64_t last = ns(t);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(hc_clock_gettime(HC_CLOCK_MONOTONIC, &t), HC_OK);
    ASSERT_GE(ns(t), last);
    last = ns(t);
  }
}

TEST_P(ClockTest, GettimeRejectsUnknownClocks) {
  for (uint32_t clock : {2u, 3u, 4u, 7u, 99u, 0x80000000u, 0xffffffffu}) {
    hc_timespec t = sentinel();
    EXPECT_EQ(hc_clock_gettime(clock, &t), HC_EINVAL) << clock;
    EXPECT_EQ(t.tv_sec, -7);
    EXPECT_EQ(t.tv_nsec, -7);
  }
}

TEST_P(ClockTest, GetresIsPositiveAndFine) {
  for (uint32_t clock : {HC_CLOCK_REALTIME, HC_CLOCK_MONOTONIC}) {
    hc_timespec r = sentinel();
    ASSERT_EQ(hc_clock_getres(clock, &r), HC_OK);
    EXPECT_GT(ns(r), 0);
    EXPECT_LE(ns(r), 10000000);  // at most 10 ms
  }
}

TEST_P(ClockTest, GetresRejectsUnknownClocks) {
  hc_timespec r = sentinel();
  EXPECT_EQ(hc_clock_getres(2, &r), HC_EINVAL);
  EXPECT_EQ(hc_clock_getres(0xffffffffu, &r), HC_EINVAL);
  EXPECT_EQ(r.tv_sec, -7);
}

TEST_P(ClockTest, RelativeSleepLastsAtLeastTheSpan) {
  const hc_timespec span = {0, 20000000};  // 20 ms
  for (uint32_t clock : {HC_CLOCK_REALTIME, HC_CLOCK_MONOTONIC}) {
    const int64_t before = host_ns(CLOCK_MONOTONIC);
    ASSERT_EQ(hc_clock_nanosleep(clock, 0, &span), HC_OK);
    EXPECT_GE(host_ns(CLOCK_MONOTONIC) - before, ns(span));
  }
}

TEST_P(ClockTest, AbsoluteSleepReachesTheTarget) {
  for (uint32_t clock : {HC_CLOCK_REALTIME, HC_CLOCK_MONOTONIC}) {
    hc_timespec now;
    ASSERT_EQ(hc_clock_gettime(clock, &now), HC_OK);
    const int64_t target_ns = ns(now) + 20000000;
    const hc_timespec target = {target_ns / kNs, target_ns % kNs};
    ASSERT_EQ(hc_clock_nanosleep(clock, HC_TIMER_ABSTIME, &target), HC_OK);
    ASSERT_EQ(hc_clock_gettime(clock, &now), HC_OK);
    EXPECT_GE(ns(now), target_ns);
  }
}

TEST_P(ClockTest, PastAbsoluteAndZeroRelativeSleepsReturnAtOnce) {
  const hc_timespec zero = {0, 0};
  const int64_t before = host_ns(CLOCK_MONOTONIC);
  EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, HC_TIMER_ABSTIME, &zero),
            HC_OK);
  EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_REALTIME, HC_TIMER_ABSTIME, &zero),
            HC_OK);
  EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &zero), HC_OK);
  EXPECT_LT(host_ns(CLOCK_MONOTONIC) - before, kNs);
}

TEST_P(ClockTest, SleepRejectsBadArguments) {
  const hc_timespec ok = {0, 1};
  EXPECT_EQ(hc_clock_nanosleep(2, 0, &ok), HC_EINVAL);
  EXPECT_EQ(hc_clock_nanosleep(0xffffffffu, HC_TIMER_ABSTIME, &ok), HC_EINVAL);
  EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 2, &ok), HC_EINVAL);
  EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0x80000001u, &ok),
            HC_EINVAL);
  for (const hc_timespec bad :
       {hc_timespec{0, kNs}, hc_timespec{0, -1}, hc_timespec{-1, 0},
        hc_timespec{1, INT64_MAX}, hc_timespec{INT64_MIN, 0}}) {
    EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &bad), HC_EINVAL);
    EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_REALTIME, HC_TIMER_ABSTIME, &bad),
              HC_EINVAL);
  }
}

void on_alarm(int) {}

TEST_P(ClockTest, SignalsDoNotCutASleepShort) {
  struct sigaction sa;
  std::memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_alarm;
  struct sigaction old;
  ASSERT_EQ(sigaction(SIGALRM, &sa, &old), 0);
  itimerval every_5ms = {{0, 5000}, {0, 5000}};
  ASSERT_EQ(setitimer(ITIMER_REAL, &every_5ms, nullptr), 0);

  const hc_timespec span = {0, 60000000};  // 60 ms, interrupted ~12 times
  const int64_t before = host_ns(CLOCK_MONOTONIC);
  const hc_status_t relative = hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &span);
  const int64_t relative_ns = host_ns(CLOCK_MONOTONIC) - before;
  hc_timespec now;
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &now);
  const int64_t target_ns = ns(now) + 60000000;
  const hc_timespec target = {target_ns / kNs, target_ns % kNs};
  const hc_status_t absolute =
      hc_clock_nanosleep(HC_CLOCK_MONOTONIC, HC_TIMER_ABSTIME, &target);
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &now);

  itimerval off = {{0, 0}, {0, 0}};
  setitimer(ITIMER_REAL, &off, nullptr);
  sigaction(SIGALRM, &old, nullptr);

  EXPECT_EQ(relative, HC_OK);
  EXPECT_GE(relative_ns, ns(span));
  EXPECT_EQ(absolute, HC_OK);
  EXPECT_GE(ns(now), target_ns);
}

}  // namespace
