// launcher/runner.cc -- see runner.h for the launch sequence.
#include "launcher/runner.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "launcher/command.h"
#include "launcher/elf_image.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"
#include "launcher/grants.h"
#include "launcher/platform.h"
#include "launcher/seccomp_policy.h"
#include "launcher/unique_fd.h"

namespace hcall::launcher {
namespace {

constexpr uint64_t kAddressSpaceSlack = 32ull << 20;  // image, stack, vDSO
constexpr uint64_t kLowestExecPathPage = 0x10000;
constexpr uint64_t kHighestExecPathPage = 0x40000000;
// LANDLOCK_ACCESS_FS_TRUNCATE (Landlock ABI 3, Linux 6.2); Debian 12's
// headers predate it.
constexpr uint64_t kLandlockAccessFsTruncate = 1ull << 14;

absl::Status Internal(absl::string_view what) {
  return LaunchError(kExitInternal, absl::StrCat(what, ": ", strerror(errno)));
}

// A page-aligned address in [64 KiB, 1 GiB) at least one page away from
// every PT_LOAD of the image (see runner.h, step 4).
uint64_t ChooseExecPathPage(const ImageInfo& info, uint64_t page) {
  for (uint64_t a = kLowestExecPathPage; a < kHighestExecPathPage;
       a += 0x10000) {
    bool clear = true;
    for (const LoadSegment& s : info.loads) {
      const uint64_t lo = (s.vaddr & ~(page - 1)) - page;
      const uint64_t hi = s.vaddr + s.memsz + page;
      if (a + page > lo && a < hi) clear = false;
    }
    if (clear) return a;
  }
  return 0;
}

std::string SignalText(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev != nullptr ? absl::StrCat(sig, " (SIG", abbrev, ")")
                           : absl::StrCat(sig);
}

// ---- the child, between fork and exec -------------------------------------

// One descriptor the child keeps: the launcher's (src) becomes (target) in
// the child; (cloexec) for the launcher's own, which the exec closes.
struct FdMove {
  int src;
  int target;
  bool cloexec;
};

struct ChildPlan {
  std::vector<FdMove> fds;  // every descriptor the child keeps
  int report_src = -1;      // the report pipe's write end, before placing
  int report_fd = -1;       // ... and its number once placed
  int sync_fd = -1;         // the sync pipe's read end once placed; -1: none
  // Linux images: execveat(exec_fd, <exec path page>, .., AT_EMPTY_PATH)
  // under the sandbox; bare metal (exec_fd -1): execv(argv[0]).
  int exec_fd = -1;
  uint64_t exec_path_page = 0;
  uint64_t rlimit_as = 0;  // 0: none
  // --deterministic: no address-space randomisation, so that the image's
  // mappings (hc_page_map), stack and heap land at the same addresses on
  // every run. Inherited across exec (also by qemu-user).
  bool fixed_layout = false;
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  bool sandbox = false;
  PolicyConfig policy;
  // Landlock: files that may be executed besides exec_fd (qemu's
  // interpreter), at these numbers once placed; closed before the exec.
  std::vector<int> landlock_exec_fds;
  // The launcher's descriptors behind (fds): closed in the parent once the
  // child has its copies.
  std::vector<UniqueFd> owned;
};

void ChildWrite(int fd, const char* text) {
  size_t len = strlen(text);
  while (len > 0) {
    const ssize_t n = write(fd, text, len);
    if (n <= 0) return;
    text += n;
    len -= static_cast<size_t>(n);
  }
}

// Reports "E<what>[: <strerror(err)>]" on the report pipe (the parent
// prints it as "cannot start IMAGE: ...") and ends the child.
[[noreturn]] void ChildFail(int report_fd, const char* what, int err) {
  ChildWrite(report_fd, "E");
  ChildWrite(report_fd, what);
  if (err != 0) {
    ChildWrite(report_fd, ": ");
    ChildWrite(report_fd, strerror(err));
  }
  ChildWrite(report_fd, "\n");
  _exit(kExitInternal);
}

void ChildResetSignals(int report_fd) {
  sigset_t none;
  sigemptyset(&none);
  if (sigprocmask(SIG_SETMASK, &none, nullptr) != 0) {
    ChildFail(report_fd, "sigprocmask (unblocking signals in the child)",
              errno);
  }
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) {
    ChildFail(report_fd, "prctl PR_SET_PDEATHSIG", errno);
  }
}

// Moves every source above the highest target, then into place, and closes
// every other descriptor.
void ChildPlaceFds(const ChildPlan& plan) {
  int base = 3;
  for (const FdMove& m : plan.fds) base = std::max(base, m.target + 1);
  int report = plan.report_src;
  std::vector<int> tmp;
  for (const FdMove& m : plan.fds) {
    const int t = fcntl(m.src, F_DUPFD_CLOEXEC, base);
    if (t < 0) ChildFail(report, "fcntl F_DUPFD_CLOEXEC (placing fds)", errno);
    if (m.src == plan.report_src) report = t;
    tmp.push_back(t);
  }
  for (size_t i = 0; i < plan.fds.size(); ++i) {
    const FdMove& m = plan.fds[i];
    if (dup3(tmp[i], m.target, m.cloexec ? O_CLOEXEC : 0) < 0) {
      ChildFail(report, "dup3 (placing fds)", errno);
    }
  }
  if (close_range(static_cast<unsigned>(base), ~0u, 0) != 0) {
    ChildFail(plan.report_fd, "close_range", errno);
  }
}

// The exec path: "" on a read-only page at a fixed low address.
const char* ChildMapExecPath(const ChildPlan& plan) {
  const long page = sysconf(_SC_PAGESIZE);
  void* at = mmap(reinterpret_cast<void*>(plan.exec_path_page),
                  static_cast<size_t>(page), PROT_READ,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (at != reinterpret_cast<void*>(plan.exec_path_page)) {
    ChildFail(plan.report_fd, "mapping the exec path page", errno);
  }
  return static_cast<const char*>(at);
}

void ChildWaitForGo(const ChildPlan& plan) {
  char go;
  if (read(plan.sync_fd, &go, 1) != 1) {
    ChildFail(plan.report_fd, "waiting for the launcher (sync pipe)", errno);
  }
}

// Landlock, best effort: kernels without it keep only the seccomp
// guarantees. Nothing may be executed but exec_fd and
// (plan.landlock_exec_fds), and nothing created, removed or opened for
// writing.
void ChildLandlock(const ChildPlan& plan) {
  const long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0,
                           LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 1) return;
  struct landlock_ruleset_attr attr = {};
  attr.handled_access_fs =
      LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE |
      LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
      LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
      LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
      LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
      LANDLOCK_ACCESS_FS_MAKE_SYM;
  if (abi >= 2) attr.handled_access_fs |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) attr.handled_access_fs |= kLandlockAccessFsTruncate;
  const int rs = static_cast<int>(
      syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0));
  if (rs < 0) ChildFail(plan.report_fd, "landlock_create_ruleset", errno);
  std::vector<int> exec_fds = plan.landlock_exec_fds;
  exec_fds.push_back(plan.exec_fd);
  for (int fd : exec_fds) {
    struct landlock_path_beneath_attr rule = {};
    rule.allowed_access = LANDLOCK_ACCESS_FS_EXECUTE;
    rule.parent_fd = fd;
    if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &rule,
                0) != 0) {
      ChildFail(plan.report_fd, "landlock_add_rule (execute)", errno);
    }
  }
  if (syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
    ChildFail(plan.report_fd, "landlock_restrict_self", errno);
  }
  close(rs);
}

