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

struct ChildPlan {
  std::vector<int> inherit_src;  // grant fds..., manifest memfd
  int exec_src = -1;
  int sync_src = -1;
  int report_src = -1;
  int first_fd = kFirstGrantFd;  // targets: inherit at 3.., then exec, sync,
                                 // report
  uint64_t exec_path_page = 0;
  uint64_t rlimit_as = 0;  // 0: none
  // --deterministic: no address-space randomisation, so that the image's
  // mappings (hc_page_map), stack and heap land at the same addresses on
  // every run. Inherited across exec (also by qemu-user).
  bool fixed_layout = false;
  std::vector<char*> argv;
  std::vector<char*> envp;
  bool sandbox = false;
  PolicyConfig policy;
  // Landlock: files that may be executed (image or qemu and its
  // interpreter), as descriptors opened in the parent.
  std::vector<int> landlock_exec_src;
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

// Best effort: kernels without Landlock keep only the seccomp guarantees.
void ChildLandlock(const std::vector<int>& exec_fds, int report_fd) {
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
  if (rs < 0) ChildFail(report_fd, "landlock_create_ruleset", errno);
  for (int fd : exec_fds) {
    struct landlock_path_beneath_attr rule = {};
    rule.allowed_access = LANDLOCK_ACCESS_FS_EXECUTE;
    rule.parent_fd = fd;
    if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &rule,
                0) != 0) {
      ChildFail(report_fd, "landlock_add_rule (execute)", errno);
    }
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    ChildFail(report_fd, "PR_SET_NO_NEW_PRIVS", errno);
  }
  if (syscall(SYS_landlock_restrict_self, rs, 0) != 0) {
    ChildFail(report_fd, "landlock_restrict_self", errno);
  }
  close(rs);
}

