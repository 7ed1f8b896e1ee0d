// bench/capability_bench.cc -- what the capability check costs.
//
//   BM_hc_write_devnull   hc_write of 1 byte to /dev/null: the bare hypercall
//   BM_cap_write_devnull  the same through Table::write on the process table
//                         (lookup, rights check, errno mapping, hc_write)
//   BM_cap_write_overhead_paired
//                         both, in alternating batches inside one benchmark
//                         (see "Paired" below); the figure of record. The
//                         table is process_table() with the launcher's 64
//                         descriptors, as in an image: in the binary's
//                         data, descriptors inside the Table object.
//   BM_cap_write_overhead_paired_large_table
//                         the same on a 1024-descriptor table, whose
//                         descriptors live in pages of their own.
//   BM_data_page_touch_overhead_paired
//   BM_far_page_touch_overhead_paired
//                         hc_write plus one load from a word in the
//                         binary's .data (where the process table lives),
//                         or from a page mapped apart from everything else,
//                         against hc_write. Not the check: what one more
//                         page costs per call on a host that flushes the
//                         TLB on every system call, which decides where the
//                         check's data must live (see capability/table.h).
//                         The .data figure is the floor for any check that
//                         reads memory the bare call does not.
//   BM_libc_write_overhead_paired
//                         hcl_write (the libc shim's write) on a granted
//                         descriptor of the process table, against the raw
//                         write system call inlined in the loop.
//   BM_libc_write_vs_hc_paired
//                         the same hcl_write against hc_write: the shim's
//                         own share (the check, errno, one call more).
//   BM_cap_lookup         Table::lookup alone (descriptor -> handle + rights)
//   BM_cap_lookup_spread  Table::lookup over 1024 descriptors in turn (the
//                         table no longer sits in a few cache lines)
//
// Paired: see bench/paired.h (medians over alternating batches).
//
// Goal (project issues #5 and #18): the check adds <= 3 ns to hc_write on
// the x86_64 host. Run:
//   ./bazelw run -c opt //bench:capability_bench -- --benchmark_format=json
//       --benchmark_repetitions=10 --benchmark_enable_random_interleaving=true
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "bench/paired.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "hcl/fcntl.h"
#include "hcl/unistd.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/syscall.h"

namespace {

using hcall::bench::Paired;
using hcall::cap::Table;

// What the launcher's manifests ask for (launcher/grants.h).
constexpr uint32_t kImageDescriptors = 64;
constexpr uint32_t kLargeDescriptors = 1024;
static_assert(kImageDescriptors <= Table::kInlineDescriptors,
              "the image table is meant to keep its descriptors inline");
static_assert(kLargeDescriptors > Table::kInlineDescriptors,
              "the large table is meant to keep its descriptors in storage");

[[noreturn]] void Die(const char* what) {
  fprintf(stderr, "capability_bench: %s\n", what);
  exit(1);
}

// Sets (t) up from a manifest granting /dev/null (handle) as "null"
// (write and stat rights, not preopened) with (max_fds) descriptors.
void InitTable(Table& t, uint32_t max_fds, hc_handle_t handle) {
  const std::string name = "null";
  hcall::cap::Grant g{};
  g.name = name.data();
  g.name_len = static_cast<uint32_t>(name.size());
  g.kind = hcall::cap::kKindConsole;
  g.rights = hcall::cap::kRightWrite | hcall::cap::kRightStat;
  g.handle = handle;
  g.preopen_fd = hcall::cap::kNoPreopen;
  std::vector<uint8_t> blob(hcall::cap::manifest_size(&g, 1));
  hcall::cap::ManifestError err;
  if (hcall::cap::write_manifest({max_fds, 1 << 20}, &g, 1, blob.data(),
                                 blob.size(), &err) < 0) {
    Die(err.message);
  }
  hcall::cap::Manifest m;
  if (hcall::cap::parse_manifest(blob.data(), blob.size(), &m, &err) != 0) {
    Die(err.message);
  }
  if (t.init(m) != 0) Die("Table::init failed");
}

// The large table: static storage like the process table, so that only
// where its descriptors live differs.
Table g_large_table;

// The backend, /dev/null, the process table with "null" opened write-only
// through the libc shim (descriptor fd), and the large table with "null"
// opened at large_fd and dups filling it.
struct Setup {
  Setup() {
    if (hc_linux::hosted_init() != 0) Die("hc_linux::hosted_init failed");
    null_handle = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_handle < 0) Die("cannot open /dev/null");

    InitTable(hcall::cap::process_table(), kImageDescriptors, null_handle);
    fd = hcl_open("null", HCL_O_WRONLY);
    if (fd < 0) Die("hcl_open(\"null\") failed");

    InitTable(g_large_table, kLargeDescriptors, null_handle);
    large_fd = g_large_table.open("null", hcall::cap::kOpenWriteOnly);
    if (large_fd < 0) Die("open(\"null\") on the large table failed");
    while (g_large_table.dup(large_fd) >= 0) {
    }