// The filter, built and exported to BPF while the address space is still
// unlimited (RLIMIT_AS comes after).
std::string ChildBuildFilter(ChildPlan& plan) {
  plan.policy.manifest_fd = plan.exec_fd - 1;  // the last inherited fd
  plan.policy.exec_fd = plan.exec_fd;
  plan.policy.exec_path = plan.exec_path_page;
  plan.policy.sync_fd = plan.sync_fd;
  plan.policy.report_fd = plan.report_fd;
  plan.policy.pid = getpid();
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> policy =
      BuildPolicy(plan.policy);
  absl::StatusOr<std::string> program =
      policy.ok() ? ExportBpf(**policy) : policy.status();
  if (!program.ok()) {
    ChildFail(plan.report_fd, std::string(program.status().message()).c_str(),
              0);
  }
  return *std::move(program);
}

void ChildSetLimits(const ChildPlan& plan) {
  if (plan.fixed_layout) {
    const int current = personality(0xffffffff);
    if (current == -1 || personality(static_cast<unsigned long>(current) |
                                     ADDR_NO_RANDOMIZE) == -1) {
      ChildFail(plan.report_fd,
                "--deterministic: turning off address-space randomisation "
                "(personality ADDR_NO_RANDOMIZE)",
                errno);
    }
  }
  if (plan.rlimit_as != 0) {
    struct rlimit as = {plan.rlimit_as, plan.rlimit_as};
    if (setrlimit(RLIMIT_AS, &as) != 0) {
      ChildFail(plan.report_fd, "setrlimit RLIMIT_AS", errno);
    }
  }
}

