// rumpkernel/component.cc -- the rumpuser_component_* helpers of kernel
// components (rump/rumpuser_component.h), on the same upcalls as the
// hypercalls that block.
#include <stdint.h>

#include "rump/rumpuser.h"
#include "rump/rumpuser_component.h"
#include "rumpkernel/internal.h"

using namespace hcall::rump;

extern "C" void* rumpuser_component_unschedule(void) {
  const int nlocks = Unschedule(nullptr);
  return reinterpret_cast<void*>(static_cast<intptr_t>(nlocks));
}

extern "C" void rumpuser_component_schedule(void* cookie) {
  Schedule(static_cast<int>(reinterpret_cast<intptr_t>(cookie)), nullptr);
}

extern "C" void rumpuser_component_kthread(void) {
  EnterKernel();
  NewLwp();
  LeaveKernel();
}

extern "C" void rumpuser_component_kthread_release(void) {
  EnterKernel();
  ReleaseLwp();
  LeaveKernel();
}

extern "C" int rumpuser_component_errtrans(int hosterr) {
  return NbErrnoFromLinux(hosterr);
}
