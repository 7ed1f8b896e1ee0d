// bench/boot_bench.cc -- how long a bare-metal hcall image takes to boot
// under QEMU (TCG), measured from the host.
//
//   BM_boot_to_main/<platform>  host time from starting QEMU to the guest's
//                               first console byte (hello prints it first
//                               thing in hc_main)
//   BM_boot_to_exit/<platform>  host time from starting QEMU to its exit,
//                               after hello relayed its status (7)
// Counters: elf_bytes (the image file) and load_bytes (the bytes of its
// PT_LOAD segments: what QEMU copies into guest RAM).
//
// Each iteration is one boot: QEMU's own start-up is part of both figures,
// as it is of every run of an image. Run it through Bazel, which supplies
// the platform's QEMU command and the image:
//   ./bazelw run -c opt //bench:boot_bench_none_aarch64 --
//       --benchmark_repetitions=20 --benchmark_report_aggregates_only=true
// (one command line).
// or by hand with --qemu="<qemu binary and machine arguments>",
// --exit_decode=identity|debug_exit, --platform=<name> and
// --hello=<image ELF> (the flags the rule passes; --cpu is taken too).
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "benchmark/benchmark.h"

namespace {

constexpr int kHelloStatus = 7;
constexpr int kTimeoutMs = 30000;

struct Machine {
  std::string platform;
  std::vector<std::string> qemu;  // binary and machine arguments
  bool debug_exit = false;        // isa-debug-exit: status = (code - 1) / 2
  std::string image;
};

double Seconds() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

// The bytes of the PT_LOAD segments of an ELF32/ELF64 little-endian file,
// or -1 if it is not one.
int64_t LoadBytes(const std::string& path) {
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) return -1;
  std::vector<unsigned char> data;
  unsigned char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
    data.insert(data.end(), buf, buf + n);
  }
  fclose(f);
  auto u16 = [&](size_t o) -> uint64_t {
    return o + 2 <= data.size() ? data[o] | data[o + 1] << 8 : 0;
  };
  auto u32 = [&](size_t o) -> uint64_t { return u16(o) | u16(o + 2) << 16; };
  auto u64 = [&](size_t o) -> uint64_t { return u32(o) | u32(o + 4) << 32; };
  if (data.size() < 52 ||
      memcmp(data.data(),
             "\x7f"
             "ELF",
             4) != 0 ||
      data[5] != 1) {
    return -1;
  }
  const bool is64 = data[4] == 2;
  const uint64_t phoff = is64 ? u64(32) : u32(28);
  const uint64_t phentsize = is64 ? u16(54) : u16(42);
  const uint64_t phnum = is64 ? u16(56) : u16(44);
  int64_t total = 0;
  for (uint64_t i = 0; i < phnum; ++i) {
    const size_t ph = phoff + i * phentsize;
    if (ph + phentsize > data.size()) return -1;
    if (u32(ph) != 1) continue;  // PT_LOAD
    total += static_cast<int64_t>(is64 ? u64(ph + 32) : u32(ph + 16));
  }
  return total;
}

struct Boot {
  bool ok = false;
  std::string error;
  double to_first_byte = 0;  // seconds
  double to_exit = 0;
};

