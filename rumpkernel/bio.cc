// rumpkernel/bio.cc -- asynchronous block I/O (rumpuser_bio).
//
// rumpuser_bio queues the request in a ring of kRing entries and returns;
// it makes no upcall unless the ring is full, when it waits for room with
// the virtual CPU released. One bio fiber, started by the first request,
// performs the requests in order through the capability table (pread, or
// pwrite followed by fsync for RUMPUSER_BIO_SYNC), then delivers each
// completion inside the rump kernel: hyp_schedule(), biodone(donearg,
// bytes, error), hyp_unschedule(). When it starts it asks the rump kernel
// for an lwp of its own (hyp_lwproc_newlwp), as NetBSD's bio thread does.
// A request stays in the ring until its biodone has returned, so
// rumpuser_syncfd and rumpuser_close can wait for every request made
// before them (WaitBio).
#include <stddef.h>
#include <stdint.h>

#include "capability/table.h"
#include "fibers/fiber.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace fibers = hcall::fibers;

namespace hcall::rump {
namespace {

constexpr uint32_t kRing = 128;

struct Request {
  int fd;
  int op;
  void* data;
  size_t dlen;
  int64_t off;
  rump_biodone_fn done;
  void* donearg;
};

struct Queue {
  Request ring[kRing];
  uint32_t head;  // next free slot (counts, taken modulo kRing)
  uint32_t tail;  // oldest request not yet completed
  bool started;
  fibers::WaitQueue work;   // the bio fiber, waiting for a request
  fibers::WaitQueue space;  // rumpuser_bio, waiting for a free slot
  fibers::WaitQueue idle;   // DrainBio, waiting for completions
};

Queue g_bio;

const fibers::WaitReason kWaitWork = {"rumpuser bio: no request", nullptr};
const fibers::WaitReason kWaitSpace = {"rumpuser bio: ring full", nullptr};
const fibers::WaitReason kWaitIdle = {"rumpuser bio: drain", nullptr};

uint32_t Pending() { return g_bio.head - g_bio.tail; }

}  // namespace

bool BioBusy(int fd) {
  for (uint32_t i = g_bio.tail; i != g_bio.head; ++i) {
    if (fd == -1 || g_bio.ring[i % kRing].fd == fd) return true;
  }
  return false;
}

void WaitBio(int fd) {
  while (BioBusy(fd)) g_bio.idle.Wait(nullptr, &kWaitIdle, &g_bio);
}

namespace {

// Performs (r): returns the bytes transferred and stores 0 or a NetBSD
// errno in (error).
size_t Perform(const Request& r, int* error) {
  cap::Table& t = cap::process_table();
  uint8_t* p = static_cast<uint8_t*>(r.data);
  size_t done = 0;
  *error = 0;
  if (!t.initialized()) {
    *error = nb::kEBADF;
    return 0;
  }
  while (done < r.dlen) {
    const uint64_t at = static_cast<uint64_t>(r.off) + done;
    const int64_t n = (r.op & RUMPUSER_BIO_READ)
                          ? t.pread(r.fd, p + done, r.dlen - done, at)
                          : t.pwrite(r.fd, p + done, r.dlen - done, at);
    if (n < 0) {
      *error = NbErrnoFromCap(n);
      return 0;
    }
    if (n == 0) break;  // end of the object
    done += static_cast<size_t>(n);
  }
  if (!(r.op & RUMPUSER_BIO_READ) && (r.op & RUMPUSER_BIO_SYNC)) {
    *error = NbErrnoFromCap(t.fsync(r.fd));
    if (*error != 0) return 0;
  }
  return done;
}

void* BioFiber(void*) {
  EnterKernel();
  NewLwp();
  LeaveKernel();
  for (;;) {
    while (Pending() == 0) g_bio.work.Wait(nullptr, &kWaitWork, &g_bio);
    // The slot stays ours until tail moves past it.
    const Request& r = g_bio.ring[g_bio.tail % kRing];
    int error = 0;
    const size_t n = Perform(r, &error);
    EnterKernel();
    r.done(r.donearg, n, error);
    LeaveKernel();
    ++g_bio.tail;
    g_bio.space.WakeOne();
    g_bio.idle.WakeAll();
  }
}

}  // namespace

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" void rumpuser_bio(int fd, int op, void* data, size_t dlen,
                             int64_t off, rump_biodone_fn biodone,
                             void* donearg) {
  if (!g_bio.started) {
    fibers::FiberAttr attr;
    attr.detached = true;
    attr.name = "rumpuser bio";
    if (fibers::Create(nullptr, BioFiber, nullptr, &attr) != fibers::kOk) {
      Panic("rumpuser_bio: cannot start the bio fiber");
    }
    g_bio.started = true;
  }
  if (Pending() == kRing) {
    const int nlocks = Unschedule(nullptr);
    while (Pending() == kRing) g_bio.space.Wait(nullptr, &kWaitSpace, &g_bio);
    Schedule(nlocks, nullptr);
  }
  Request& r = g_bio.ring[g_bio.head % kRing];
  r.fd = fd;
  r.op = op;
  r.data = data;
  r.dlen = dlen;
  r.off = off;
  r.done = biodone;
  r.donearg = donearg;
  ++g_bio.head;
  g_bio.work.WakeOne();
}
