// fibers/sync.h -- synchronisation between the fibers of fibers/fiber.h:
// mutex, reader/writer lock, condition variable, once.
//
// Every object here is usable when zero-filled (the pthread *_INITIALIZER
// case) and has a constexpr constructor, so a global one is
// constant-initialised (no static constructor runs). None is copyable, and
// none may be destroyed while a fiber waits on or holds it.
//
// Deadlines are absolute HC_CLOCK_MONOTONIC times (see fibers::Now() and
// fibers::AddNanoseconds()); nullptr means no deadline. A deadline is
// validated only when the call would block. A caller with a REALTIME
// deadline converts it first.
//
// Fairness: every queue is FIFO and locks are handed over directly to the
// first waiter on release, so a fiber that releases and at once re-acquires
// a contended lock goes to the back of the queue.
//
// Nothing here is safe to use from a signal handler or another host thread.
#ifndef HCALL_FIBERS_SYNC_H_
#define HCALL_FIBERS_SYNC_H_

#include <stdint.h>

#include "fibers/fiber.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers {

// A mutual exclusion lock with an owner.
class Mutex {
 public:
  enum Kind : uint8_t {
    // Locking a mutex the caller already holds fails with kDeadlock
    // (pthread ERRORCHECK; also what DEFAULT and NORMAL mutexes map to).
    kNonRecursive = 0,
    // The owner may lock it again; it is released when Unlock() has been
    // called as many times as Lock() (pthread RECURSIVE).
    kRecursive = 1,
  };

  constexpr Mutex() = default;
  constexpr explicit Mutex(Kind kind) : kind_(kind) {}
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  // Acquires the mutex, waiting behind earlier waiters if another fiber
  // holds it. Returns kOk, kDeadlock (non-recursive and held by the caller),
  // kAgain (recursion count would overflow), kTimedOut or kInvalid (bad
  // (deadline), only checked when the call must wait). May switch.
  Status Lock(const hc_timespec* deadline = nullptr);

  // Acquires the mutex if that needs no waiting. Returns kOk, kBusy (held
  // by another fiber, or non-recursive and held by the caller) or kAgain.
  // Does not switch.
  Status TryLock();

  // Releases one level of the caller's hold; on the last one, hands the
  // mutex to the first waiter (made runnable). Returns kOk or kNotOwner (the
  // caller does not hold it). Does not switch.
  Status Unlock();

  // The holder, or nullptr (rumpuser_mutex_owner).
  Fiber* Owner() const { return owner_; }
  bool HeldByCurrent() const;
  bool HasWaiters() const { return !waiters_.empty(); }
  Kind kind() const { return kind_; }
  // How many times the holder has locked it (0 when unlocked).
  uint32_t Depth() const { return count_; }

 private:
  friend class CondVar;
  WaitQueue waiters_;
  Fiber* owner_ = nullptr;
  uint32_t count_ = 0;
  Kind kind_ = kNonRecursive;
};

// A reader/writer lock, FIFO-fair: a request waits if any earlier request
// waits, so writers are not starved; a run of readers at the head of the
// queue is admitted together. A fiber holding a read lock that asks for
// another read lock while a writer waits therefore waits (behind the
// writer, so it deadlocks): do not take read locks recursively.
class RwLock {
 public:
  constexpr RwLock() = default;
  RwLock(const RwLock&) = delete;
  RwLock& operator=(const RwLock&) = delete;

  // Acquires a shared hold. Returns kOk, kDeadlock (the caller holds the
  // write lock), kAgain (reader count would overflow), kTimedOut or
  // kInvalid (bad deadline). May switch.
  Status ReadLock(const hc_timespec* deadline = nullptr);
  // Returns kOk, kBusy (a writer holds it, an upgrade is pending or a
  // request waits), kDeadlock or kAgain. Does not switch.
  Status TryReadLock();

  // Acquires the exclusive hold. Returns kOk, kDeadlock (the caller holds
  // the write lock), kTimedOut or kInvalid. May switch.
  Status WriteLock(const hc_timespec* deadline = nullptr);
  // Returns kOk, kBusy or kDeadlock. Does not switch.
  Status TryWriteLock();

  // Releases the caller's write hold, or one read hold. Returns kOk, or
  // kNotOwner if the lock is not held, or write-held by another fiber. (Read
  // holds are counted, not tracked per fiber: releasing a read hold the
  // caller does not have is not detected.) Does not switch.
  Status Unlock();

  // Turns the caller's read hold into the write hold, waiting (ahead of
  // every queued request) until the caller is the only reader. On any error
  // the caller keeps its read hold. Returns kOk, kDeadlock (another upgrade
  // is already pending: both would wait forever, or the caller holds the
  // write lock), kNotOwner (no reader), kTimedOut or kInvalid. May switch.
  Status Upgrade(const hc_timespec* deadline = nullptr);
  // Upgrades only if the caller is the only reader and no upgrade is
  // pending. Returns kOk, kBusy or kNotOwner. Does not switch.
  Status TryUpgrade();

  // Turns the caller's write hold into a read hold and admits the readers
  // at the head of the queue. Returns kOk or kNotOwner. Does not switch.
  Status Downgrade();

  // The writer, or nullptr.
  Fiber* Writer() const { return writer_; }
  // Number of read holds.
  uint32_t Readers() const { return readers_; }
  bool WriteHeldByCurrent() const;
  bool HasWaiters() const { return !waiters_.empty() || upgrader_ != nullptr; }

 private:
  // Admits waiting requests that the current state allows.
  void Grant();

  WaitQueue waiters_;
  Fiber* writer_ = nullptr;
  Fiber* upgrader_ = nullptr;  // a reader waiting in Upgrade()
  uint32_t readers_ = 0;
};

// A condition variable, used with a Mutex.
class CondVar {
 public:
  constexpr CondVar() = default;
  CondVar(const CondVar&) = delete;
  CondVar& operator=(const CondVar&) = delete;

  // Releases (mutex) completely (all recursion levels), waits for Signal /
  // Broadcast or (deadline), then re-acquires (mutex) to the same depth
  // (waiting for it without deadline, as pthreads does) before returning.
  // Returns kOk (signalled), kTimedOut (mutex held again), kNotOwner (the
  // caller does not hold (mutex); nothing done) or kInvalid (bad deadline;
  // nothing done). May switch.
  Status Wait(Mutex* mutex, const hc_timespec* deadline = nullptr);

  // Wakes the first waiter, if any. Does not switch.
  void Signal();
  // Wakes every waiter, in FIFO order. Does not switch.
  void Broadcast();

  bool HasWaiters() const { return !waiters_.empty(); }

 private:
  WaitQueue waiters_;
};

// Runs an initialisation function exactly once.
class Once {
 public:
  constexpr Once() = default;
  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;

  // The first call runs fn(arg); calls made while it runs (it may switch)
  // wait until it returns. Returns kOk once fn has returned, or kDeadlock if
  // called from within fn by the fiber running it. If fn never returns
  // (its fiber exits), later callers wait forever. May switch.
  Status Run(void (*fn)(void* arg), void* arg);
  // The same, for pthread_once's argument-less function.
  Status Run(void (*fn)());

  bool done() const { return state_ == kDone; }

 private:
  enum State : uint8_t { kNotRun = 0, kRunning = 1, kDone = 2 };
  WaitQueue waiters_;
  Fiber* runner_ = nullptr;
  State state_ = kNotRun;
};

}  // namespace hcall::fibers

#endif  // HCALL_FIBERS_SYNC_H_
