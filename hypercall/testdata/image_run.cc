#include "hypercall/testdata/image_run.h"

#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fstream>

namespace hcall::testing {
namespace {

DriverSettings g_settings;

double NowSeconds() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
}

}  // namespace

uint16_t ElfMachine(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char h[20] = {};
  in.read(reinterpret_cast<char*>(h), sizeof(h));
  if (!in || memcmp(h, ELFMAG, SELFMAG) != 0) return 0;
  return static_cast<uint16_t>(h[18] | (h[19] << 8));
}

const DriverSettings& Settings() { return g_settings; }

std::vector<std::string> EmulatorFor(const std::string& image) {
  const uint16_t machine = ElfMachine(image);
  if (machine == ElfMachine("/proc/self/exe")) return {};
  if (g_settings.emulator_given) {
    if (g_settings.emulator.empty()) return {};
    return {g_settings.emulator};
  }
  switch (machine) {
    case EM_AARCH64:
      return {"qemu-aarch64"};
    case EM_ARM:
      return {"qemu-arm"};
    case EM_X86_64:
      return {"qemu-x86_64"};
    default:
      return {};
  }
}

bool ImageRun::exited(int code) const {
  return WIFEXITED(status) && WEXITSTATUS(status) == code;
}

bool ImageRun::killed_by(int sig) const {
  return WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

ImageRun RunImage(const std::string& image,
                  const std::vector<std::string>& args,
                  std::vector<std::string> env, const std::vector<int>& keep,
                  int timeout_ms) {
  std::vector<std::string> argv_strings = EmulatorFor(image);
  // A bare file name would be looked up in PATH.
  argv_strings.push_back(image.find('/') == std::string::npos ? "./" + image
                                                              : image);
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  if (const char* path = getenv("PATH")) {
    env.push_back(std::string("PATH=") + path);
  }
  std::vector<char*> argv, envp;
  for (std::string& s : argv_strings) argv.push_back(&s[0]);
  argv.push_back(nullptr);
  for (std::string& s : env) envp.push_back(&s[0]);
  envp.push_back(nullptr);

  int out[2], err[2];
  ImageRun result;
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return result;
  const double start = NowSeconds();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : keep) fcntl(fd, F_SETFD, 0);
    execvpe(argv[0], argv.data(), envp.data());
    _exit(126);
  }
  close(out[1]);
  close(err[1]);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_pipes = 2;
  while (open_pipes > 0) {
    if (poll(fds, 2, timeout_ms) <= 0) break;  // a hung image fails
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  if (open_pipes > 0) kill(pid, SIGKILL);
  waitpid(pid, &result.status, 0);
  result.seconds = NowSeconds() - start;
  for (const pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  return result;
}

bool ParseDriverFlags(const char* driver, int argc, char** argv,
                      const std::vector<DriverFlag>& flags) {
  DriverSettings settings;
  std::vector<DriverFlag> all = flags;
  all.insert(all.end(), {{"--platform", &settings.platform},
                         {"--cpu", &settings.cpu},
                         {"--emulator", &settings.emulator},
                         {"--qemu", &settings.qemu},
                         {"--exit_decode", &settings.exit_decode}});
  for (int i = 1; i < argc; ++i) {
    const char* arg = argv[i];
    bool taken = false;
    if (strncmp(arg, "--emulator=", 11) == 0) settings.emulator_given = true;
    for (const DriverFlag& f : all) {
      const size_t n = strlen(f.name);
      if (strncmp(arg, f.name, n) == 0 && arg[n] == '=') {
        *f.value = arg + n + 1;
        taken = true;
        break;
      }
    }
    if (!taken) {
      fprintf(stderr, "%s: unknown argument %s\n", driver, arg);
      return false;
    }
  }
  g_settings = settings;
  return true;
}

}  // namespace hcall::testing
