// test/rumpuser/fake_kernel.cc -- see fake_kernel.h.
#include "test/rumpuser/fake_kernel.h"

#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "rump/rumpuser.h"

namespace rumptest {
namespace {

namespace fibers = hcall::fibers;

constexpr int kMaxFibers = 64;

struct PerFiber {
  const fibers::Fiber* fiber;
  int nlocks;  // handed out by the pending unschedule, or 0
  int unschedules;
};

struct State {
  Counters c;
  int ncpu;
  const fibers::Fiber* cpu[kMaxCpus];
  PerFiber fibers[kMaxFibers];
  int serial;
};

State g;

char g_lwps[16];

PerFiber* Slot(const fibers::Fiber* f) {
  for (PerFiber& p : g.fibers) {
    if (p.fiber == f) return &p;
  }
  for (PerFiber& p : g.fibers) {
    if (p.fiber == nullptr) {
      p.fiber = f;
      p.nlocks = 0;
      p.unschedules = 0;
      return &p;
    }
  }
  return &g.fibers[kMaxFibers - 1];  // out of slots: share the last
}

int CpuOf(const fibers::Fiber* f) {
  for (int i = 0; i < g.ncpu; ++i) {
    if (g.cpu[i] == f) return i;
  }
  return -1;
}

void Take() {
  const fibers::Fiber* self = fibers::Current();
  if (CpuOf(self) >= 0) {
    ++g.c.double_schedule;
    return;
  }
  for (int i = 0; i < g.ncpu; ++i) {
    if (g.cpu[i] == nullptr) {
      g.cpu[i] = self;
      return;
    }
  }
  ++g.c.conflicts;
}

void Give() {
  const int i = CpuOf(fibers::Current());
  if (i < 0) {
    ++g.c.not_scheduled;
    return;
  }
  g.cpu[i] = nullptr;
}

// 1/0 if (interlock) is a KMUTEX owned / not owned by the caller's lwp, -1
// if there is none. Only meaningful for KMUTEX interlocks (the tests use
// nothing else as interlocks of cv waits).
int Owned(void* interlock) {
  if (interlock == nullptr) return -1;
  struct lwp* owner = nullptr;
  rumpuser_mutex_owner(static_cast<rumpuser_mtx*>(interlock), &owner);
  return owner != nullptr && owner == rumpuser_curlwp() ? 1 : 0;
}

void BackendUnschedule(int nlocks_in, int* nlocks_out, void* interlock) {
  (void)nlocks_in;
  ++g.c.backend_unschedule;
  g.c.unschedule_interlock = interlock;
  g.c.interlock_owned_at_unschedule = Owned(interlock);
  PerFiber* p = Slot(fibers::Current());
  ++p->unschedules;
  // A varying, nonzero count, so that a hypervisor that does not pass it
  // back is caught.
  p->nlocks = 1 + (g.serial++ % 5);
  *nlocks_out = p->nlocks;
  Give();
}

void BackendSchedule(int nlocks, void* interlock) {
  ++g.c.backend_schedule;
  g.c.schedule_interlock = interlock;
  g.c.interlock_owned_at_schedule = Owned(interlock);
  PerFiber* p = Slot(fibers::Current());
  if (p->nlocks != nlocks) ++g.c.nlocks_mismatch;
  p->nlocks = 0;
  Take();
}

void HypSchedule() {
  ++g.c.schedule;
  Take();
}

void HypUnschedule() {
  ++g.c.unschedule;
  Give();
}

int HypNewLwp(int32_t pid) {
  (void)pid;
  ++g.c.newlwp;
  rumpuser_curlwpop(RUMPUSER_LWP_SET, FakeLwp(8 + (g.c.newlwp & 7)));
  return 0;
}

void HypLwprocRelease() {
  ++g.c.release;
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, rumpuser_curlwp());
}

const rumpuser_hyperup kHyperup = {
    HypSchedule,
    HypUnschedule,
    BackendUnschedule,
    BackendSchedule,
    nullptr,
    HypLwprocRelease,
    nullptr,
    HypNewLwp,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
};

}  // namespace

void Reset(int ncpu) {
  // Field by field: a freestanding image has no memset to call.
  uint8_t* bytes = reinterpret_cast<uint8_t*>(&g.c);
  for (size_t i = 0; i < sizeof(g.c); ++i) bytes[i] = 0;
  for (const fibers::Fiber*& c : g.cpu) c = nullptr;
  for (PerFiber& p : g.fibers) p = PerFiber{nullptr, 0, 0};
  g.serial = 0;
  g.ncpu = ncpu < 1 ? 1 : ncpu > kMaxCpus ? kMaxCpus : ncpu;
  g.cpu[0] = fibers::Current();
}

const Counters& Count() { return g.c; }

const rumpuser_hyperup* Hyperup() { return &kHyperup; }

bool IsScheduled() { return CpuOf(fibers::Current()) >= 0; }

void ThreadEnter() { Take(); }

void ThreadLeave() { Give(); }

int UnschedulesOfCurrent() { return Slot(fibers::Current())->unschedules; }

struct lwp* FakeLwp(int i) {
  return reinterpret_cast<struct lwp*>(&g_lwps[i & 15]);
}

}  // namespace rumptest
