// bench/rumpuser_bench.cc -- what rumpuser(3) hypercalls cost on hcall,
// each beside the layer it is built on:
//   BM_rumpuser_mutex_enter_exit   vs BM_fibers_mutex_lock_unlock
//   BM_rumpuser_cv_pingpong        vs BM_fibers_cv_pingpong (one round trip
//                                  between two threads per iteration)
//   BM_rumpuser_bio_read_4k        vs BM_hc_pread_4k and BM_host_pread_4k
//                                  (a 4 KiB read of a block capability backed
//                                  by a host file, issued and waited for as a
//                                  rump kernel does: biodone signals a cv)
//   BM_rumpuser_iovwrite_vs_hc_paired
//                                  rumpuser_iovwrite of 1 byte to /dev/null
//                                  against hc_write, paired (bench/paired.h;
//                                  counter overhead_ns)
//   BM_rumpuser_clock_gettime      vs BM_hc_clock_gettime
//   BM_rumpuser_curlwp             vs BM_thread_local_load (a __thread
//                                  variable read inline, what a kernel built
//                                  with TLS curlwp does) and
//                                  BM_thread_local_call (the same read
//                                  behind an out-of-line call, the shape of
//                                  the hypercall)
// The rump kernel's upcalls are no-ops here: the figures are the
// hypervisor's share only.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <vector>

#include "bench/paired.h"
#include "benchmark/benchmark.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "fibers/fiber.h"
#include "fibers/sync.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "test/rumpuser/host_grants.h"

namespace {

namespace fibers = hcall::fibers;
namespace cap = hcall::cap;

void NoSchedule() {}
void NoBackendUnschedule(int, int* nlocks, void*) { *nlocks = 0; }
void NoBackendSchedule(int, void*) {}
int NoNewLwp(int32_t) { return 0; }

const rumpuser_hyperup kHyp = {
    NoSchedule,        NoSchedule, NoBackendUnschedule,
    NoBackendSchedule, nullptr,    nullptr,
    nullptr,           NoNewLwp,   nullptr,
    nullptr,           nullptr,    nullptr,
    nullptr,           {},
};

bool InitRump() { return rumpuser_init(RUMPUSER_VERSION, &kHyp) == 0; }

// ---- Mutex
// ---------------------------------------------------------------------

void BM_rumpuser_mutex_enter_exit(benchmark::State& state) {
  InitRump();
  rumpuser_mtx* m = nullptr;
  rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
  for (auto _ : state) {
    rumpuser_mutex_enter(m);
    benchmark::ClobberMemory();
    rumpuser_mutex_exit(m);
  }
  rumpuser_mutex_destroy(m);
}
BENCHMARK(BM_rumpuser_mutex_enter_exit);

void BM_fibers_mutex_lock_unlock(benchmark::State& state) {
  fibers::Mutex m;
  for (auto _ : state) {
    m.Lock();
    benchmark::ClobberMemory();
    m.Unlock();
  }
}
BENCHMARK(BM_fibers_mutex_lock_unlock);

// ---- Condition variable ping-pong
// -------------------------------------------------

struct RumpPingPong {
  rumpuser_mtx* m = nullptr;
  rumpuser_cv* cv = nullptr;
  int turn = 0;  // 0: main's, 1: the partner's
  bool stop = false;
};

void* RumpPartner(void* arg) {
  RumpPingPong* p = static_cast<RumpPingPong*>(arg);
  rumpuser_mutex_enter(p->m);
  for (;;) {
    while (p->turn == 0 && !p->stop) rumpuser_cv_wait(p->cv, p->m);
    if (p->stop) break;
    p->turn = 0;
    rumpuser_cv_signal(p->cv);
  }
  rumpuser_mutex_exit(p->m);
  rumpuser_thread_exit();
}

void BM_rumpuser_cv_pingpong(benchmark::State& state) {
  InitRump();
  RumpPingPong p;
  rumpuser_mutex_init(&p.m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&p.cv);
  void* partner = nullptr;
  rumpuser_thread_create(RumpPartner, &p, "partner", 1, 0, -1, &partner);
  rumpuser_mutex_enter(p.m);
  for (auto _ : state) {
    p.turn = 1;
    rumpuser_cv_signal(p.cv);
    while (p.turn == 1) rumpuser_cv_wait(p.cv, p.m);
  }
  p.stop = true;
  rumpuser_cv_signal(p.cv);
  rumpuser_mutex_exit(p.m);
  rumpuser_thread_join(partner);
  rumpuser_cv_destroy(p.cv);
  rumpuser_mutex_destroy(p.m);
}
BENCHMARK(BM_rumpuser_cv_pingpong);

struct FiberPingPong {
  fibers::Mutex m;
  fibers::CondVar cv;
  int turn = 0;
  bool stop = false;
};

void* FiberPartner(void* arg) {
  FiberPingPong* p = static_cast<FiberPingPong*>(arg);
  p->m.Lock();
  for (;;) {
    while (p->turn == 0 && !p->stop) p->cv.Wait(&p->m);
    if (p->stop) break;
    p->turn = 0;
    p->cv.Signal();
  }
  p->m.Unlock();
  return nullptr;
}

void BM_fibers_cv_pingpong(benchmark::State& state) {
  FiberPingPong p;
  fibers::Fiber* partner = nullptr;
  fibers::Create(&partner, FiberPartner, &p);
  p.m.Lock();
  for (auto _ : state) {
    p.turn = 1;
    p.cv.Signal();
    while (p.turn == 1) p.cv.Wait(&p.m);
  }
  p.stop = true;
  p.cv.Signal();
  p.m.Unlock();
  fibers::Join(partner, nullptr);
}
BENCHMARK(BM_fibers_cv_pingpong);

// ---- Block I/O
// -------------------------------------------------------------------

constexpr uint64_t kDiskSize = 1 << 20;
constexpr size_t kBlock = 4096;

uint8_t Pattern(uint64_t i) { return static_cast<uint8_t>(i); }

// A temporary 1 MiB host file granted as the block capability "disk".
struct Disk {
  int host_fd = -1;
  char path[256];
  bool ok = false;