// Boots (m.image) once, console on a pipe, and times it.
Boot BootOnce(const Machine& m) {
  Boot boot;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    boot.error = std::string("pipe: ") + strerror(errno);
    return boot;
  }
  std::vector<std::string> words = m.qemu;
  words.push_back("-kernel");
  words.push_back(m.image);
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);

  const double start = Seconds();
  const pid_t pid = fork();
  if (pid < 0) {
    boot.error = std::string("fork: ") + strerror(errno);
    close(out[0]);
    close(out[1]);
    return boot;
  }
  if (pid == 0) {
    const int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(out[1], 1);
    dup2(out[1], 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  std::string console;
  bool first = true;
  for (;;) {
    pollfd p{out[0], POLLIN, 0};
    const int ready = poll(&p, 1, kTimeoutMs);
    if (ready <= 0) {
      kill(pid, SIGKILL);
      boot.error = "the guest printed nothing for 30 s: killed";
      break;
    }
    char buf[4096];
    const ssize_t n = read(out[0], buf, sizeof(buf));
    if (n <= 0) break;
    if (first) {
      boot.to_first_byte = Seconds() - start;
      first = false;
    }
    console.append(buf, static_cast<size_t>(n));
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  boot.to_exit = Seconds() - start;
  if (!boot.error.empty()) return boot;
  if (!WIFEXITED(status)) {
    boot.error = "QEMU did not exit normally";
    return boot;
  }
  int code = WEXITSTATUS(status);
  if (code == 127 && console.empty()) {
    boot.error = "cannot run " + m.qemu[0];
    return boot;
  }
  if (m.debug_exit) code = code % 2 == 1 ? (code - 1) / 2 : -1;
  if (code != kHelloStatus ||
      console.find("Hello from hcall") == std::string::npos) {
    boot.error = "hello exited with " + std::to_string(code) +
                 " (expected 7) or did not greet: " + console.substr(0, 200);
    return boot;
  }
  boot.ok = true;
  return boot;
}

void SetCounters(benchmark::State& state, const Machine& m) {
  struct stat st {};
  if (stat(m.image.c_str(), &st) == 0) {
    state.counters["elf_bytes"] = static_cast<double>(st.st_size);
  }
  state.counters["load_bytes"] = static_cast<double>(LoadBytes(m.image));
}

void BM_boot_to_main(benchmark::State& state, const Machine* m) {
  for (auto _ : state) {
    const Boot b = BootOnce(*m);
    if (!b.ok) {
      state.SkipWithError(b.error.c_str());
      return;
    }
    state.SetIterationTime(b.to_first_byte);
  }
  SetCounters(state, *m);
}

void BM_boot_to_exit(benchmark::State& state, const Machine* m) {
  for (auto _ : state) {
    const Boot b = BootOnce(*m);
    if (!b.ok) {
      state.SkipWithError(b.error.c_str());
      return;
    }
    state.SetIterationTime(b.to_exit);
  }
  SetCounters(state, *m);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  static Machine machine;
  std::string qemu, decode, platform;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const std::string value = arg.substr(arg.find('=') + 1);
    if (arg.rfind("--hello=", 0) == 0) {
      machine.image = value;
    } else if (arg.rfind("--qemu=", 0) == 0) {
      qemu = value;
    } else if (arg.rfind("--exit_decode=", 0) == 0) {
      decode = value;
    } else if (arg.rfind("--platform=", 0) == 0) {
      platform = value;
    } else if (arg.rfind("--cpu=", 0) == 0) {
      // The rule passes it to every driver; the platform's name suffices.
    } else if (arg == "--help" || arg == "-h") {
      fprintf(stderr,
              "usage: boot_bench --qemu=WORDS --hello=IMAGE "
              "[--exit_decode=identity|debug_exit] [--platform=NAME] "
              "[benchmark flags]\n"
              "  --qemu: the qemu binary and machine arguments\n"
              "Run through Bazel: ./bazelw run -c opt "
              "//bench:boot_bench_<platform> -- --benchmark_repetitions=20\n");
      return 0;
    } else {
      fprintf(stderr, "boot_bench: unknown argument '%s' (see --help)\n",
              argv[i]);
      return 64;
    }
  }
  if (qemu.empty() || machine.image.empty()) {
    fprintf(stderr,
            "boot_bench: needs --qemu and --hello=IMAGE; run it as "
            "./bazelw run -c opt //bench:boot_bench_<platform> (see --help)\n");
    return 64;
  }
  machine.qemu = SplitWords(qemu);
  machine.debug_exit = decode == "debug_exit";
  machine.platform = platform.empty() ? "unknown" : platform;

  benchmark::RegisterBenchmark(("BM_boot_to_main/" + machine.platform).c_str(),
                               BM_boot_to_main, &machine)
      ->UseManualTime()
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark(("BM_boot_to_exit/" + machine.platform).c_str(),
                               BM_boot_to_exit, &machine)
      ->UseManualTime()
      ->Iterations(1)
      ->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
