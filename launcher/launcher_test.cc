// launcher/launcher_test.cc -- runs the `hcall` binary as a user would:
// victims under each sandbox mode, grants, exit statuses, bad input, and
// the --print-command goldens of the bare-metal platforms.
//
// Inputs, as flags (Bazel: //launcher:launcher_test_<platform>, one test
// per Linux platform, images built for that platform):
//   --launcher=PATH        the hcall binary
//   --golden=DIR           the golden files (testdata/golden)
//   --image_<name>=PATH    the test images for the CPU of --cpu:
//                          hello, boot_image, grant_image, crash, sleeper,
//                          victim_<action>. hello is required.
//   --cpu=CPU              (with --platform and --emulator: the settings
//                          flags hc_image_driver_test gives every driver)
// or, by hand, --launcher and --golden with, instead of --image_* and
// --cpu:
//   --images_dir=DIR       a directory of images named <name>_<cpu> (cpu:
//                          x86_64, aarch64, arm; a CPU whose images are
//                          missing is skipped)
// Foreign-CPU images run under qemu-user from $PATH.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gtest/gtest.h"
#include "launcher/console.h"
#include "launcher/exit_codes.h"
#include "launcher/platform.h"
#include "launcher/run_spec.h"
#include "launcher/seccomp_policy.h"
#include "launcher/testdata/fake_elf.h"

namespace hcall::launcher {
namespace {

// In an argument of LauncherTest::Hcall: replaced by hcall's pid.
constexpr const char* kHcallPid = "{HCALL_PID}";

struct Result {
  int code = -1;
  std::string out, err;
};

std::string Env(const char* name) {
  const char* v = getenv(name);
  return v != nullptr ? v : "";
}

// Set from the command line by main(); absolute paths.
std::string g_launcher, g_golden, g_cpu, g_images_dir;
std::map<std::string, std::string> g_images;  // name -> path, for g_cpu

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}

std::string Drain(int fd) {
  std::string s;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof(buf))) > 0) s.append(buf, n);
  close(fd);
  return s;
}

const char* const kCpus[] = {"x86_64", "aarch64", "arm"};

class LauncherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    launcher_ = g_launcher;
    images_ = g_images_dir;
    golden_ = g_golden;
    ASSERT_FALSE(launcher_.empty()) << "pass --launcher=PATH";
    if (g_images.empty()) {
      ASSERT_FALSE(images_.empty())
          << "pass --image_<name>=PATH or --images_dir=DIR";
    } else {
      ASSERT_TRUE(g_images.count("hello")) << "pass --image_hello=PATH";
    }
    const std::string tmp =
        Env("TEST_TMPDIR").empty() ? "/tmp" : Env("TEST_TMPDIR");
    std::string tmpl = tmp + "/hcall_launcher_test.XXXXXX";
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::string cmd = absl::StrCat("rm -rf '", dir_, "'");
    ASSERT_EQ(system(cmd.c_str()), 0);
  }

  // Runs hcall with (args) in the temporary directory; files there can be
  // named relative to it. (closed_fd), 1 or 2: hcall starts without that
  // descriptor (its output is then not collected).
  Result Hcall(const std::vector<std::string>& args, int closed_fd = -1) {
    int out[2], err[2];
    EXPECT_EQ(pipe(out), 0);
    EXPECT_EQ(pipe(err), 0);
    const pid_t pid = fork();
    if (pid == 0) {
      dup2(out[1], 1);
      dup2(err[1], 2);
      close(out[0]);
      close(err[0]);
      if (closed_fd >= 0) close(closed_fd);
      if (chdir(dir_.c_str()) != 0) _exit(99);
      // "{HCALL_PID}" in an argument becomes hcall's own pid.
      std::vector<std::string> expanded = args;
      for (std::string& a : expanded) {
        const size_t at = a.find(kHcallPid);
        if (at != std::string::npos) {
          a.replace(at, strlen(kHcallPid), std::to_string(getpid()));
        }
      }
      std::vector<char*> argv = {const_cast<char*>(launcher_.c_str())};
      for (const std::string& a : expanded)
        argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(98);
    }
    close(out[1]);
    close(err[1]);
    Result r;
    r.out = Drain(out[0]);  // small outputs: sequential reads are enough
    r.err = Drain(err[0]);
    int st = 0;
    waitpid(pid, &st, 0);
    r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 200 + WTERMSIG(st);
    return r;
  }

  std::string Image(const std::string& name, const std::string& cpu) {
    if (!g_images.empty()) {
      auto it = g_images.find(name);
      return cpu == g_cpu && it != g_images.end() ? it->second : "";
    }
    return absl::StrCat(images_, "/", name, "_", cpu);
  }
  bool Have(const std::string& name, const std::string& cpu) {
    return access(Image(name, cpu).c_str(), R_OK) == 0;
  }
  // Runs (body) for each CPU in kCpus that has image (name), under a
  // SCOPED_TRACE of the CPU, and returns how many did (0: the test skips or
  // fails, as it says). A fatal failure (ASSERT_*) in (body) ends it there,
  // as it would end a loop in the test itself.
  int ForEachCpuWith(const std::string& name,
                     const std::function<void(const char* cpu)>& body) {
    int ran = 0;
    for (const char* cpu : kCpus) {
      if (!Have(name, cpu)) continue;
      ++ran;
      SCOPED_TRACE(cpu);
      body(cpu);
      if (HasFatalFailure()) break;
    }
    return ran;
  }
  std::string Path(const std::string& name) { return dir_ + "/" + name; }

  // True when this run was given images for another CPU than the host's
  // (Bazel's per-platform tests): checks that need the host's images then
  // belong to the linux_x86_64 run.
  bool ForeignCpuRun() {
    return !g_images.empty() && g_cpu != CpuName(HostCpu());
  }

  std::string launcher_, images_, golden_, dir_;
};

