// fibers/internal/state.h -- the scheduler's global state, and what the
// files of fibers/ that share it call each other for: fiber.cc (fibers,
// run queue, switching, the public API), timer_heap.cc, keys.cc and
// deadlock_report.cc. Not public API.
#ifndef HCALL_FIBERS_INTERNAL_STATE_H_
#define HCALL_FIBERS_INTERNAL_STATE_H_

#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "fibers/internal/list.h"
#include "fibers/internal/scheduler.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers::internal {

struct KeySlot {
  void (*destructor)(void*);
  uintptr_t in_use;
};
constexpr size_t kKeyTableBytes = kMaxKeys * sizeof(KeySlot);
constexpr size_t kKeyBlockBytes = kMaxKeys * sizeof(void*);
static_assert(kKeyTableBytes <= 4096 && kKeyBlockBytes <= 4096,
              "key table and value blocks fit the smallest page");

struct Scheduler {
  Fiber* run_head = nullptr;  // run queue (QueueList)
  Fiber* run_tail = nullptr;
  Fiber* timer_root = nullptr;  // pairing heap of armed deadlines
  uint64_t timer_seq = 0;
  Fiber* all_head = nullptr;  // every existing fiber (AllList)
  Fiber* all_tail = nullptr;
  Fiber* reap = nullptr;  // exited detached fiber, not yet freed
  uint64_t next_id = 0;
  size_t live = 0;   // fibers that have not exited
  size_t count = 0;  // fibers not yet freed
  size_t page_size = 0;
  // Bytes of each fiber's TLS block (hc_tls_size() rounded to 16), between
  // its stack and its control block; 0 if the image has no thread-local
  // variables: then switches leave the thread pointer alone.
  size_t tls_size = 0;
  void (*switch_hook)(void*) = nullptr;  // SetSwitchHook()
  Fiber* stack_cache = nullptr;          // linked through Fiber::next
  size_t stack_cache_len = 0;
  KeySlot* keys = nullptr;       // kMaxKeys slots, one page
  void** free_blocks = nullptr;  // free key-value blocks, linked by word 0
  Fiber main;
};

extern Scheduler g;

inline bool Before(const hc_timespec& a, const hc_timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

// The run queue: FIFO.
inline void RunPush(Fiber* f) {
  f->state = kRunnable;
  QueueList::PushBack(g.run_head, g.run_tail, f);
}

inline Fiber* RunPop() { return QueueList::PopFront(g.run_head, g.run_tail); }

// ---- Timers (timer_heap.cc): a pairing heap of armed deadlines ----------

// Arms (f) at f->deadline, after every fiber armed earlier at the same time.
void TimerInsert(Fiber* f);
// Disarms (f), which is armed.
void TimerRemove(Fiber* f);
// Moves every fiber whose deadline has passed to the run queue, earliest
// first; their Block() returns kTimedOut.
void ExpireTimers();

// ---- Keys (keys.cc) ------------------------------------------------------

bool KeyValid(Key key);
// A zeroed block of kMaxKeys values, or nullptr without memory.
void** TakeKeyBlock();
// Runs (self)'s key destructors (kDestructorRounds at most) and gives its
// value block back.
void RunKeyDestructors(Fiber* self);

// ---- The deadlock report (deadlock_report.cc) ----------------------------

// SetBeforeAbort()'s hook; called once.
extern void (*g_before_abort)();
// Calls the hook, prints which fiber waits on what (and who holds it) on
// the error console, and aborts.
[[noreturn]] void DeadlockReport();

}  // namespace hcall::fibers::internal

#endif  // HCALL_FIBERS_INTERNAL_STATE_H_
