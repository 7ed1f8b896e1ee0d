// fibers/timer_heap.cc -- the armed deadlines: a pairing heap ordered by
// (deadline, arming order). Iterative, so that it runs in a few words of
// whatever fiber stack it is called on.
#include <stddef.h>
#include <stdint.h>

#include "fibers/internal/list.h"
#include "fibers/internal/scheduler.h"
#include "fibers/internal/state.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers::internal {
namespace {

bool TimerLess(const Fiber* a, const Fiber* b) {
  if (Before(a->deadline, b->deadline)) return true;
  if (Before(b->deadline, a->deadline)) return false;
  return a->timer_seq < b->timer_seq;
}

// Melds two heap roots (no siblings, no parent); returns the new root.
Fiber* Meld(Fiber* a, Fiber* b) {
  if (TimerLess(b, a)) {
    Fiber* t = a;
    a = b;
    b = t;
  }
  b->heap_prev = a;
  b->heap_next = a->heap_child;
  if (a->heap_child != nullptr) a->heap_child->heap_prev = b;
  a->heap_child = b;
  return a;
}

// Combines the sibling list starting at (first) into one heap (two-pass
// pairing); returns its root, or nullptr.
Fiber* MergePairs(Fiber* first) {
  Fiber* pairs = nullptr;  // melded pairs, last first, linked by heap_next
  while (first != nullptr) {
    Fiber* a = first;
    Fiber* b = a->heap_next;
    first = b != nullptr ? b->heap_next : nullptr;
    a->heap_next = nullptr;
    a->heap_prev = nullptr;
    if (b != nullptr) {
      b->heap_next = nullptr;
      b->heap_prev = nullptr;
      a = Meld(a, b);
    }
    a->heap_next = pairs;
    pairs = a;
  }
  if (pairs == nullptr) return nullptr;
  Fiber* root = pairs;
  Fiber* rest = root->heap_next;
  root->heap_next = nullptr;
  while (rest != nullptr) {
    Fiber* n = rest->heap_next;
    rest->heap_next = nullptr;
    root = Meld(root, rest);
    rest = n;
  }
  return root;
}

}  // namespace

void TimerInsert(Fiber* f) {
  f->heap_child = nullptr;
  f->heap_next = nullptr;
  f->heap_prev = nullptr;
  f->timer_seq = ++g.timer_seq;
  f->flags |= kFlagTimer;
  g.timer_root = g.timer_root == nullptr ? f : Meld(g.timer_root, f);
}

void TimerRemove(Fiber* f) {
  if (f == g.timer_root) {
    g.timer_root = MergePairs(f->heap_child);
  } else {
    if (f->heap_prev->heap_child == f) {
      f->heap_prev->heap_child = f->heap_next;
    } else {
      f->heap_prev->heap_next = f->heap_next;
    }
    if (f->heap_next != nullptr) f->heap_next->heap_prev = f->heap_prev;
    Fiber* sub = MergePairs(f->heap_child);
    if (sub != nullptr) g.timer_root = Meld(g.timer_root, sub);
  }
  f->heap_child = nullptr;
  f->heap_next = nullptr;
  f->heap_prev = nullptr;
  f->flags &= static_cast<uint8_t>(~kFlagTimer);
}

void ExpireTimers() {
  hc_timespec now;
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &now);
  while (g.timer_root != nullptr && !Before(now, g.timer_root->deadline)) {
    Fiber* f = g.timer_root;
    TimerRemove(f);
    if (f->queue != nullptr) QueueAccess::Remove(f->queue, f);
    f->wake_status = kTimedOut;
    RunPush(f);
  }
}

}  // namespace hcall::fibers::internal