// Binds a UNIX socket named (name) in directory (dir), as a user's stray
// socket file would be. The address goes through /proc/self/fd, since a
// test's directory can be longer than sun_path.
bool MakeSocket(const std::string& dir, const std::string& name) {
  const int dir_fd = open(dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  bool ok = dir_fd >= 0 && fd >= 0;
  if (ok) {
    const std::string path = absl::StrCat("/proc/self/fd/", dir_fd, "/", name);
    struct sockaddr_un addr = {};
    addr.sun_family = AF_UNIX;
    ok = path.size() < sizeof(addr.sun_path);
    if (ok) {
      memcpy(addr.sun_path, path.c_str(), path.size() + 1);
      ok = bind(fd, reinterpret_cast<struct sockaddr*>(&addr), sizeof(addr)) ==
           0;
    }
  }
  if (fd >= 0) close(fd);
  if (dir_fd >= 0) close(dir_fd);
  return ok;
}

struct Victim {
  const char* action;
  const char* syscall;  // what the launcher must name
  // Under qemu-user: true if qemu refuses it (killed / EPERM) like a
  // native run; false if it is one of the documented differences.
  bool qemu_blocks;
};

const Victim kVictims[] = {
    {"openat", "openat", false},  // qemu-user: read-only opens pass
    {"socket", "socket", true},
    {"execve", "execve", true},
    {"execveat", "execveat", false},  // qemu 7.2: ENOSYS, never reaches host
    {"clone", "clone", true},
    {"ptrace", "ptrace", false},  // qemu: ENOSYS, never reaches host
    {"mmap_wx", "mmap", false},   // qemu: guest RWX is emulated
    // Executable after start (W^X over time); --allow_exec_pages permits it.
    {"mprotect_exec", "mprotect", false},  // qemu: guest pages are emulated
    {"write_ungranted", "write", true},
    // Terminal input injection and SIGIO ownership: refused under qemu-user
    // too, by argument (ioctl and fcntl requests QEMU itself never makes).
    {"tiocsti", "ioctl", true},
    {"fsetown", "fcntl", true},
    // arch_prctl is allowed for the fs base only (hc_tls_set); x86_64 only,
    // elsewhere the victim makes no call.
    {"arch_prctl", "arch_prctl", false},
};

TEST_F(LauncherTest, VictimsDieUnderStrictAndContinueUnderAudit) {
  const std::string host = CpuName(HostCpu());
  int ran = 0;
  for (const char* cpu : kCpus) {
    for (const Victim& v : kVictims) {
      const std::string name = absl::StrCat("victim_", v.action);
      if (!Have(name, cpu)) continue;
      ++ran;
      const std::string image = Image(name, cpu);
      const bool blocked = cpu == host || v.qemu_blocks;
      SCOPED_TRACE(absl::StrCat(name, " on ", cpu));
      // "4": the launcher's exec descriptor with no grants (3 = manifest).
      Result strict = Hcall({"run", "--timeout=60s", image, "--", "4"});
      EXPECT_NE(
          strict.out.find(absl::StrCat("VICTIM ", v.action, ": attempting")),
          std::string::npos)
          << strict.out << strict.err;
      if (blocked) {
        EXPECT_EQ(strict.code, kExitSandboxKill) << strict.err;
        EXPECT_NE(strict.err.find(absl::StrCat(
                      "sandbox: ", image, " attempted forbidden system call ",
                      v.syscall, "\n")),
                  std::string::npos)
            << strict.err;
        EXPECT_EQ(strict.out.find("CONTINUED"), std::string::npos);
      } else {
        EXPECT_EQ(strict.code, 0) << strict.err;
        EXPECT_NE(strict.out.find("CONTINUED"), std::string::npos);
      }
      Result audit =
          Hcall({"run", "--sandbox=audit", "--timeout=60s", image, "--", "4"});
      EXPECT_EQ(audit.code, 0) << audit.err;
      if (blocked) {
        EXPECT_NE(
            audit.err.find(absl::StrCat("sandbox: audit: ", image,
                                        " attempted forbidden system call ",
                                        v.syscall, " (denied with EPERM)")),
            std::string::npos)
            << audit.err;
        EXPECT_NE(audit.out.find(
                      absl::StrCat("VICTIM ", v.action, " CONTINUED ret=-1\n")),
                  std::string::npos)
            << audit.out;
      }
    }
  }
  EXPECT_GT(ran, 0) << "no victim images in " << images_;
  if (!g_images.empty()) {
    // Per-platform run: every victim must have been given.
    EXPECT_EQ(ran, static_cast<int>(sizeof(kVictims) / sizeof(kVictims[0])));
  }
}

// Another ABI's system call (x32 on an x86_64 host) is handled like any
// forbidden call: strict kills, audit denies with EPERM and names it.
TEST_F(LauncherTest, X32SystemCallsAreForbiddenCalls) {
  if (HostCpu() != Cpu::kX86_64 || !Have("victim_x32", "x86_64")) {
    GTEST_SKIP() << "x32 exists only on an x86_64 host, with its images";
  }
  const std::string image = Image("victim_x32", "x86_64");
  Result strict = Hcall({"run", "--timeout=60s", image});
  EXPECT_EQ(strict.code, kExitSandboxKill) << strict.err;
  EXPECT_NE(strict.err.find(absl::StrCat("sandbox: ", image,
                                         " attempted forbidden system call "
                                         "x32 getpid\n")),
            std::string::npos)
      << strict.err;
  EXPECT_NE(strict.out.find("VICTIM x32: attempting"), std::string::npos);
  EXPECT_EQ(strict.out.find("CONTINUED"), std::string::npos) << strict.out;
  Result audit = Hcall({"run", "--sandbox=audit", "--timeout=60s", image});
  EXPECT_EQ(audit.code, 0) << audit.err;
  EXPECT_NE(audit.err.find(absl::StrCat("sandbox: audit: ", image,
                                        " attempted forbidden system call "
                                        "x32 getpid (denied with EPERM)")),
            std::string::npos)
      << audit.err;
  EXPECT_NE(audit.out.find("VICTIM x32 CONTINUED ret=-1\n"), std::string::npos)
      << audit.out;
}

// A native image cannot learn whether a host path exists through statx with
// a path (the filter requires the NULL path of hc_stat). Needs a kernel that
// takes statx(fd, NULL, AT_EMPTY_PATH): Linux 6.11 or later.
TEST_F(LauncherTest, StatxOfAHostPathIsForbidden) {
  const std::string host = CpuName(HostCpu());
  if (!Have("victim_statx_path", host)) {
    GTEST_SKIP() << "needs the host's victim images (the linux_" << host
                 << " run)";
  }
  if (!KernelTakesStatxNullPath()) {
    GTEST_SKIP() << "this kernel rejects statx(fd, NULL, AT_EMPTY_PATH) "
                    "(before Linux 6.11): the path cannot be checked";
  }
  const std::string image = Image("victim_statx_path", host);
  Result strict = Hcall({"run", "--timeout=60s", image});
  EXPECT_EQ(strict.code, kExitSandboxKill) << strict.err;
  EXPECT_NE(strict.err.find("attempted forbidden system call statx\n"),
            std::string::npos)
      << strict.err;
  EXPECT_EQ(strict.out.find("CONTINUED"), std::string::npos) << strict.out;
  Result audit = Hcall({"run", "--sandbox=audit", "--timeout=60s", image});
  EXPECT_EQ(audit.code, 0) << audit.err;
  EXPECT_NE(audit.out.find("VICTIM statx_path CONTINUED ret=-1\n"),
            std::string::npos)
      << audit.out;
}

// --allow_exec_pages lets a native image make a page executable after it
// started (still never writable and executable at once).
TEST_F(LauncherTest, AllowExecPagesPermitsReadExecuteButNeverWriteExecute) {
  const std::string host = CpuName(HostCpu());
  if (!Have("victim_mprotect_exec", host) || !Have("victim_mmap_wx", host)) {
    GTEST_SKIP() << "needs the host's victim images (the linux_" << host
                 << " run)";
  }
  Result rx = Hcall({"run", "--allow_exec_pages", "--timeout=60s",
                     Image("victim_mprotect_exec", host)});
  EXPECT_EQ(rx.code, 0) << rx.err;
  EXPECT_NE(rx.out.find("VICTIM mprotect_exec CONTINUED ret=0\n"),
            std::string::npos)
      << rx.out << rx.err;
  Result wx = Hcall({"run", "--allow-exec-pages", "--timeout=60s",
                     Image("victim_mmap_wx", host), "--", "4"});
  EXPECT_EQ(wx.code, kExitSandboxKill) << wx.err;
  EXPECT_NE(wx.err.find("attempted forbidden system call mmap"),
            std::string::npos)
      << wx.err;
}

// Execute permission is checked before anything runs, with the same message
// for native and qemu-user images.
TEST_F(LauncherTest, ImageWithoutExecutePermissionIsRefused) {
  const int ran = ForEachCpuWith("hello", [&](const char* cpu) {
    const std::string copy = Path(absl::StrCat("hello_noexec_", cpu));
    WriteFile(copy, ReadFile(Image("hello", cpu)));
    ASSERT_EQ(chmod(copy.c_str(), 0644), 0);
    Result r = Hcall({"run", copy});
    EXPECT_EQ(r.code, kExitBadImage) << r.err;
    EXPECT_NE(r.err.find(absl::StrCat("hcall: ", copy, ": not executable (")),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("chmod +x"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("Hello"), std::string::npos);
  });
  EXPECT_GT(ran, 0);
}

// A terminal for hcall, as a user's shell would give it: a pty whose
// slave is hcall's controlling terminal and stdin, stdout and stderr, with
// hcall as the foreground job of its session.
class Pty {
 public:
  Pty() {
    master_ = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0) return;
    const char* name = ptsname(master_);
    if (name == nullptr) return;
    slave_name_ = name;
    // Kept open by the test to look at the terminal's input queue and
    // modes.
    slave_ = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  }
  ~Pty() {
    if (slave_ >= 0) close(slave_);
    if (master_ >= 0) close(master_);
  }
  bool ok() const { return slave_ >= 0; }
  int master() const { return master_; }
  int slave() const { return slave_; }

  // Starts (argv) in (dir) on the terminal; returns its pid.
  pid_t Start(const std::string& dir, const std::vector<std::string>& args) {
    const pid_t pid = fork();
    if (pid == 0) {
      setsid();
      const int tty = open(slave_name_.c_str(), O_RDWR);
      if (tty < 0 || ioctl(tty, TIOCSCTTY, 0) != 0) _exit(97);
      dup2(tty, 0);
      dup2(tty, 1);
      dup2(tty, 2);
      if (tty > 2) close(tty);
      if (chdir(dir.c_str()) != 0) _exit(99);
      std::vector<char*> argv;
      for (const std::string& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(98);
    }
    return pid;
  }

  // Reads what the terminal shows until (pid) has ended (and the output is
  // read) or (until) appears; returns it.
  std::string Read(pid_t pid, int* status, const std::string& until = "") {
    std::string seen;
    bool ended = false;
    for (;;) {
      struct pollfd p = {master_, POLLIN, 0};
      const int n = poll(&p, 1, ended ? 0 : 100);
      if (n > 0 && (p.revents & POLLIN) != 0) {
        char buf[1024];
        const ssize_t got = read(master_, buf, sizeof(buf));
        if (got > 0) {
          seen.append(buf, static_cast<size_t>(got));
          if (!until.empty() && seen.find(until) != std::string::npos) {
            return seen;
          }
          continue;
        }
      }
      if (ended) return seen;
      ended = waitpid(pid, status, WNOHANG) == pid;
    }
  }

  // The terminal's pending input line (typed, or injected), once a newline
  // is typed to complete it: "" when nothing was pending. (Canonical mode
  // counts complete lines only.)
  std::string PendingLine() const {
    if (write(master_, "\n", 1) != 1) return "(cannot type)";
    struct pollfd p = {slave_, POLLIN, 0};
    if (poll(&p, 1, 5000) != 1) return "(newline never arrived)";
    char buf[256];
    const ssize_t n = read(slave_, buf, sizeof(buf));
    if (n <= 0) return "(unreadable)";
    return std::string(buf, static_cast<size_t>(n) - 1);
  }

 private:
  int master_ = -1;
  int slave_ = -1;
  std::string slave_name_;
};

bool SameModes(const struct termios& a, const struct termios& b) {
  return a.c_iflag == b.c_iflag && a.c_oflag == b.c_oflag &&
         a.c_cflag == b.c_cflag && a.c_lflag == b.c_lflag &&
         memcmp(a.c_cc, b.c_cc, sizeof(a.c_cc)) == 0;
}

// hcall run on a terminal: the image gets pipes, not the terminal, and a
// session of its own. The victims push a character into the terminal's
// input (TIOCSTI on stdin, and on /dev/tty): under every sandbox mode,
// --sandbox=off included, nothing reaches the terminal's input queue
// (which a shell would read after hcall exits), its modes are unchanged,
// and hcall reports how the image ended. Under off, where no filter
// stands in the way, the calls fail by themselves: stdin is a pipe
// (ENOTTY) and there is no controlling terminal (ENXIO).
TEST_F(LauncherTest, TheImageNeverHoldsTheTerminal) {
  const std::string host = CpuName(HostCpu());
  struct Case {
    const char* victim;
    long off_result;  // the call's result under --sandbox=off
  };
  int ran = 0;
  for (const char* cpu : kCpus) {
    for (const Case& c : {Case{"tiocsti", -ENOTTY}, Case{"devtty", -ENXIO}}) {
      const std::string name = absl::StrCat("victim_", c.victim);
      if (!Have(name, cpu)) continue;
      for (const char* mode : {"strict", "audit", "off"}) {
        ++ran;
        SCOPED_TRACE(absl::StrCat(name, " on ", cpu, ", --sandbox=", mode));
        Pty pty;
        ASSERT_TRUE(pty.ok()) << "no pty: " << strerror(errno);
        struct termios before, after;
        ASSERT_EQ(tcgetattr(pty.slave(), &before), 0);
        const pid_t pid =
            pty.Start(dir_, {launcher_, "run", absl::StrCat("--sandbox=", mode),
                             "--timeout=60s", Image(name, cpu)});
        ASSERT_GT(pid, 0);
        int st = 0;
        const std::string shown = pty.Read(pid, &st);
        ASSERT_TRUE(WIFEXITED(st)) << shown;
        EXPECT_NE(shown.find(absl::StrCat("VICTIM ", c.victim, ": attempting")),
                  std::string::npos)
            << shown;
        EXPECT_EQ(pty.PendingLine(), "") << shown;
        ASSERT_EQ(tcgetattr(pty.slave(), &after), 0);
        EXPECT_TRUE(SameModes(before, after)) << shown;
        const std::string mode_name = mode;
        if (mode_name == "off") {
          EXPECT_EQ(WEXITSTATUS(st), 0) << shown;
          EXPECT_NE(shown.find(absl::StrCat("CONTINUED ret=", c.off_result)),
                    std::string::npos)
              << shown;
        } else if (mode_name == "strict" && cpu == host) {
          // Natively both die at their first call (ioctl; openat).
          EXPECT_EQ(WEXITSTATUS(st), kExitSandboxKill) << shown;
          EXPECT_NE(shown.find("attempted forbidden system call"),
                    std::string::npos)
              << shown;
        } else {
          // audit: EPERM; qemu-user strict: tiocsti is killed, /dev/tty is
          // not in the image's root (ENOENT).
          EXPECT_TRUE(WEXITSTATUS(st) == 0 ||
                      WEXITSTATUS(st) == kExitSandboxKill)
              << shown;
          EXPECT_TRUE(shown.find("CONTINUED") != std::string::npos ||
                      shown.find("attempted forbidden system call") !=
                          std::string::npos)
              << shown;
        }
      }
    }
  }
  if (ran == 0) GTEST_SKIP() << "no victim_tiocsti or victim_devtty image";
}

// Ctrl-C on hcall's terminal ends the image (hcall passes SIGINT on), hcall
// says so, and the terminal keeps its modes.
TEST_F(LauncherTest, CtrlCOnTheTerminalEndsTheImageAndKeepsTheTerminal) {
  const int ran = ForEachCpuWith("sleeper", [&](const char* cpu) {
    Pty pty;
    ASSERT_TRUE(pty.ok()) << "no pty: " << strerror(errno);
    struct termios before, after;
    ASSERT_EQ(tcgetattr(pty.slave(), &before), 0);
    const pid_t pid = pty.Start(
        dir_, {launcher_, "run", "--timeout=60s", Image("sleeper", cpu)});
    ASSERT_GT(pid, 0);
    int st = 0;
    std::string shown = pty.Read(pid, &st, "SLEEPING");
    ASSERT_NE(shown.find("SLEEPING"), std::string::npos) << shown;
    const char ctrl_c = before.c_cc[VINTR];
    ASSERT_EQ(write(pty.master(), &ctrl_c, 1), 1);
    shown += pty.Read(pid, &st);
    ASSERT_TRUE(WIFEXITED(st)) << shown;
    EXPECT_EQ(WEXITSTATUS(st), 128 + SIGINT) << shown;
    EXPECT_NE(shown.find("killed by signal 2 (SIGINT) (passed on by hcall"),
              std::string::npos)
        << shown;
    EXPECT_EQ(shown.find("SLEPT"), std::string::npos) << shown;
    ASSERT_EQ(tcgetattr(pty.slave(), &after), 0);
    EXPECT_TRUE(SameModes(before, after)) << shown;
  });
  if (ran == 0) GTEST_SKIP() << "no sleeper image";
}

// What is typed on hcall's terminal reaches the image, through hcall's
// relay (the image's stdin is a pipe); end of input (Ctrl-D) too.
TEST_F(LauncherTest, TypedInputReachesTheImageThroughTheRelay) {
  const int ran = ForEachCpuWith("echo_stdin", [&](const char* cpu) {
    Pty pty;
    ASSERT_TRUE(pty.ok()) << "no pty: " << strerror(errno);
    struct termios modes;
    ASSERT_EQ(tcgetattr(pty.slave(), &modes), 0);
    const pid_t pid = pty.Start(
        dir_, {launcher_, "run", "--timeout=60s", Image("echo_stdin", cpu)});
    ASSERT_GT(pid, 0);
    int st = 0;
    std::string shown = pty.Read(pid, &st, "READING");
    ASSERT_NE(shown.find("READING"), std::string::npos) << shown;
    const std::string typed =
        absl::StrCat("typed line\n", std::string(1, modes.c_cc[VEOF]));
    ASSERT_EQ(write(pty.master(), typed.data(), typed.size()),
              static_cast<ssize_t>(typed.size()));
    shown += pty.Read(pid, &st);
    ASSERT_TRUE(WIFEXITED(st)) << shown;
    EXPECT_EQ(WEXITSTATUS(st), 0) << shown;
    // The terminal shows "\n" as "\r\n" (ONLCR).
    EXPECT_NE(shown.find("GOT typed line\r\n"), std::string::npos) << shown;
  });
  if (ran == 0) GTEST_SKIP() << "no echo_stdin image";
}

// The console relayed from a terminal is a pipe to the backend, but the
// image still sees a terminal (its entries are marked TERMINAL, so its C
// library line-buffers stdout); without a terminal it sees none.
TEST_F(LauncherTest, TheRelayedConsoleIsATerminalToTheImage) {
  const int ran = ForEachCpuWith("tty_image", [&](const char* cpu) {
    for (const char* mode : {"--sandbox=strict", "--sandbox=off"}) {
      SCOPED_TRACE(mode);
      Pty pty;
      ASSERT_TRUE(pty.ok()) << "no pty: " << strerror(errno);
      const pid_t pid = pty.Start(
          dir_,
          {launcher_, "run", mode, "--timeout=60s", Image("tty_image", cpu)});
      ASSERT_GT(pid, 0);
      int st = 0;
      const std::string shown = pty.Read(pid, &st);
      ASSERT_TRUE(WIFEXITED(st)) << shown;
      EXPECT_EQ(WEXITSTATUS(st), 0) << shown;
      EXPECT_NE(shown.find("ISATTY 1 1 1\r\n"), std::string::npos) << shown;
      Result piped = Hcall({"run", mode, Image("tty_image", cpu)});
      EXPECT_EQ(piped.code, 0) << piped.err;
      // stdin is the test's own (not a terminal under Bazel).
      EXPECT_EQ(piped.out,
                absl::StrCat("ISATTY ", isatty(0) ? 1 : 0, " 0 0\n"));
    }
  });
  EXPECT_GT(ran, 0);
}

// SIGTERM, SIGINT and SIGHUP sent to hcall alone reach the image, which
// ends by it; hcall says so and exits 128+N. The image is gone when hcall
// returns: its stdout reaches end of file (every writer closed), well
// before the 30 s it would sleep.
TEST_F(LauncherTest, SignalsToTheLauncherArePassedOnToTheImage) {
  const int ran = ForEachCpuWith("sleeper", [&](const char* cpu) {
    for (int sig : {SIGTERM, SIGINT, SIGHUP}) {
      SCOPED_TRACE(strsignal(sig));
      int out[2], err[2];
      ASSERT_EQ(pipe(out), 0);
      ASSERT_EQ(pipe(err), 0);
      const std::string image = Image("sleeper", cpu);
      const pid_t pid = fork();
      if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(err[0]);
        execl(launcher_.c_str(), launcher_.c_str(), "run", image.c_str(),
              static_cast<char*>(nullptr));
        _exit(98);
      }
      close(out[1]);
      close(err[1]);
      // Wait for the image to report that it runs, then signal hcall only.
      std::string seen;
      char buf[256];
      ssize_t n;
      while (seen.find("SLEEPING\n") == std::string::npos &&
             (n = read(out[0], buf, sizeof(buf))) > 0) {
        seen.append(buf, static_cast<size_t>(n));
      }
      ASSERT_NE(seen.find("SLEEPING\n"), std::string::npos) << seen;
      ASSERT_EQ(kill(pid, sig), 0);
      seen += Drain(out[0]);
      const std::string errors = Drain(err[0]);
      int st = 0;
      ASSERT_EQ(waitpid(pid, &st, 0), pid);
      ASSERT_TRUE(WIFEXITED(st))
          << "hcall itself died of signal " << WTERMSIG(st);
      EXPECT_EQ(WEXITSTATUS(st), 128 + sig) << errors;
      EXPECT_NE(errors.find("passed on by hcall"), std::string::npos) << errors;
      EXPECT_EQ(seen.find("SLEPT"), std::string::npos) << seen;
    }
  });
  EXPECT_GT(ran, 0);
}

// Signals that reach hcall's process group while the image is being set
// up (SIGWINCH: a terminal resize) neither hold the launch nor change how
// the image ends. (A process traced before its exec stops for any signal,
// and one stopping while the launcher waits for that exec would hold
// both.) Each launch runs under a stream of SIGWINCH to hcall's group
// until it ends; one still running after 60 s counts as held.
TEST_F(LauncherTest, SignalsWhileTheImageStartsNeitherHoldNorChangeIt) {
  const int ran = ForEachCpuWith("hello", [&](const char* cpu) {
    const std::string image = Image("hello", cpu);
    for (int i = 0; i < 20; ++i) {
      const pid_t pid = fork();
      ASSERT_GE(pid, 0);
      if (pid == 0) {
        setpgid(0, 0);
        const int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(launcher_.c_str(), launcher_.c_str(), "run", image.c_str(),
              static_cast<char*>(nullptr));
        _exit(98);
      }
      setpgid(pid, pid);
      const time_t give_up = time(nullptr) + 60;
      int st = 0;
      pid_t w;
      while ((w = waitpid(pid, &st, WNOHANG)) == 0 && time(nullptr) < give_up) {
        kill(-pid, SIGWINCH);
      }
      if (w == 0) {
        kill(-pid, SIGKILL);
        waitpid(pid, &st, 0);
      }
      ASSERT_EQ(w, pid) << "launch " << i << " was held (still running)";
      ASSERT_TRUE(WIFEXITED(st)) << "hcall died of signal " << WTERMSIG(st);
      EXPECT_EQ(WEXITSTATUS(st), 7) << "launch " << i;
    }
  });
  EXPECT_GT(ran, 0);
}

// Whether (shown), what a terminal showed of victim_flood's "print",
// holds its lines whole and in order: from the first line up to hcall's
// own report, whole lines "VICTIM flood: a line" and then at most the
// start of one (the image was killed mid-stream). Returns how many lines.
size_t WholeFloodLines(const std::string& shown, std::string* why) {
  const std::string line = "VICTIM flood: a line\r\n";
  const size_t from = shown.find("VICTIM flood:");
  if (from == std::string::npos) {
    *why = "no line";
    return 0;
  }
  size_t to = shown.find("hcall: ", from);
  if (to == std::string::npos) to = shown.size();
  size_t lines = 0, at = from;
  for (; at + line.size() <= to; at += line.size(), ++lines) {
    if (shown.compare(at, line.size(), line) != 0) {
      *why = absl::StrCat("line ", lines,
                          " differs: ", shown.substr(at, line.size()));
      return 0;
    }
  }
  if (shown.compare(at, to - at, line, 0, to - at) != 0) {
    *why = absl::StrCat("the last part is no line's start: ",
                        shown.substr(at, to - at));
    return 0;
  }
  return lines;
}

// --timeout holds against an image that keeps hcall busy, on a terminal
// slower than the image (read 256 bytes every 50 ms here): "print" floods
// stdout, which hcall relays, so its poll always has something to do;
// "signal" sends itself SIGABRT in a loop into a handler, a stop for hcall
// each time where hcall traces the image. hcall must end it at the
// timeout (124) all the same, not run on (checked for 30 s).
TEST_F(LauncherTest, TimeoutHoldsAgainstAnImageThatKeepsHcallBusy) {
  const int ran = ForEachCpuWith("victim_flood", [&](const char* cpu) {
    for (const char* how : {"print", "signal"}) {
      SCOPED_TRACE(how);
      Pty pty;
      ASSERT_TRUE(pty.ok());
      const pid_t pid = pty.Start(dir_, {launcher_, "run", "--timeout=1s",
                                         Image("victim_flood", cpu), how});
      std::string seen;
      int status = 0;
      bool ended = false;
      for (int i = 0; i < 600 && !ended; ++i) {  // 30 s
        usleep(50 * 1000);
        struct pollfd p = {pty.master(), POLLIN, 0};
        if (poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0) {
          char buf[256];
          const ssize_t got = read(pty.master(), buf, sizeof(buf));
          if (got > 0) seen.append(buf, static_cast<size_t>(got));
        }
        ended = waitpid(pid, &status, WNOHANG) == pid;
      }
      if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        ADD_FAILURE() << "hcall --timeout=1s still ran after 30 s";
        continue;
      }
      ASSERT_TRUE(WIFEXITED(status)) << status;
      EXPECT_EQ(WEXITSTATUS(status), kExitTimeout);
      EXPECT_NE(seen.find("VICTIM flood:"), std::string::npos) << seen;
      // What the terminal still holds: hcall's report reached it whole (a
      // slow terminal still takes it, unlike one that takes nothing).
      for (;;) {
        struct pollfd p = {pty.master(), POLLIN, 0};
        char buf[4096];
        ssize_t got;
        if (poll(&p, 1, 0) != 1 ||
            (got = read(pty.master(), buf, sizeof(buf))) <= 0) {
          break;
        }
        seen.append(buf, static_cast<size_t>(got));
      }
      EXPECT_NE(seen.find("did not finish within 1s; killed\r\n"),
                std::string::npos)
          << seen.substr(seen.size() > 300 ? seen.size() - 300 : 0);
      if (std::string(how) == "print") {
        // The slow terminal loses no byte and gets them in order.
        std::string why;
        EXPECT_GT(WholeFloodLines(seen, &why), 0u) << why;
      }
    }
  });
  EXPECT_GT(ran, 0);
}

