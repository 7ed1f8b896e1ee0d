// bench/capability_bench.cc -- what the capability check costs.
//
//   BM_hc_write_devnull   hc_write of 1 byte to /dev/null: the bare hypercall
//   BM_cap_write_devnull  the same through Table::write (lookup, rights
//                         check, errno mapping, then hc_write)
//   BM_cap_write_overhead_paired
//                         both, in alternating batches of 256 calls inside
//                         one benchmark; counter overhead_ns = per-call
//                         difference. System call noise moves separate
//                         benchmarks by more than the 3 ns being measured;
//                         pairing cancels it.
//   BM_cap_lookup         Table::lookup alone (descriptor -> handle + rights)
//   BM_cap_lookup_spread  Table::lookup over 1024 descriptors in turn (the
//                         table no longer sits in a few cache lines)
//
// Goal (project issue #5): the check adds <= 3 ns to hc_write on the x86_64
// host. Compare medians of interleaved repetitions:
//   ./bazelw run -c opt //bench:capability_bench -- --benchmark_format=json
//       --benchmark_repetitions=20 --benchmark_enable_random_interleaving=true
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace {

using hcall::cap::Table;

constexpr uint32_t kDescriptors = 1024;

// The backend, /dev/null, and a table whose descriptor (fd) is /dev/null
// opened write-only by name, plus dups filling the table.
struct Setup {
  Setup() {
    if (hc_linux::hosted_init() != 0) Die("hc_linux::hosted_init failed");
    null_handle = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_handle < 0) Die("cannot open /dev/null");

    const std::string name = "null";
    hcall::cap::Grant g{};
    g.name = name.data();
    g.name_len = static_cast<uint32_t>(name.size());
    g.kind = hcall::cap::kKindConsole;
    g.rights = hcall::cap::kRightWrite | hcall::cap::kRightStat;
    g.handle = null_handle;
    g.preopen_fd = hcall::cap::kNoPreopen;
    std::vector<uint8_t> blob(hcall::cap::manifest_size(&g, 1));
    hcall::cap::ManifestError err;
    if (hcall::cap::write_manifest({kDescriptors, 0}, &g, 1, blob.data(),
                                   blob.size(), &err) < 0) {
      Die(err.message);
    }
    hcall::cap::Manifest m;
    if (hcall::cap::parse_manifest(blob.data(), blob.size(), &m, &err) != 0) {
      Die(err.message);
    }
    if (table.init(m) != 0) Die("Table::init failed");
    fd = table.open("null", hcall::cap::kOpenWriteOnly);
    if (fd < 0) Die("open(\"null\") failed");
    while (table.dup(fd) >= 0) {
    }
  }

  [[noreturn]] static void Die(const char* what) {
    fprintf(stderr, "capability_bench: %s\n", what);
    exit(1);
  }

  int null_handle = -1;
  Table table;
  int fd = -1;
};

Setup& Get() {
  static Setup* setup = new Setup;
  return *setup;
}

void BM_hc_write_devnull(benchmark::State& state) {
  const hc_handle_t h = Get().null_handle;
  const char byte = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_write(h, &byte, 1));
  }
}
BENCHMARK(BM_hc_write_devnull);

void BM_cap_write_devnull(benchmark::State& state) {
  Table& t = Get().table;
  const int fd = Get().fd;
  const char byte = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(t.write(fd, &byte, 1));
  }
  if (t.write(fd, &byte, 1) != 1) state.SkipWithError("write failed");
}
BENCHMARK(BM_cap_write_devnull);

void BM_cap_write_overhead_paired(benchmark::State& state) {
  using Clock = std::chrono::steady_clock;
  constexpr int kBatch = 256;
  Table& t = Get().table;
  const int fd = Get().fd;
  const hc_handle_t h = Get().null_handle;
  const char byte = 0;
  double cap_ns = 0;
  double hc_ns = 0;
  bool cap_first = false;
  for (auto _ : state) {
    cap_first = !cap_first;  // alternate the order: no position bias
    for (int round = 0; round < 2; ++round) {
      const bool cap = (round == 0) == cap_first;
      const Clock::time_point start = Clock::now();
      if (cap) {
        for (int i = 0; i < kBatch; ++i) {
          benchmark::DoNotOptimize(t.write(fd, &byte, 1));
        }
      } else {
        for (int i = 0; i < kBatch; ++i) {
          benchmark::DoNotOptimize(hc_write(h, &byte, 1));
        }
      }
      const double ns =
          std::chrono::duration<double, std::nano>(Clock::now() - start)
              .count();
      (cap ? cap_ns : hc_ns) += ns;
    }
  }
  const double calls = static_cast<double>(state.iterations()) * kBatch;
  state.counters["cap_ns"] = cap_ns / calls;
  state.counters["hc_ns"] = hc_ns / calls;
  state.counters["overhead_ns"] = (cap_ns - hc_ns) / calls;
}
BENCHMARK(BM_cap_write_overhead_paired);

void BM_cap_lookup(benchmark::State& state) {
  const Table& t = Get().table;
  int fd = Get().fd;
  for (auto _ : state) {
    // Keep the compiler from hoisting the lookup out of the loop.
    benchmark::DoNotOptimize(fd);
    hc_handle_t h = -1;
    const int r = t.lookup(fd, hcall::cap::kRightWrite, &h);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(h);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_cap_lookup);

void BM_cap_lookup_spread(benchmark::State& state) {
  const Table& t = Get().table;
  uint32_t i = 0;
  for (auto _ : state) {
    // Stride 97 (prime): consecutive lookups hit different cache lines.
    i = (i + 97) % kDescriptors;
    int fd = static_cast<int>(i);
    benchmark::DoNotOptimize(fd);
    hc_handle_t h = -1;
    const int r = t.lookup(fd, hcall::cap::kRightWrite, &h);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(h);
  }
}
BENCHMARK(BM_cap_lookup_spread);

}  // namespace

BENCHMARK_MAIN();