  Disk() {
    host_fd = rumptest::MakeTempFile(kDiskSize, Pattern, path);
    if (host_fd < 0) return;
    const rumptest::HostGrant g = {"disk",          cap::kKindBlock, host_fd,
                                   cap::kRightsAll, kDiskSize,       512};
    ok = rumptest::InstallGrants(&g, 1) == 0;
  }
  ~Disk() {
    rumptest::RemoveGrants();
    if (host_fd >= 0) close(host_fd);
    unlink(path);
  }
};

struct Waiter {
  rumpuser_mtx* m = nullptr;
  rumpuser_cv* cv = nullptr;
  int done = 0;
  int error = 0;
};

void BioDone(void* arg, size_t, int error) {
  Waiter* w = static_cast<Waiter*>(arg);
  rumpuser_mutex_enter(w->m);
  ++w->done;
  w->error |= error;
  rumpuser_cv_signal(w->cv);
  rumpuser_mutex_exit(w->m);
}

void BM_rumpuser_bio_read_4k(benchmark::State& state) {
  InitRump();
  Disk disk;
  int fd = -1;
  if (!disk.ok ||
      rumpuser_open("disk", RUMPUSER_OPEN_RDONLY | RUMPUSER_OPEN_BIO, &fd)) {
    state.SkipWithError("cannot grant the disk");
    return;
  }
  Waiter w;
  rumpuser_mutex_init(&w.m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&w.cv);
  std::vector<uint8_t> buf(kBlock);
  uint64_t off = 0;
  int issued = 0;
  for (auto _ : state) {
    rumpuser_bio(fd, RUMPUSER_BIO_READ, buf.data(), kBlock,
                 static_cast<int64_t>(off), BioDone, &w);
    ++issued;
    rumpuser_mutex_enter(w.m);
    while (w.done < issued) rumpuser_cv_wait(w.cv, w.m);
    rumpuser_mutex_exit(w.m);
    off = (off + kBlock) % kDiskSize;
  }
  if (w.error != 0) state.SkipWithError("bio failed");
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kBlock);
  rumpuser_close(fd);
  rumpuser_cv_destroy(w.cv);
  rumpuser_mutex_destroy(w.m);
}
BENCHMARK(BM_rumpuser_bio_read_4k);

void BM_hc_pread_4k(benchmark::State& state) {
  Disk disk;
  std::vector<uint8_t> buf(kBlock);
  uint64_t off = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_pread(disk.host_fd, buf.data(), kBlock, off));
    off = (off + kBlock) % kDiskSize;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kBlock);
}
BENCHMARK(BM_hc_pread_4k);