// Loads (bpf) with the raw system call: no library code runs between the
// load and the exec. Audit mode hands the listener to the parent.
void ChildLoadFilter(const ChildPlan& plan, std::string& bpf) {
  struct sock_fprog prog;
  prog.len =
      static_cast<unsigned short>(bpf.size() / sizeof(struct sock_filter));
  prog.filter = reinterpret_cast<struct sock_filter*>(bpf.data());
  const bool audit = plan.policy.mode == SandboxMode::kAudit;
  const long listener =
      syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
              audit ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0, &prog);
  if (listener < 0) {
    ChildFail(plan.report_fd, "loading the seccomp filter", errno);
  }
  // From here on only the filter's boot rules let anything through.
  if (audit) {
    // The listener is O_CLOEXEC; the parent copies it with pidfd_getfd.
    char line[32];
    snprintf(line, sizeof(line), "L%ld\n", listener);
    ChildWrite(plan.report_fd, line);
    ChildWaitForGo(plan);
  }
}

// NO_NEW_PRIVS (once, for Landlock and seccomp both), Landlock, the limits,
// then the seccomp filter.
void ChildConfine(ChildPlan& plan) {
  std::string bpf;
  if (plan.sandbox) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      ChildFail(plan.report_fd, "prctl PR_SET_NO_NEW_PRIVS", errno);
    }
    ChildLandlock(plan);
    bpf = ChildBuildFilter(plan);
  }
  for (int fd : plan.landlock_exec_fds) close(fd);
  ChildSetLimits(plan);
  if (plan.sandbox) ChildLoadFilter(plan, bpf);
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

[[noreturn]] void ChildMain(ChildPlan& plan) {
  ChildResetSignals(plan.report_src);
  ChildPlaceFds(plan);
  std::vector<char*> argv = CStrings(plan.argv);
  std::vector<char*> envp = CStrings(plan.envp);
  if (plan.exec_fd < 0) {  // bare metal: qemu-system, QEMU's own sandbox
    execv(argv[0], argv.data());
    ChildFail(plan.report_fd, absl::StrCat("exec ", argv[0]).c_str(), errno);
  }
  const char* exec_path = ChildMapExecPath(plan);
  struct rlimit no_core = {0, 0};
  if (setrlimit(RLIMIT_CORE, &no_core) != 0) {
    ChildFail(plan.report_fd, "setrlimit RLIMIT_CORE", errno);
  }
  ChildWaitForGo(plan);
  ChildConfine(plan);
  syscall(SYS_execveat, plan.exec_fd, exec_path, argv.data(), envp.data(),
          AT_EMPTY_PATH);
  ChildFail(plan.report_fd, "execveat of the image", errno);
}

// ---- the parent ------------------------------------------------------------

long SyscallAtExitStop(pid_t pid) {
#if defined(__x86_64__)
  struct user_regs_struct regs;
  struct iovec iov = {&regs, sizeof(regs)};
  if (ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &iov) != 0) return -1;
  return static_cast<long>(regs.orig_rax);
#elif defined(__aarch64__)
  struct user_regs_struct regs;
  struct iovec iov = {&regs, sizeof(regs)};
  if (ptrace(PTRACE_GETREGSET, pid, NT_PRSTATUS, &iov) != 0) return -1;
  return static_cast<long>(regs.regs[8]);
#else
  (void)pid;
  return -1;
#endif
}

struct Outcome {
  int status = 0;
  bool timed_out = false;
  long last_syscall = -1;  // at the exit stop (strict)
  int forwarded = 0;       // the last signal passed on to the image
};

// What the supervisor waits for: the image's SIGCHLD, and the signals that
// end a terminal job (Ctrl-C, a closed terminal, kill), which it passes on
// to the image so that it ends the way the user asked. All are blocked and
// read from a signalfd; the previous mask comes back when this goes away.
// The child unblocks everything before exec.
class SupervisedSignals {
 public:
  SupervisedSignals() = default;
  SupervisedSignals(const SupervisedSignals&) = delete;
  SupervisedSignals& operator=(const SupervisedSignals&) = delete;
  ~SupervisedSignals() {
    fd_.Reset();
    if (blocked_) sigprocmask(SIG_SETMASK, &old_, nullptr);
  }

  absl::Status Block() {
    sigset_t set;
    sigemptyset(&set);
    for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
    if (sigprocmask(SIG_BLOCK, &set, &old_) != 0)
      return Internal("sigprocmask");
    blocked_ = true;
    fd_.Reset(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!fd_.valid()) return Internal("signalfd");
    return absl::OkStatus();
  }
  int fd() const { return fd_.get(); }

 private:
  sigset_t old_;
  bool blocked_ = false;
  UniqueFd fd_;
};