// A terminal that reads as fast as it can gets everything the image
// printed, each line whole and in order, well past the relay's bound
// (ConsoleRelay::kOutputBound), until --timeout ends the image.
TEST_F(LauncherTest, AFastTerminalGetsTheImagesOutputWholeAndInOrder) {
  const int ran = ForEachCpuWith("victim_flood", [&](const char* cpu) {
    Pty pty;
    ASSERT_TRUE(pty.ok());
    const pid_t pid = pty.Start(dir_, {launcher_, "run", "--timeout=2s",
                                       Image("victim_flood", cpu), "print"});
    ASSERT_GT(pid, 0);
    int st = 0;
    const std::string shown = pty.Read(pid, &st);
    ASSERT_TRUE(WIFEXITED(st));
    EXPECT_EQ(WEXITSTATUS(st), kExitTimeout);
    std::string why;
    const size_t lines = WholeFloodLines(shown, &why);
    EXPECT_GT(lines * 22, 2 * ConsoleRelay::kOutputBound) << why;
    EXPECT_NE(shown.find("did not finish within 2s"), std::string::npos);
  });
  EXPECT_GT(ran, 0);
}

// A terminal that takes no output (a pty nobody reads: like a terminal
// stopped with Ctrl-S) holds neither --timeout nor a signal sent to hcall.
// hcall's stdin and stdout are the pty, its stderr a pipe the test reads
// (its report is checked) or the same pty (hcall's report then waits at
// most 1 s and is dropped: hcall still ends); the image floods stdout.
// Before, hcall blocked inside its relay's write to the terminal and ran
// on (checked for 30 s).
TEST_F(LauncherTest, TimeoutAndSignalsActWhileTheTerminalTakesNoOutput) {
  const int ran = ForEachCpuWith("victim_flood", [&](const char* cpu) {
    for (const char* how :
         {"timeout", "SIGTERM", "timeout, stderr too", "SIGTERM, stderr too"}) {
      SCOPED_TRACE(how);
      const bool by_timeout = absl::StartsWith(how, "timeout");
      // The whole terminal stopped: hcall's own report cannot be shown
      // either, and must not hold it.
      const bool stderr_too = absl::EndsWith(how, "stderr too");
      Pty pty;
      ASSERT_TRUE(pty.ok());
      int err[2];
      ASSERT_EQ(pipe2(err, O_CLOEXEC), 0);
      const std::string image = Image("victim_flood", cpu);
      const std::vector<std::string> args = {
          launcher_, "run", by_timeout ? "--timeout=1s" : "--timeout=600s",
          image, "print"};
      const pid_t pid = fork();
      if (pid == 0) {
        setsid();
        const int tty = open(ptsname(pty.master()), O_RDWR);
        if (tty < 0 || ioctl(tty, TIOCSCTTY, 0) != 0) _exit(97);
        dup2(tty, 0);
        dup2(tty, 1);
        dup2(stderr_too ? tty : err[1], 2);
        std::vector<char*> argv;
        for (const std::string& a : args)
          argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(98);
      }
      ASSERT_GT(pid, 0);
      close(err[1]);
      if (!by_timeout) {
        // The image runs once its output reaches the terminal; the
        // terminal's buffer is full soon after, and hcall's relay holds
        // the rest. (Nothing is read from the terminal.)
        struct pollfd p = {pty.master(), POLLIN, 0};
        ASSERT_EQ(poll(&p, 1, 60 * 1000), 1) << "no output from the image";
        usleep(500 * 1000);
        ASSERT_EQ(kill(pid, SIGTERM), 0);
      }
      int status = 0;
      bool ended = false;
      for (int i = 0; i < 600 && !ended; ++i) {  // 30 s
        ended = waitpid(pid, &status, WNOHANG) == pid;
        if (!ended) usleep(50 * 1000);
      }
      if (!ended) {
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        close(err[0]);
        ADD_FAILURE() << "hcall still ran after 30 s";
        continue;
      }
      const std::string errors = Drain(err[0]);
      ASSERT_TRUE(WIFEXITED(status)) << status;
      EXPECT_EQ(WEXITSTATUS(status), by_timeout ? kExitTimeout : 128 + SIGTERM)
          << errors;
      if (stderr_too) continue;  // the report was dropped
      EXPECT_NE(errors.find(by_timeout ? "did not finish within 1s"
                                       : "passed on by hcall"),
                std::string::npos)
          << errors;
    }
  });
  EXPECT_GT(ran, 0);
}

