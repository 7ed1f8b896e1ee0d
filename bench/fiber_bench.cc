// bench/fiber_bench.cc -- fibers against Boost.Context and ucontext, side by
// side in one binary (linux backend, host only).
//
//   BM_fiber_switch          one fibers::Yield() hop between two fibers
//   BM_fiber_switch_fs_base  the same hop plus one arch_prctl(ARCH_SET_FS):
//                            what a hop costs in a linux_x86_64 image with
//                            thread-local variables (x86_64 only)
//   BM_boost_context_switch  one continuation::resume() hop, same ping-pong
//   BM_ucontext_switch       one swapcontext() hop, same ping-pong
//   BM_fiber_create_join     Create() + Join() of a fiber that returns at once
//   BM_mutex_uncontended     Mutex::Lock() + Unlock() with no contention
//
// The switch benchmarks count one iteration per hop (a round trip is two
// iterations, via KeepRunningBatch(2)), so "Time" is the cost of one switch.
// Goals (x86_64 host): BM_fiber_switch <= BM_boost_context_switch and
// <= BM_ucontext_switch / 30; per-fiber memory besides the stack <= 256
// bytes (reported as the counter fiber_bytes_besides_stack).
#include <stdlib.h>
#include <ucontext.h>
#if defined(__x86_64__)
#include <asm/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <boost/context/continuation.hpp>
#include <utility>

#include "benchmark/benchmark.h"
#include "fibers/fiber.h"
#include "fibers/sync.h"

namespace {

namespace fb = hcall::fibers;
namespace ctx = boost::context;

void* YieldUntilStopped(void* arg) {
  const volatile bool* stop = static_cast<const volatile bool*>(arg);
  while (!*stop) fb::Yield();
  return nullptr;
}

void BM_fiber_switch(benchmark::State& state) {
  volatile bool stop = false;
  fb::Fiber* peer;
  if (fb::Create(&peer, &YieldUntilStopped, const_cast<bool*>(&stop)) !=
      fb::kOk) {
    state.SkipWithError("fibers::Create failed");
    return;
  }
  fb::Yield();  // start the peer
  while (state.KeepRunningBatch(2)) fb::Yield();
  stop = true;
  fb::Join(peer, nullptr);

  // Per-fiber memory besides the stack: the control block.
  fb::StackInfo info = {};
  fb::Fiber* probe;
  if (fb::Create(&probe, &YieldUntilStopped, const_cast<bool*>(&stop)) ==
      fb::kOk) {
    fb::GetStackInfo(probe, &info);
    fb::Join(probe, nullptr);
  }
  state.counters["fiber_bytes_besides_stack"] =
      static_cast<double>(info.control_block_size);
}
BENCHMARK(BM_fiber_switch);

#if defined(__x86_64__)
// In an image with thread-local variables the scheduler calls hc_tls_set()
// on every switch; on linux_x86_64 (no FSGSBASE assumed) that is one
// arch_prctl(ARCH_SET_FS). A hosted program cannot give its fibers TLS
// blocks of their own (glibc owns the thread pointer), so this models the
// image: every hop sets the fs base, to the value glibc already uses, and
// then yields. One iteration is one hop, as in BM_fiber_switch.
unsigned long g_fs_base;

void SetFsBase() { syscall(SYS_arch_prctl, ARCH_SET_FS, g_fs_base); }

void* SetFsAndYieldUntilStopped(void* arg) {
  const volatile bool* stop = static_cast<const volatile bool*>(arg);
  while (!*stop) {
    SetFsBase();
    fb::Yield();
  }
  return nullptr;
}

void BM_fiber_switch_fs_base(benchmark::State& state) {
  if (syscall(SYS_arch_prctl, ARCH_GET_FS, &g_fs_base) != 0) {
    state.SkipWithError("arch_prctl(ARCH_GET_FS) failed");
    return;
  }
  volatile bool stop = false;
  fb::Fiber* peer;
  if (fb::Create(&peer, &SetFsAndYieldUntilStopped, const_cast<bool*>(&stop)) !=
      fb::kOk) {
    state.SkipWithError("fibers::Create failed");
    return;
  }
  fb::Yield();  // start the peer
  while (state.KeepRunningBatch(2)) {
    SetFsBase();
    fb::Yield();
  }
  stop = true;
  fb::Join(peer, nullptr);
}
BENCHMARK(BM_fiber_switch_fs_base);
#endif

void BM_boost_context_switch(benchmark::State& state) {
  bool stop = false;
  ctx::continuation peer = ctx::callcc([&stop](ctx::continuation&& back) {
    while (!stop) back = back.resume();
    return std::move(back);
  });
  while (state.KeepRunningBatch(2)) peer = peer.resume();
  stop = true;
  peer = peer.resume();
}
BENCHMARK(BM_boost_context_switch);

ucontext_t g_main_uc;
ucontext_t g_peer_uc;
volatile bool g_uc_stop;

void UcontextPeer() {
  while (!g_uc_stop) swapcontext(&g_peer_uc, &g_main_uc);
}

void BM_ucontext_switch(benchmark::State& state) {
  constexpr size_t kStack = 64 * 1024;
  void* stack = malloc(kStack);
  g_uc_stop = false;
  getcontext(&g_peer_uc);
  g_peer_uc.uc_stack.ss_sp = stack;
  g_peer_uc.uc_stack.ss_size = kStack;
  g_peer_uc.uc_link = &g_main_uc;
  makecontext(&g_peer_uc, &UcontextPeer, 0);
  while (state.KeepRunningBatch(2)) swapcontext(&g_main_uc, &g_peer_uc);
  g_uc_stop = true;
  swapcontext(&g_main_uc, &g_peer_uc);  // the peer returns through uc_link
  free(stack);
}
BENCHMARK(BM_ucontext_switch);

void* ReturnAtOnce(void* arg) { return arg; }

void BM_fiber_create_join(benchmark::State& state) {
  for (auto _ : state) {
    fb::Fiber* f;
    if (fb::Create(&f, &ReturnAtOnce, nullptr) != fb::kOk) {
      state.SkipWithError("fibers::Create failed");
      break;
    }
    void* v;
    fb::Join(f, &v);
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_fiber_create_join);

void BM_mutex_uncontended(benchmark::State& state) {
  fb::Mutex m;
  for (auto _ : state) {
    m.Lock();
    benchmark::ClobberMemory();
    m.Unlock();
  }
}
BENCHMARK(BM_mutex_uncontended);

}  // namespace

// main() is //bench:hosted_main.