// A started child: killed and reaped unless Supervise saw it end.
class StartedChild {
 public:
  explicit StartedChild(pid_t pid) : pid_(pid) {}
  StartedChild(const StartedChild&) = delete;
  StartedChild& operator=(const StartedChild&) = delete;
  ~StartedChild() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int st;
    while (waitpid(pid_, &st, __WALL) < 0 && errno == EINTR) {
    }
  }
  pid_t pid() const { return pid_; }
  void Reaped() { pid_ = -1; }

 private:
  pid_t pid_;
};

// Reaps (pid) if it ended (true) and passes ptrace stops on: the exit stop
// records the system call that ended it, a signal stop delivers the signal.
bool ReapOrContinue(pid_t pid, Outcome* out) {
  int st = 0;
  while (waitpid(pid, &st, WNOHANG | __WALL) == pid) {
    if (!WIFSTOPPED(st)) {
      out->status = st;
      return true;
    }
    const int event = st >> 16;
    if (event == PTRACE_EVENT_EXIT) out->last_syscall = SyscallAtExitStop(pid);
    ptrace(PTRACE_CONT, pid, 0, event != 0 ? 0 : WSTOPSIG(st));
  }
  return false;
}

void ForwardSignals(int signal_fd, pid_t pid, Outcome* out) {
  struct signalfd_siginfo si;
  while (read(signal_fd, &si, sizeof(si)) == sizeof(si)) {
    if (si.ssi_signo != SIGCHLD) {
      out->forwarded = static_cast<int>(si.ssi_signo);
      kill(pid, out->forwarded);
    }
  }
}

// Audit: answers one forbidden call with EPERM and reports it.
void AnswerNotification(int listener, const std::string& image) {
  struct seccomp_notif* req = nullptr;
  struct seccomp_notif_resp* resp = nullptr;
  if (seccomp_notify_alloc(&req, &resp) != 0) return;
  memset(req, 0, sizeof(*req));
  if (seccomp_notify_receive(listener, req) == 0) {
    fprintf(stderr,
            "sandbox: audit: %s attempted forbidden system call %s "
            "(denied with EPERM)\n",
            image.c_str(), SyscallName(req->data.nr).c_str());
    resp->id = req->id;
    resp->val = 0;
    resp->error = -EPERM;
    resp->flags = 0;
    seccomp_notify_respond(listener, resp);
  }
  seccomp_notify_free(req, resp);
}

int PollTimeoutMs(absl::Time deadline) {
  if (deadline == absl::InfiniteFuture()) return -1;
  const absl::Duration left = deadline - absl::Now();
  return left <= absl::ZeroDuration()
             ? 0
             : static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
}

// Waits for (pid), relaying signals past ptrace stops, answering audit
// notifications on (listener), and killing it at (deadline).
Outcome Supervise(pid_t pid, int signal_fd, UniqueFd listener,
                  absl::Time deadline, const std::string& image) {
  Outcome out;
  // Reap or continue first: SIGCHLD may have come before we polled.
  while (!ReapOrContinue(pid, &out)) {
    struct pollfd fds[2] = {{signal_fd, POLLIN, 0},
                            {listener.get(), POLLIN, 0}};
    const int n = poll(fds, listener.valid() ? 2 : 1, PollTimeoutMs(deadline));
    if (n == 0 && !out.timed_out) {
      out.timed_out = true;
      kill(pid, SIGKILL);
      deadline = absl::InfiniteFuture();
      continue;
    }
    if (n <= 0) continue;
    if ((fds[0].revents & POLLIN) != 0) ForwardSignals(signal_fd, pid, &out);
    if (!listener.valid()) continue;
    if ((fds[1].revents & POLLIN) != 0) {
      AnswerNotification(listener.get(), image);
    } else if ((fds[1].revents & (POLLHUP | POLLERR)) != 0) {
      listener.Reset();
    }
  }
  return out;
}