// hcall says the filter killed the image (attempted forbidden system call
// NAME) only when it did. Natively kill(2) is forbidden, and named; under
// qemu-user kill of its own pid is allowed and QEMU ends with the SIGSYS
// the guest sent itself, the signal a seccomp kill ends it with: hcall must
// report that signal, not a forbidden call (before, it named QEMU's
// rt_sigsuspend). The exit status is 159 either way (128 + SIGSYS).
TEST_F(LauncherTest, ASigsysTheImageSendsItselfIsNotTheFilters) {
  const int ran = ForEachCpuWith("victim_sigsys", [&](const char* cpu) {
    Result r = Hcall({"run", "--timeout=60s", Image("victim_sigsys", cpu)});
    EXPECT_EQ(r.code, kExitSandboxKill) << r.err;
    EXPECT_NE(r.out.find("VICTIM sigsys: attempting"), std::string::npos)
        << r.out;
    if (std::string(cpu) == CpuName(HostCpu())) {
      EXPECT_NE(r.err.find("attempted forbidden system call kill\n"),
                std::string::npos)
          << r.err;
    } else {
      EXPECT_EQ(r.err.find("attempted forbidden system call"),
                std::string::npos)
          << r.err;
      EXPECT_NE(r.err.find("was killed by signal 31 (SIGSYS)"),
                std::string::npos)
          << r.err;
    }
  });
  EXPECT_GT(ran, 0);
}

