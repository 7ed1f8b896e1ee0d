// Tests of the deterministic backend's virtual clock.
#include <time.h>

#include <cstdint>

#include "gtest/gtest.h"
#include "hypercall/deterministic/deterministic.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"

namespace {

constexpr int64_t kNs = 1000000000;

int64_t ns(const hc_timespec& t) { return t.tv_sec * kNs + t.tv_nsec; }

int64_t host_monotonic_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<int64_t>(t.tv_sec) * kNs + t.tv_nsec;
}

hc_timespec now(uint32_t clock) {
  hc_timespec t = {-1, -1};
  EXPECT_EQ(hc_clock_gettime(clock, &t), HC_OK);
  return t;
}

class DeterministicClockTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(hc_linux::hosted_init(), HC_OK); }
};

TEST_F(DeterministicClockTest, IsVirtual) {
  EXPECT_STREQ(hc_linux_clock_source(), "virtual");
}

TEST_F(DeterministicClockTest, StartsAtTheFixedEpochsAndStandsStill) {
  for (int i = 0; i < 3; ++i) {
    const hc_timespec mono = now(HC_CLOCK_MONOTONIC);
    EXPECT_EQ(mono.tv_sec, hc_det::kMonotonicStartSec);
    EXPECT_EQ(mono.tv_nsec, 0);
    const hc_timespec real = now(HC_CLOCK_REALTIME);
    EXPECT_EQ(real.tv_sec, hc_det::kRealtimeStartSec);  // 2000-01-01
    EXPECT_EQ(real.tv_nsec, 0);
  }
}

TEST_F(DeterministicClockTest, TenSecondSleepReturnsAtOnceAndAdvancesExactly) {
  const hc_timespec mono0 = now(HC_CLOCK_MONOTONIC);
  const hc_timespec real0 = now(HC_CLOCK_REALTIME);
  const hc_timespec ten = {10, 0};
  const int64_t host0 = host_monotonic_ns();
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &ten), HC_OK);
  EXPECT_LT(host_monotonic_ns() - host0, kNs / 2);
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)) - ns(mono0), 10 * kNs);
  EXPECT_EQ(ns(now(HC_CLOCK_REALTIME)) - ns(real0), 10 * kNs);
}

TEST_F(DeterministicClockTest, RelativeSleepsAddUpWithCarries) {
  const hc_timespec a = {1, 700000000};
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_REALTIME, 0, &a), HC_OK);
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &a), HC_OK);
  const hc_timespec t = now(HC_CLOCK_MONOTONIC);
  EXPECT_EQ(t.tv_sec, 3);
  EXPECT_EQ(t.tv_nsec, 400000000);
  const hc_timespec r = now(HC_CLOCK_REALTIME);
  EXPECT_EQ(r.tv_sec, hc_det::kRealtimeStartSec + 3);
  EXPECT_EQ(r.tv_nsec, 400000000);
}

TEST_F(DeterministicClockTest, AbsoluteSleepsMoveToTheTargetOnlyForward) {
  const hc_timespec target = {5, 250};
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, HC_TIMER_ABSTIME, &target),
            HC_OK);
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)), 5 * kNs + 250);
  const hc_timespec past = {2, 0};
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, HC_TIMER_ABSTIME, &past),
            HC_OK);
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)), 5 * kNs + 250);
  // REALTIME targets are dates: 2000-01-01 + 60 s.
  const hc_timespec date = {hc_det::kRealtimeStartSec + 60, 0};
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_REALTIME, HC_TIMER_ABSTIME, &date),
            HC_OK);
  EXPECT_EQ(now(HC_CLOCK_REALTIME).tv_sec, hc_det::kRealtimeStartSec + 60);
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)), 60 * kNs);
  const hc_timespec before_epoch = {1000, 0};  // 1970: long past
  ASSERT_EQ(
      hc_clock_nanosleep(HC_CLOCK_REALTIME, HC_TIMER_ABSTIME, &before_epoch),
      HC_OK);
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)), 60 * kNs);
}

TEST_F(DeterministicClockTest, HugeSleepsSaturate) {
  const hc_timespec huge = {INT64_MAX, 999999999};
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &huge), HC_OK);
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &huge), HC_OK);
  EXPECT_EQ(now(HC_CLOCK_MONOTONIC).tv_sec, INT64_MAX);
  EXPECT_EQ(now(HC_CLOCK_REALTIME).tv_sec, INT64_MAX);
}

TEST_F(DeterministicClockTest, InitRestartsTheClock) {
  const hc_timespec ten = {10, 0};
  ASSERT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &ten), HC_OK);
  ASSERT_EQ(hc_linux::hosted_init(), HC_OK);
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)), 0);
}

TEST_F(DeterministicClockTest, ResolutionIsOneNanosecond) {
  hc_timespec r = {-1, -1};
  ASSERT_EQ(hc_clock_getres(HC_CLOCK_MONOTONIC, &r), HC_OK);
  EXPECT_EQ(r.tv_sec, 0);
  EXPECT_EQ(r.tv_nsec, 1);
  ASSERT_EQ(hc_clock_getres(HC_CLOCK_REALTIME, &r), HC_OK);
  EXPECT_EQ(r.tv_nsec, 1);
}

TEST_F(DeterministicClockTest, RejectsWhatTheLinuxBackendRejects) {
  hc_timespec t = {-7, -7};
  EXPECT_EQ(hc_clock_gettime(2, &t), HC_EINVAL);
  EXPECT_EQ(hc_clock_gettime(0xffffffffu, &t), HC_EINVAL);
  EXPECT_EQ(hc_clock_getres(2, &t), HC_EINVAL);
  EXPECT_EQ(t.tv_sec, -7);
  const hc_timespec ok = {1, 0};
  EXPECT_EQ(hc_clock_nanosleep(2, 0, &ok), HC_EINVAL);
  EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 2, &ok), HC_EINVAL);
  for (const hc_timespec bad :
       {hc_timespec{0, kNs}, hc_timespec{0, -1}, hc_timespec{-1, 0}}) {
    EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &bad), HC_EINVAL);
    EXPECT_EQ(hc_clock_nanosleep(HC_CLOCK_REALTIME, HC_TIMER_ABSTIME, &bad),
              HC_EINVAL);
  }
  EXPECT_EQ(ns(now(HC_CLOCK_MONOTONIC)), 0);  // rejected sleeps moved nothing
}

}  // namespace