[[noreturn]] void ChildMain(ChildPlan& plan) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  prctl(PR_SET_PDEATHSIG, SIGKILL);

  // Descriptors: move every source above the targets, then into place.
  const int n_inherit = static_cast<int>(plan.inherit_src.size());
  const int exec_fd = plan.first_fd + n_inherit;
  const int sync_fd = exec_fd + 1;
  const int report_fd = exec_fd + 2;
  const int base =
      report_fd + 1 + static_cast<int>(plan.landlock_exec_src.size());
  std::vector<int> srcs = plan.inherit_src;
  srcs.push_back(plan.exec_src);
  srcs.push_back(plan.sync_src);
  srcs.push_back(plan.report_src);
  srcs.insert(srcs.end(), plan.landlock_exec_src.begin(),
              plan.landlock_exec_src.end());
  std::vector<int> tmp;
  for (int fd : srcs) {
    const int t = fcntl(fd, F_DUPFD_CLOEXEC, base + 16);
    if (t < 0) _exit(kExitInternal);
    tmp.push_back(t);
  }
  for (int i = 0; i < n_inherit; ++i) {
    if (dup2(tmp[i], plan.first_fd + i) < 0) _exit(kExitInternal);
  }
  for (int i = 0; i < 3; ++i) {
    if (dup3(tmp[n_inherit + i], exec_fd + i, O_CLOEXEC) < 0) {
      _exit(kExitInternal);
    }
  }
  std::vector<int> landlock_fds;
  for (size_t i = 0; i < plan.landlock_exec_src.size(); ++i) {
    const int target = report_fd + 1 + static_cast<int>(i);
    if (dup3(tmp[n_inherit + 3 + i], target, O_CLOEXEC) < 0) {
      _exit(kExitInternal);
    }
    landlock_fds.push_back(target);
  }
  close_range(static_cast<unsigned>(base), ~0u, 0);

  // The exec path: "" on a read-only page at a fixed low address.
  const long page = sysconf(_SC_PAGESIZE);
  void* at = mmap(reinterpret_cast<void*>(plan.exec_path_page),
                  static_cast<size_t>(page), PROT_READ,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (at != reinterpret_cast<void*>(plan.exec_path_page)) {
    ChildFail(report_fd, "mapping the exec path page", errno);
  }
  const char* exec_path = static_cast<const char*>(at);

  struct rlimit no_core = {0, 0};
  setrlimit(RLIMIT_CORE, &no_core);

  char go;
  if (read(sync_fd, &go, 1) != 1) _exit(kExitInternal);  // parent is ready

  // The filter is built and exported to BPF before RLIMIT_AS shrinks the
  // address space, and loaded with the raw system call: no library code
  // runs between the load and the exec.
  std::string bpf;
  if (plan.sandbox) {
    ChildLandlock(landlock_fds, report_fd);
    plan.policy.manifest_fd = exec_fd - 1;  // the last inherited descriptor
    plan.policy.exec_fd = exec_fd;
    plan.policy.exec_path = plan.exec_path_page;
    plan.policy.sync_fd = sync_fd;
    plan.policy.report_fd = report_fd;
    plan.policy.pid = getpid();
    absl::StatusOr<std::unique_ptr<SeccompPolicy>> policy =
        BuildPolicy(plan.policy);
    absl::StatusOr<std::string> program =
        policy.ok() ? ExportBpf(**policy) : policy.status();
    if (!program.ok()) {
      ChildWrite(report_fd, "E");
      ChildWrite(report_fd, std::string(program.status().message()).c_str());
      ChildWrite(report_fd, "\n");
      _exit(kExitInternal);
    }
    bpf = *std::move(program);
  }
  for (int fd : landlock_fds) close(fd);
  if (plan.fixed_layout) {
    const int current = personality(0xffffffff);
    if (current == -1 || personality(static_cast<unsigned long>(current) |
                                     ADDR_NO_RANDOMIZE) == -1) {
      ChildFail(report_fd,
                "--deterministic: turning off address-space randomisation "
                "(personality ADDR_NO_RANDOMIZE)",
                errno);
    }
  }
  if (plan.rlimit_as != 0) {
    struct rlimit as = {plan.rlimit_as, plan.rlimit_as};
    if (setrlimit(RLIMIT_AS, &as) != 0)
      ChildFail(report_fd, "RLIMIT_AS", errno);
  }
  if (plan.sandbox) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      ChildFail(report_fd, "PR_SET_NO_NEW_PRIVS", errno);
    }
    struct sock_fprog prog;
    prog.len =
        static_cast<unsigned short>(bpf.size() / sizeof(struct sock_filter));
    prog.filter = reinterpret_cast<struct sock_filter*>(bpf.data());
    const bool audit = plan.policy.mode == SandboxMode::kAudit;
    const long listener =
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
                audit ? SECCOMP_FILTER_FLAG_NEW_LISTENER : 0, &prog);
    if (listener < 0) ChildFail(report_fd, "loading the seccomp filter", errno);
    // From here on only the filter's boot rules let anything through.
    if (audit) {
      // The listener is O_CLOEXEC; the parent copies it with pidfd_getfd.
      char line[32];
      snprintf(line, sizeof(line), "L%ld\n", listener);
      ChildWrite(report_fd, line);
      if (read(sync_fd, &go, 1) != 1) _exit(kExitInternal);
    }
  }
  syscall(SYS_execveat, exec_fd, exec_path, plan.argv.data(), plan.envp.data(),
          AT_EMPTY_PATH);
  ChildFail(report_fd, "execveat of the image", errno);
}

// ---- the parent ------------------------------------------------------------

struct Pipe {
  int r = -1, w = -1;
  ~Pipe() {
    if (r >= 0) close(r);
    if (w >= 0) close(w);
  }
};

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
// read from the returned signalfd (-1 on failure); (old) gets the previous
// mask. The child unblocks everything before exec.
int BlockSupervisedSignals(sigset_t* old) {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&set, sig);
  sigprocmask(SIG_BLOCK, &set, old);
  return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