// An image's own SIGABRT handler (the one its filter lets it set) runs
// in every sandbox mode: a native image under strict is pid 1 of its
// namespaces, where hcall, its tracer, stands in for default actions only.
TEST_F(LauncherTest, TheImagesOwnAbortHandlerRuns) {
  const int ran = ForEachCpuWith("abort_handler", [&](const char* cpu) {
    for (const char* mode :
         {"--sandbox=strict", "--sandbox=audit", "--sandbox=off"}) {
      SCOPED_TRACE(mode);
      Result r = Hcall({"run", mode, Image("abort_handler", cpu)});
      EXPECT_EQ(r.code, 42) << r.err;
      EXPECT_EQ(r.out, "HANDLED SIGABRT\n");
    }
  });
  EXPECT_GT(ran, 0);
}

// A signal the image ignores (SIG_IGN) is ignored in every sandbox mode, as
// by any process: under strict, hcall, the tracer of an image that is pid
// 1, must pass it on (the kernel then ignores it), not end the image as
// for a signal it has no handler for.
TEST_F(LauncherTest, ASignalTheImageIgnoresIsIgnored) {
  const int ran = ForEachCpuWith("abort_handler", [&](const char* cpu) {
    for (const char* mode :
         {"--sandbox=strict", "--sandbox=audit", "--sandbox=off"}) {
      SCOPED_TRACE(mode);
      Result r = Hcall({"run", mode, Image("abort_handler", cpu), "ignore"});
      EXPECT_EQ(r.code, 43) << r.err;
      EXPECT_EQ(r.out, "IGNORED SIGABRT\n");
      EXPECT_EQ(r.err.find("killed by signal"), std::string::npos) << r.err;
    }
  });
  EXPECT_GT(ran, 0);
}

// The isolation layers hcall reports in force ("# isolation: ..." of
// --print-command).
std::string IsolationLine(const std::string& out) {
  const size_t at = out.find("# isolation: ");
  return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

// A listening TCP socket on 127.0.0.1 (its port in *port), non-blocking.
int ListenOnLoopback(int* port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  struct sockaddr_in addr = {};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      listen(fd, 4) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

// What the namespaces and Landlock add, checked by their effect on the
// host for every Linux platform, and by the image's own view: it cannot
// read a host file it was not granted (one the test wrote, and hcall's
// /proc/PID/environ), cannot kill a sibling process, and has no network.
// Natively the seccomp filter already refuses each call; under qemu-user
// the file read is the one the filter lets through (qemu opens files
// read-only), and the namespaces (empty root) and Landlock stop it.
TEST_F(LauncherTest, ImagesReachNoHostFileProcessOrNetwork) {
  const std::string secret =
      absl::StrCat("HCALL-SECRET-", getpid(), "-", time(nullptr));
  WriteFile(Path("secret.txt"), secret);
  ASSERT_EQ(setenv("HCALL_TEST_SECRET", secret.c_str(), 1), 0);
  const std::string host = CpuName(HostCpu());
  int ran = 0;
  for (const char* cpu : kCpus) {
    if (!Have("victim_read_file", cpu)) continue;
    SCOPED_TRACE(cpu);
    const std::string layers = IsolationLine(
        Hcall({"run", "--print-command", Image("hello", cpu)}).out);
    printf("linux_%s: %s\n", cpu, layers.c_str());
    if (cpu != host && layers.find("namespaces") == std::string::npos &&
        layers.find("landlock") == std::string::npos) {
      GTEST_SKIP() << "this kernel has neither user namespaces nor Landlock "
                      "("
                   << layers
                   << "): under qemu-user nothing but the "
                      "seccomp filter guards host files, and it lets "
                      "read-only opens through";
    }
    ++ran;
    for (const std::string& path :
         {Path("secret.txt"), absl::StrCat("/proc/", kHcallPid, "/environ")}) {
      for (const char* mode : {"strict", "audit"}) {
        Result r =
            Hcall({"run", absl::StrCat("--sandbox=", mode), "--timeout=60s",
                   Image("victim_read_file", cpu), "--", path});
        SCOPED_TRACE(absl::StrCat(path, " --sandbox=", mode, "\n", r.err));
        EXPECT_NE(r.out.find("VICTIM read_file: attempting"),
                  std::string::npos);
        EXPECT_EQ(r.out.find(secret), std::string::npos) << r.out;
        EXPECT_EQ(r.out.find("VICTIM read_file READ"), std::string::npos);
        if (r.out.find("CONTINUED") != std::string::npos) {
          EXPECT_NE(r.out.find("CONTINUED ret=-"), std::string::npos) << r.out;
        } else {
          EXPECT_EQ(r.code, kExitSandboxKill);
        }
      }
    }
    // A sibling process stays alive.
    const pid_t sleeper = fork();
    if (sleeper == 0) {
      execl("/bin/sleep", "sleep", "60", static_cast<char*>(nullptr));
      _exit(127);
    }
    ASSERT_GT(sleeper, 0);
    for (const char* mode : {"strict", "audit"}) {
      Result r =
          Hcall({"run", absl::StrCat("--sandbox=", mode), "--timeout=60s",
                 Image("victim_kill", cpu), "--", std::to_string(sleeper)});
      EXPECT_NE(r.out.find("VICTIM kill: attempting"), std::string::npos)
          << r.out << r.err;
      int st = 0;
      EXPECT_EQ(waitpid(sleeper, &st, WNOHANG), 0)
          << mode << ": the image killed its sibling";
    }
    kill(sleeper, SIGKILL);
    waitpid(sleeper, nullptr, 0);
    // No network: nothing connects to a listener on the host's loopback.
    int port = 0;
    const int listener = ListenOnLoopback(&port);
    ASSERT_GE(listener, 0) << strerror(errno);
    for (const char* mode : {"strict", "audit"}) {
      Result r =
          Hcall({"run", absl::StrCat("--sandbox=", mode), "--timeout=60s",
                 Image("victim_connect", cpu), "--", std::to_string(port)});
      EXPECT_NE(r.out.find("VICTIM connect: attempting"), std::string::npos)
          << r.out << r.err;
      EXPECT_EQ(r.out.find("CONTINUED ret=0"), std::string::npos) << r.out;
      EXPECT_LT(accept(listener, nullptr, nullptr), 0)
          << mode << ": the image connected to the host";
    }
    close(listener);
  }
  unsetenv("HCALL_TEST_SECRET");
  EXPECT_GT(ran, 0);
}

// --memory holds on every Linux platform: an image that maps and touches
// memory with raw system calls (past the capability layer's count) gets
// ENOMEM well before 1 GiB with --memory=64M. Natively RLIMIT_AS stops it
// at 64 MiB plus the image and 32 MiB; under qemu-user a 64-bit guest's
// address space (-R) at the same, and a 32-bit guest at RLIMIT_DATA, 64 MiB
// plus 256 MiB shared with QEMU's own memory. There, when QEMU's own
// allocation is the one that reaches the limit, GLib reports it and QEMU
// would spin forever: hcall watches that stderr, kills QEMU at once and
// exits 134 naming the cause (launcher/console.h).
TEST_F(LauncherTest, MemoryLimitHoldsOnEveryPlatform) {
  const int ran = ForEachCpuWith("victim_memory", [&](const char* cpu) {
    const bool arm = std::string(cpu) == "arm";
    Result r = Hcall({"run", "--memory=64M", "--timeout=30s",
                      Image("victim_memory", cpu), "--", "1024"});
    EXPECT_NE(r.out.find("VICTIM memory: attempting"), std::string::npos)
        << r.out << r.err;
    // A 32-bit guest shares RLIMIT_DATA with QEMU: when QEMU's own
    // allocation is the one refused, GLib reports it and QEMU would spin
    // until --timeout; hcall sees the report, ends it at once and says so
    // (134). Never the timeout.
    EXPECT_NE(r.code, kExitTimeout) << r.err;
    if (arm && r.code == 128 + SIGABRT) {
      EXPECT_NE(r.err.find(": GLib: "), std::string::npos) << r.err;
      EXPECT_NE(r.err.find(absl::StrCat(
                    "hcall: ", Image("victim_memory", cpu),
                    ": QEMU ran out of memory itself within --memory=64M")),
                std::string::npos)
          << r.err;
      EXPECT_EQ(r.out.find("MAPPED"), std::string::npos) << r.out;
      return;
    }
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("VICTIM memory CONTINUED ret=-12\n"),
              std::string::npos)
        << r.out;
    const size_t at = r.out.find("MAPPED ");
    ASSERT_NE(at, std::string::npos) << r.out;
    const int mib = atoi(r.out.c_str() + at + 7);
    EXPECT_GE(mib, 16) << "not even the first 16 MiB: " << r.out;
    EXPECT_LE(mib, arm ? 64 + 256 : 64 + 32) << r.out;
  });
  EXPECT_GT(ran, 0);
}

// A :rw block grant cannot grow its file, even with raw pwrite64 calls:
// the grant's rules bound count and offset by the device's size. Writes
// inside it still work (FsyncedWritesPersistEvenWhenTheImageAborts).
TEST_F(LauncherTest, BlockGrantsCannotGrowTheirFile) {
  const int ran = ForEachCpuWith("victim_block_grow", [&](const char* cpu) {
    // Past the end, and across it.
    for (const char* offset : {"4096", "4000"}) {
      for (const char* mode : {"strict", "audit"}) {
        SCOPED_TRACE(absl::StrCat("offset ", offset, " ", mode));
        WriteFile(Path("disk.img"), std::string(4096, '\0'));
        Result r = Hcall({"run", absl::StrCat("--sandbox=", mode), "--block",
                          "disk=disk.img:rw", "--timeout=60s",
                          Image("victim_block_grow", cpu), "--", offset});
        EXPECT_NE(r.out.find("VICTIM block_grow: attempting"),
                  std::string::npos)
            << r.out << r.err;
        EXPECT_NE(r.err.find("forbidden system call pwrite64"),
                  std::string::npos)
            << r.err;
        EXPECT_EQ(r.code, std::string(mode) == "strict" ? kExitSandboxKill : 0)
            << r.err;
        struct stat st;
        ASSERT_EQ(stat(Path("disk.img").c_str(), &st), 0);
        EXPECT_EQ(st.st_size, 4096) << "the image grew its block file";
        EXPECT_EQ(ReadFile(Path("disk.img")), std::string(4096, '\0'));
      }
    }
  });
  EXPECT_GT(ran, 0);
}

// The bound is exact: a multi-block write that ends at the device's end
// goes through, under strict, and its bytes land.
TEST_F(LauncherTest, BlockWriteEndingAtTheEndIsAllowed) {
  const int ran = ForEachCpuWith("victim_block_grow", [&](const char* cpu) {
    WriteFile(Path("disk.img"), std::string(65536, '\0'));
    Result r = Hcall({"run", "--block", "disk=disk.img:rw", "--timeout=60s",
                      Image("victim_block_grow", cpu), "--", "61440", "4096"});
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("VICTIM block_grow CONTINUED ret=4096"),
              std::string::npos)
        << r.out << r.err;
    EXPECT_EQ(r.err.find("forbidden system call"), std::string::npos) << r.err;
    std::string want(65536, '\0');
    want.replace(61440, 5, "GROWN");
    EXPECT_EQ(ReadFile(Path("disk.img")), want);
  });
  EXPECT_GT(ran, 0);
}