void BM_host_pread_4k(benchmark::State& state) {
  Disk disk;
  std::vector<uint8_t> buf(kBlock);
  off_t off = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(pread(disk.host_fd, buf.data(), kBlock, off));
    off = (off + kBlock) % kDiskSize;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * kBlock);
}
BENCHMARK(BM_host_pread_4k);

// ---- File I/O
// ------------------------------------------------------------------

// rumpuser_iovwrite of 1 byte (RUMPUSER_IOV_NOSEEK) to /dev/null granted as
// "null", against hc_write of the same byte: the glue's share (upcalls,
// the iovec loop, the capability check) in a paired comparison.
void BM_rumpuser_iovwrite_vs_hc_paired(benchmark::State& state) {
  InitRump();
  const int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  const rumptest::HostGrant g = {"null",  cap::kKindConsole,
                                 null_fd, cap::kRightWrite | cap::kRightStat,
                                 0,       0};
  int fd = -1;
  if (null_fd < 0 || rumptest::InstallGrants(&g, 1) != 0 ||
      rumpuser_open("null", RUMPUSER_OPEN_WRONLY, &fd) != 0) {
    state.SkipWithError("cannot grant /dev/null");
    return;
  }
  static const char kByte = 0;
  rumpuser_iovec iov = {const_cast<char*>(&kByte), 1};
  size_t moved = 0;
  if (rumpuser_iovwrite(fd, &iov, 1, RUMPUSER_IOV_NOSEEK, &moved) != 0 ||
      moved != 1) {
    state.SkipWithError("rumpuser_iovwrite failed");
  }
  hcall::bench::Paired(
      state, "rump_ns",
      [fd, &iov, &moved] {
        benchmark::DoNotOptimize(
            rumpuser_iovwrite(fd, &iov, 1, RUMPUSER_IOV_NOSEEK, &moved));
      },
      "hc_ns",
      [null_fd] { benchmark::DoNotOptimize(hc_write(null_fd, &kByte, 1)); });
  rumpuser_close(fd);
  rumptest::RemoveGrants();
  close(null_fd);
}
BENCHMARK(BM_rumpuser_iovwrite_vs_hc_paired);

// ---- Clock
// ---------------------------------------------------------------------

void BM_rumpuser_clock_gettime(benchmark::State& state) {
  int64_t sec = 0;
  long nsec = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        rumpuser_clock_gettime(RUMPUSER_CLOCK_ABSMONO, &sec, &nsec));
    benchmark::DoNotOptimize(nsec);
  }
}
BENCHMARK(BM_rumpuser_clock_gettime);

void BM_hc_clock_gettime(benchmark::State& state) {
  hc_timespec ts;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_clock_gettime(HC_CLOCK_MONOTONIC, &ts));
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(BM_hc_clock_gettime);

// ---- Current lwp
// -----------------------------------------------------------------

// The call a kernel built with curlwp through the hypercall makes on every
// entry (a bound system call makes one).
void BM_rumpuser_curlwp(benchmark::State& state) {
  InitRump();
  static char lwp;
  rumpuser_curlwpop(RUMPUSER_LWP_SET, reinterpret_cast<struct lwp*>(&lwp));
  for (auto _ : state) benchmark::DoNotOptimize(rumpuser_curlwp());
  rumpuser_curlwpop(RUMPUSER_LWP_CLEAR, reinterpret_cast<struct lwp*>(&lwp));
}
BENCHMARK(BM_rumpuser_curlwp);

__thread void* g_tls_lwp;

void BM_thread_local_load(benchmark::State& state) {
  static char lwp;
  g_tls_lwp = &lwp;
  for (auto _ : state) {
    // Read afresh each time: the asm may have changed it.
    benchmark::DoNotOptimize(g_tls_lwp);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_thread_local_load);

__attribute__((noinline)) void* ThreadLocalLwp() {
  asm volatile("");  // not a pure function: keep every call
  return g_tls_lwp;
}

void BM_thread_local_call(benchmark::State& state) {
  static char lwp;
  g_tls_lwp = &lwp;
  for (auto _ : state) benchmark::DoNotOptimize(ThreadLocalLwp());
}
BENCHMARK(BM_thread_local_call);

}  // namespace

// main() is //bench:hosted_main.
