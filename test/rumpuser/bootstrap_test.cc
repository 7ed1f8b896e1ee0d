// test/rumpuser/bootstrap_test.cc -- rumpuser_dl_bootstrap in a statically
// linked image (issue 16, bug 1). The stand-in kernel
// (fake_kernel_bootstrap.h) has
// link sets for modules, components and event counters, registers them
// itself, then calls rumpuser_dl_bootstrap: as a kernel that passes three
// arguments (with a trap function left in the fourth argument's register)
// and as one that passes four. Every object must end up registered exactly
// once, and the stale fourth argument must never be called.
//
// Portable (test/harness/hctest.h subset, no libc).
#include "rump/rumpuser.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fake_kernel_bootstrap.h"
#include "test/rumpuser/fixture.h"

namespace rumptest {
namespace {

using RumpBootstrap = RumpuserTest;

TEST_F(RumpBootstrap, ThreeArgumentCallerNeverReachesTheFourthArgument) {
  const BootstrapResult r = BootstrapAsThreeArgumentKernel();
  EXPECT_EQ(r.trap_calls, 0) << "called the stale fourth argument";
  EXPECT_EQ(r.modules, kLinkedModules);
  EXPECT_EQ(r.module_eexist, 0) << "modules handed over a second time";
  EXPECT_EQ(r.components, kLinkedComponents);
  EXPECT_EQ(r.components_twice, 0) << "components loaded twice";
  EXPECT_EQ(r.evcnts, kLinkedEvcnts);
  EXPECT_EQ(r.evcnts_twice, 0) << "event counters attached twice";
}

TEST_F(RumpBootstrap, FourArgumentCallerGetsNoSecondWalk) {
  const BootstrapResult r = BootstrapAsFourArgumentKernel();
  EXPECT_EQ(r.trap_calls, 0);
  EXPECT_EQ(r.modules, kLinkedModules);
  EXPECT_EQ(r.module_eexist, 0) << "modules handed over a second time";
  EXPECT_EQ(r.components, kLinkedComponents);
  EXPECT_EQ(r.components_twice, 0) << "components loaded twice";
  EXPECT_EQ(r.evcnts, kLinkedEvcnts);
  EXPECT_EQ(r.evcnts_twice, 0) << "event counters attached twice";
}

TEST_F(RumpBootstrap, MakesNoUpcall) {
  BootstrapAsThreeArgumentKernel();
  BootstrapAsFourArgumentKernel();
  EXPECT_EQ(Count().backend_unschedule, 0);
  EXPECT_EQ(Count().schedule, 0);
}

}  // namespace
}  // namespace rumptest