// hcall started without stderr (or stdout): its first descriptor opened
// would otherwise be numbered 2 (1), and if that is a grant, hcall's own
// messages (and, for a 32-bit qemu-user guest, the stderr it relays) land
// in the granted file, at the position the image shares: with a block
// grant read to its end, past the device's end. The image reads its block
// device to the end, writes on its stderr and crashes; the device must be
// unchanged and the status still 139.
TEST_F(LauncherTest, AClosedStandardDescriptorNeverBecomesAGrant) {
  const std::string disk(4096, 'D');
  const int ran = ForEachCpuWith("victim_closed_stderr", [&](const char* cpu) {
    for (const char* mode : {"strict", "audit", "off"}) {
      SCOPED_TRACE(mode);
      WriteFile(Path("disk.img"), disk);
      Result r = Hcall({"run", absl::StrCat("--sandbox=", mode), "--block",
                        "disk=disk.img:rw", "--timeout=60s",
                        Image("victim_closed_stderr", cpu)},
                       /*closed_fd=*/2);
      EXPECT_EQ(r.code, 128 + SIGSEGV) << r.out;
      EXPECT_NE(r.out.find("VICTIM closed_stderr: read 4096"),
                std::string::npos)
          << r.out;
      const std::string after = ReadFile(Path("disk.img"));
      EXPECT_TRUE(after == disk)
          << "hcall wrote into the block grant: " << after.size()
          << " bytes now, ending "
          << after.substr(std::min<size_t>(after.size(), 4090));
    }
    SCOPED_TRACE("--print-command without stdout");
    WriteFile(Path("disk.img"), disk);
    Result p = Hcall({"run", "--print-command", "--block", "disk=disk.img:rw",
                      Image("victim_closed_stderr", cpu)},
                     /*closed_fd=*/1);
    EXPECT_EQ(p.code, 0) << p.err;
    const std::string after = ReadFile(Path("disk.img"));
    EXPECT_TRUE(after == disk)
        << "hcall printed the command into the block grant: "
        << after.substr(0, 120);
  });
  EXPECT_GT(ran, 0);
}

TEST_F(LauncherTest, ExitStatusIsRelayed) {
  ForEachCpuWith("hello", [&](const char* cpu) {
    Result hello = Hcall({"run", Image("hello", cpu)});
    EXPECT_EQ(hello.code, 7) << hello.err;
    EXPECT_EQ(hello.out, "Hello from hcall\n");
    Result crash = Hcall({"run", Image("crash", cpu)});
    EXPECT_EQ(crash.code, 128 + 11) << crash.err;
    EXPECT_NE(crash.err.find("killed by signal 11 (SIGSEGV)"),
              std::string::npos)
        << crash.err;
    Result slow = Hcall({"run", "--timeout=300ms", Image("sleeper", cpu)});
    EXPECT_EQ(slow.code, kExitTimeout) << slow.err;
    // It may or may not have said SLEEPING by then; it never finished.
    EXPECT_EQ(slow.out.find("SLEPT"), std::string::npos) << slow.out;
    EXPECT_NE(slow.err.find("did not finish within 300ms"), std::string::npos);
  });
}

// --deterministic turns address-space randomisation off: the addresses
// hc_page_map returns (and the stack's) are the same on every run, as the
// deterministic backend promises identical output. Without it they move
// for native images where the host randomises at all (qemu-user places a
// guest's mappings the same way every time anyway).
TEST_F(LauncherTest, DeterministicRunsMapPagesAtTheSameAddresses) {
  std::ifstream aslr_file("/proc/sys/kernel/randomize_va_space");
  int aslr = 0;
  aslr_file >> aslr;
  ForEachCpuWith("layout_image", [&](const char* cpu) {
    const std::string image = Image("layout_image", cpu);
    const Result a = Hcall({"run", "--deterministic=5", image});
    const Result b = Hcall({"run", "--deterministic=5", image});
    EXPECT_EQ(a.code, 0) << a.err;
    EXPECT_NE(a.out.find("LAYOUT OK"), std::string::npos) << a.out;
    EXPECT_EQ(a.out, b.out);
    // Nothing moves where the host does not randomise, or under qemu-user.
    if (aslr == 0 || std::string(cpu) != CpuName(HostCpu())) return;
    const Result c = Hcall({"run", image});
    const Result d = Hcall({"run", image});
    EXPECT_EQ(c.code, 0) << c.err;
    EXPECT_NE(c.out, d.out) << "the layout is fixed even without "
                               "--deterministic: the check above proves "
                               "nothing";
  });
}

TEST_F(LauncherTest, ReadOnlyGrantsStayUnchanged) {
  std::string original = "ORIGINAL CONTENT, byte for byte\n";
  original += std::string(5000, 'z');
  WriteFile(Path("ro.txt"), original);
  ForEachCpuWith("grant_image", [&](const char* cpu) {
    for (const char* mode : {"off", "audit", "strict"}) {
      SCOPED_TRACE(absl::StrCat("--sandbox=", mode));
      Result r =
          Hcall({"run", absl::StrCat("--sandbox=", mode), "--file",
                 "data=ro.txt:ro", Image("grant_image", cpu), "--", "ro"});
      EXPECT_NE(r.out.find("ro head: ORIGINAL CONTENT"), std::string::npos)
          << r.out << r.err;
      if (std::string(mode) == "strict") {
        EXPECT_EQ(r.code, kExitSandboxKill) << r.err;
      } else {
        EXPECT_EQ(r.code, 0) << r.err;
        EXPECT_NE(r.out.find("write = -3\npwrite = -3\nRO DONE"),
                  std::string::npos)
            << r.out;
      }
      EXPECT_EQ(ReadFile(Path("ro.txt")), original);
    }
  });
}

TEST_F(LauncherTest, FsyncedWritesPersistEvenWhenTheImageAborts) {
  ForEachCpuWith("grant_image", [&](const char* cpu) {
    WriteFile(Path("disk.img"), std::string(4096, '\0'));
    Result r = Hcall({"run", "--block", "disk=disk.img:rw",
                      Image("grant_image", cpu), "--", "rw"});
    EXPECT_EQ(r.code, 128 + 6) << r.err;
    EXPECT_NE(r.out.find("pwrite = 18\nfsync = 0\nRW SYNCED"),
              std::string::npos)
        << r.out;
    const std::string disk = ReadFile(Path("disk.img"));
    ASSERT_EQ(disk.size(), 4096u);
    EXPECT_EQ(disk.substr(512, 18), "PERSISTED BY IMAGE");
    EXPECT_EQ(disk.substr(0, 512), std::string(512, '\0'));
  });
}

