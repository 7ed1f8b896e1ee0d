// rumpkernel/sync.cc -- rumpuser mutexes, rwlocks and condition variables
// on the fibers' Mutex, RwLock and CondVar.
//
// The rule of rumpuser(3): a call that is about to block first releases the
// virtual CPU (hyp_backend_unschedule) and takes it back before returning
// (hyp_backend_schedule). Here a call blocks only when the fiber primitive
// would wait, so each lock first tries without waiting and makes no upcall
// when that succeeds. The exceptions are the ones the interface names:
//   - RUMPUSER_MTX_SPIN mutexes and the *_nowrap calls never release the
//     virtual CPU; if they must wait, the fiber waits holding it;
//   - cv waits always release it, with the mutex as the interlock: the CPU
//     is released before the mutex, and taken back after the mutex is
//     re-acquired, except for a mutex that is both SPIN and KMUTEX, which
//     is re-acquired after the CPU (rumpuser(3), "the order in which the
//     hypervisor reacquires...").
// RUMPUSER_MTX_KMUTEX mutexes record the owning lwp (rumpuser_curlwp) for
// rumpuser_mutex_owner. Misuse (unlocking a lock the fiber does not hold,
// locking a mutex it already holds, destroying a held lock) is a kernel bug
// and panics.
#include "fibers/sync.h"

#include <stddef.h>
#include <stdint.h>

#include <new>

#include "fibers/fiber.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace fibers = hcall::fibers;

struct rumpuser_mtx {
  fibers::Mutex mutex;
  struct lwp* owner;
  int flags;
};

struct rumpuser_rw {
  fibers::RwLock lock;
  struct lwp* writer;  // the lwp holding the write lock
};

struct rumpuser_cv {
  fibers::CondVar cv;
  int waiters;
};

using namespace hcall::rump;

namespace {

// rumpuser_curlwp(), inline.
struct lwp* CurrentLwp() {
  return static_cast<struct lwp*>(fibers::CurrentUserPointer());
}

template <typename T>
T* New() {
  void* p = Allocate(sizeof(T));
  return new (p) T();
}

void SetOwner(rumpuser_mtx* m) {
  if (m->flags & RUMPUSER_MTX_KMUTEX) m->owner = CurrentLwp();
}

// Waits for the fiber mutex without releasing the virtual CPU.
void LockNowrap(rumpuser_mtx* m) {
  const fibers::Status s = m->mutex.Lock();
  if (s == fibers::kDeadlock) Panic("mutex_enter: locking against myself");
  if (s != fibers::kOk) Panic("mutex_enter: cannot lock");
  SetOwner(m);
}

void CvUnschedule(rumpuser_mtx* m, int* nlocks) {
  *nlocks = Unschedule(m);
  m->owner = nullptr;
}

void CvReschedule(rumpuser_mtx* m, int nlocks) {
  constexpr int kBoth = RUMPUSER_MTX_SPIN | RUMPUSER_MTX_KMUTEX;
  if ((m->flags & kBoth) == kBoth) {
    // CondVar::Wait re-acquired the mutex; give it back, take the CPU, then
    // the mutex again.
    if (m->mutex.Unlock() != fibers::kOk) Panic("cv_wait: lost the mutex");
    Schedule(nlocks, m);
    LockNowrap(m);
  } else {
    SetOwner(m);
    Schedule(nlocks, m);
  }
}

// Waits on (cv) releasing (m); (deadline) may be null. kOk or kTimedOut.
fibers::Status CvWait(rumpuser_cv* cv, rumpuser_mtx* m,
                      const hc_timespec* deadline) {
  const fibers::Status s = cv->cv.Wait(&m->mutex, deadline);
  if (s == fibers::kNotOwner) Panic("cv_wait: mutex not held");
  if (s != fibers::kOk && s != fibers::kTimedOut) Panic("cv_wait: failed");
  return s;
}

}  // namespace

// ---- Mutexes ----------------------------------------------------------------

extern "C" void rumpuser_mutex_init(rumpuser_mtx** mtxp, int flags) {
  rumpuser_mtx* m = New<rumpuser_mtx>();
  m->owner = nullptr;
  m->flags = flags;
  *mtxp = m;
}

