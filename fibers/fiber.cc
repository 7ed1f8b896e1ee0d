// fibers/fiber.cc -- the scheduler: fibers and their stacks, the run queue,
// wait queues, switching and the public API. The timer heap, keys and the
// deadlock report are files of their own (internal/state.h lists them).
//
// Image code: no libc, no libstdc++ runtime, memory only from hc_page_map.
// All state is in constant-initialised globals (no static constructors).
#include "fibers/fiber.h"

#include <stddef.h>
#include <stdint.h>

#include <new>

#include "fibers/context.h"
#include "fibers/internal/list.h"
#include "fibers/internal/scheduler.h"
#include "fibers/internal/state.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers {

void QueueAccess::PushBack(WaitQueue* q, Fiber* f) {
  f->queue = q;
  internal::QueueList::PushBack(q->head_, q->tail_, f);
}

void QueueAccess::Remove(WaitQueue* q, Fiber* f) {
  internal::QueueList::Remove(q->head_, q->tail_, f);
  f->queue = nullptr;
}

namespace internal {

Fiber* g_current = nullptr;

namespace {

constexpr int64_t kNsPerSec = 1000000000;

// Bytes reserved for the control block at the top of each stack mapping; the
// stack starts right below it, so it is a multiple of the stack alignment.
// Rounded to 32 so that the fields the switch path touches (the first four
// words) share a cache line. 224 bytes on 64-bit CPUs, 160 on arm.
constexpr size_t kControlBlockSize =
    (sizeof(Fiber) + 31) & ~static_cast<size_t>(31);
static_assert(kControlBlockSize <= kControlBlockBudget, "budget");
static_assert(kControlBlockSize % HCALL_FIBERS_STACK_ALIGN == 0, "alignment");

// Freed stacks kept mapped (guard page and all) for the next Create().
constexpr size_t kStackCacheMax = 16;

}  // namespace

Scheduler g;

namespace {

const WaitReason kJoinReason = {
    "join", [](const void* o) { return static_cast<const Fiber*>(o); }};
const WaitReason kSleepReason = {"sleep", nullptr};
const WaitReason kQueueReason = {"wait queue", nullptr};

// ---------------------------------------------------------------------------
// The list of every fiber
// ---------------------------------------------------------------------------

void AllAppend(Fiber* f) { AllList::PushBack(g.all_head, g.all_tail, f); }

void AllUnlink(Fiber* f) { AllList::Remove(g.all_head, g.all_tail, f); }

// ---------------------------------------------------------------------------
// Switching
// ---------------------------------------------------------------------------

void Release(Fiber* f);

// Frees the last exited detached fiber, if any and if we are not still
// running on its stack (inside its Exit()). Called from the non-critical
// entry points (Create, Join, Detach, Exit, FiberCount, idle) rather than
// after every switch, so that the switch is the last thing Yield() does (a
// tail call: see the x86_64 assembly for why that matters).
void ReapPending() {
  Fiber* f = g.reap;
  if (f != nullptr && f != g_current) {
    g.reap = nullptr;
    Release(f);
  }
}

// Switches from the running (self) to (next). Returns when (self) runs again.
inline void SwitchTo(Fiber* self, Fiber* next) {
  next->state = kRunning;
  g_current = next;
  // Only images with thread-local variables pay for the thread pointer.
  if (g.tls_size != 0) hc_tls_set(next->tp);
  if (g.switch_hook != nullptr) g.switch_hook(next->libc);
  hcall_fibers_switch(&self->sp, next->sp);
}

// The scheduler loop (see fiber.h): returns the next fiber to run, sleeping
// while only deadlines are pending; ends the image or aborts when nothing
// can ever run again.
Fiber* PickNext() {
  for (;;) {
    if (g.timer_root != nullptr) ExpireTimers();
    Fiber* f = RunPop();
    if (f != nullptr) return f;
    if (g.timer_root != nullptr) {
      ReapPending();  // idle: a good moment to free memory
      const hc_timespec until = g.timer_root->deadline;
      hc_clock_nanosleep(HC_CLOCK_MONOTONIC, HC_TIMER_ABSTIME, &until);
      continue;
    }
    if (g.live == 0) hc_exit(0);
    DeadlockReport();
  }
}

// Gives up the processor: (self) is already on a queue, blocked or exited.
void Schedule(Fiber* self) {
  Fiber* next = PickNext();
  if (next == self) {
    self->state = kRunning;
    return;
  }
  SwitchTo(self, next);
}

// ---------------------------------------------------------------------------
// Stacks and fiber lifetime
// ---------------------------------------------------------------------------

size_t RoundUp(size_t n, size_t to) { return (n + to - 1) & ~(to - 1); }

Fiber* TakeCachedStack(size_t map_len) {
  for (Fiber** p = &g.stack_cache; *p != nullptr; p = &(*p)->next) {
    Fiber* f = *p;
    if (f->map_len == map_len) {
      *p = f->next;
      --g.stack_cache_len;
      return f;
    }
  }
  return nullptr;
}

void FreeStack(Fiber* f) {
  if (g.stack_cache_len < kStackCacheMax) {
    f->next = g.stack_cache;
    g.stack_cache = f;
    ++g.stack_cache_len;
    return;
  }
  hc_page_unmap(f->map_base, f->map_len);
}

// Frees an exited fiber (or forgets the main fiber).
void Release(Fiber* f) {
  AllUnlink(f);
  --g.count;
  if ((f->flags & kFlagMain) == 0) FreeStack(f);
}

// The entry of every new fiber, called by hcall_fibers_trampoline.
void FiberMain(void* arg) {
  Fiber* self = static_cast<Fiber*>(arg);
  Exit(self->fn(self->arg));
}

}  // namespace

Fiber* AdoptMain() {
  Fiber* m = &g.main;
  g.page_size = hc_page_size();
  g.tls_size = RoundUp(hc_tls_size(), 16);  // hc_tls_init: 16-aligned
  m->tp = hc_tls_get();
  m->flags = kFlagMain;
  m->name = "main";
  m->id = 0;
  m->state = kRunning;
  AllAppend(m);
  g.live = 1;
  g.count = 1;
  g_current = m;
  return m;
}

Status Block(WaitQueue* queue, const WaitReason* reason, const void* object,
             uintptr_t tag, const hc_timespec* deadline) {
  Fiber* self = Self();
  if (deadline != nullptr) {
    if (!ValidTimespec(*deadline)) return kInvalid;
    hc_timespec now;
    hc_clock_gettime(HC_CLOCK_MONOTONIC, &now);
    if (!Before(now, *deadline)) return kTimedOut;
    self->deadline = *deadline;
    TimerInsert(self);
  }
  if (queue != nullptr) QueueAccess::PushBack(queue, self);
  self->state = kBlocked;
  self->wait_reason = reason;
  self->wait_object = object;
  self->wait_tag = tag;
  self->wake_status = kOk;
  Schedule(self);
  self->wait_reason = nullptr;
  self->wait_object = nullptr;
  return static_cast<Status>(self->wake_status);
}

void Wake(Fiber* f) {
  if (f->state != kBlocked) return;  // already woken or timed out
  if (f->queue != nullptr) QueueAccess::Remove(f->queue, f);
  if ((f->flags & kFlagTimer) != 0) TimerRemove(f);
  f->wake_status = kOk;
  RunPush(f);
}

}  // namespace internal

