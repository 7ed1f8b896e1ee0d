// rumpkernel/init.cc -- rumpuser_init, the upcalls the rump kernel hands
// it (rumpuser_hyperup) and the calls that make them, and the errno of
// rump system calls (rumpuser_seterrno).
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

// The upcalls, copied at rumpuser_init (the caller's table need not stay).
rumpuser_hyperup g_hyp;

// Field by field rather than one assignment: a structure this large may be
// copied with a call to memcpy, which a libc-free image does not have.
void CopyHyperup(const rumpuser_hyperup& from) {
  g_hyp.hyp_schedule = from.hyp_schedule;
  g_hyp.hyp_unschedule = from.hyp_unschedule;
  g_hyp.hyp_backend_unschedule = from.hyp_backend_unschedule;
  g_hyp.hyp_backend_schedule = from.hyp_backend_schedule;
  g_hyp.hyp_lwproc_switch = from.hyp_lwproc_switch;
  g_hyp.hyp_lwproc_release = from.hyp_lwproc_release;
  g_hyp.hyp_lwproc_rfork = from.hyp_lwproc_rfork;
  g_hyp.hyp_lwproc_newlwp = from.hyp_lwproc_newlwp;
  g_hyp.hyp_lwproc_curlwp = from.hyp_lwproc_curlwp;
  g_hyp.hyp_syscall = from.hyp_syscall;
  g_hyp.hyp_lwpexit = from.hyp_lwpexit;
  g_hyp.hyp_execnotify = from.hyp_execnotify;
  g_hyp.hyp_getpid = from.hyp_getpid;
  for (int i = 0; i < 8; ++i) g_hyp.hyp__extra[i] = from.hyp__extra[i];
}

}  // namespace

int Unschedule(void* interlock) {
  int nlocks = 0;
  if (g_hyp.hyp_backend_unschedule != nullptr) {
    g_hyp.hyp_backend_unschedule(0, &nlocks, interlock);
  }
  return nlocks;
}

void Schedule(int nlocks, void* interlock) {
  if (g_hyp.hyp_backend_schedule != nullptr) {
    g_hyp.hyp_backend_schedule(nlocks, interlock);
  }
}

void EnterKernel() {
  if (g_hyp.hyp_schedule != nullptr) g_hyp.hyp_schedule();
}

void LeaveKernel() {
  if (g_hyp.hyp_unschedule != nullptr) g_hyp.hyp_unschedule();
}

int NewLwp() {
  return g_hyp.hyp_lwproc_newlwp != nullptr ? g_hyp.hyp_lwproc_newlwp(0) : 0;
}

void ReleaseLwp() {
  if (g_hyp.hyp_lwproc_release != nullptr) g_hyp.hyp_lwproc_release();
}

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int rumpuser_init(int version, const rumpuser_hyperup* hyp) {
  if (version != RUMPUSER_VERSION) {
    char line[128];
    const int n = Format(line, sizeof(line),
                         "rumpuser: version mismatch: the rump kernel wants "
                         "hypercall interface %d, hcall implements %d\n",
                         version, RUMPUSER_VERSION);
    WriteError(line, static_cast<size_t>(n) < sizeof(line)
                         ? static_cast<size_t>(n)
                         : sizeof(line) - 1);
    return nb::kEINVAL;
  }
  if (hyp == nullptr) {
    WriteErrorString("rumpuser: rumpuser_init without upcalls\n");
    return nb::kEINVAL;
  }
  CopyHyperup(*hyp);
  ChooseHostname();
  return 0;
}

extern "C" void rumpuser_seterrno(int error) {
  *hcall::fibers::ErrnoLocation() = error;
}