extern "C" void rumpuser_mutex_enter(rumpuser_mtx* m) {
  if (m->flags & RUMPUSER_MTX_SPIN) {
    rumpuser_mutex_enter_nowrap(m);
    return;
  }
  fibers::Status s = m->mutex.TryLock();
  if (s != fibers::kOk) {
    if (m->mutex.HeldByCurrent()) Panic("mutex_enter: locking against myself");
    const int nlocks = Unschedule(nullptr);
    s = m->mutex.Lock();
    Schedule(nlocks, nullptr);
    if (s != fibers::kOk) Panic("mutex_enter: cannot lock");
  }
  SetOwner(m);
}

extern "C" void rumpuser_mutex_enter_nowrap(rumpuser_mtx* m) {
  if (m->mutex.TryLock() == fibers::kOk) {
    SetOwner(m);
    return;
  }
  LockNowrap(m);
}

extern "C" int rumpuser_mutex_tryenter(rumpuser_mtx* m) {
  if (m->mutex.TryLock() != fibers::kOk) return nb::kEBUSY;
  SetOwner(m);
  return 0;
}

extern "C" void rumpuser_mutex_exit(rumpuser_mtx* m) {
  const struct lwp* owner = m->owner;
  m->owner = nullptr;
  if (m->mutex.Unlock() != fibers::kOk) {
    m->owner = const_cast<struct lwp*>(owner);
    Panic("mutex_exit: not the owner");
  }
}

extern "C" void rumpuser_mutex_destroy(rumpuser_mtx* m) {
  if (m->mutex.Owner() != nullptr || m->mutex.HasWaiters()) {
    Panic("mutex_destroy: mutex in use");
  }
  m->~rumpuser_mtx();
  Release(m, sizeof(rumpuser_mtx));
}

extern "C" void rumpuser_mutex_owner(rumpuser_mtx* m, struct lwp** lp) {
  *lp = m->owner;
}

extern "C" int rumpuser_mutex_spin_p(rumpuser_mtx* m) {
  return (m->flags & RUMPUSER_MTX_SPIN) != 0;
}

// ---- Reader/writer locks ----------------------------------------------------

extern "C" void rumpuser_rw_init(rumpuser_rw** rwp) {
  rumpuser_rw* rw = New<rumpuser_rw>();
  rw->writer = nullptr;
  *rwp = rw;
}

extern "C" void rumpuser_rw_enter(int enum_rumprwlock, rumpuser_rw* rw) {
  const bool write = enum_rumprwlock == RUMPUSER_RW_WRITER;
  if (!write && enum_rumprwlock != RUMPUSER_RW_READER) {
    Panic("rw_enter: unknown lock type");
  }
  fibers::Status s = write ? rw->lock.TryWriteLock() : rw->lock.TryReadLock();
  if (s == fibers::kBusy) {
    const int nlocks = Unschedule(nullptr);
    s = write ? rw->lock.WriteLock() : rw->lock.ReadLock();
    Schedule(nlocks, nullptr);
  }
  if (s == fibers::kDeadlock) Panic("rw_enter: locking against myself");
  if (s != fibers::kOk) Panic("rw_enter: cannot lock");
  if (write) rw->writer = CurrentLwp();
}

extern "C" int rumpuser_rw_tryenter(int enum_rumprwlock, rumpuser_rw* rw) {
  fibers::Status s;
  switch (enum_rumprwlock) {
    case RUMPUSER_RW_WRITER:
      s = rw->lock.TryWriteLock();
      if (s == fibers::kOk) rw->writer = CurrentLwp();
      break;
    case RUMPUSER_RW_READER:
      s = rw->lock.TryReadLock();
      break;
    default:
      return nb::kEINVAL;
  }
  return s == fibers::kOk ? 0 : nb::kEBUSY;
}

extern "C" int rumpuser_rw_tryupgrade(rumpuser_rw* rw) {
  if (rw->lock.TryUpgrade() != fibers::kOk) return nb::kEBUSY;
  rw->writer = CurrentLwp();
  return 0;
}

