// bench/sandbox_bench.cc -- what the launcher's seccomp filter costs, and
// how long `hcall run` takes from launch to exit.
//
//   BM_hc_write_devnull / BM_hc_clock_gettime        in this process, no
//                                                     filter
//   BM_hc_write_devnull_sandboxed /
//   BM_hc_clock_gettime_sandboxed                     the same calls in a
//                                                     child under the
//                                                     launcher's strict
//                                                     native-image filter
//   BM_*_child_unfiltered                             the same child
//                                                     harness, no filter
//                                                     (control)
//   BM_launch_hello_via_hcall                         fork+exec `hcall run
//                                                     HELLO` to its exit
//   BM_launch_hello_via_hcall_sandbox_off             the same with
//                                                     --sandbox=off (no
//                                                     layer)
//   BM_launch_hello_via_hcall_qemu_aarch64            the same with the
//                                                     linux_aarch64 hello,
//                                                     under qemu-user
//   BM_launch_floor / BM_launch_floor_nolibc          fork+exec
//                                                     `launch_floor -v
//                                                     HELLO`: the layers
//                                                     alone, with and
//                                                     without the C
//                                                     library's start-up
//   BM_launch_true_fork_exec                          fork+exec /bin/true
//   BM_hcall_write_devnull/<platform>_<sandbox>       hc_write of one byte
//                                                     to a granted
//                                                     /dev/null inside an
//                                                     image run by `hcall
//                                                     run --sandbox=...`:
//                                                     strict (namespaces,
//                                                     Landlock, seccomp) or
//                                                     off (no layer);
//                                                     native and qemu-user
//
// The sandboxed variants run in a worker child that installs the filter
// (launcher/seccomp_policy.h: BuildPolicy, profile kNativeImage, strict,
// /dev/null and its two pipes granted) and then times batches of calls
// itself with hc_clock_gettime (vDSO: no system call) and reports each
// batch's nanoseconds through a pipe. Each iteration of those benchmarks is
// one batch of kBatch (1000) calls, timed by the child (manual time); the
// counter ns_per_call is the figure to compare with the in-process ones,
// which also carry it. Goal: sandboxed <= 1.3x unfiltered.
//
// Launch benchmarks: 100 repetitions of one launch each, real time; read
// the _median aggregate. The launcher and the images reach them as flags,
// parsed once in main() after Google Benchmark's own:
//
//   --launcher=PATH                  the hcall binary
//   --image_hello=PATH               the host's hello image
//   --image_hello_aarch64=PATH       linux_aarch64's hello (qemu-user)
//   --image_write_loop=PATH          the host's launcher/write_loop image
//   --image_write_loop_aarch64=PATH  linux_aarch64's write_loop
//   --floor=PATH                     //bench:launch_floor
//   --floor_nolibc=PATH              //bench:launch_floor_nolibc
//
// A row whose flag is missing is skipped with an error naming it; the rest
// still run. //bench:sandbox_bench passes them all (its args and data), so
//   ./bazelw run -c opt //bench:sandbox_bench -- --benchmark_format=json
// needs no set-up; its smoke test passes none.
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"
#include "hypercall/linux/linux.h"
#include "hypercall/status_name.h"
#include "launcher/grants.h"
#include "launcher/seccomp_policy.h"

