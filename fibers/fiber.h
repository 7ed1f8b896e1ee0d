// fibers/fiber.h -- hcall's cooperative, single-threaded fiber scheduler.
//
// All fibers of an image run on one host thread and switch only when the
// running fiber calls a function documented here as "may switch" (Yield,
// SleepUntil, Join, the blocking calls of WaitQueue and fibers/sync.h). There
// is no preemption and no locking: between two such calls a fiber runs
// alone. The order in which fibers run is a function of the program alone
// (FIFO run queue, FIFO wait queues, deadlines ordered by time then by
// arrival), so runs are repeatable on the deterministic backend.
//
// The scheduler uses nothing but the hypercall ABI (hypercall/hypercall.h):
// stacks and tables come from hc_page_map, deadlines are HC_CLOCK_MONOTONIC,
// idle waiting is hc_clock_nanosleep. It needs no initialisation: the first
// call of any function below turns the calling context (usually the one
// running hc_main) into the "main" fiber, fiber id 0.
//
// The scheduler loop (run when the running fiber yields, blocks or exits):
//   1. If any deadline is pending, read the monotonic clock and move every
//      fiber whose deadline has passed to the run queue (deadline order).
//   2. Run the fiber at the head of the run queue.
//   3. If the run queue is empty and a deadline is pending, sleep with
//      hc_clock_nanosleep until the earliest one, then go to 1.
//   4. If no fiber is left alive (the main fiber called Exit and every other
//      fiber has exited), end the image with hc_exit(0).
//   5. Otherwise every live fiber is blocked with no deadline: write a
//      deadlock report to HC_HANDLE_CONSOLE_ERR that lists each blocked
//      fiber and what it waits on, and hc_abort().
//
// Stacks: each fiber's stack is one hc_page_map mapping with an inaccessible
// guard page (hc_page_protect HC_PROT_NONE) at its low end, so an overflow
// faults instead of writing into other memory (on bare metal too: the
// backend reports the fault and exits with status 126). On a backend where
// hc_page_protect returns HC_ENOTSUP (none of hcall's today), fibers run
// without a guard page. The fiber's control block (at most 256 bytes) lives at
// the top of the same mapping. Frames larger than a page can jump over the
// guard page; image code that needs that guarantee is compiled with
// -fstack-clash-protection. The stacks of freed fibers (up to 16) stay
// mapped, guard page included, and are reused by Create for the same size.
//
// Threads: the library has no locks. All calls must come from the one host
// thread (or context) the fibers run on; none is async-signal-safe.
//
// Errors: functions that can fail return a Status: kOk (0) or a negative
// code. Caller errors are reported, never fatal; the only aborts are the
// deadlock report and the trap when a fiber's entry function returns into
// the trampoline (impossible through this API).
#ifndef HCALL_FIBERS_FIBER_H_
#define HCALL_FIBERS_FIBER_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hcall::fibers {

// Results. The codes that have an HC_E* equivalent use its value; the others
// are below every HC_E* code and never collide with one.
enum Status : int32_t {
  kOk = 0,
  kInvalid = HC_EINVAL,   // an argument is malformed (e.g. a bad deadline),
                          // or the object's state forbids the call
  kNoMemory = HC_ENOMEM,  // hc_page_map could not supply memory
  kAgain = HC_EAGAIN,     // a fixed limit is reached (keys, lock counts)
  kBusy = -64,            // Try*: the call would have to wait
  kDeadlock = -65,        // waiting would wait for the caller itself
  kTimedOut = -66,        // the deadline passed before the wait ended
  kNotOwner = -67,        // the caller does not hold the lock it releases
};

// A short name for (status), e.g. "kTimedOut"; "unknown" for other values.
const char* StatusName(int32_t status);

// A fiber. Opaque; valid from Create() until it is joined, or, if detached,
// until it exits. The main fiber is never freed.
struct Fiber;

// A fiber's entry function; its return value is the fiber's exit value
// (as if it called Exit()).
using FiberFn = void* (*)(void* arg);

// Usable stack bytes when FiberAttr::stack_size is 0.
constexpr size_t kDefaultStackSize = 64 * 1024;
// Smallest accepted FiberAttr::stack_size.
constexpr size_t kMinStackSize = 8 * 1024;

struct FiberAttr {
  // Usable stack bytes (rounded up to whole pages together with the control
  // block); 0 means kDefaultStackSize.
  size_t stack_size = 0;
  // Start detached: the fiber frees itself when it exits.
  bool detached = false;
  // Name shown in the deadlock report; not copied: must outlive the fiber.
  const char* name = nullptr;
};