// Waits for (pid), relaying signals past ptrace stops, answering audit
// notifications on (listener), and killing it at (deadline).
Outcome Supervise(pid_t pid, int sigchld_fd, int listener, bool traced,
                  absl::Time deadline, const std::string& image) {
  Outcome out;
  struct seccomp_notif* req = nullptr;
  struct seccomp_notif_resp* resp = nullptr;
  if (listener >= 0) seccomp_notify_alloc(&req, &resp);
  for (;;) {
    // Reap or continue first: SIGCHLD may have come before we polled.
    int st = 0;
    pid_t w;
    bool done = false;
    while ((w = waitpid(pid, &st, WNOHANG | __WALL)) == pid) {
      if (WIFSTOPPED(st)) {
        const int event = st >> 16;
        if (event == PTRACE_EVENT_EXIT) {
          out.last_syscall = SyscallAtExitStop(pid);
          ptrace(PTRACE_CONT, pid, 0, 0);
        } else if (event != 0) {
          ptrace(PTRACE_CONT, pid, 0, 0);
        } else {
          ptrace(PTRACE_CONT, pid, 0, WSTOPSIG(st));  // deliver it
        }
        (void)traced;
        continue;
      }
      out.status = st;
      done = true;
      break;
    }
    if (done) break;
    struct pollfd fds[2] = {{sigchld_fd, POLLIN, 0}, {listener, POLLIN, 0}};
    int timeout_ms = -1;
    if (deadline != absl::InfiniteFuture()) {
      const absl::Duration left = deadline - absl::Now();
      timeout_ms = left <= absl::ZeroDuration()
                       ? 0
                       : static_cast<int>(absl::ToInt64Milliseconds(left)) + 1;
    }
    const int n = poll(fds, listener >= 0 ? 2 : 1, timeout_ms);
    if (n == 0 && !out.timed_out) {
      out.timed_out = true;
      kill(pid, SIGKILL);
      deadline = absl::InfiniteFuture();
      continue;
    }
    if (n > 0 && (fds[0].revents & POLLIN) != 0) {
      struct signalfd_siginfo si;
      while (read(sigchld_fd, &si, sizeof(si)) == sizeof(si)) {
        if (si.ssi_signo != SIGCHLD) {
          out.forwarded = static_cast<int>(si.ssi_signo);
          kill(pid, out.forwarded);
        }
      }
    }
    if (listener >= 0 && n > 0 && (fds[1].revents & POLLIN) != 0) {
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
    } else if (listener >= 0 && n > 0 &&
               (fds[1].revents & (POLLHUP | POLLERR)) != 0) {
      close(listener);
      listener = -1;
    }
  }
  if (req != nullptr) seccomp_notify_free(req, resp);
  if (listener >= 0) close(listener);
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

absl::StatusOr<int> MakeSealedMemfd(const std::string& bytes) {
  const int fd = memfd_create("hcall-blob", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return Internal("memfd_create");
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      close(fd);
      return Internal("writing a memfd");
    }
    done += static_cast<size_t>(n);
  }
  fcntl(fd, F_ADD_SEALS,
        F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL);
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

absl::StatusOr<int> RunLinux(const RunSpec& spec, const ImageInfo& info,
                             const Platform& platform, OpenedGrants& grants,
                             const std::string& manifest) {
  const bool native = RunnerFor(platform) == Runner::kNative;
  std::string qemu;
  if (!native && !spec.print_command) {
    absl::StatusOr<std::string> q =
        FindQemu(platform, spec.qemu_dir, spec.image);
    if (!q.ok()) return q.status();
    qemu = *q;
  } else if (!native) {
    qemu = platform.qemu;
  }
  const int n = static_cast<int>(grants.grants.size());
  const int manifest_fd = kFirstGrantFd + n;
  std::vector<std::string> argv;
  if (!native) {
    argv = {qemu, "-0", spec.image, spec.image};
  } else {
    argv = {spec.image};
  }
  argv.insert(argv.end(), spec.args.begin(), spec.args.end());
  const std::vector<std::string> env = ImageEnv(spec, manifest_fd);

  if (spec.print_command) {
    printf("# %s, run %s; sandbox %s (seccomp profile %s)\n", platform.name,
           native ? "natively" : "under qemu-user", SandboxName(spec.sandbox),
           native ? "native-image" : "qemu-user");
    for (const OpenedGrant& g : grants.grants) {
      printf("# fd %d: %s \"%s\" = %s (%s)\n", g.image_fd,
             g.spec.is_block ? "block" : "file", g.spec.name.c_str(),
             g.spec.host_path.c_str(), AccessName(g.spec.access));
    }
    printf("# fd %d: boot manifest (%zu bytes, sealed memfd)\n", manifest_fd,
           manifest.size());
    std::vector<std::string> line = {"env", "-i"};
    line.insert(line.end(), env.begin(), env.end());
    line.insert(line.end(), argv.begin(), argv.end());
    printf("%s\n", ShellJoin(line).c_str());
    return kExitOk;
  }

  const std::string exec_path = native ? spec.image : qemu;
  const int exec_fd = open(exec_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (exec_fd < 0) {
    return LaunchError(native ? kExitBadImage : kExitNoQemu,
                       absl::StrCat(exec_path, ": ", strerror(errno)));
  }
  std::vector<int> owned = {exec_fd};
  auto close_owned = [&owned]() {
    for (int fd : owned) close(fd);
  };
  // The image is about to run: only now create what :rwc asked for.
  absl::Status created = CreatePendingGrants(&grants);
  if (!created.ok()) {
    close_owned();
    return created;
  }
  absl::StatusOr<int> memfd = MakeSealedMemfd(manifest);
  if (!memfd.ok()) {
    close_owned();
    return memfd.status();
  }
  owned.push_back(*memfd);

  ChildPlan plan;
  for (const OpenedGrant& g : grants.grants)
    plan.inherit_src.push_back(g.host_fd);
  plan.inherit_src.push_back(*memfd);
  plan.exec_src = exec_fd;
  plan.landlock_exec_src.push_back(exec_fd);
  if (!native) {
    absl::StatusOr<ImageInfo> qinfo = InspectImageFile(qemu);
    if (qinfo.ok() && !qinfo->interp.empty()) {
      const int ifd = open(qinfo->interp.c_str(), O_PATH | O_CLOEXEC);
      if (ifd >= 0) {
        owned.push_back(ifd);
        plan.landlock_exec_src.push_back(ifd);
      }
    }
  }
  const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  plan.exec_path_page = ChooseExecPathPage(info, page);
  if (plan.exec_path_page == 0) {
    close_owned();
    return LaunchError(kExitBadImage,
                       absl::StrCat(spec.image,
                                    ": its segments leave no free page below "
                                    "1 GiB for the launcher's exec path"));
  }
  plan.rlimit_as =
      native ? spec.memory_bytes + info.memory_size + kAddressSpaceSlack : 0;
  plan.fixed_layout = spec.deterministic;
  std::vector<std::string> argv_store = argv;
  std::vector<std::string> env_store = env;
  for (std::string& a : argv_store) plan.argv.push_back(a.data());
  plan.argv.push_back(nullptr);
  for (std::string& e : env_store) plan.envp.push_back(e.data());
  plan.envp.push_back(nullptr);
  plan.sandbox = spec.sandbox != SandboxMode::kOff;
  plan.policy.profile = native ? Profile::kNativeImage : Profile::kQemuUser;
  plan.policy.mode = spec.sandbox;
  plan.policy.allow_exec_pages = spec.allow_exec_pages;
  plan.policy.statx_null_path = native && KernelTakesStatxNullPath();
  for (const OpenedGrant& g : grants.grants) {
    plan.policy.grants.push_back(
        {g.image_fd, g.spec.access != Access::kReadOnly, g.spec.is_block});
  }

  Pipe sync, report;
  int p[2];
  if (pipe2(p, O_CLOEXEC) != 0) {
    close_owned();
    return Internal("pipe2");
  }
  sync.r = p[0];
  sync.w = p[1];
  if (pipe2(p, O_CLOEXEC) != 0) {
    close_owned();
    return Internal("pipe2");
  }
  report.r = p[0];
  report.w = p[1];
  plan.sync_src = sync.r;
  plan.report_src = report.w;

  sigset_t old;
  const int sigchld_fd = BlockSupervisedSignals(&old);
  fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    close_owned();
    return Internal("fork");
  }
  if (pid == 0) ChildMain(plan);
  close(sync.r);
  sync.r = -1;
  close(report.w);
  report.w = -1;
  close_owned();

  const bool strict = spec.sandbox == SandboxMode::kStrict;
  bool traced = false;
  if (strict) {
    traced = ptrace(PTRACE_SEIZE, pid, 0,
                    PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL) == 0;
  }
  auto abandon = [&](absl::Status status) -> absl::StatusOr<int> {
    kill(pid, SIGKILL);
    int st;
    while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR) {
    }
    close(sigchld_fd);
    sigprocmask(SIG_SETMASK, &old, nullptr);
    return status;
  };
  // Reads one line of the child's report ("" at end of file).
  std::string pending;
  auto read_line = [&]() -> std::string {
    for (;;) {
      const size_t nl = pending.find('\n');
      if (nl != std::string::npos) {
        std::string line = pending.substr(0, nl);
        pending.erase(0, nl + 1);
        return line;
      }
      char buf[512];
      const ssize_t got = read(report.r, buf, sizeof(buf));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        std::string rest = pending;
        pending.clear();
        return rest;
      }
      pending.append(buf, static_cast<size_t>(got));
    }
  };
  if (write(sync.w, "g", 1) != 1)
    return abandon(Internal("starting the image"));
  int listener = -1;
  if (spec.sandbox == SandboxMode::kAudit) {
    const std::string line = read_line();
    int child_fd = -1;
    if (line.empty() || line[0] != 'L' ||
        !absl::SimpleAtoi(line.substr(1), &child_fd)) {
      return abandon(LaunchError(
          kExitInternal, absl::StrCat("cannot start ", spec.image, ": ",
                                      line.empty() ? "the launcher's child died"
                                                   : line.substr(1))));
    }
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
      listener = static_cast<int>(syscall(SYS_pidfd_getfd, pidfd, child_fd, 0));
      close(pidfd);
    }
    if (listener < 0) return abandon(Internal("pidfd_getfd (audit listener)"));
    fcntl(listener, F_SETFD, FD_CLOEXEC);
    if (write(sync.w, "g", 1) != 1)
      return abandon(Internal("starting the image"));
  }
  const std::string failure = read_line();  // "" once the exec closed it
  if (!failure.empty()) {
    if (listener >= 0) close(listener);
    return abandon(LaunchError(
        kExitInternal,
        absl::StrCat("cannot start ", spec.image, ": ", failure.substr(1))));
  }
  const absl::Time deadline = spec.timeout > absl::ZeroDuration()
                                  ? absl::Now() + spec.timeout
                                  : absl::InfiniteFuture();
  const Outcome out =
      Supervise(pid, sigchld_fd, listener, traced, deadline, spec.image);
  close(sigchld_fd);
  sigprocmask(SIG_SETMASK, &old, nullptr);
  return Report(out, spec, strict, traced, platform);
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
  std::vector<std::pair<int, int>> blob_fds;  // (target, memfd)
  for (const auto& [target, bytes] : boot.blobs) {
    absl::StatusOr<int> memfd = MakeSealedMemfd(bytes);
    if (!memfd.ok()) {
      for (const auto& [t, fd] : blob_fds) close(fd);
      return memfd.status();
    }
    blob_fds.emplace_back(target, *memfd);
  }
  std::vector<char*> argv;
  for (std::string& a : *cmd) argv.push_back(a.data());
  argv.push_back(nullptr);
  sigset_t old;
  const int sigchld_fd = BlockSupervisedSignals(&old);
  fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return Internal("fork");
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Move the blobs above their targets first, then into place.
    std::vector<std::pair<int, int>> moved;
    for (const auto& [target, fd] : blob_fds) {
      moved.emplace_back(target, fcntl(fd, F_DUPFD_CLOEXEC, 64));
    }
    int last = 2;
    for (const auto& [target, fd] : moved) {
      if (fd < 0 || dup2(fd, target) < 0) _exit(kExitInternal);
      last = std::max(last, target);
    }
    close_range(static_cast<unsigned>(last) + 1, ~0u, 0);
    execv(argv[0], argv.data());
    fprintf(stderr, "hcall: exec %s: %s\n", argv[0], strerror(errno));
    _exit(kExitInternal);
  }
  for (const auto& [target, fd] : blob_fds) close(fd);
  const absl::Time deadline = spec.timeout > absl::ZeroDuration()
                                  ? absl::Now() + spec.timeout
                                  : absl::InfiniteFuture();
  const Outcome out =
      Supervise(pid, sigchld_fd, -1, false, deadline, spec.image);
  close(sigchld_fd);
  sigprocmask(SIG_SETMASK, &old, nullptr);
  return Report(out, spec, false, false, platform);
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
