// The libc shim (//libc_shim) side by side with glibc on the host:
//   BM_{hcl,glibc}_memcpy/<bytes>     16 B .. 64 KiB, cache-resident,
//                                     destination and source 64-byte aligned
//   BM_{hcl,glibc}_memcpy_unaligned/<bytes>  both off by 1 and 3 bytes
//   BM_{hcl,glibc}_malloc_free_64     allocate and free 64 bytes
//   BM_{hcl,glibc}_snprintf_int       "%d" of varying ints
// Goals on the x86_64 host: memcpy within 1.5x of glibc at every size,
// malloc/free within 1.5x. Run:
//   ./bazelw run -c opt //bench:libc_bench -- --benchmark_format=json
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "benchmark/benchmark.h"
#include "hcl/stdio.h"
#include "hcl/stdlib.h"
#include "hcl/string.h"
#include "hypercall/linux/hosted.h"

namespace {

const bool kBackendReady = hc_linux::hosted_init() == 0;

template <void* (*Copy)(void*, const void*, size_t)>
void Memcpy(benchmark::State& state, size_t misalign_dst, size_t misalign_src) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<char> src(n + 128, 'x'), dst(n + 128);
  char* s = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(src.data()) + 63) & ~uintptr_t{63});
  char* d = reinterpret_cast<char*>(
      (reinterpret_cast<uintptr_t>(dst.data()) + 63) & ~uintptr_t{63});
  s += misalign_src;
  d += misalign_dst;
  for (auto _ : state) {
    benchmark::DoNotOptimize(Copy(d, s, n));
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                          static_cast<int64_t>(n));
}

void* GlibcMemcpy(void* d, const void* s, size_t n) { return memcpy(d, s, n); }

void BM_hcl_memcpy(benchmark::State& state) { Memcpy<hcl_memcpy>(state, 0, 0); }
void BM_glibc_memcpy(benchmark::State& state) {
  Memcpy<GlibcMemcpy>(state, 0, 0);
}
void BM_hcl_memcpy_unaligned(benchmark::State& state) {
  Memcpy<hcl_memcpy>(state, 1, 3);
}
void BM_glibc_memcpy_unaligned(benchmark::State& state) {
  Memcpy<GlibcMemcpy>(state, 1, 3);
}

#define MEMCPY_SIZES RangeMultiplier(4)->Range(16, 64 << 10)
BENCHMARK(BM_hcl_memcpy)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_memcpy)->MEMCPY_SIZES;
BENCHMARK(BM_hcl_memcpy_unaligned)->MEMCPY_SIZES;
BENCHMARK(BM_glibc_memcpy_unaligned)->MEMCPY_SIZES;
#undef MEMCPY_SIZES

void BM_hcl_malloc_free_64(benchmark::State& state) {
  for (auto _ : state) {
    void* p = hcl_malloc(64);
    benchmark::DoNotOptimize(p);
    hcl_free(p);
  }
}
BENCHMARK(BM_hcl_malloc_free_64);

void BM_glibc_malloc_free_64(benchmark::State& state) {
  for (auto _ : state) {
    void* p = malloc(64);
    benchmark::DoNotOptimize(p);
    free(p);
  }
}
BENCHMARK(BM_glibc_malloc_free_64);

void BM_hcl_snprintf_int(benchmark::State& state) {
  char buf[32];
  int v = 0;
  for (auto _ : state) {
    v += 7919;
    benchmark::DoNotOptimize(hcl_snprintf(buf, sizeof(buf), "%d", v));
  }
}
BENCHMARK(BM_hcl_snprintf_int);

void BM_glibc_snprintf_int(benchmark::State& state) {
  char buf[32];
  int v = 0;
  for (auto _ : state) {
    v += 7919;
    benchmark::DoNotOptimize(snprintf(buf, sizeof(buf), "%d", v));
  }
}
BENCHMARK(BM_glibc_snprintf_int);

}  // namespace

BENCHMARK_MAIN();