namespace {

// A sandboxed child that dies must show as an error, not end the run with
// SIGPIPE when the benchmark writes its next command.
[[maybe_unused]] const bool g_sigpipe_ignored =
    signal(SIGPIPE, SIG_IGN) != SIG_ERR;

using hcall::launcher::Access;
using hcall::launcher::BuildPolicy;
using hcall::launcher::ExportBpf;
using hcall::launcher::GrantSandboxRules;
using hcall::launcher::OpenedGrant;
using hcall::launcher::PolicyConfig;
using hcall::launcher::Profile;
using hcall::launcher::SandboxMode;
using hcall::launcher::SeccompRule;

constexpr uint64_t kBatch = 1000;

// The flags main() takes (name without "--" -> absolute path), fixed
// before any benchmark runs.
std::map<std::string, std::string> g_flags = {
    {"launcher", ""},
    {"image_hello", ""},
    {"image_hello_aarch64", ""},
    {"image_write_loop", ""},
    {"image_write_loop_aarch64", ""},
    {"floor", ""},
    {"floor_nolibc", ""},
};

// The paths of (flags), in order; false, with the row skipped and the
// first missing flag named, if any was not given.
bool FlagPaths(benchmark::State& state,
               std::initializer_list<const char*> flags,
               std::vector<std::string>* paths) {
  for (const char* flag : flags) {
    const std::string& path = g_flags[flag];
    if (path.empty()) {
      state.SkipWithError((std::string("pass --") + flag +
                           "=PATH (bazel run //bench:sandbox_bench does)")
                              .c_str());
      return false;
    }
    paths->push_back(path);
  }
  return true;
}

// The launcher and the image of flag (image_flag), as FlagPaths.
bool LauncherAndImage(benchmark::State& state, const char* image_flag,
                      std::string* launcher, std::string* image) {
  std::vector<std::string> paths;
  if (!FlagPaths(state, {"launcher", image_flag}, &paths)) return false;
  *launcher = paths[0];
  *image = paths[1];
  return true;
}

enum Op : uint64_t { kStop = 0, kWrite = 1, kClock = 2 };

struct Request {
  uint64_t op;
  uint64_t count;
};

int64_t NowNs() {
  hc_timespec ts;
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000 + ts.tv_nsec;
}

// The worker's loop, after its filter is in force: only hc_* calls, no
// allocation.
[[noreturn]] void WorkerLoop(int cmd_fd, int result_fd, int devnull) {
  for (;;) {
    Request req;
    if (hc_read(cmd_fd, &req, sizeof(req)) != sizeof(req) || req.op == kStop) {
      hc_exit(0);
    }
    const char byte = 'x';
    hc_timespec ts;
    const int64_t start = NowNs();
    for (uint64_t i = 0; i < req.count; ++i) {
      if (req.op == kWrite) {
        benchmark::DoNotOptimize(hc_write(devnull, &byte, 1));
      } else {
        hc_clock_gettime(HC_CLOCK_MONOTONIC, &ts);
        benchmark::DoNotOptimize(ts);
      }
    }
    const int64_t elapsed = NowNs() - start;
    hc_write(result_fd, &elapsed, sizeof(elapsed));
  }
}

// A child that runs batches on request, with or without the filter.
class Worker {
 public:
  explicit Worker(bool filtered) {
    int cmd[2], result[2];
    if (pipe(cmd) != 0 || pipe(result) != 0) abort();
    const int devnull = open("/dev/null", O_WRONLY);
    std::string bpf;
    if (filtered) {
      PolicyConfig c;
      c.profile = Profile::kNativeImage;
      c.mode = SandboxMode::kStrict;
      // The grants' own rules (grants.h), as the launcher adds them.
      for (const auto& [fd, writable] : {std::pair<int, bool>{devnull, true},
                                         {cmd[0], false},
                                         {result[1], true}}) {
        OpenedGrant g;
        g.image_fd = fd;
        g.spec.access = writable ? Access::kReadWrite : Access::kReadOnly;
        std::vector<SeccompRule> rules =
            GrantSandboxRules(g, c.profile, c.statx_null_path);
        c.module_rules.insert(c.module_rules.end(), rules.begin(), rules.end());
      }
      c.pid = 0;  // set in the child below
      // The pid is part of the filter (tgkill); build it in the child.
      config_ = c;
    }
    pid_ = fork();
    if (pid_ == 0) {
      close(cmd[1]);
      close(result[0]);
      if (filtered) {
        config_.pid = getpid();
        auto policy = BuildPolicy(config_);
        if (!policy.ok()) _exit(3);
        auto program = ExportBpf(**policy);
        if (!program.ok()) _exit(4);
        bpf = *program;
        struct sock_fprog prog;
        prog.len = static_cast<unsigned short>(bpf.size() / 8);
        prog.filter = reinterpret_cast<struct sock_filter*>(bpf.data());
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
            syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
          _exit(5);
        }
      }
      WorkerLoop(cmd[0], result[1], devnull);
    }
    close(cmd[0]);
    close(result[1]);
    close(devnull);
    cmd_ = cmd[1];
    result_ = result[0];
  }
  ~Worker() {
    Request stop = {kStop, 0};
    (void)!write(cmd_, &stop, sizeof(stop));
    close(cmd_);
    close(result_);
    int st;
    waitpid(pid_, &st, 0);
  }
  // Nanoseconds the child measured for (count) calls of (op); -1 if the
  // child died (e.g. killed by its filter).
  int64_t Run(Op op, uint64_t count) {
    Request req = {op, count};
    if (write(cmd_, &req, sizeof(req)) != sizeof(req)) return -1;
    int64_t ns;
    if (read(result_, &ns, sizeof(ns)) != sizeof(ns)) return -1;
    return ns;
  }