using internal::g;
using internal::Self;

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

const char* StatusName(int32_t status) {
  switch (status) {
    case kOk:
      return "kOk";
    case kInvalid:
      return "kInvalid";
    case kNoMemory:
      return "kNoMemory";
    case kAgain:
      return "kAgain";
    case kBusy:
      return "kBusy";
    case kDeadlock:
      return "kDeadlock";
    case kTimedOut:
      return "kTimedOut";
    case kNotOwner:
      return "kNotOwner";
    default:
      return "unknown";
  }
}

Status Create(Fiber** fiber, FiberFn fn, void* arg, const FiberAttr* attr) {
  Self();  // the creator must exist first: the main fiber gets id 0
  internal::ReapPending();  // its stack may be reused right here
  const FiberAttr defaults;
  if (attr == nullptr) attr = &defaults;
  if (fn == nullptr) return kInvalid;
  const size_t stack =
      attr->stack_size != 0 ? attr->stack_size : kDefaultStackSize;
  if (stack < kMinStackSize || stack > (SIZE_MAX >> 2)) return kInvalid;
  const size_t page = g.page_size;
  const size_t map_len =
      internal::RoundUp(stack + internal::kControlBlockSize + g.tls_size,
                        page) +
      page;

  void* base;
  uint8_t guard_pages;
  if (Fiber* cached = internal::TakeCachedStack(map_len)) {
    base = cached->map_base;
    guard_pages = cached->guard_pages;
  } else {
    hc_status_t s = hc_page_map(map_len, HC_PROT_READ | HC_PROT_WRITE, &base);
    if (s < 0) return static_cast<Status>(s);
    s = hc_page_protect(base, page, HC_PROT_NONE);
    if (s == HC_ENOTSUP) {
      guard_pages = 0;  // no MMU: run without a guard page
    } else if (s < 0) {
      hc_page_unmap(base, map_len);
      return static_cast<Status>(s);
    } else {
      guard_pages = 1;
    }
  }

  char* top = static_cast<char*>(base) + map_len;
  Fiber* f = new (top - internal::kControlBlockSize) Fiber;
  f->map_base = base;
  f->map_len = map_len;
  f->guard_pages = guard_pages;
  f->fn = fn;
  f->arg = arg;
  f->name = attr->name;
  f->id = ++g.next_id;
  if (attr->detached) f->flags |= internal::kFlagDetached;
  // Its TLS block (if the image has one) sits right below the control
  // block, and the stack below that.
  char* stack_top = reinterpret_cast<char*>(f) - g.tls_size;
  if (g.tls_size != 0) f->tp = hc_tls_init(stack_top);
  f->sp = internal::InitialFrame(stack_top, &internal::FiberMain, f);
  internal::AllAppend(f);
  ++g.live;
  ++g.count;
  internal::RunPush(f);
  if (fiber != nullptr) *fiber = f;
  return kOk;
}