// Creates a fiber that will run fn(arg), appends it to the tail of the run
// queue and stores it in (*fiber) (may be nullptr for detached fibers). The
// caller keeps running. (attr) may be nullptr for the defaults.
// Returns kOk, kInvalid if (fn) is null or the stack size is below
// kMinStackSize, or kNoMemory (or another HC_E* from hc_page_map /
// hc_page_protect) if the stack cannot be mapped. Does not switch.
Status Create(Fiber** fiber, FiberFn fn, void* arg,
              const FiberAttr* attr = nullptr);

// The running fiber. Never null.
Fiber* Current();

// Moves the running fiber to the tail of the run queue and runs the head
// (expiring deadlines first). Returns at once if no other fiber is runnable.
// May switch.
void Yield();

// Ends the running fiber with exit value (value). First runs the
// destructors of its keys (see KeyCreate), then wakes its joiner. A detached
// fiber's memory is freed soon after (by the next Create, Join, Detach,
// Exit or FiberCount call, or when the scheduler idles). When the main fiber
// exits, the image keeps running until the last fiber exits, then ends
// with hc_exit(0). Never returns. Switches.
[[noreturn]] void Exit(void* value);

// Waits until (fiber) has exited, stores its exit value in (*value) (if
// (value) is not null) and frees it. (deadline), if not null, is an absolute
// HC_CLOCK_MONOTONIC time after which the wait gives up. Returns kOk,
// kDeadlock if (fiber) is the caller or is itself blocked joining the
// caller, kInvalid if (fiber) is null or detached or already has a joiner
// or (deadline) is not a valid timespec, or kTimedOut (fiber not freed).
// May switch.
Status Join(Fiber* fiber, void** value, const hc_timespec* deadline = nullptr);

// Marks (fiber) detached: it frees itself when it exits; if it has already
// exited, it is freed now. Returns kOk, or kInvalid if (fiber) is null,
// already detached, or has a joiner. Does not switch.
Status Detach(Fiber* fiber);

// Blocks the running fiber until the HC_CLOCK_MONOTONIC time (deadline).
// Returns kOk (at or after the deadline; at once if it has passed), or
// kInvalid if (deadline) is not a valid timespec. May switch.
Status SleepUntil(const hc_timespec& deadline);

// SleepUntil(now + (nanoseconds)). Returns kOk. May switch.
Status SleepFor(uint64_t nanoseconds);

// Reads HC_CLOCK_MONOTONIC (the clock of every deadline in this library).
hc_timespec Now();

// Returns (t) + (nanoseconds), saturating at the largest valid timespec.
hc_timespec AddNanoseconds(const hc_timespec& t, uint64_t nanoseconds);

// A number that names (fiber) in reports: 0 for the main fiber, then 1, 2,
// ... in creation order (not reused).
uint64_t Id(const Fiber* fiber);

// The name given at creation or by SetName, or nullptr ("main" for the main
// fiber).
const char* Name(const Fiber* fiber);
void SetName(Fiber* fiber, const char* name);

// A pointer the scheduler stores for the user of the library and never
// interprets (the rump kernel glue keeps the current lwp here). Initially
// nullptr.
void* UserPointer(const Fiber* fiber);
void SetUserPointer(Fiber* fiber, void* pointer);

// A second such pointer, for the C library layered on the fibers (libc_shim's
// newlib layer keeps each thread's struct _reent here), handed to the switch
// hook. Initially nullptr.
void* LibcPointer(const Fiber* fiber);
void SetLibcPointer(Fiber* fiber, void* pointer);

// Sets a function the scheduler calls on every switch, right before the
// fiber it switches to runs, with that fiber's LibcPointer() (the C
// library's chance to switch its per-thread state). It runs on the fiber
// being left and must not switch. nullptr: none (the default); then a
// switch costs one test more.
void SetSwitchHook(void (*hook)(void* next_libc_pointer));

namespace internal {
// The running fiber (nullptr until the first call of this library), and
// where its user pointer sits in it: for CurrentUserPointer() only, checked
// against the control block in fibers/internal/scheduler.h.
extern Fiber* g_current;
inline constexpr size_t kUserPointerOffset = 4 * sizeof(void*);
}  // namespace internal

// UserPointer(Current()), inline: two dependent loads and no call (the rump
// kernel glue reads the current lwp on every entry into the kernel). Before
// the first call of this library it returns nullptr, which is what the
// main fiber's pointer then is.
inline void* CurrentUserPointer() {
  const Fiber* f = internal::g_current;
  if (__builtin_expect(f == nullptr, 0)) return nullptr;
  return *reinterpret_cast<void* const*>(reinterpret_cast<const char*>(f) +
                                         internal::kUserPointerOffset);
}

