// bench/hypercall_bench.cc -- what each hypercall costs next to glibc and
// next to the bare system call, side by side in one binary.
//
//   BM_hc_*          the linux backend (hypercall/hypercall.h)
//   BM_glibc_*       the same operation through glibc
//   BM_rawsyscall_*  the bare trap (hypercall/linux/syscall.h), no wrapper
//
// Goals on x86_64: hc_clock_gettime <= 1.15x glibc (both read the vDSO);
// hc_write <= 1.05x the raw system call. Run with
// --benchmark_format=json for machine-readable output. The label of the
// clock benchmarks says whether hc read the vDSO or made system calls.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <cstdio>

#include "benchmark/benchmark.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"
#include "hypercall/linux/syscall.h"

namespace {

int g_devnull = -1;

// The benchmarks map this much; the page size (4 KiB on the x86_64 host).
size_t map_bytes() { return hc_page_size(); }

void BM_hc_clock_gettime_monotonic(benchmark::State& state) {
  hc_timespec ts;
  for (auto _ : state) {
    hc_clock_gettime(HC_CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
  state.SetLabel(hc_linux_clock_source());
}
BENCHMARK(BM_hc_clock_gettime_monotonic);

void BM_glibc_clock_gettime_monotonic(benchmark::State& state) {
  timespec ts;
  for (auto _ : state) {
    clock_gettime(CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(BM_glibc_clock_gettime_monotonic);

void BM_rawsyscall_clock_gettime_monotonic(benchmark::State& state) {
  hc_timespec ts;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        hc_linux::sys_clock_gettime(HC_CLOCK_MONOTONIC, &ts));
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(BM_rawsyscall_clock_gettime_monotonic);

void BM_hc_write_devnull(benchmark::State& state) {
  const char byte = 'x';
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_write(g_devnull, &byte, 1));
  }
}
BENCHMARK(BM_hc_write_devnull);

void BM_glibc_write_devnull(benchmark::State& state) {
  const char byte = 'x';
  for (auto _ : state) {
    benchmark::DoNotOptimize(write(g_devnull, &byte, 1));
  }
}
BENCHMARK(BM_glibc_write_devnull);

void BM_rawsyscall_write_devnull(benchmark::State& state) {
  const char byte = 'x';
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_linux::syscall3(
        hc_linux::nr::kWrite, g_devnull, reinterpret_cast<long>(&byte), 1));
  }
}
BENCHMARK(BM_rawsyscall_write_devnull);

// The bare trap again, but behind a call that returns across it, as every
// library function (hc_write, glibc's write) must. On hosts whose kernel
// refills the return stack buffer on exit to user space (e.g. AMD with the
// SRSO mitigation), the first `ret` after a system call mispredicts; this
// shows how much of the hc/raw gap is that effect rather than hc's code.
__attribute__((noinline)) long raw_write_behind_a_call(int fd,
                                                       const char* byte) {
  return hc_linux::syscall3(hc_linux::nr::kWrite, fd,
                            reinterpret_cast<long>(byte), 1);
}

void BM_rawsyscall_call_write_devnull(benchmark::State& state) {
  const char byte = 'x';
  for (auto _ : state) {
    benchmark::DoNotOptimize(raw_write_behind_a_call(g_devnull, &byte));
  }
}
BENCHMARK(BM_rawsyscall_call_write_devnull);

void BM_hc_getrandom_16(benchmark::State& state) {
  unsigned char buf[16];
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_getrandom(buf, sizeof(buf)));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_hc_getrandom_16);

void BM_glibc_getrandom_16(benchmark::State& state) {
  unsigned char buf[16];
  for (auto _ : state) {
    benchmark::DoNotOptimize(getrandom(buf, sizeof(buf), 0));
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_glibc_getrandom_16);

void BM_hc_map_unmap_4k(benchmark::State& state) {
  const size_t len = map_bytes();
  for (auto _ : state) {
    void* p = nullptr;
    if (hc_page_map(len, HC_PROT_READ | HC_PROT_WRITE, &p) != HC_OK) {
      state.SkipWithError("hc_page_map failed");
      break;
    }
    benchmark::DoNotOptimize(p);
    hc_page_unmap(p, len);
  }
}
BENCHMARK(BM_hc_map_unmap_4k);

void BM_glibc_mmap_munmap_4k(benchmark::State& state) {
  const size_t len = map_bytes();
  for (auto _ : state) {
    void* p = mmap(nullptr, len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      state.SkipWithError("mmap failed");
      break;
    }
    benchmark::DoNotOptimize(p);
    munmap(p, len);
  }
}
BENCHMARK(BM_glibc_mmap_munmap_4k);

}  // namespace

int main(int argc, char** argv) {
  if (hc_linux::hosted_init() != HC_OK) {
    std::fprintf(stderr, "hypercall_bench: hc_linux_init failed\n");
    return 1;
  }
  g_devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (g_devnull < 0) {
    std::perror("hypercall_bench: /dev/null");
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  close(g_devnull);
  return 0;
}