Fiber* Current() { return Self(); }

void SetBeforeAbort(void (*hook)()) { internal::g_before_abort = hook; }

void Yield() {
  Fiber* self = Self();
  if (g.timer_root != nullptr) internal::ExpireTimers();
  Fiber* next = internal::RunPop();
  if (next == nullptr) return;
  internal::RunPush(self);
  internal::SwitchTo(self, next);
}

void Exit(void* value) {
  Fiber* self = Self();
  internal::RunKeyDestructors(self);
  self->exit_value = value;
  self->state = internal::kExited;
  --g.live;
  self->joiners.WakeAll();
  internal::ReapPending();
  if ((self->flags & (internal::kFlagDetached | internal::kFlagMain)) ==
      internal::kFlagDetached) {
    g.reap = self;  // freed later, once off this stack
  }
  internal::SwitchTo(self, internal::PickNext());
  __builtin_trap();  // an exited fiber is never switched to
}

Status Join(Fiber* fiber, void** value, const hc_timespec* deadline) {
  Fiber* self = Self();
  internal::ReapPending();
  if (fiber == nullptr) return kInvalid;
  if (fiber == self) return kDeadlock;
  if ((fiber->flags & internal::kFlagDetached) != 0 ||
      !fiber->joiners.empty()) {
    return kInvalid;
  }
  if (fiber->state != internal::kExited) {
    if (fiber->state == internal::kBlocked &&
        fiber->wait_reason == &internal::kJoinReason &&
        fiber->wait_object == self) {
      return kDeadlock;  // (fiber) is joining the caller
    }
    const Status s = internal::Block(&fiber->joiners, &internal::kJoinReason,
                                     fiber, 0, deadline);
    if (s != kOk) return s;
  }
  if (value != nullptr) *value = fiber->exit_value;
  internal::Release(fiber);
  return kOk;
}

