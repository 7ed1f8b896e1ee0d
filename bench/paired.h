// bench/paired.h -- a paired comparison of two code paths inside one Google
// Benchmark, for differences of a few ns on calls that take a microsecond.
//
// One benchmark iteration runs a batch of kPairedBatch calls of each path,
// in alternating order, timed with the (vDSO) monotonic clock. The counters
// are medians over the iterations: <a>_ns and <b>_ns per call, overhead_ns
// of the per-iteration difference a - b, overhead_iqr_ns its interquartile
// range. A preemption or a neighbour's burst moves a separate benchmark's
// mean by more than the few ns being measured; it moves a few pairs, which
// the median ignores.
#ifndef HCALL_BENCH_PAIRED_H_
#define HCALL_BENCH_PAIRED_H_

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace hcall::bench {

inline constexpr int kPairedBatch = 32;

// The (q) quantile of (v) (0 <= q <= 1; reorders v), or 0 if v is empty.
inline double Quantile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const size_t k = static_cast<size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

// One batch of (f). Each path gets its own copy of the loop, starting on
// a 64-byte boundary, so that where the compiler happens to place the two
// loops does not favour one path.
template <typename F>
__attribute__((noinline, aligned(64))) void PairedBatch(F& f) {
  for (int i = 0; i < kPairedBatch; ++i) f();
}

// Runs (a) and (b) as described above and sets the counters (a_name),
// (b_name), "overhead_ns" and "overhead_iqr_ns".
template <typename A, typename B>
void Paired(benchmark::State& state, const char* a_name, A a,
            const char* b_name, B b) {
  using Clock = std::chrono::steady_clock;
  std::vector<double> a_ns;
  std::vector<double> b_ns;
  std::vector<double> diff;
  const size_t expect = static_cast<size_t>(state.max_iterations);
  a_ns.reserve(expect);
  b_ns.reserve(expect);
  diff.reserve(expect);
  bool a_first = false;
  for (auto _ : state) {
    a_first = !a_first;  // alternate the order: no position bias
    double t[2] = {0, 0};
    for (int round = 0; round < 2; ++round) {
      const bool is_a = (round == 0) == a_first;
      const Clock::time_point start = Clock::now();
      if (is_a) {
        PairedBatch(a);
      } else {
        PairedBatch(b);
      }
      t[is_a ? 0 : 1] =
          std::chrono::duration<double, std::nano>(Clock::now() - start)
              .count() /
          kPairedBatch;
    }
    a_ns.push_back(t[0]);
    b_ns.push_back(t[1]);
    diff.push_back(t[0] - t[1]);
  }
  state.counters[a_name] = Quantile(a_ns, 0.5);
  state.counters[b_name] = Quantile(b_ns, 0.5);
  state.counters["overhead_iqr_ns"] =
      Quantile(diff, 0.75) - Quantile(diff, 0.25);
  state.counters["overhead_ns"] = Quantile(diff, 0.5);
}

}  // namespace hcall::bench

#endif  // HCALL_BENCH_PAIRED_H_