 private:
  PolicyConfig config_;
  pid_t pid_ = -1;
  int cmd_ = -1, result_ = -1;
};

void RunInWorker(benchmark::State& state, bool filtered, Op op) {
  Worker worker(filtered);
  if (worker.Run(op, 10) < 0) {
    state.SkipWithError("the worker died (its filter refused a call?)");
    return;
  }
  int64_t total_ns = 0;
  for (auto _ : state) {
    const int64_t ns = worker.Run(op, kBatch);
    if (ns < 0) {
      state.SkipWithError("the worker died");
      break;
    }
    total_ns += ns;
    state.SetIterationTime(static_cast<double>(ns) * 1e-9);
  }
  state.counters["ns_per_call"] =
      static_cast<double>(total_ns) /
      static_cast<double>(state.iterations() * kBatch);
  state.SetLabel(filtered ? "seccomp strict; time per batch of 1000"
                          : "no filter; time per batch of 1000");
}

void BM_hc_write_devnull(benchmark::State& state) {
  const int devnull = open("/dev/null", O_WRONLY);
  const char byte = 'x';
  const int64_t start = NowNs();
  for (auto _ : state) benchmark::DoNotOptimize(hc_write(devnull, &byte, 1));
  state.counters["ns_per_call"] = static_cast<double>(NowNs() - start) /
                                  static_cast<double>(state.iterations());
  close(devnull);
}
BENCHMARK(BM_hc_write_devnull);

void BM_hc_write_devnull_sandboxed(benchmark::State& state) {
  RunInWorker(state, true, kWrite);
}
BENCHMARK(BM_hc_write_devnull_sandboxed)->UseManualTime();

void BM_hc_write_devnull_child_unfiltered(benchmark::State& state) {
  RunInWorker(state, false, kWrite);
}
BENCHMARK(BM_hc_write_devnull_child_unfiltered)->UseManualTime();

void BM_hc_clock_gettime(benchmark::State& state) {
  hc_timespec ts;
  const int64_t start = NowNs();
  for (auto _ : state) {
    hc_clock_gettime(HC_CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
  state.counters["ns_per_call"] = static_cast<double>(NowNs() - start) /
                                  static_cast<double>(state.iterations());
  state.SetLabel(hc_linux_clock_source());
}
BENCHMARK(BM_hc_clock_gettime);

void BM_hc_clock_gettime_sandboxed(benchmark::State& state) {
  RunInWorker(state, true, kClock);
}
BENCHMARK(BM_hc_clock_gettime_sandboxed)->UseManualTime();

void BM_hc_clock_gettime_child_unfiltered(benchmark::State& state) {
  RunInWorker(state, false, kClock);
}
BENCHMARK(BM_hc_clock_gettime_child_unfiltered)->UseManualTime();

// fork + exec + wait of (argv); false if it could not run or failed.
bool Launch(const char* const* argv, int want_status) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    execv(argv[0], const_cast<char* const*>(argv));
    _exit(127);
  }
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == want_status;
}