int Report(const Outcome& out, const RunSpec& spec, bool seccomp_kills,
           bool traced, const Platform& platform) {
  if (out.timed_out) {
    fprintf(stderr, "hcall: %s did not finish within %s; killed\n",
            spec.image.c_str(), absl::FormatDuration(spec.timeout).c_str());
    return kExitTimeout;
  }
  if (WIFEXITED(out.status)) {
    int code = WEXITSTATUS(out.status);
    if (platform.exit_decode == ExitDecode::kDebugExit) {
      if (code % 2 == 1) return (code - 1) / 2;
      fprintf(stderr,
              "hcall: %s: QEMU exited with %d without the exit device "
              "(a triple fault, or QEMU failed)\n",
              spec.image.c_str(), code);
      return code == 0 ? kExitInternal : code;
    }
    return code;
  }
  const int sig = WTERMSIG(out.status);
  if (sig == SIGSYS && seccomp_kills) {
    std::string name = "(unknown: the launcher could not trace the image)";
    if (traced && out.last_syscall >= 0) name = SyscallName(out.last_syscall);
    fprintf(stderr, "sandbox: %s attempted forbidden system call %s\n",
            spec.image.c_str(), name.c_str());
    return kExitSandboxKill;
  }
  fprintf(
      stderr, "hcall: %s was killed by signal %s%s\n", spec.image.c_str(),
      SignalText(sig).c_str(),
      sig == out.forwarded ? " (passed on by hcall, which received it)" : "");
  return 128 + sig;
}

struct Pipe {
  UniqueFd read, write;
};

absl::StatusOr<Pipe> MakePipe() {
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) return Internal("pipe2");
  return Pipe{UniqueFd(p[0]), UniqueFd(p[1])};
}

// The child's report pipe, line by line.
class ReportReader {
 public:
  explicit ReportReader(int fd) : fd_(fd) {}
  // One line, without its newline; "" at end of file (the exec closed it).
  std::string Line() {
    for (;;) {
      const size_t nl = pending_.find('\n');
      if (nl != std::string::npos) {
        std::string line = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        return line;
      }
      char buf[512];
      const ssize_t got = read(fd_, buf, sizeof(buf));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return std::exchange(pending_, std::string());
      pending_.append(buf, static_cast<size_t>(got));
    }
  }

 private:
  int fd_;
  std::string pending_;
};

absl::Status CannotStart(const RunSpec& spec, absl::string_view why) {
  return LaunchError(kExitInternal,
                     absl::StrCat("cannot start ", spec.image, ": ", why));
}

// Audit: the child sends the number of its listener; the parent copies it
// with pidfd_getfd and lets the child go on to the exec.
absl::StatusOr<UniqueFd> TakeListener(const RunSpec& spec, pid_t pid,
                                      int sync_w, ReportReader& report) {
  const std::string line = report.Line();
  int child_fd = -1;
  if (line.empty() || line[0] != 'L' ||
      !absl::SimpleAtoi(line.substr(1), &child_fd)) {
    return CannotStart(
        spec, line.empty() ? "the launcher's child died" : line.substr(1));
  }
  UniqueFd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
  if (!pidfd.valid()) return Internal("pidfd_open (audit listener)");
  UniqueFd listener(
      static_cast<int>(syscall(SYS_pidfd_getfd, pidfd.get(), child_fd, 0)));
  if (!listener.valid()) return Internal("pidfd_getfd (audit listener)");
  if (fcntl(listener.get(), F_SETFD, FD_CLOEXEC) != 0) {
    return Internal("fcntl F_SETFD (audit listener)");
  }
  if (write(sync_w, "g", 1) != 1) return Internal("starting the image");
  return listener;
}

// Lets the child go on and waits until it has exec'd (the report pipe
// closes) or reported why it could not. Returns the audit listener (or an
// invalid descriptor).
absl::StatusOr<UniqueFd> StartChild(const RunSpec& spec, pid_t pid, bool audit,
                                    int sync_w, ReportReader& report) {
  if (sync_w >= 0 && write(sync_w, "g", 1) != 1) {
    return Internal("starting the image");
  }
  UniqueFd listener;
  if (audit) {
    absl::StatusOr<UniqueFd> l = TakeListener(spec, pid, sync_w, report);
    if (!l.ok()) return l.status();
    listener = *std::move(l);
  }
  const std::string failure = report.Line();
  if (!failure.empty()) return CannotStart(spec, failure.substr(1));
  return listener;
}

