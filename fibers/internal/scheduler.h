// fibers/internal/scheduler.h -- the fiber control block and the
// scheduler's primitives, shared by fiber.cc and sync.cc. Not public API.
#ifndef HCALL_FIBERS_INTERNAL_SCHEDULER_H_
#define HCALL_FIBERS_INTERNAL_SCHEDULER_H_

#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers {

namespace internal {

enum FiberState : uint8_t {
  kRunning = 0,   // the current fiber
  kRunnable = 1,  // on the run queue
  kBlocked = 2,   // on a wait queue and/or the timer heap
  kExited = 3,    // finished, waiting to be joined or reaped
};

enum FiberFlags : uint8_t {
  kFlagMain = 1,      // the adopted main context: not ours to free
  kFlagDetached = 2,  // frees itself on exit
  kFlagTimer = 4,     // in the timer heap
};

// Per-fiber memory budget besides the stack (the limit).
constexpr size_t kControlBlockBudget = 256;

}  // namespace internal

// The control block. Lives at the top of the fiber's stack mapping (the main
// fiber's is static). Every member has an initialiser so that the static
// instance is constant-initialised. Fields used by the switch path first,
// then the user pointer, which CurrentUserPointer() (fiber.h) reads at a
// fixed offset.
struct Fiber {
  void* sp = nullptr;          // saved stack pointer while not running
  Fiber* next = nullptr;       // run queue or wait queue link
  Fiber* prev = nullptr;       // wait queue link
  WaitQueue* queue = nullptr;  // the wait queue it is on, or nullptr
  void* user = nullptr;        // UserPointer(); at kUserPointerOffset

  // Timer: a node of the pairing heap of deadlines.
  Fiber* heap_child = nullptr;
  Fiber* heap_next = nullptr;  // next sibling
  Fiber* heap_prev = nullptr;  // previous sibling, or parent if first child
  hc_timespec deadline = {0, 0};
  uint64_t timer_seq = 0;  // tie-break: earlier arming first

  Fiber* all_next = nullptr;  // list of every existing fiber, creation order
  Fiber* all_prev = nullptr;

  const WaitReason* wait_reason = nullptr;  // while blocked
  const void* wait_object = nullptr;
  uintptr_t wait_tag = 0;  // meaning chosen by the waited-on primitive

  WaitQueue joiners;  // at most one fiber, waiting in Join
  FiberFn fn = nullptr;
  void* arg = nullptr;
  void* exit_value = nullptr;
  void** keys = nullptr;  // kMaxKeys values, allocated on first SetSpecific
  const char* name = nullptr;
  void* map_base = nullptr;  // the stack mapping (guard page first)
  size_t map_len = 0;
  uint64_t id = 0;
  void* tp = nullptr;    // thread pointer of its TLS block (hc_tls_init)
  void* libc = nullptr;  // LibcPointer()
  int32_t errno_value = 0;
  internal::FiberState state = internal::kRunning;
  uint8_t flags = 0;
  int8_t wake_status = 0;  // result of the last block: kOk or kTimedOut
  uint8_t guard_pages = 0;
};

// Gives the scheduler access to WaitQueue's links.
struct QueueAccess {
  static void PushBack(WaitQueue* q, Fiber* f);
  static void Remove(WaitQueue* q, Fiber* f);
};

namespace internal {

static_assert(sizeof(Fiber) <= kControlBlockBudget,
              "per-fiber memory besides the stack must stay <= 256 bytes");
static_assert(offsetof(Fiber, user) == kUserPointerOffset,
              "CurrentUserPointer() reads the user pointer at this offset");

// g_current (fiber.h): the running fiber; nullptr until the main context is
// adopted.

// Turns the calling context into the main fiber; returns it.
Fiber* AdoptMain();

// The running fiber (adopting the main context on first use).
inline Fiber* Self() {
  Fiber* f = g_current;
  if (__builtin_expect(f == nullptr, 0)) f = AdoptMain();
  return f;
}

// Blocks the running fiber: appends it to (queue) if not null, arms
// (deadline) if not null, records (reason)/(object)/(tag), and runs other
// fibers until Wake() or the deadline. Returns kOk (woken), kTimedOut or
// kInvalid (bad deadline; nothing done). A deadline that has passed returns
// kTimedOut at once.
Status Block(WaitQueue* queue, const WaitReason* reason, const void* object,
             uintptr_t tag, const hc_timespec* deadline);

// Makes blocked (fiber) runnable: off its wait queue, timer disarmed, onto
// the run queue tail; its Block() returns kOk. Does nothing if (fiber) is
// not blocked (e.g. its deadline expired and it has not run yet).
void Wake(Fiber* fiber);

// True if (t) is a valid hc_timespec.
inline bool ValidTimespec(const hc_timespec& t) {
  return t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < 1000000000;
}

}  // namespace internal
}  // namespace hcall::fibers

#endif  // HCALL_FIBERS_INTERNAL_SCHEDULER_H_