// One Launch of (argv) per iteration; the row is skipped with (failure) the
// first time it does not end with (want_status).
void LaunchEachIteration(benchmark::State& state, const char* const* argv,
                         int want_status, const char* failure) {
  for (auto _ : state) {
    if (!Launch(argv, want_status)) {
      state.SkipWithError(failure);
      break;
    }
  }
}

// The launch rows' settings: one launch per repetition, real time, the
// aggregates only (a row may ask for fewer repetitions after this).
void LaunchRow(benchmark::internal::Benchmark* b) {
  b->Iterations(1)
      ->Repetitions(100)
      ->ReportAggregatesOnly(true)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
}

void BM_launch_hello_via_hcall(benchmark::State& state) {
  std::string launcher, hello;
  if (!LauncherAndImage(state, "image_hello", &launcher, &hello)) return;
  const char* const argv[] = {launcher.c_str(), "run", hello.c_str(), nullptr};
  LaunchEachIteration(state, argv, 7, "hcall run HELLO did not exit 7");
}
BENCHMARK(BM_launch_hello_via_hcall)->Apply(LaunchRow);

void BM_launch_hello_via_hcall_sandbox_off(benchmark::State& state) {
  std::string launcher, hello;
  if (!LauncherAndImage(state, "image_hello", &launcher, &hello)) return;
  const char* const argv[] = {launcher.c_str(), "run", "--sandbox=off",
                              hello.c_str(), nullptr};
  LaunchEachIteration(state, argv, 7,
                      "hcall run --sandbox=off HELLO did not exit 7");
}
BENCHMARK(BM_launch_hello_via_hcall_sandbox_off)->Apply(LaunchRow);

void BM_launch_hello_via_hcall_qemu_aarch64(benchmark::State& state) {
  std::string launcher, hello;
  if (!LauncherAndImage(state, "image_hello_aarch64", &launcher, &hello)) {
    return;
  }
  const char* const argv[] = {launcher.c_str(), "run", hello.c_str(), nullptr};
  LaunchEachIteration(state, argv, 7,
                      "hcall run HELLO (aarch64) did not exit 7");
}
BENCHMARK(BM_launch_hello_via_hcall_qemu_aarch64)
    ->Apply(LaunchRow)
    ->Repetitions(20);

// The floor (bench/launch_floor.c): the layers a strict launch needs and
// nothing else, cloned as `hcall run` clones (-v), with (flag) naming the
// build: with the C library's start-up, or without it.
void LaunchFloor(benchmark::State& state, const char* flag) {
  std::vector<std::string> paths;
  if (!FlagPaths(state, {flag, "image_hello"}, &paths)) return;
  const char* const argv[] = {paths[0].c_str(), "-v", paths[1].c_str(),
                              nullptr};
  LaunchEachIteration(state, argv, 7, "launch_floor -v HELLO did not exit 7");
}
void BM_launch_floor(benchmark::State& state) { LaunchFloor(state, "floor"); }
BENCHMARK(BM_launch_floor)->Apply(LaunchRow);
void BM_launch_floor_nolibc(benchmark::State& state) {
  LaunchFloor(state, "floor_nolibc");
}
BENCHMARK(BM_launch_floor_nolibc)->Apply(LaunchRow);

void BM_launch_true_fork_exec(benchmark::State& state) {
  const char* const argv[] = {"/bin/true", nullptr};
  LaunchEachIteration(state, argv, 0, "/bin/true failed");
}
BENCHMARK(BM_launch_true_fork_exec)->Apply(LaunchRow);

