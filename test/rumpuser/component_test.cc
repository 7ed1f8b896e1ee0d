// test/rumpuser/component_test.cc -- the rumpuser_component_* helpers of
// kernel components (rump/rumpuser_component.h), checked against the fake
// kernel's model of the virtual CPUs and its lwp upcalls.
//
// Portable (test/harness/hctest.h subset, no libc).
#include <stdint.h>

#include "fibers/fiber.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_component.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fixture.h"

namespace rumptest {
namespace {

namespace fibers = hcall::fibers;

using RumpComponent = RumpuserTest;

struct Other {
  bool ran = false;
  bool got_cpu = false;
};

// A kernel thread that needs the one CPU while the main fiber is in the
// host.
void* TakesTheCpu(void* arg) {
  Other* o = static_cast<Other*>(arg);
  ThreadEnter();
  o->ran = true;
  o->got_cpu = IsScheduled();
  ThreadLeave();
  rumpuser_thread_exit();
}

TEST_F(RumpComponent, UnscheduleReleasesTheCpuForAHostWait) {
  Other o;
  void* t = Spawn(TakesTheCpu, &o, "other");
  void* cookie = rumpuser_component_unschedule();
  EXPECT_FALSE(IsScheduled());
  EXPECT_EQ(Count().backend_unschedule, 1);
  // The host call that waits: other fibers run meanwhile.
  fibers::Yield();
  EXPECT_TRUE(o.ran);
  EXPECT_TRUE(o.got_cpu);
  rumpuser_component_schedule(cookie);
  EXPECT_TRUE(IsScheduled());
  EXPECT_EQ(Count().backend_schedule, 1);
  EXPECT_EQ(Count().nlocks_mismatch, 0) << "the cookie carries nlocks back";
  EXPECT_EQ(Count().conflicts, 0);
  Join(t);
}

TEST_F(RumpComponent, CookiesKeepTheirOwnLockCounts) {
  // The fake kernel hands out a different nlocks each time.
  for (int i = 0; i < 7; ++i) {
    void* cookie = rumpuser_component_unschedule();
    rumpuser_component_schedule(cookie);
  }
  EXPECT_EQ(Count().backend_unschedule, 7);
  EXPECT_EQ(Count().nlocks_mismatch, 0);
}

struct KthreadSeen {
  bool scheduled_before = true;
  struct lwp* lwp = nullptr;
  bool scheduled_after = true;
  int schedule = 0;
  int unschedule = 0;
  int newlwp = 0;
  struct lwp* lwp_after_release = nullptr;
  int release = 0;
};

// A host thread a component created: no CPU, no lwp until it asks.
void* HostThread(void* arg) {
  KthreadSeen* k = static_cast<KthreadSeen*>(arg);
  k->scheduled_before = IsScheduled();
  rumpuser_component_kthread();
  k->lwp = rumpuser_curlwp();
  k->scheduled_after = IsScheduled();
  k->schedule = Count().schedule;
  k->unschedule = Count().unschedule;
  k->newlwp = Count().newlwp;
  rumpuser_component_kthread_release();
  k->lwp_after_release = rumpuser_curlwp();
  k->release = Count().release;
  return nullptr;
}

TEST_F(RumpComponent, KthreadGivesAHostFiberAnLwpOfItsOwn) {
  KthreadSeen k;
  fibers::Fiber* f = nullptr;
  ASSERT_EQ(fibers::Create(&f, HostThread, &k), fibers::kOk);
  // Waits in the host, so without the CPU (there is one).
  ThreadLeave();
  const fibers::Status joined = fibers::Join(f, nullptr);
  ThreadEnter();
  ASSERT_EQ(joined, fibers::kOk);
  EXPECT_FALSE(k.scheduled_before);
  EXPECT_NE(k.lwp, nullptr);
  EXPECT_NE(k.lwp, FakeLwp(0)) << "not the main fiber's lwp";
  EXPECT_FALSE(k.scheduled_after) << "left the kernel again";
  EXPECT_EQ(k.schedule, 1);
  EXPECT_EQ(k.unschedule, 1);
  EXPECT_EQ(k.newlwp, 1);
  EXPECT_EQ(k.lwp_after_release, nullptr);
  EXPECT_EQ(k.release, 1);
  EXPECT_EQ(Count().schedule, 2);
  EXPECT_EQ(Count().unschedule, 2);
  EXPECT_EQ(rumpuser_curlwp(), FakeLwp(0)) << "the caller's lwp is its own";
}

TEST_F(RumpComponent, ErrtransGivesNetbsdNumbers) {
  EXPECT_EQ(rumpuser_component_errtrans(0), 0);
  EXPECT_EQ(rumpuser_component_errtrans(1), 1);     // EPERM
  EXPECT_EQ(rumpuser_component_errtrans(2), 2);     // ENOENT
  EXPECT_EQ(rumpuser_component_errtrans(4), 4);     // EINTR
  EXPECT_EQ(rumpuser_component_errtrans(11), 35);   // EAGAIN
  EXPECT_EQ(rumpuser_component_errtrans(34), 34);   // ERANGE
  EXPECT_EQ(rumpuser_component_errtrans(35), 11);   // EDEADLK
  EXPECT_EQ(rumpuser_component_errtrans(36), 63);   // ENAMETOOLONG
  EXPECT_EQ(rumpuser_component_errtrans(38), 78);   // ENOSYS
  EXPECT_EQ(rumpuser_component_errtrans(39), 66);   // ENOTEMPTY
  EXPECT_EQ(rumpuser_component_errtrans(88), 38);   // ENOTSOCK
  EXPECT_EQ(rumpuser_component_errtrans(95), 45);   // EOPNOTSUPP
  EXPECT_EQ(rumpuser_component_errtrans(98), 48);   // EADDRINUSE
  EXPECT_EQ(rumpuser_component_errtrans(104), 54);  // ECONNRESET
  EXPECT_EQ(rumpuser_component_errtrans(105), 55);  // ENOBUFS
  EXPECT_EQ(rumpuser_component_errtrans(110), 60);  // ETIMEDOUT
  EXPECT_EQ(rumpuser_component_errtrans(111), 61);  // ECONNREFUSED
  EXPECT_EQ(rumpuser_component_errtrans(113), 65);  // EHOSTUNREACH
  EXPECT_EQ(rumpuser_component_errtrans(114), 37);  // EALREADY
  EXPECT_EQ(rumpuser_component_errtrans(115), 36);  // EINPROGRESS
  EXPECT_EQ(rumpuser_component_errtrans(125), 87);  // ECANCELED
  EXPECT_EQ(rumpuser_component_errtrans(128), 9);   // a revoked capability
  // No NetBSD counterpart, out of range, negative: EIO.
  EXPECT_EQ(rumpuser_component_errtrans(44), 5);  // ECHRNG
  EXPECT_EQ(rumpuser_component_errtrans(129), 5);
  EXPECT_EQ(rumpuser_component_errtrans(100000), 5);
  EXPECT_EQ(rumpuser_component_errtrans(-11), 5);
  EXPECT_EQ(Count().backend_unschedule, 0);
}

}  // namespace
}  // namespace rumptest
