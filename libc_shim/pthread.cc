// libc_shim/pthread.cc -- POSIX threads on fibers (see hcl/pthread.h for
// where cooperative scheduling makes them differ from POSIX).
#include "hcl/pthread.h"

#include <new>

#include "fibers/fiber.h"
#include "fibers/sync.h"
#include "hcl/errno.h"
#include "hcl/time.h"
#include "libc_shim/internal/time.h"

namespace hcall::libc {
namespace {

using fibers::Status;

struct MutexObject {
  fibers::Mutex mutex;
  int type;
};
struct CondObject {
  fibers::CondVar cond;
  int clock;
};

static_assert(sizeof(MutexObject) <= sizeof(hcl_pthread_mutex_t), "mutex");
static_assert(sizeof(CondObject) <= sizeof(hcl_pthread_cond_t), "cond");
static_assert(sizeof(fibers::RwLock) <= sizeof(hcl_pthread_rwlock_t), "rw");
static_assert(sizeof(fibers::Once) <= sizeof(hcl_pthread_once_t), "once");
static_assert(alignof(MutexObject) <= alignof(hcl_pthread_mutex_t), "align");

// Zero-filled storage is a valid unlocked object of each kind (sync.h).
MutexObject* M(hcl_pthread_mutex_t* m) {
  return reinterpret_cast<MutexObject*>(m->u.bytes);
}
CondObject* C(hcl_pthread_cond_t* c) {
  return reinterpret_cast<CondObject*>(c->u.bytes);
}
fibers::RwLock* R(hcl_pthread_rwlock_t* l) {
  return reinterpret_cast<fibers::RwLock*>(l->u.bytes);
}

int to_errno(Status s) {
  switch (s) {
    case fibers::kOk:
      return 0;
    case fibers::kBusy:
      return HCL_EBUSY;
    case fibers::kDeadlock:
      return HCL_EDEADLK;
    case fibers::kTimedOut:
      return HCL_ETIMEDOUT;
    case fibers::kNotOwner:
      return HCL_EPERM;
    case fibers::kAgain:
      return HCL_EAGAIN;
    case fibers::kNoMemory:
      return HCL_EAGAIN;
    default:
      return HCL_EINVAL;
  }
}

fibers::Fiber* F(hcl_pthread_t t) {
  return reinterpret_cast<fibers::Fiber*>(t);
}

// Waits until the count is positive and takes one; (abstime) null: no
// deadline.
int sem_take(hcl_sem_t* sem, const struct hcl_timespec* abstime) {
  int e = hcl_pthread_mutex_lock(&sem->lock);
  if (e != 0) return e;
  while (e == 0 && sem->value == 0) {
    e = abstime == nullptr
            ? hcl_pthread_cond_wait(&sem->posted, &sem->lock)
            : hcl_pthread_cond_timedwait(&sem->posted, &sem->lock, abstime);
  }
  if (e == 0) --sem->value;
  hcl_pthread_mutex_unlock(&sem->lock);
  return e;
}

}  // namespace
}  // namespace hcall::libc

using namespace hcall::libc;
namespace fibers = hcall::fibers;

