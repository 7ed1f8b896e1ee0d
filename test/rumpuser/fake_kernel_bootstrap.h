// test/rumpuser/fake_kernel_bootstrap.h -- the stand-in kernel's link sets
// and the bootstrap its rump_init performs (issue 16, bug 1).
//
// Like a statically linked rump kernel, the stand-in kernel carries link
// sets: kLinkedModules entries in link_set_modules, kLinkedComponents in
// link_set_rump_components and kLinkedEvcnts in link_set_evcnts. Its
// rump_init registers them itself, then calls rumpuser_dl_bootstrap with
// its registration functions as the callbacks, so whatever the hypervisor
// hands over a second time is counted.
//
// Portable: project headers only (it runs on bare metal too).
#ifndef HCALL_TEST_RUMPUSER_FAKE_KERNEL_BOOTSTRAP_H_
#define HCALL_TEST_RUMPUSER_FAKE_KERNEL_BOOTSTRAP_H_

namespace rumptest {

constexpr int kLinkedModules = 2;
constexpr int kLinkedComponents = 1;
constexpr int kLinkedEvcnts = 1;

struct BootstrapResult {
  int modules;           // distinct modules registered
  int module_eexist;     // registrations of a module already registered
  int components;        // distinct components loaded
  int components_twice;  // loads of a component already loaded
  int evcnts;            // distinct event counters attached
  int evcnts_twice;      // attachments of a counter already attached
  int trap_calls;        // calls through a stale fourth argument
};

// The bootstrap of a kernel of the version-17 generation that predates
// evcntattach: it calls rumpuser_dl_bootstrap through a three-parameter
// prototype, right after a call that left a trap function in the register
// of the fourth argument.
BootstrapResult BootstrapAsThreeArgumentKernel();

// The bootstrap of a kernel that passes all four callbacks.
BootstrapResult BootstrapAsFourArgumentKernel();

}  // namespace rumptest

#endif  // HCALL_TEST_RUMPUSER_FAKE_KERNEL_BOOTSTRAP_H_