// Forks the child of (plan), starts it, supervises it to its end and
// reports how it ended. (seccomp_kills): strict mode, where the child is
// traced to name the call the filter killed it for.
absl::StatusOr<int> LaunchAndSupervise(const RunSpec& spec,
                                       const Platform& platform,
                                       ChildPlan& plan, bool seccomp_kills) {
  absl::StatusOr<Pipe> report = MakePipe();
  if (!report.ok()) return report.status();
  absl::StatusOr<Pipe> sync = MakePipe();
  if (!sync.ok()) return sync.status();
  plan.report_src = report->write.get();
  plan.fds.push_back({report->write.get(), plan.report_fd, true});
  if (plan.sync_fd >= 0)
    plan.fds.push_back({sync->read.get(), plan.sync_fd, true});
  SupervisedSignals signals;
  absl::Status blocked = signals.Block();
  if (!blocked.ok()) return blocked;
  fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return Internal("fork");
  if (pid == 0) ChildMain(plan);
  StartedChild child(pid);
  sync->read.Reset();
  report->write.Reset();
  plan.owned.clear();
  const bool traced =
      seccomp_kills &&
      ptrace(PTRACE_SEIZE, pid, 0, PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL) == 0;
  ReportReader reader(report->read.get());
  absl::StatusOr<UniqueFd> listener =
      StartChild(spec, pid, spec.sandbox == SandboxMode::kAudit && plan.sandbox,
                 plan.sync_fd >= 0 ? sync->write.get() : -1, reader);
  if (!listener.ok()) return listener.status();
  const absl::Time deadline = spec.timeout > absl::ZeroDuration()
                                  ? absl::Now() + spec.timeout
                                  : absl::InfiniteFuture();
  const Outcome out =
      Supervise(pid, signals.fd(), *std::move(listener), deadline, spec.image);
  child.Reaped();
  return Report(out, spec, seccomp_kills, traced, platform);
}

absl::StatusOr<UniqueFd> MakeSealedMemfd(const std::string& bytes) {
  UniqueFd fd(memfd_create("hcall-blob", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd.valid()) return Internal("memfd_create");
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd.get(), bytes.data() + done, bytes.size() - done);
    if (n <= 0) return Internal("writing a memfd");
    done += static_cast<size_t>(n);
  }
  if (fcntl(fd.get(), F_ADD_SEALS,
            F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) != 0) {
    return Internal("fcntl F_ADD_SEALS (sealing a memfd)");
  }
  return fd;
}

std::vector<std::string> ImageEnv(const RunSpec& spec, int manifest_fd) {
  std::vector<std::string> env = {
      absl::StrCat("HCALL_MANIFEST_FD=", manifest_fd)};
  if (spec.deterministic) env.push_back(absl::StrCat("HCALL_SEED=", spec.seed));
  for (const auto& [k, v] : spec.env) env.push_back(absl::StrCat(k, "=", v));
  return env;
}

const char* AccessName(Access a) {
  switch (a) {
    case Access::kReadOnly:
      return "read-only";
    case Access::kReadWrite:
      return "read-write";
    case Access::kReadWriteCreate:
      return "read-write, created if missing";
  }
  return "?";
}

const char* SandboxName(SandboxMode m) {
  switch (m) {
    case SandboxMode::kStrict:
      return "strict";
    case SandboxMode::kAudit:
      return "audit";
    case SandboxMode::kOff:
      return "off";
  }
  return "?";
}

// What a Linux launch runs: the image itself, or qemu-user with the image.
struct LinuxCommand {
  bool native = true;
  std::string exec_path;  // the image, or the qemu binary
  std::vector<std::string> argv;
  std::vector<std::string> env;
  int manifest_fd = -1;
};

absl::StatusOr<LinuxCommand> ComposeLinux(const RunSpec& spec,
                                          const Platform& platform,
                                          const OpenedGrants& grants) {
  LinuxCommand cmd;
  cmd.native = RunnerFor(platform) == Runner::kNative;
  cmd.exec_path = spec.image;
  if (!cmd.native) {
    cmd.exec_path = platform.qemu;
    if (!spec.print_command) {
      absl::StatusOr<std::string> q =
          FindQemu(platform, spec.qemu_dir, spec.image);
      if (!q.ok()) return q.status();
      cmd.exec_path = *q;
    }
    cmd.argv = {cmd.exec_path, "-0", spec.image};
  }
  cmd.argv.push_back(spec.image);
  cmd.argv.insert(cmd.argv.end(), spec.args.begin(), spec.args.end());
  cmd.manifest_fd = kFirstGrantFd + static_cast<int>(grants.grants.size());
  cmd.env = ImageEnv(spec, cmd.manifest_fd);
  return cmd;
}

void PrintLinuxCommand(const RunSpec& spec, const Platform& platform,
                       const LinuxCommand& cmd, const OpenedGrants& grants,
                       const std::string& manifest) {
  printf("# %s, run %s; sandbox %s (seccomp profile %s)\n", platform.name,
         cmd.native ? "natively" : "under qemu-user", SandboxName(spec.sandbox),
         cmd.native ? "native-image" : "qemu-user");
  for (const OpenedGrant& g : grants.grants) {
    printf("# fd %d: %s \"%s\" = %s (%s)\n", g.image_fd,
           g.spec.is_block ? "block" : "file", g.spec.name.c_str(),
           g.spec.host_path.c_str(), AccessName(g.spec.access));
  }
  printf("# fd %d: boot manifest (%zu bytes, sealed memfd)\n", cmd.manifest_fd,
         manifest.size());
  std::vector<std::string> line = {"env", "-i"};
  line.insert(line.end(), cmd.env.begin(), cmd.env.end());
  line.insert(line.end(), cmd.argv.begin(), cmd.argv.end());
  printf("%s\n", ShellJoin(line).c_str());
}