// Runs (argv) with its stdout captured; the output, or "" if it did not
// exit 0.
std::string RunCaptured(const std::vector<std::string>& args) {
  int out[2];
  if (pipe(out) != 0) return "";
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    close(out[1]);
    std::vector<char*> argv;
    for (const std::string& a : args)
      argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string text;
  char buf[256];
  ssize_t n;
  while ((n = read(out[0], buf, sizeof(buf))) > 0)
    text.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? text : "";
}

// One batch of kLoopWrites hc_write calls inside the write_loop image run
// by hcall (platform: the flag naming the image; sandbox: strict or off). The
// image times the loop itself (manual time): the launch is not counted.
constexpr uint64_t kLoopWrites = 100000;

void BM_hcall_write_devnull(benchmark::State& state, const char* image_flag,
                            const char* sandbox) {
  std::string launcher, image;
  if (!LauncherAndImage(state, image_flag, &launcher, &image)) return;
  const std::vector<std::string> args = {launcher,
                                         "run",
                                         std::string("--sandbox=") + sandbox,
                                         "--file",
                                         "out=/dev/null:rw",
                                         image,
                                         "--",
                                         std::to_string(kLoopWrites)};
  double total_ns = 0;
  for (auto _ : state) {
    const std::string text = RunCaptured(args);
    const size_t at = text.find(" ns=");
    if (at == std::string::npos) {
      state.SkipWithError("write_loop did not report (see its stderr)");
      break;
    }
    const double ns = strtod(text.c_str() + at + 4, nullptr);
    total_ns += ns;
    state.SetIterationTime(ns * 1e-9);
  }
  state.counters["ns_per_call"] =
      total_ns / static_cast<double>(state.iterations() * kLoopWrites);
}
BENCHMARK_CAPTURE(BM_hcall_write_devnull, native_strict, "image_write_loop",
                  "strict")
    ->UseManualTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_hcall_write_devnull, native_off, "image_write_loop", "off")
    ->UseManualTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_hcall_write_devnull, qemu_aarch64_strict,
                  "image_write_loop_aarch64", "strict")
    ->UseManualTime()
    ->Iterations(3);
BENCHMARK_CAPTURE(BM_hcall_write_devnull, qemu_aarch64_off,
                  "image_write_loop_aarch64", "off")
    ->UseManualTime()
    ->Iterations(3);

}  // namespace

// Starts the Linux backend (as //bench:hosted_main does), lets Google
// Benchmark take its flags, then takes the launcher and image flags.
int main(int argc, char** argv) {
  const hc_status_t started = hc_linux::hosted_init();
  if (started != HC_OK) {
    fprintf(stderr, "%s: cannot start the hcall Linux backend: %s\n", argv[0],
            hcall::StatusName(started));
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string key = arg.rfind("--", 0) == 0 && eq != std::string::npos
                                ? arg.substr(2, eq - 2)
                                : "";
    auto it = g_flags.find(key);
    if (it == g_flags.end()) {
      fprintf(stderr,
              "%s: unknown argument %s (takes Google Benchmark's flags, "
              "--launcher=PATH, --image_{hello,write_loop}[_aarch64]=PATH and "
              "--floor[_nolibc]=PATH)"
              "\n",
              argv[0], argv[i]);
      return 2;
    }
    if (eq + 1 == arg.size()) {
      fprintf(stderr, "%s: --%s needs a path\n", argv[0], key.c_str());
      return 2;
    }
    std::string path = arg.substr(eq + 1);
    // hcall is started from this process's directory: make it absolute.
    if (path[0] != '/') {
      char cwd[4096];
      if (getcwd(cwd, sizeof(cwd)) == nullptr) {
        perror("getcwd");
        return 1;
      }
      path = std::string(cwd) + "/" + path;
    }
    it->second = path;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