// The running fiber's private int reserved for the libc shim's errno.
// Initially 0.
int* ErrnoLocation();

// The stack of (fiber): usable bytes [low, high), the inaccessible guard
// [low - guard_size, low) (guard_size is 0 when the backend cannot protect
// pages), its TLS block [high, high + tls_size) (0 bytes if the image has
// no thread-local variables), and the control block [high + tls_size,
// high + tls_size + control_block_size): the fiber's only memory besides its
// stack and TLS block (at most 256 bytes), plus kMaxKeys pointers once it
// sets a key.
struct StackInfo {
  void* low;
  void* high;
  size_t guard_size;
  size_t control_block_size;
  size_t tls_size;
};
// Fills (info). Returns kOk, or kInvalid for the main fiber (whose stack is
// not the scheduler's) or a null argument.
Status GetStackInfo(const Fiber* fiber, StackInfo* info);

// Number of fibers that exist (created and not yet freed, counting exited
// but unjoined ones, and the main fiber).
size_t FiberCount();

// Sets a function the scheduler calls once before it aborts the image (the
// deadlock report): the image's chance to flush buffered console output.
// It runs on the current fiber and must not switch. nullptr: none (the
// default).
void SetBeforeAbort(void (*hook)());

// ---------------------------------------------------------------------------
// Per-fiber local storage (pthread keys)
// ---------------------------------------------------------------------------

using Key = uint32_t;
// Number of keys that can exist at once.
constexpr uint32_t kMaxKeys = 128;
// Rounds of destructor calls at fiber exit (PTHREAD_DESTRUCTOR_ITERATIONS).
constexpr int kDestructorRounds = 4;

// Creates a key whose value is nullptr in every fiber, with an optional
// (destructor). At Exit, for each key whose value in the exiting fiber is
// not nullptr and that has a destructor, the value is set to nullptr and
// destructor(value) is called, in key order; this repeats while values are
// set again, at most kDestructorRounds times. Returns kOk, kAgain if
// kMaxKeys keys exist, or kNoMemory (the key table is one page, mapped on
// first use).
Status KeyCreate(Key* key, void (*destructor)(void* value));

// Deletes (key) without calling destructors; its values in all fibers are
// forgotten, and the number may be reused. Returns kOk or kInvalid.
Status KeyDelete(Key key);

// The running fiber's value of (key), or nullptr if it has none or (key) is
// not a key.
void* GetSpecific(Key key);

// Sets the running fiber's value of (key). The first value a fiber sets
// costs kMaxKeys pointers of memory, taken from a page pool and returned
// when the fiber exits. Returns kOk, kInvalid if (key) is not a key, or
// kNoMemory.
Status SetSpecific(Key key, const void* value);

// ---------------------------------------------------------------------------
// Wait queues: the building block of fibers/sync.h
// ---------------------------------------------------------------------------

// Describes, for the deadlock report, what a blocked fiber waits on.
// Instances have static storage duration.
struct WaitReason {
  const char* what;  // e.g. "mutex"
  // Returns the fiber currently holding (object), or nullptr; may be null.
  const Fiber* (*holder)(const void* object);
};

// A FIFO queue of blocked fibers. Zero-filled memory is an empty queue.
// Not copyable; must not be destroyed or moved while fibers wait on it.
class WaitQueue {
 public:
  constexpr WaitQueue() = default;
  WaitQueue(const WaitQueue&) = delete;
  WaitQueue& operator=(const WaitQueue&) = delete;

  // Blocks the running fiber at the tail of the queue until a Wake* call
  // takes it off (returns kOk) or the HC_CLOCK_MONOTONIC (deadline), if not
  // null, passes (returns kTimedOut; a deadline that has passed returns at
  // once without blocking). Returns kInvalid for an invalid deadline.
  // (reason) and (object) are shown by the deadlock report; (reason) may be
  // null. Spurious wakeups do not happen. May switch.
  Status Wait(const hc_timespec* deadline = nullptr,
              const WaitReason* reason = nullptr, const void* object = nullptr);

  // Takes the fiber at the head off the queue and appends it to the run
  // queue; its Wait returns kOk. Returns it, or nullptr if the queue is
  // empty. Does not switch.
  Fiber* WakeOne();

  // WakeOne() until the queue is empty; returns how many were woken.
  size_t WakeAll();

  bool empty() const { return head_ == nullptr; }
  // The fiber WakeOne() would wake, or nullptr.
  Fiber* front() const { return head_; }

 private:
  friend struct QueueAccess;
  Fiber* head_ = nullptr;
  Fiber* tail_ = nullptr;
};

}  // namespace hcall::fibers

#endif  // HCALL_FIBERS_FIBER_H_
