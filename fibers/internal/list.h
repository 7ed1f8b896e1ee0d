// fibers/internal/list.h -- the scheduler's one intrusive list: doubly
// linked through two link members of Fiber, kept as a (head, tail) pair
// wherever it lives. The run queue and every wait queue link through
// (next, prev) -- a fiber is on at most one of them at a time --, the list
// of every fiber through (all_next, all_prev). Not public API.
#ifndef HCALL_FIBERS_INTERNAL_LIST_H_
#define HCALL_FIBERS_INTERNAL_LIST_H_

#include "fibers/internal/scheduler.h"

namespace hcall::fibers::internal {

template <Fiber* Fiber::*Next, Fiber* Fiber::*Prev>
struct IntrusiveList {
  // Appends (f), which is on no list of these links.
  static void PushBack(Fiber*& head, Fiber*& tail, Fiber* f) {
    f->*Next = nullptr;
    f->*Prev = tail;
    if (tail != nullptr) {
      tail->*Next = f;
    } else {
      head = f;
    }
    tail = f;
  }

  // Unlinks and returns the first fiber, or nullptr.
  static Fiber* PopFront(Fiber*& head, Fiber*& tail) {
    Fiber* f = head;
    if (f == nullptr) return nullptr;
    head = f->*Next;
    if (head != nullptr) {
      head->*Prev = nullptr;
    } else {
      tail = nullptr;
    }
    f->*Next = nullptr;
    return f;
  }

  // Unlinks (f), which is on this list.
  static void Remove(Fiber*& head, Fiber*& tail, Fiber* f) {
    if (f->*Prev != nullptr) {
      (f->*Prev)->*Next = f->*Next;
    } else {
      head = f->*Next;
    }
    if (f->*Next != nullptr) {
      (f->*Next)->*Prev = f->*Prev;
    } else {
      tail = f->*Prev;
    }
    f->*Next = nullptr;
    f->*Prev = nullptr;
  }
};

// The run queue and the wait queues.
using QueueList = IntrusiveList<&Fiber::next, &Fiber::prev>;
// Every existing fiber, in creation order.
using AllList = IntrusiveList<&Fiber::all_next, &Fiber::all_prev>;

}  // namespace hcall::fibers::internal

#endif  // HCALL_FIBERS_INTERNAL_LIST_H_