extern "C" {

// ---- Threads -------------------------------------------------------------

int hcl_pthread_create(hcl_pthread_t* thread, const hcl_pthread_attr_t* attr,
                       void* (*start)(void*), void* arg) {
  fibers::FiberAttr fa;
  if (attr != nullptr) {
    fa.stack_size = attr->stack_size;
    fa.detached = attr->detach_state == HCL_PTHREAD_CREATE_DETACHED;
  }
  fibers::Fiber* f = nullptr;
  const Status s = fibers::Create(&f, start, arg, &fa);
  if (s != fibers::kOk) return to_errno(s);
  if (thread != nullptr) *thread = reinterpret_cast<hcl_pthread_t>(f);
  return 0;
}

int hcl_pthread_join(hcl_pthread_t thread, void** value) {
  return to_errno(fibers::Join(F(thread), value));
}

int hcl_pthread_detach(hcl_pthread_t thread) {
  return to_errno(fibers::Detach(F(thread)));
}

hcl_pthread_t hcl_pthread_self(void) {
  return reinterpret_cast<hcl_pthread_t>(fibers::Current());
}

int hcl_pthread_equal(hcl_pthread_t a, hcl_pthread_t b) { return a == b; }

void hcl_pthread_exit(void* value) { fibers::Exit(value); }

int hcl_sched_yield(void) {
  fibers::Yield();
  return 0;
}

int hcl_pthread_attr_init(hcl_pthread_attr_t* attr) {
  attr->stack_size = 0;
  attr->detach_state = HCL_PTHREAD_CREATE_JOINABLE;
  attr->reserved = 0;
  return 0;
}

int hcl_pthread_attr_destroy(hcl_pthread_attr_t* attr) {
  (void)attr;
  return 0;
}

int hcl_pthread_attr_setstacksize(hcl_pthread_attr_t* attr, size_t size) {
  if (size < fibers::kMinStackSize) return HCL_EINVAL;
  attr->stack_size = size;
  return 0;
}

int hcl_pthread_attr_getstacksize(const hcl_pthread_attr_t* attr,
                                  size_t* size) {
  *size = attr->stack_size == 0 ? fibers::kDefaultStackSize : attr->stack_size;
  return 0;
}

int hcl_pthread_attr_setdetachstate(hcl_pthread_attr_t* attr, int state) {
  if (state != HCL_PTHREAD_CREATE_JOINABLE &&
      state != HCL_PTHREAD_CREATE_DETACHED) {
    return HCL_EINVAL;
  }
  attr->detach_state = state;
  return 0;
}

int hcl_pthread_attr_getdetachstate(const hcl_pthread_attr_t* attr,
                                    int* state) {
  *state = attr->detach_state;
  return 0;
}

// ---- Mutexes -------------------------------------------------------------

int hcl_pthread_mutexattr_init(hcl_pthread_mutexattr_t* attr) {
  attr->type = HCL_PTHREAD_MUTEX_DEFAULT;
  return 0;
}

int hcl_pthread_mutexattr_destroy(hcl_pthread_mutexattr_t* attr) {
  (void)attr;
  return 0;
}

int hcl_pthread_mutexattr_settype(hcl_pthread_mutexattr_t* attr, int type) {
  if (type != HCL_PTHREAD_MUTEX_NORMAL && type != HCL_PTHREAD_MUTEX_RECURSIVE &&
      type != HCL_PTHREAD_MUTEX_ERRORCHECK) {
    return HCL_EINVAL;
  }
  attr->type = type;
  return 0;
}

int hcl_pthread_mutexattr_gettype(const hcl_pthread_mutexattr_t* attr,
                                  int* type) {
  *type = attr->type;
  return 0;
}

int hcl_pthread_mutex_init(hcl_pthread_mutex_t* m,
                           const hcl_pthread_mutexattr_t* attr) {
  const int type = attr != nullptr ? attr->type : HCL_PTHREAD_MUTEX_DEFAULT;
  MutexObject* o = M(m);
  new (&o->mutex) fibers::Mutex(type == HCL_PTHREAD_MUTEX_RECURSIVE
                                    ? fibers::Mutex::kRecursive
                                    : fibers::Mutex::kNonRecursive);
  o->type = type;
  return 0;
}

int hcl_pthread_mutex_destroy(hcl_pthread_mutex_t* m) {
  const fibers::Mutex& mu = M(m)->mutex;
  return mu.Owner() != nullptr || mu.HasWaiters() ? HCL_EBUSY : 0;
}

int hcl_pthread_mutex_lock(hcl_pthread_mutex_t* m) {
  return to_errno(M(m)->mutex.Lock());
}

int hcl_pthread_mutex_trylock(hcl_pthread_mutex_t* m) {
  return to_errno(M(m)->mutex.TryLock());
}

int hcl_pthread_mutex_timedlock(hcl_pthread_mutex_t* m,
                                const struct hcl_timespec* abstime) {
  fibers::Mutex& mu = M(m)->mutex;
  const Status s = mu.TryLock();
  if (s != fibers::kBusy) return to_errno(s);
  if (mu.HeldByCurrent()) return HCL_EDEADLK;
  if (!valid_timespec(*abstime)) return HCL_EINVAL;
  const hc_timespec deadline = monotonic_deadline(HCL_CLOCK_REALTIME, *abstime);
  return to_errno(mu.Lock(&deadline));
}

int hcl_pthread_mutex_unlock(hcl_pthread_mutex_t* m) {
  return to_errno(M(m)->mutex.Unlock());
}

// ---- Condition variables -------------------------------------------------

int hcl_pthread_condattr_init(hcl_pthread_condattr_t* attr) {
  attr->clock = HCL_CLOCK_REALTIME;
  return 0;
}

int hcl_pthread_condattr_destroy(hcl_pthread_condattr_t* attr) {
  (void)attr;
  return 0;
}

int hcl_pthread_condattr_setclock(hcl_pthread_condattr_t* attr,
                                  hcl_clockid_t clock) {
  if (clock != HCL_CLOCK_REALTIME && clock != HCL_CLOCK_MONOTONIC) {
    return HCL_EINVAL;
  }
  attr->clock = clock;
  return 0;
}

int hcl_pthread_cond_init(hcl_pthread_cond_t* c,
                          const hcl_pthread_condattr_t* attr) {
  CondObject* o = C(c);
  new (&o->cond) fibers::CondVar();
  o->clock = attr != nullptr ? attr->clock : HCL_CLOCK_REALTIME;
  return 0;
}

int hcl_pthread_cond_destroy(hcl_pthread_cond_t* c) {
  return C(c)->cond.HasWaiters() ? HCL_EBUSY : 0;
}

int hcl_pthread_cond_wait(hcl_pthread_cond_t* c, hcl_pthread_mutex_t* m) {
  return to_errno(C(c)->cond.Wait(&M(m)->mutex));
}

int hcl_pthread_cond_timedwait(hcl_pthread_cond_t* c, hcl_pthread_mutex_t* m,
                               const struct hcl_timespec* abstime) {
  if (!valid_timespec(*abstime)) return HCL_EINVAL;
  CondObject* o = C(c);
  const hc_timespec deadline = monotonic_deadline(o->clock, *abstime);
  return to_errno(o->cond.Wait(&M(m)->mutex, &deadline));
}

int hcl_pthread_cond_signal(hcl_pthread_cond_t* c) {
  C(c)->cond.Signal();
  return 0;
}

int hcl_pthread_cond_broadcast(hcl_pthread_cond_t* c) {
  C(c)->cond.Broadcast();
  return 0;
}

// ---- Reader/writer locks ---------------------------------------------------

int hcl_pthread_rwlock_init(hcl_pthread_rwlock_t* l,
                            const hcl_pthread_rwlockattr_t* attr) {
  (void)attr;
  new (R(l)) fibers::RwLock();
  return 0;
}

int hcl_pthread_rwlock_destroy(hcl_pthread_rwlock_t* l) {
  const fibers::RwLock* r = R(l);
  return r->Writer() != nullptr || r->Readers() != 0 || r->HasWaiters()
             ? HCL_EBUSY
             : 0;
}

int hcl_pthread_rwlock_rdlock(hcl_pthread_rwlock_t* l) {
  return to_errno(R(l)->ReadLock());
}

int hcl_pthread_rwlock_tryrdlock(hcl_pthread_rwlock_t* l) {
  return to_errno(R(l)->TryReadLock());
}

int hcl_pthread_rwlock_wrlock(hcl_pthread_rwlock_t* l) {
  return to_errno(R(l)->WriteLock());
}

int hcl_pthread_rwlock_trywrlock(hcl_pthread_rwlock_t* l) {
  return to_errno(R(l)->TryWriteLock());
}

int hcl_pthread_rwlock_unlock(hcl_pthread_rwlock_t* l) {
  return to_errno(R(l)->Unlock());
}

// ---- Keys and once
// -----------------------------------------------------------

int hcl_pthread_key_create(hcl_pthread_key_t* key, void (*destructor)(void*)) {
  fibers::Key k;
  const Status s = fibers::KeyCreate(&k, destructor);
  if (s != fibers::kOk) return s == fibers::kAgain ? HCL_EAGAIN : HCL_ENOMEM;
  *key = k;
  return 0;
}

int hcl_pthread_key_delete(hcl_pthread_key_t key) {
  return to_errno(fibers::KeyDelete(key));
}

void* hcl_pthread_getspecific(hcl_pthread_key_t key) {
  return fibers::GetSpecific(key);
}

int hcl_pthread_setspecific(hcl_pthread_key_t key, const void* value) {
  const Status s = fibers::SetSpecific(key, value);
  return s == fibers::kNoMemory ? HCL_ENOMEM : to_errno(s);
}

int hcl_pthread_once(hcl_pthread_once_t* once, void (*fn)(void)) {
  fibers::Once* o = reinterpret_cast<fibers::Once*>(once->u.bytes);
  return to_errno(o->Run(fn));
}

// ---- Semaphores -------------------------------------------------------------

int hcl_sem_init(hcl_sem_t* sem, int pshared, unsigned int value) {
  if (pshared != 0) return HCL_ENOSYS;
  if (value > HCL_SEM_VALUE_MAX) return HCL_EINVAL;
  sem->value = value;
  hcl_pthread_mutex_init(&sem->lock, nullptr);
  hcl_pthread_cond_init(&sem->posted, nullptr);
  return 0;
}

int hcl_sem_destroy(hcl_sem_t* sem) {
  return hcl_pthread_cond_destroy(&sem->posted);
}

int hcl_sem_wait(hcl_sem_t* sem) { return sem_take(sem, nullptr); }

int hcl_sem_timedwait(hcl_sem_t* sem, const struct hcl_timespec* abstime) {
  if (!valid_timespec(*abstime)) return HCL_EINVAL;
  return sem_take(sem, abstime);
}

int hcl_sem_trywait(hcl_sem_t* sem) {
  if (sem->value == 0) return HCL_EAGAIN;
  --sem->value;
  return 0;
}

int hcl_sem_post(hcl_sem_t* sem) {
  if (sem->value == HCL_SEM_VALUE_MAX) return HCL_EOVERFLOW;
  ++sem->value;
  return hcl_pthread_cond_signal(&sem->posted);
}

int hcl_sem_getvalue(hcl_sem_t* sem, int* value) {
  *value = static_cast<int>(sem->value);
  return 0;
}

// ---- For a C library layered on these threads ------------------------------

int hcl_pthread_set_libc_state(hcl_pthread_t thread, void* state) {
  if (thread == nullptr) return HCL_ESRCH;
  fibers::SetLibcPointer(F(thread), state);
  return 0;
}

void hcl_pthread_set_switch_hook(void (*hook)(void* state)) {
  fibers::SetSwitchHook(hook);
}

}  // extern "C"