Status Detach(Fiber* fiber) {
  internal::ReapPending();
  if (fiber == nullptr || (fiber->flags & internal::kFlagDetached) != 0 ||
      !fiber->joiners.empty()) {
    return kInvalid;
  }
  if (fiber->state == internal::kExited) {
    internal::Release(fiber);
    return kOk;
  }
  fiber->flags |= internal::kFlagDetached;
  return kOk;
}

Status SleepUntil(const hc_timespec& deadline) {
  const Status s =
      internal::Block(nullptr, &internal::kSleepReason, nullptr, 0, &deadline);
  return s == kTimedOut ? kOk : s;
}

Status SleepFor(uint64_t nanoseconds) {
  return SleepUntil(AddNanoseconds(Now(), nanoseconds));
}

hc_timespec Now() {
  hc_timespec now;
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &now);
  return now;
}

hc_timespec AddNanoseconds(const hc_timespec& t, uint64_t nanoseconds) {
  // Binary long division by 1e9 (no 64-bit division helper on 32-bit arm).
  uint64_t sec = 0;
  uint64_t rem = nanoseconds;
  for (int k = 34; k >= 0; --k) {
    const uint64_t d = static_cast<uint64_t>(internal::kNsPerSec) << k;
    if (rem >= d) {
      rem -= d;
      sec |= static_cast<uint64_t>(1) << k;
    }
  }
  const hc_timespec kMax = {INT64_MAX, internal::kNsPerSec - 1};
  int64_t nsec = t.tv_nsec + static_cast<int64_t>(rem);
  if (nsec >= internal::kNsPerSec) {
    nsec -= internal::kNsPerSec;
    ++sec;
  }
  if (sec > static_cast<uint64_t>(INT64_MAX - t.tv_sec)) return kMax;
  return hc_timespec{t.tv_sec + static_cast<int64_t>(sec), nsec};
}

uint64_t Id(const Fiber* fiber) { return fiber->id; }

const char* Name(const Fiber* fiber) { return fiber->name; }

void SetName(Fiber* fiber, const char* name) { fiber->name = name; }

void* UserPointer(const Fiber* fiber) { return fiber->user; }

void SetUserPointer(Fiber* fiber, void* pointer) { fiber->user = pointer; }

void* LibcPointer(const Fiber* fiber) { return fiber->libc; }

void SetLibcPointer(Fiber* fiber, void* pointer) { fiber->libc = pointer; }

void SetSwitchHook(void (*hook)(void*)) { g.switch_hook = hook; }

int* ErrnoLocation() { return &Self()->errno_value; }

Status GetStackInfo(const Fiber* fiber, StackInfo* info) {
  if (fiber == nullptr || info == nullptr ||
      (fiber->flags & internal::kFlagMain) != 0) {
    return kInvalid;
  }
  char* base = static_cast<char*>(fiber->map_base);
  info->low = base + g.page_size;
  info->high = reinterpret_cast<char*>(const_cast<Fiber*>(fiber)) - g.tls_size;
  info->guard_size = fiber->guard_pages != 0 ? g.page_size : 0;
  info->tls_size = g.tls_size;
  info->control_block_size = internal::kControlBlockSize;
  return kOk;
}

size_t FiberCount() {
  Self();
  internal::ReapPending();
  return g.count;
}

Status WaitQueue::Wait(const hc_timespec* deadline, const WaitReason* reason,
                       const void* object) {
  return internal::Block(this,
                         reason != nullptr ? reason : &internal::kQueueReason,
                         object != nullptr ? object : this, 0, deadline);
}

Fiber* WaitQueue::WakeOne() {
  Fiber* f = head_;
  if (f != nullptr) internal::Wake(f);
  return f;
}

size_t WaitQueue::WakeAll() {
  size_t n = 0;
  while (head_ != nullptr) {
    internal::Wake(head_);
    ++n;
  }
  return n;
}

}  // namespace hcall::fibers