TEST_F(LauncherTest, BootImageSeesManifestSeedAndNoLauncherState) {
  ForEachCpuWith("boot_image", [&](const char* cpu) {
    WriteFile(Path("in.txt"), "x");
    // One grant: it is descriptor 3, the manifest 4 (closed by the entry).
    Result r =
        Hcall({"run", "--file", "in=in.txt", "--deterministic=5", "--env",
               "HCTEST_A=1", Image("boot_image", cpu), "--", "4"});
    EXPECT_EQ(r.code, 0) << r.err << r.out;
    EXPECT_NE(r.out.find("env: HCTEST_A=1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("launcher variables visible: 0\n"), std::string::npos);
    EXPECT_NE(r.out.find("seed: 5\n"), std::string::npos);
    EXPECT_NE(r.out.find("manifest: 232 bytes: HCMF"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("handle 4: closed\n"), std::string::npos);
    EXPECT_NE(r.out.find("BOOT OK\n"), std::string::npos);
  });
}

// --env reaches the image and nothing else: natively the image's
// environment is exactly the granted variables; under qemu-user too, and
// QEMU itself runs with an empty environment, so variables its own loader
// or QEMU read (LD_PRELOAD, QEMU_STRACE) change nothing in how it runs.
TEST_F(LauncherTest, TheImageSeesExactlyTheGrantedEnvironment) {
  const int ran = ForEachCpuWith("env_image", [&](const char* cpu) {
    Result r = Hcall({"run", "--timeout=60s", "--env",
                      "LD_PRELOAD=/nonexistent/libnothing.so", "--env",
                      "QEMU_STRACE=1", "--env", "HCTEST_B=x=y",
                      Image("env_image", cpu)});
    EXPECT_EQ(r.code, 0) << r.err << r.out;
    // Nothing on stderr but the launcher's notes on missing layers (QEMU
    // would trace every call with QEMU_STRACE=1).
    for (absl::string_view line :
         absl::StrSplit(r.err, '\n', absl::SkipEmpty())) {
      EXPECT_TRUE(absl::StartsWith(line, "hcall: sandbox: ")) << r.err;
    }
    std::vector<std::string> seen;
    for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
      if (absl::ConsumePrefix(&line, "env: ")) seen.emplace_back(line);
    }
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, (std::vector<std::string>{
                        "HCTEST_B=x=y", "LD_PRELOAD=/nonexistent/libnothing.so",
                        "QEMU_STRACE=1"}))
        << r.out;
    EXPECT_NE(r.out.find("ENV END\n"), std::string::npos) << r.out;
    if (std::string(cpu) != CpuName(HostCpu())) {
      // QEMU's -E splits at commas: such a value is refused, not mangled.
      Result comma =
          Hcall({"run", "--env", "LIST=a,b", Image("env_image", cpu)});
      EXPECT_EQ(comma.code, kExitUsage) << comma.err;
      EXPECT_NE(comma.err.find("--env LIST=a,b: a value with a comma cannot "
                               "reach a qemu-user image"),
                std::string::npos)
          << comma.err;
    }
  });
  if (ran == 0) GTEST_SKIP() << "no env_image";
}

TEST_F(LauncherTest, BadInputGetsAClearMessageAndItsOwnExitCode) {
  if (ForeignCpuRun()) GTEST_SKIP() << "runs with the host's images";
  const std::string host = CpuName(HostCpu());
  ASSERT_TRUE(Have("hello", host)) << "the host's hello image is needed";
  const std::string hello = Image("hello", host);
  WriteFile(Path("ok.txt"), "ok");
  WriteFile(Path("odd.img"), std::string(1000, 'x'));
  WriteFile(Path("empty.img"), "");
  WriteFile(Path("script.sh"), "#!/bin/sh\necho hi\n");
  WriteFile(Path("truncated.elf"), ReadFile(hello).substr(0, 100));
  mkdir(Path("adir").c_str(), 0755);
  ASSERT_TRUE(MakeSocket(dir_, "sock")) << strerror(errno);
  std::vector<std::string> many_grants = {"run"};
  for (size_t i = 0; i <= kMaxGrants; ++i) {
    many_grants.push_back("--file");
    many_grants.push_back(absl::StrCat("f", i, "=ok.txt"));
  }
  many_grants.push_back(hello);
  std::vector<std::string> many_blocks = {"run"};
  WriteFile(Path("b.img"), std::string(512, '\0'));
  for (size_t i = 0; i <= kMaxBlockGrants; ++i) {
    many_blocks.push_back("--block");
    many_blocks.push_back(absl::StrCat("b", i, "=b.img"));
  }
  many_blocks.push_back(hello);
  struct Case {
    std::vector<std::string> args;
    int code;
    std::string message;
  } cases[] = {
      {{"run", "--file", "data=nope", hello},
       kExitNoInput,
       "hcall: --file data=nope: No such file or directory\n"},
      {{"run", "--block", "d=nope:rw", hello},
       kExitNoInput,
       "hcall: --block d=nope:rw: No such file or directory\n"},
      {{"run", "--file", "d=adir", hello},
       kExitNotAFile,
       "hcall: --file d=adir: is a directory; a file is needed\n"},
      {{"run", "--file", "d=adir:rw", hello},
       kExitNotAFile,
       "hcall: --file d=adir:rw: is a directory; a file is needed\n"},
      {{"run", "--file", "x=ok.txt", "--file", "x=ok.txt", hello},
       kExitDuplicateName,
       "hcall: --file x=ok.txt: the name \"x\" is already"},
      {{"run", "--file", "stderr=ok.txt", hello},
       kExitDuplicateName,
       "the name \"stderr\" is already granted"},
      {{"run", "--block", "d=odd.img", hello},
       kExitBadBlockSize,
       "hcall: --block d=odd.img: size 1000 bytes is not a positive multiple "
       "of the block size 512\n"},
      {{"run", "--block", "d=empty.img", hello},
       kExitBadBlockSize,
       "size 0 bytes"},
      {{"run", "script.sh"},
       kExitBadImage,
       "hcall: script.sh: not an ELF file but a script (an hc_image NAME's "
       "`bazel run` script is NAME.sh; give hcall the image, NAME_elf)\n"},
      // bazel-bin/ holds only the host's images: the others are under the
      // platform transition's own output directory.
      {{"run", "bazel-bin/app_elf"},
       kExitBadImage,
       "hcall: bazel-bin/app_elf: No such file or directory (an image built "
       "for a platform other than the host's is under "
       "bazel-out/k8-*-ST-*/bin/: `bazel build` prints its path)\n"},
      {{"run", "truncated.elf"},
       kExitBadImage,
       "hcall: truncated.elf: truncated"},
      {{"run", "nope.elf"},
       kExitBadImage,
       "hcall: nope.elf: No such file or directory\n"},
      {{"run", "/bin/true"},
       kExitBadImage,
       "hcall: /bin/true: not an hcall image: no .note.hcall note"},
      {{"run", "adir"},
       kExitNotAFile,
       "hcall: adir: is a directory, not an image\n"},
      {{"run", "--file", "d=ok.txt:RW", hello},
       kExitUsage,
       "hcall: --file d=ok.txt:RW: unknown mode RW (ro, rw, rwc, rwt)\n"},
      {{"run", "--file", "d=nope:RW", hello},
       kExitUsage,
       "hcall: --file d=nope:RW: unknown mode RW (ro, rw, rwc, rwt); and nope: "
       "No "
       "such file or directory\n"},
      {{"run", "--block", "d=ok.txt:rwx", hello},
       kExitUsage,
       "unknown mode rwx (ro, rw)\n"},
      {{"run", "--file", "d=sock", hello},
       kExitNotAFile,
       "hcall: --file d=sock: is a socket; a file is needed\n"},
      {many_grants, kExitUsage, "129 grants: at most 128"},
      {many_blocks, kExitUsage, "17 --block grants: at most 16"},
      {{"run", "--timeout=5", hello},
       kExitUsage,
       "hcall: --timeout=5: add a unit: 5s"},
      {{"run", "--deterministic", "42", hello},
       kExitUsage,
       "hcall: --deterministic 42: did you mean --deterministic=42?"},
      {{"run", "--memory=lots", hello},
       kExitUsage,
       "hcall: --memory=lots: expected a size"},
      {{"run", "--sandbox=loose", hello},
       kExitUsage,
       "hcall: --sandbox=loose: expected strict, audit or off\n"},
      {{"run", "--file", "nameonly", hello},
       kExitUsage,
       "hcall: --file nameonly: expected NAME=HOSTPATH"},
      {{"run", "--deterministic=x1", hello},
       kExitUsage,
       "hcall: --deterministic=x1: the seed must be"},
      {{"run", "--env", "NOEQUALS", hello},
       kExitUsage,
       "hcall: --env NOEQUALS: expected K=V\n"},
      {{"run", "--timeout=soon", hello}, kExitUsage, "hcall: --timeout=soon: "},
      {{"run", "--timeout", hello}, kExitUsage, "hcall: --timeout="},
      {{"run", "--print_command=maybe", hello},
       kExitUsage,
       "hcall: --print_command=maybe: "},
      {{"run", "--frobnicate", hello},
       kExitUsage,
       "hcall: --frobnicate: unknown flag; see --help\n"},
      {{"frobnicate"}, kExitUsage, "unknown command"},
      {{"run"}, kExitUsage, "usage: hcall run"},
      {{"run",
        absl::StrCat("--platform=linux_", host == "arm" ? "x86_64" : "arm"),
        hello},
       kExitPlatform,
       "does not match"},
      {{"run", absl::StrCat("--platform=none_", host), hello},
       kExitPlatform,
       "does not match"},
  };
  for (const Case& c : cases) {
    Result r = Hcall(c.args);
    SCOPED_TRACE(absl::StrJoin(c.args, " "));
    EXPECT_EQ(r.code, c.code) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("Hello"), std::string::npos);
  }
  // The largest documented memory size is accepted; a path with a colon
  // that exists is a path, not a mode.
  Result terabyte = Hcall({"run", "--memory=1T", "--print-command", hello});
  EXPECT_EQ(terabyte.code, 0) << terabyte.err;
  WriteFile(Path("odd:name"), "x");
  Result colon =
      Hcall({"run", "--print-command", "--file", "d=odd:name", hello});
  EXPECT_EQ(colon.code, 0) << colon.err;
  // Help is not an error: exit 0, usage on stdout.
  for (const char* help : {"--help", "-help", "--helpfull"}) {
    Result r = Hcall({help});
    EXPECT_EQ(r.code, 0) << help << r.err;
    EXPECT_NE(r.out.find("hcall run [flags] IMAGE"), std::string::npos)
        << help << r.out;
  }
  if (geteuid() != 0) {
    WriteFile(Path("secret.txt"), "s");
    chmod(Path("secret.txt").c_str(), 0);
    Result r = Hcall({"run", "--file", "s=secret.txt", hello});
    EXPECT_EQ(r.code, kExitNoInput);
    EXPECT_NE(r.err.find("Permission denied"), std::string::npos) << r.err;
  }
  // A foreign-CPU image with no QEMU where we look for it.
  for (const char* cpu : kCpus) {
    if (cpu == host || !Have("hello", cpu)) continue;
    Result r = Hcall({"run", "--qemu_dir=/nonexistent", Image("hello", cpu)});
    EXPECT_EQ(r.code, kExitNoQemu) << r.err;
    EXPECT_NE(r.err.find(absl::StrCat("needs qemu-", cpu)), std::string::npos)
        << r.err;
  }
  // :rwc is the only way anything is created.
  Result created = Hcall({"run", "--file", "log=new.log:rwc", hello});
  EXPECT_EQ(created.code, 7) << created.err;
  EXPECT_EQ(access(Path("new.log").c_str(), F_OK), 0);
  Result not_created = Hcall({"run", "--file", "log=other.log:rw", hello});
  EXPECT_EQ(not_created.code, kExitNoInput);
  EXPECT_NE(access(Path("other.log").c_str(), F_OK), 0);
  // ... and only once the image is about to run: not for --print-command,
  // not when a later grant fails, not for a bare-metal image (which has no
  // files), never through a dangling symbolic link.
  Result printed =
      Hcall({"run", "--print-command", "--file", "log=p.log:rwc", hello});
  EXPECT_EQ(printed.code, 0) << printed.err;
  EXPECT_NE(access(Path("p.log").c_str(), F_OK), 0) << "--print-command";
  Result later =
      Hcall({"run", "--file", "log=l.log:rwc", "--file", "d=nope.txt", hello});
  EXPECT_EQ(later.code, kExitNoInput) << later.err;
  EXPECT_NE(access(Path("l.log").c_str(), F_OK), 0) << "a later grant failed";
  WriteFile(Path("bm.elf"), testing::FakeBaremetalImage(host));
  ASSERT_EQ(chmod(Path("bm.elf").c_str(), 0755), 0);
  Result bare = Hcall({"run", "--file", "log=b.log:rwc", "bm.elf"});
  EXPECT_EQ(bare.code, kExitUsage) << bare.err;
  EXPECT_NE(bare.err.find("a bare-metal image has no files"), std::string::npos)
      << bare.err;
  EXPECT_NE(access(Path("b.log").c_str(), F_OK), 0) << "bare metal";
  ASSERT_EQ(symlink(Path("target.log").c_str(), Path("link.log").c_str()), 0);
  Result link = Hcall({"run", "--file", "log=link.log:rwc", hello});
  EXPECT_EQ(link.code, kExitNoInput) << link.err;
  EXPECT_NE(link.err.find("hcall: --file log=link.log:rwc: is a symbolic "
                          "link to a missing file"),
            std::string::npos)
      << link.err;
  EXPECT_NE(access(Path("target.log").c_str(), F_OK), 0) << "created a target";
  // An existing file is opened as it is, and keeps what it held.
  WriteFile(Path("kept.log"), "kept");
  Result kept = Hcall({"run", "--file", "log=kept.log:rwc", hello});
  EXPECT_EQ(kept.code, 7) << kept.err;
  EXPECT_EQ(ReadFile(Path("kept.log")), "kept");
  // :rwt empties an existing file, but only once the image is about to
  // run: not for --print-command, not when a later grant fails.
  WriteFile(Path("out.log"), "last run's output");
  Result shown =
      Hcall({"run", "--print-command", "--file", "log=out.log:rwt", hello});
  EXPECT_EQ(shown.code, 0) << shown.err;
  EXPECT_NE(shown.out.find("(read-write, created if missing, emptied at "
                           "start)"),
            std::string::npos)
      << shown.out;
  EXPECT_EQ(ReadFile(Path("out.log")), "last run's output");
  Result failed = Hcall({"run", "--file", "log=out.log:rwt", "--file",
                         "new=n.log:rwc", "--file", "d=nope.txt", hello});
  EXPECT_EQ(failed.code, kExitNoInput) << failed.err;
  EXPECT_EQ(ReadFile(Path("out.log")), "last run's output");
  Result emptied = Hcall({"run", "--file", "log=out.log:rwt", hello});
  EXPECT_EQ(emptied.code, 7) << emptied.err;
  EXPECT_EQ(ReadFile(Path("out.log")), "");
  // A missing one is created as with :rwc; a character device is refused.
  Result made = Hcall({"run", "--file", "log=made.log:rwt", hello});
  EXPECT_EQ(made.code, 7) << made.err;
  EXPECT_EQ(access(Path("made.log").c_str(), F_OK), 0);
  Result device = Hcall({"run", "--file", "log=/dev/null:rwt", hello});
  EXPECT_EQ(device.code, kExitNotAFile) << device.err;
  EXPECT_NE(device.err.find("hcall: --file log=/dev/null:rwt: is a character "
                            "device; :rwt empties regular files only"),
            std::string::npos)
      << device.err;
}