// Descriptors: the grants at 3.., the manifest, then the executable, the
// sync pipe and the report pipe (launcher-only, closed at exec), then the
// Landlock descriptors (closed before exec).
void PlaceLinuxFds(const OpenedGrants& grants, ChildPlan& plan) {
  int next = kFirstGrantFd;
  for (const OpenedGrant& g : grants.grants) {
    plan.fds.push_back({g.host_fd, next++, false});
  }
  plan.fds.push_back({plan.owned[1].get(), next++, false});  // manifest
  plan.exec_fd = next;
  plan.fds.push_back({plan.owned[0].get(), next++, true});
  plan.sync_fd = next++;
  plan.report_fd = next++;
  for (size_t i = 2; i < plan.owned.size(); ++i) {
    plan.fds.push_back({plan.owned[i].get(), next, true});
    plan.landlock_exec_fds.push_back(next++);
  }
}

// qemu-user's ELF interpreter, which Landlock must let the kernel execute
// (an invalid descriptor when qemu has none).
UniqueFd OpenQemuInterpreter(const std::string& qemu) {
  absl::StatusOr<ImageInfo> qinfo = InspectImageFile(qemu);
  if (!qinfo.ok() || qinfo->interp.empty()) return UniqueFd();
  return UniqueFd(open(qinfo->interp.c_str(), O_PATH | O_CLOEXEC));
}

void SetLinuxPolicy(const RunSpec& spec, const LinuxCommand& cmd,
                    const OpenedGrants& grants, ChildPlan& plan) {
  plan.sandbox = spec.sandbox != SandboxMode::kOff;
  plan.policy.profile = cmd.native ? Profile::kNativeImage : Profile::kQemuUser;
  plan.policy.mode = spec.sandbox;
  plan.policy.allow_exec_pages = spec.allow_exec_pages;
  plan.policy.statx_null_path = cmd.native && KernelTakesStatxNullPath();
  for (const OpenedGrant& g : grants.grants) {
    plan.policy.grants.push_back(
        {g.image_fd, g.spec.access != Access::kReadOnly, g.spec.is_block});
  }
}

// Everything the child of a Linux launch needs; opens the executable (and
// qemu's interpreter) and creates the :rwc files.
absl::StatusOr<ChildPlan> PlanLinuxChild(const RunSpec& spec,
                                         const ImageInfo& info,
                                         const LinuxCommand& cmd,
                                         OpenedGrants& grants,
                                         const std::string& manifest) {
  ChildPlan plan;
  plan.owned.emplace_back(open(cmd.exec_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!plan.owned[0].valid()) {
    return LaunchError(cmd.native ? kExitBadImage : kExitNoQemu,
                       absl::StrCat(cmd.exec_path, ": ", strerror(errno)));
  }
  // The image is about to run: only now create what :rwc asked for.
  absl::Status created = CreatePendingGrants(&grants);
  if (!created.ok()) return created;
  absl::StatusOr<UniqueFd> memfd = MakeSealedMemfd(manifest);
  if (!memfd.ok()) return memfd.status();
  plan.owned.push_back(*std::move(memfd));
  if (!cmd.native) {
    UniqueFd interp = OpenQemuInterpreter(cmd.exec_path);
    if (interp.valid()) plan.owned.push_back(std::move(interp));
  }
  PlaceLinuxFds(grants, plan);
  const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  plan.exec_path_page = ChooseExecPathPage(info, page);
  if (plan.exec_path_page == 0) {
    return LaunchError(kExitBadImage,
                       absl::StrCat(spec.image,
                                    ": its segments leave no free page below "
                                    "1 GiB for the launcher's exec path"));
  }
  plan.rlimit_as =
      cmd.native ? spec.memory_bytes + info.memory_size + kAddressSpaceSlack
                 : 0;
  plan.fixed_layout = spec.deterministic;
  plan.argv = cmd.argv;
  plan.envp = cmd.env;
  SetLinuxPolicy(spec, cmd, grants, plan);
  return plan;
}

absl::StatusOr<int> RunLinux(const RunSpec& spec, const ImageInfo& info,
                             const Platform& platform, OpenedGrants& grants,
                             const std::string& manifest) {
  absl::StatusOr<LinuxCommand> cmd = ComposeLinux(spec, platform, grants);
  if (!cmd.ok()) return cmd.status();
  if (spec.print_command) {
    PrintLinuxCommand(spec, platform, *cmd, grants, manifest);
    return kExitOk;
  }
  absl::StatusOr<ChildPlan> plan =
      PlanLinuxChild(spec, info, *cmd, grants, manifest);
  if (!plan.ok()) return plan.status();
  return LaunchAndSupervise(spec, platform, *plan,
                            spec.sandbox == SandboxMode::kStrict);
}

absl::StatusOr<int> RunBaremetal(const RunSpec& spec, const Platform& platform,
                                 const OpenedGrants& grants,
                                 const std::string& manifest) {
  std::string qemu = platform.qemu;
  if (!spec.print_command) {
    absl::StatusOr<std::string> q =
        FindQemu(platform, spec.qemu_dir, spec.image);
    if (!q.ok()) return q.status();
    qemu = *q;
  }
  const BaremetalBoot boot = BaremetalBootArgs(spec, manifest);
  absl::StatusOr<std::vector<std::string>> cmd =
      ComposeQemuSystem(spec, platform, qemu, spec.image, grants.grants, boot);
  if (!cmd.ok()) return cmd.status();
  if (spec.print_command) {
    printf("# %s, run under qemu-system; fw_cfg blobs:", platform.name);
    for (const auto& [fd, bytes] : boot.blobs) {
      printf(" fd %d (%zu bytes)", fd, bytes.size());
    }
    printf("\n%s\n", ShellJoin(*cmd).c_str());
    return kExitOk;
  }
  ChildPlan plan;
  int last = 2;
  for (const auto& [target, bytes] : boot.blobs) {
    absl::StatusOr<UniqueFd> memfd = MakeSealedMemfd(bytes);
    if (!memfd.ok()) return memfd.status();
    plan.fds.push_back({memfd->get(), target, false});
    plan.owned.push_back(*std::move(memfd));
    last = std::max(last, target);
  }
  plan.report_fd = last + 1;
  plan.argv = *std::move(cmd);
  return LaunchAndSupervise(spec, platform, plan, false);
}

}  // namespace

