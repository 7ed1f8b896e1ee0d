// fibers/sync.cc -- Mutex, RwLock, CondVar and Once on the scheduler's
// Block()/Wake() primitives. Image code: no libc.
#include "fibers/sync.h"

#include <stdint.h>

#include "fibers/fiber.h"
#include "fibers/internal/scheduler.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers {
namespace {

using internal::Block;
using internal::Self;
using internal::Wake;

const WaitReason kMutexReason = {"mutex", [](const void* o) -> const Fiber* {
                                   return static_cast<const Mutex*>(o)->Owner();
                                 }};
const WaitReason kRwLockReason = {
    "rwlock", [](const void* o) -> const Fiber* {
      return static_cast<const RwLock*>(o)->Writer();
    }};
const WaitReason kRwUpgradeReason = {"rwlock upgrade", nullptr};
const WaitReason kCondVarReason = {"condvar", nullptr};
const WaitReason kOnceReason = {"once", nullptr};

// Tags of RwLock waiters (Fiber::wait_tag).
constexpr uintptr_t kReader = 1;
constexpr uintptr_t kWriter = 2;

}  // namespace

// ---------------------------------------------------------------------------
// Mutex
// ---------------------------------------------------------------------------

Status Mutex::Lock(const hc_timespec* deadline) {
  Fiber* self = Self();
  if (owner_ == nullptr) {
    owner_ = self;
    count_ = 1;
    return kOk;
  }
  if (owner_ == self) {
    if (kind_ != kRecursive) return kDeadlock;
    if (count_ == UINT32_MAX) return kAgain;
    ++count_;
    return kOk;
  }
  // Unlock() hands the mutex over (owner_ = us) before waking us.
  return Block(&waiters_, &kMutexReason, this, 0, deadline);
}

Status Mutex::TryLock() {
  Fiber* self = Self();
  if (owner_ == nullptr) {
    owner_ = self;
    count_ = 1;
    return kOk;
  }
  if (owner_ == self && kind_ == kRecursive) {
    if (count_ == UINT32_MAX) return kAgain;
    ++count_;
    return kOk;
  }
  return kBusy;
}

Status Mutex::Unlock() {
  if (owner_ != Self()) return kNotOwner;
  if (--count_ != 0) return kOk;
  Fiber* next = waiters_.front();
  owner_ = next;
  if (next != nullptr) {
    count_ = 1;
    Wake(next);
  }
  return kOk;
}

bool Mutex::HeldByCurrent() const {
  return owner_ != nullptr && owner_ == Self();
}

// ---------------------------------------------------------------------------
// RwLock
// ---------------------------------------------------------------------------

void RwLock::Grant() {
  if (writer_ != nullptr) return;
  if (upgrader_ != nullptr) {
    // The pending upgrade goes first, as soon as its fiber is the only
    // reader; nothing else is admitted meanwhile. An upgrader that is no
    // longer blocked has timed out: it withdraws and calls Grant() itself.
    if (readers_ == 1 && upgrader_->state == internal::kBlocked) {
      Fiber* u = upgrader_;
      upgrader_ = nullptr;
      readers_ = 0;
      writer_ = u;
      Wake(u);
    }
    return;
  }
  while (Fiber* f = waiters_.front()) {
    if (f->wait_tag == kWriter) {
      if (readers_ == 0) {
        writer_ = f;
        Wake(f);
      }
      return;
    }
    if (readers_ == UINT32_MAX) return;
    ++readers_;
    Wake(f);
  }
}

Status RwLock::ReadLock(const hc_timespec* deadline) {
  Fiber* self = Self();
  if (writer_ == self) return kDeadlock;
  if (writer_ == nullptr && upgrader_ == nullptr && waiters_.empty()) {
    if (readers_ == UINT32_MAX) return kAgain;
    ++readers_;
    return kOk;
  }
  const Status s = Block(&waiters_, &kRwLockReason, this, kReader, deadline);
  // A request that leaves the queue early may unblock those behind it.
  if (s == kTimedOut) Grant();
  return s;
}

Status RwLock::TryReadLock() {
  Fiber* self = Self();
  if (writer_ == self) return kDeadlock;
  if (writer_ != nullptr || upgrader_ != nullptr || !waiters_.empty()) {
    return kBusy;
  }
  if (readers_ == UINT32_MAX) return kAgain;
  ++readers_;
  return kOk;
}

