// test/rumpuser/fake_kernel.h -- the rump kernel's side of rumpuser(3),
// played by the tests: a struct rumpuser_hyperup whose upcalls count what
// the hypervisor does and check it against a model of the virtual CPUs.
//
// The model: the kernel has (ncpu) virtual CPUs. A fiber "is scheduled" while
// it holds one. hyp_backend_unschedule releases the caller's CPU and hands
// out a lock count; hyp_backend_schedule takes a CPU and must get that same
// count back. hyp_schedule / hyp_unschedule do the same for a context that
// enters the kernel from outside (the bio fiber). A rule broken by the
// hypervisor is counted, never fatal, so a test can assert on it:
//   conflicts       a CPU was asked for while all were held: some fiber
//                   blocked without releasing its CPU;
//   not_scheduled   a CPU was released by a fiber that held none;
//   double_schedule a CPU was asked for by a fiber that already held one;
//   nlocks_mismatch hyp_backend_schedule got a lock count other than the
//                   one its unschedule handed out.
// Test threads call ThreadEnter() first and ThreadLeave() last, as a rump
// kernel thread runs scheduled. hyp_lwproc_newlwp makes a fresh lwp the
// caller's current one (rumpuser_curlwpop SET, as the kernel does) and
// hyp_lwproc_release clears it.
//
// Portable: project headers only (it runs on bare metal too).
#ifndef HCALL_TEST_RUMPUSER_FAKE_KERNEL_H_
#define HCALL_TEST_RUMPUSER_FAKE_KERNEL_H_

#include <stddef.h>
#include <stdint.h>

#include "rump/rumpuser.h"

namespace rumptest {

constexpr int kMaxCpus = 4;

struct Counters {
  int backend_unschedule;
  int backend_schedule;
  int schedule;    // hyp_schedule
  int unschedule;  // hyp_unschedule
  int newlwp;      // hyp_lwproc_newlwp
  int release;     // hyp_lwproc_release
  int conflicts;
  int not_scheduled;
  int double_schedule;
  int nlocks_mismatch;
  // The interlock of the latest backend upcalls.
  void* unschedule_interlock;
  void* schedule_interlock;
  // For a KMUTEX interlock: whether the caller's lwp owned the mutex at
  // the latest backend upcalls (1/0), or -1 for no interlock.
  int interlock_owned_at_unschedule;
  int interlock_owned_at_schedule;
};

// Resets the counters and the CPUs (all free but one, which the calling
// fiber holds), with (ncpu) CPUs in all.
void Reset(int ncpu = 1);

// The counters so far.
const Counters& Count();

// The upcall table to pass to rumpuser_init.
const rumpuser_hyperup* Hyperup();

// True if the calling fiber holds a virtual CPU.
bool IsScheduled();

// A test thread's start and end: takes and releases a CPU (counted as
// hyp_schedule / hyp_unschedule would not be: these are the kernel's own).
void ThreadEnter();
void ThreadLeave();

// Backend upcalls made by the calling fiber so far (unschedule count).
int UnschedulesOfCurrent();

// An lwp for tests: distinct addresses, never dereferenced.
struct lwp* FakeLwp(int i);

}  // namespace rumptest

#endif  // HCALL_TEST_RUMPUSER_FAKE_KERNEL_H_
