// bench/hosted_main.cc -- main() of the benchmark suites whose only set-up
// is the Linux backend: starts it (a suite cannot time hc_* calls without
// one, so a failure ends the run), then runs Google Benchmark with its
// usual flags.
#include <stdio.h>

#include "benchmark/benchmark.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/status_name.h"

int main(int argc, char** argv) {
  const hc_status_t started = hc_linux::hosted_init();
  if (started != HC_OK) {
    fprintf(stderr, "%s: cannot start the hcall Linux backend: %s\n", argv[0],
            hcall::StatusName(started));
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