absl::StatusOr<int> Run(const RunSpec& spec) {
  absl::StatusOr<ImageInfo> info = InspectImageFile(spec.image);
  if (!info.ok()) return info.status();
  absl::Status runnable = CheckRunnable(*info, spec.image);
  if (!runnable.ok()) return runnable;
  absl::StatusOr<const Platform*> platform =
      ResolvePlatform(*info, spec.platform, spec.image);
  if (!platform.ok()) return platform.status();
  if ((*platform)->os == Os::kBaremetal) {
    // Checked before anything is opened.
    for (const GrantSpec& g : spec.grants) {
      if (!g.is_block) {
        return LaunchError(kExitUsage,
                           absl::StrCat(g.flag,
                                        ": a bare-metal image has no files; "
                                        "grant it as --block"));
      }
    }
  }
  absl::StatusOr<OpenedGrants> grants = OpenGrants(spec);
  if (!grants.ok()) return grants.status();
  absl::StatusOr<std::string> manifest =
      BuildManifest(grants->grants, spec.memory_bytes);
  if (!manifest.ok()) return manifest.status();
  if ((*platform)->os == Os::kBaremetal) {
    return RunBaremetal(spec, **platform, *grants, *manifest);
  }
  absl::StatusOr<int> code =
      RunLinux(spec, *info, **platform, *grants, *manifest);
  // A launch that failed before the image ran leaves nothing behind.
  if (!code.ok()) grants->RemoveCreated();
  return code;
}

absl::StatusOr<std::string> Inspect(const std::string& image,
                                    const std::string& platform) {
  absl::StatusOr<ImageInfo> info = InspectImageFile(image);
  if (!info.ok()) return info.status();
  absl::StatusOr<const Platform*> p = ResolvePlatform(*info, platform, image);
  if (!p.ok()) return p.status();
  const Runner runner = RunnerFor(**p);
  return absl::StrCat(
      "image:       ", image, "\n", "platform:    ", (*p)->name, " (",
      OsName((*p)->os), ", ", CpuName((*p)->cpu), "; ",
      info->os_known ? info->detected_by : "from --platform", ")\n",
      "abi version: ",
      info->has_note ? absl::StrCat(info->abi_version)
                     : std::string("unknown (no .note.hcall note)"),
      "\n", "size:        ", info->file_size, " bytes (file), ",
      info->memory_size, " bytes (loaded)\n", "runs:        ",
      runner == Runner::kNative ? "natively"
                                : absl::StrCat("under ", (*p)->qemu),
      "\n");
}

}  // namespace hcall::launcher