Status RwLock::WriteLock(const hc_timespec* deadline) {
  Fiber* self = Self();
  if (writer_ == self) return kDeadlock;
  if (writer_ == nullptr && upgrader_ == nullptr && readers_ == 0 &&
      waiters_.empty()) {
    writer_ = self;
    return kOk;
  }
  const Status s = Block(&waiters_, &kRwLockReason, this, kWriter, deadline);
  if (s == kTimedOut) Grant();
  return s;
}

Status RwLock::TryWriteLock() {
  Fiber* self = Self();
  if (writer_ == self) return kDeadlock;
  if (writer_ != nullptr || upgrader_ != nullptr || readers_ != 0 ||
      !waiters_.empty()) {
    return kBusy;
  }
  writer_ = self;
  return kOk;
}

Status RwLock::Unlock() {
  Fiber* self = Self();
  if (writer_ != nullptr) {
    if (writer_ != self) return kNotOwner;
    writer_ = nullptr;
  } else if (readers_ != 0) {
    --readers_;
  } else {
    return kNotOwner;
  }
  Grant();
  return kOk;
}

Status RwLock::Upgrade(const hc_timespec* deadline) {
  Fiber* self = Self();
  if (writer_ == self) return kDeadlock;
  if (readers_ == 0) return kNotOwner;
  if (upgrader_ != nullptr) return kDeadlock;
  if (readers_ == 1) {
    readers_ = 0;
    writer_ = self;
    return kOk;
  }
  if (deadline != nullptr && !internal::ValidTimespec(*deadline)) {
    return kInvalid;
  }
  upgrader_ = self;
  // Grant() makes us the writer before waking us.
  const Status s = Block(nullptr, &kRwUpgradeReason, this, 0, deadline);
  if (s != kOk) {
    upgrader_ = nullptr;  // still a reader
    Grant();
  }
  return s;
}

Status RwLock::TryUpgrade() {
  Fiber* self = Self();
  if (writer_ == self) return kBusy;
  if (readers_ == 0) return kNotOwner;
  if (readers_ != 1 || upgrader_ != nullptr) return kBusy;
  readers_ = 0;
  writer_ = self;
  return kOk;
}

Status RwLock::Downgrade() {
  if (writer_ == nullptr || writer_ != Self()) return kNotOwner;
  writer_ = nullptr;
  readers_ = 1;
  Grant();
  return kOk;
}

bool RwLock::WriteHeldByCurrent() const {
  return writer_ != nullptr && writer_ == Self();
}

// ---------------------------------------------------------------------------
// CondVar
// ---------------------------------------------------------------------------

Status CondVar::Wait(Mutex* mutex, const hc_timespec* deadline) {
  Fiber* self = Self();
  if (mutex == nullptr || mutex->owner_ != self) return kNotOwner;
  if (deadline != nullptr && !internal::ValidTimespec(*deadline)) {
    return kInvalid;
  }
  const uint32_t depth = mutex->count_;
  mutex->count_ = 1;
  mutex->Unlock();
  const Status s = Block(&waiters_, &kCondVarReason, this, 0, deadline);
  // Cannot fail: the caller does not hold it now, and there is no deadline.
  mutex->Lock(nullptr);
  mutex->count_ = depth;
  return s;
}

void CondVar::Signal() { waiters_.WakeOne(); }

void CondVar::Broadcast() { waiters_.WakeAll(); }

// ---------------------------------------------------------------------------
// Once
// ---------------------------------------------------------------------------

Status Once::Run(void (*fn)(void*), void* arg) {
  if (state_ == kDone) return kOk;
  Fiber* self = Self();
  if (state_ == kRunning) {
    if (runner_ == self) return kDeadlock;
    while (state_ != kDone) Block(&waiters_, &kOnceReason, this, 0, nullptr);
    return kOk;
  }
  state_ = kRunning;
  runner_ = self;
  fn(arg);
  state_ = kDone;
  runner_ = nullptr;
  waiters_.WakeAll();
  return kOk;
}

Status Once::Run(void (*fn)()) {
  struct Thunk {
    void (*fn)();
    static void Call(void* self) { static_cast<Thunk*>(self)->fn(); }
  } thunk = {fn};
  return Run(&Thunk::Call, &thunk);
}

}  // namespace hcall::fibers
