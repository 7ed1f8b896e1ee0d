// rumpkernel/thread.cc -- rump threads as fibers, and the current lwp.
//
// Each rump thread is a fiber with a record (its name, copied: the rump
// kernel passes a buffer on its stack; whether it is joinable; whether it
// has exited). The record of a joinable thread is the cookie given to
// rumpuser_thread_join and is freed there; a detached thread frees its own
// just before it exits. The current lwp of each fiber is the fiber's user
// pointer, so rumpuser_curlwp is fibers::CurrentUserPointer(): two
// dependent loads, no further call.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace fibers = hcall::fibers;

namespace hcall::rump {
namespace {

constexpr size_t kNameMax = 32;

struct Thread {
  void* (*fun)(void*);
  void* arg;
  fibers::Fiber* fiber;
  Thread* prev;  // list of live records, for rumpuser_thread_exit
  Thread* next;
  bool joinable;
  bool exited;
  char name[kNameMax];
};

Thread* g_threads = nullptr;

void Link(Thread* t) {
  t->prev = nullptr;
  t->next = g_threads;
  if (g_threads != nullptr) g_threads->prev = t;
  g_threads = t;
}

void Unlink(Thread* t) {
  if (t->prev != nullptr) {
    t->prev->next = t->next;
  } else {
    g_threads = t->next;
  }
  if (t->next != nullptr) t->next->prev = t->prev;
}

Thread* Find(const fibers::Fiber* f) {
  for (Thread* t = g_threads; t != nullptr; t = t->next) {
    if (t->fiber == f) return t;
  }
  return nullptr;
}

[[noreturn]] void ExitCurrent() {
  fibers::Fiber* self = fibers::Current();
  Thread* t = Find(self);
  if (t != nullptr) {
    t->exited = true;
    if (!t->joinable) {
      fibers::SetName(self, nullptr);
      Unlink(t);
      Release(t, sizeof(Thread));
    }
  }
  fibers::Exit(nullptr);
}

void* Trampoline(void* arg) {
  Thread* t = static_cast<Thread*>(arg);
  t->fun(t->arg);
  // rumpuser(3): the function never returns; if it does, it exits.
  ExitCurrent();
}

}  // namespace
}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int rumpuser_thread_create(void* (*fun)(void*), void* arg,
                                      const char* thrname, int mustjoin,
                                      int priority, int cpuidx, void** cookie) {
  (void)priority;
  (void)cpuidx;
  if (fun == nullptr || (mustjoin && cookie == nullptr)) return nb::kEINVAL;
  Thread* t = static_cast<Thread*>(Allocate(sizeof(Thread)));
  t->fun = fun;
  t->arg = arg;
  t->fiber = nullptr;
  t->joinable = mustjoin != 0;
  t->exited = false;
  CopyString(t->name, sizeof(t->name), thrname != nullptr ? thrname : "rump");
  fibers::FiberAttr attr;
  attr.detached = !t->joinable;
  attr.name = t->name;
  // Fibers::Create does not switch: the record is complete before the
  // thread first runs.
  const fibers::Status s = fibers::Create(&t->fiber, Trampoline, t, &attr);
  if (s != fibers::kOk) {
    Release(t, sizeof(Thread));
    return s == fibers::kNoMemory ? nb::kEAGAIN : NbErrnoFromHc(s);
  }
  Link(t);
  if (t->joinable) *cookie = t;
  return 0;
}

extern "C" void rumpuser_thread_exit(void) { ExitCurrent(); }

extern "C" int rumpuser_thread_join(void* cookie) {
  Thread* t = static_cast<Thread*>(cookie);
  if (t == nullptr || !t->joinable) return nb::kEINVAL;
  if (t->fiber == fibers::Current()) return nb::kEDEADLK;
  fibers::Status s;
  if (t->exited) {
    s = fibers::Join(t->fiber, nullptr);  // does not wait
  } else {
    const int nlocks = Unschedule(nullptr);
    s = fibers::Join(t->fiber, nullptr);
    Schedule(nlocks, nullptr);
  }
  if (s == fibers::kDeadlock) return nb::kEDEADLK;
  if (s != fibers::kOk) return nb::kEINVAL;
  Unlink(t);
  Release(t, sizeof(Thread));
  return 0;
}

extern "C" void rumpuser_curlwpop(int enum_rumplwpop, struct lwp* l) {
  switch (enum_rumplwpop) {
    case RUMPUSER_LWP_CREATE:
    case RUMPUSER_LWP_DESTROY:
      // Informational: hcall keeps no table of lwps.
      break;
    case RUMPUSER_LWP_SET:
      fibers::SetUserPointer(fibers::Current(), l);
      break;
    case RUMPUSER_LWP_CLEAR:
      fibers::SetUserPointer(fibers::Current(), nullptr);
      break;
    default:
      Panic("rumpuser_curlwpop: unknown operation");
  }
}

extern "C" struct lwp* rumpuser_curlwp(void) {
  return static_cast<struct lwp*>(fibers::CurrentUserPointer());
}