TEST_F(LauncherTest, PrintCommandGoldenPerBaremetalPlatform) {
  ASSERT_FALSE(golden_.empty()) << "pass --golden=DIR";
  WriteFile(Path("root.img"), std::string(1024, 'r'));
  WriteFile(Path("data.img"), std::string(4096, 'd'));
  for (const char* cpu : kCpus) {
    SCOPED_TRACE(cpu);
    WriteFile(Path("kernel.elf"), testing::FakeBaremetalImage(cpu));
    ASSERT_EQ(chmod(Path("kernel.elf").c_str(), 0755), 0);
    Result r = Hcall({"run", "--print-command", "--block", "root=root.img:ro",
                      "--block", "data=data.img:rw", "--memory=128M",
                      "--deterministic=7", "--env", "MODE=test", "kernel.elf",
                      "--", "one", "two words"});
    EXPECT_EQ(r.code, 0) << r.err;
    const std::string golden =
        ReadFile(absl::StrCat(golden_, "/print_command_none_", cpu, ".txt"));
    EXPECT_EQ(r.out, golden);
    // Grants are still checked, and files are refused on bare metal.
    r = Hcall({"run", "--print-command", "--block", "x=nope", "kernel.elf"});
    EXPECT_EQ(r.code, kExitNoInput);
    r = Hcall({"run", "--print-command", "--file", "x=root.img", "kernel.elf"});
    EXPECT_EQ(r.code, kExitUsage);
  }
}

TEST_F(LauncherTest, PrintCommandForLinuxImagesRunsNothing) {
  if (ForeignCpuRun()) GTEST_SKIP() << "runs with the host's images";
  const std::string host = CpuName(HostCpu());
  ASSERT_TRUE(Have("grant_image", host));
  WriteFile(Path("disk.img"), std::string(512, '\0'));
  Result r = Hcall({"run", "--print-command", "--block", "d=disk.img:rw",
                    Image("grant_image", host), "--", "rw"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("# fd 3: block \"d\" = disk.img (read-write)\n"
                       "# fd 4: boot manifest (232 bytes, sealed memfd)\n"
                       "env -i HCALL_MANIFEST_FD=4 "),
            std::string::npos)
      << r.out;
  EXPECT_EQ(ReadFile(Path("disk.img")), std::string(512, '\0'));
}

TEST_F(LauncherTest, Inspect) {
  ForEachCpuWith("hello", [&](const char* cpu) {
    Result r = Hcall({"inspect", Image("hello", cpu)});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find(absl::StrCat("platform:    linux_", cpu)),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("abi version: "), std::string::npos);
    EXPECT_NE(r.out.find("size:        "), std::string::npos);
  });
  WriteFile(Path("k.elf"), testing::FakeBaremetalImage("aarch64"));
  Result r = Hcall({"inspect", "k.elf"});
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("platform:    none_aarch64 (baremetal, aarch64; the "
                       ".note.hcall note)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("abi version: 1\n"), std::string::npos);
}

}  // namespace
}  // namespace hcall::launcher

namespace hcall::launcher {
namespace {

// An absolute path for (path), which may be relative to the start directory.
std::string Absolute(const std::string& path) {
  char* real = realpath(path.c_str(), nullptr);
  if (real == nullptr) return path;
  std::string out = real;
  free(real);
  return out;
}

}  // namespace
}  // namespace hcall::launcher

int main(int argc, char** argv) {
  using namespace hcall::launcher;  // NOLINT: the globals and Env() above
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) {
      fprintf(stderr, "launcher_test: unknown argument %s\n", argv[i]);
      return 2;
    }
    const std::string key = arg.substr(2, eq - 2);
    const std::string value = Absolute(arg.substr(eq + 1));
    if (key == "cpu") {
      g_cpu = arg.substr(eq + 1);
    } else if (key == "platform" || key == "emulator") {
      // Taken and unused: foreign-CPU images run under qemu-user from $PATH.
    } else if (key == "launcher") {
      g_launcher = value;
    } else if (key == "golden") {
      g_golden = value;
    } else if (key == "images_dir") {
      g_images_dir = value;
    } else if (key.rfind("image_", 0) == 0) {
      g_images[key.substr(6)] = value;
    } else {
      fprintf(stderr, "launcher_test: unknown flag --%s\n", key.c_str());
      return 2;
    }
  }
  if (!g_images.empty() && g_cpu.empty()) {
    fprintf(stderr, "launcher_test: --image_* needs --cpu\n");
    return 2;
  }
  if (!g_images.empty() && !g_images_dir.empty()) {
    fprintf(stderr,
            "launcher_test: --image_* and --images_dir exclude each other\n");
    return 2;
  }
  return RUN_ALL_TESTS();
}