    // A page of its own, away from the table, the stack and the code.
    far_page = static_cast<volatile uint32_t*>(
        mmap(nullptr, 1 << 20, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (far_page == MAP_FAILED) Die("mmap failed");
    far_page += (1 << 19) / sizeof(uint32_t);
    *far_page = 1;
  }

  hc_handle_t null_handle = -1;
  int fd = -1;
  int large_fd = -1;
  volatile uint32_t* far_page = nullptr;
};

Setup& Get() {
  static Setup* setup = new Setup;
  return *setup;
}

const char g_byte = 0;

void BM_hc_write_devnull(benchmark::State& state) {
  const hc_handle_t h = Get().null_handle;
  for (auto _ : state) {
    benchmark::DoNotOptimize(hc_write(h, &g_byte, 1));
  }
}
BENCHMARK(BM_hc_write_devnull);

void BM_cap_write_devnull(benchmark::State& state) {
  Table& t = hcall::cap::process_table();
  const int fd = Get().fd;
  for (auto _ : state) {
    benchmark::DoNotOptimize(t.write(fd, &g_byte, 1));
  }
  if (t.write(fd, &g_byte, 1) != 1) state.SkipWithError("write failed");
}
BENCHMARK(BM_cap_write_devnull);

void CapOverheadPaired(benchmark::State& state, Table& t, int fd) {
  const hc_handle_t h = Get().null_handle;
  if (t.write(fd, &g_byte, 1) != 1) state.SkipWithError("write failed");
  Paired(
      state, "cap_ns",
      [&t, fd] { benchmark::DoNotOptimize(t.write(fd, &g_byte, 1)); }, "hc_ns",
      [h] { benchmark::DoNotOptimize(hc_write(h, &g_byte, 1)); });
}

void BM_cap_write_overhead_paired(benchmark::State& state) {
  CapOverheadPaired(state, hcall::cap::process_table(), Get().fd);
}
BENCHMARK(BM_cap_write_overhead_paired);

void BM_cap_write_overhead_paired_large_table(benchmark::State& state) {
  CapOverheadPaired(state, g_large_table, Get().large_fd);
}
BENCHMARK(BM_cap_write_overhead_paired_large_table);

void TouchOverheadPaired(benchmark::State& state, volatile uint32_t* page) {
  const hc_handle_t h = Get().null_handle;
  Paired(
      state, "touch_ns",
      [h, page] {
        const uint32_t v = *page;
        benchmark::DoNotOptimize(v);
        benchmark::DoNotOptimize(hc_write(h, &g_byte, 1));
      },
      "hc_ns", [h] { benchmark::DoNotOptimize(hc_write(h, &g_byte, 1)); });
}

// Non-zero, so in .data like the process table.
volatile uint32_t g_data_word = 1;

void BM_data_page_touch_overhead_paired(benchmark::State& state) {
  TouchOverheadPaired(state, &g_data_word);
}
BENCHMARK(BM_data_page_touch_overhead_paired);

void BM_far_page_touch_overhead_paired(benchmark::State& state) {
  TouchOverheadPaired(state, Get().far_page);
}
BENCHMARK(BM_far_page_touch_overhead_paired);

void BM_libc_write_overhead_paired(benchmark::State& state) {
  const int fd = Get().fd;
  const long h = Get().null_handle;
  if (hcl_write(fd, &g_byte, 1) != 1) state.SkipWithError("hcl_write failed");
  Paired(
      state, "hcl_ns",
      [fd] { benchmark::DoNotOptimize(hcl_write(fd, &g_byte, 1)); }, "raw_ns",
      [h] {
        benchmark::DoNotOptimize(hc_linux::syscall3(
            hc_linux::nr::kWrite, h, reinterpret_cast<long>(&g_byte), 1));
      });
}
BENCHMARK(BM_libc_write_overhead_paired);

void BM_libc_write_vs_hc_paired(benchmark::State& state) {
  const int fd = Get().fd;
  const hc_handle_t h = Get().null_handle;
  if (hcl_write(fd, &g_byte, 1) != 1) state.SkipWithError("hcl_write failed");
  Paired(
      state, "hcl_ns",
      [fd] { benchmark::DoNotOptimize(hcl_write(fd, &g_byte, 1)); }, "hc_ns",
      [h] { benchmark::DoNotOptimize(hc_write(h, &g_byte, 1)); });
}
BENCHMARK(BM_libc_write_vs_hc_paired);

void BM_cap_lookup(benchmark::State& state) {
  const Table& t = hcall::cap::process_table();
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
  Get();
  const Table& t = g_large_table;
  uint32_t i = 0;
  for (auto _ : state) {
    // Stride 97 (prime): consecutive lookups hit different cache lines.
    i = (i + 97) % kLargeDescriptors;
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