extern "C" void rumpuser_rw_downgrade(rumpuser_rw* rw) {
  if (rw->lock.Downgrade() != fibers::kOk) Panic("rw_downgrade: not writer");
  rw->writer = nullptr;
}

extern "C" void rumpuser_rw_exit(rumpuser_rw* rw) {
  const bool was_writer = rw->lock.Writer() != nullptr;
  if (rw->lock.Unlock() != fibers::kOk) Panic("rw_exit: not held");
  if (was_writer) rw->writer = nullptr;
}

extern "C" void rumpuser_rw_destroy(rumpuser_rw* rw) {
  if (rw->lock.Writer() != nullptr || rw->lock.Readers() != 0 ||
      rw->lock.HasWaiters()) {
    Panic("rw_destroy: lock in use");
  }
  rw->~rumpuser_rw();
  Release(rw, sizeof(rumpuser_rw));
}

extern "C" void rumpuser_rw_held(int enum_rumprwlock, rumpuser_rw* rw,
                                 int* heldp) {
  switch (enum_rumprwlock) {
    case RUMPUSER_RW_WRITER:
      // Held for writing by the caller's lwp (NetBSD's rw_write_held).
      *heldp = rw->lock.Writer() != nullptr && rw->writer == CurrentLwp();
      break;
    case RUMPUSER_RW_READER:
      // Held for reading by anyone (a read hold has no owner).
      *heldp = rw->lock.Readers() > 0;
      break;
    default:
      Panic("rw_held: unknown lock type");
  }
}

// ---- Condition variables ----------------------------------------------------

extern "C" void rumpuser_cv_init(rumpuser_cv** cvp) {
  rumpuser_cv* cv = New<rumpuser_cv>();
  cv->waiters = 0;
  *cvp = cv;
}

extern "C" void rumpuser_cv_destroy(rumpuser_cv* cv) {
  if (cv->waiters != 0) Panic("cv_destroy: fibers wait on it");
  cv->~rumpuser_cv();
  Release(cv, sizeof(rumpuser_cv));
}

extern "C" void rumpuser_cv_wait(rumpuser_cv* cv, rumpuser_mtx* m) {
  int nlocks;
  ++cv->waiters;
  CvUnschedule(m, &nlocks);
  CvWait(cv, m, nullptr);
  CvReschedule(m, nlocks);
  --cv->waiters;
}

extern "C" void rumpuser_cv_wait_nowrap(rumpuser_cv* cv, rumpuser_mtx* m) {
  ++cv->waiters;
  m->owner = nullptr;
  CvWait(cv, m, nullptr);
  SetOwner(m);
  --cv->waiters;
}

extern "C" int rumpuser_cv_timedwait(rumpuser_cv* cv, rumpuser_mtx* m,
                                     int64_t sec, int64_t nsec) {
  // The deadline is taken before the CPU is released: scheduling may wait.
  hc_timespec deadline = fibers::Now();
  if (sec > 0 || (sec == 0 && nsec > 0)) {
    if (nsec < 0 || nsec >= 1000000000) return nb::kEINVAL;
    const uint64_t max_sec = UINT64_MAX / 1000000000u - 1;
    const uint64_t s = static_cast<uint64_t>(sec) > max_sec
                           ? max_sec
                           : static_cast<uint64_t>(sec);
    deadline = fibers::AddNanoseconds(
        deadline, s * 1000000000u + static_cast<uint64_t>(nsec));
  }
  int nlocks;
  ++cv->waiters;
  CvUnschedule(m, &nlocks);
  const fibers::Status s = CvWait(cv, m, &deadline);
  CvReschedule(m, nlocks);
  --cv->waiters;
  return s == fibers::kTimedOut ? nb::kETIMEDOUT : 0;
}

extern "C" void rumpuser_cv_signal(rumpuser_cv* cv) { cv->cv.Signal(); }

extern "C" void rumpuser_cv_broadcast(rumpuser_cv* cv) { cv->cv.Broadcast(); }

extern "C" void rumpuser_cv_has_waiters(rumpuser_cv* cv, int* waitersp) {
  *waitersp = cv->waiters;
}
