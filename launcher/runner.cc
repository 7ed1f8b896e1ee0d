// launcher/runner.cc -- see runner.h for the launch sequence.
#include "launcher/runner.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
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
#include <sys/socket.h>
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
#include "launcher/console.h"
#include "launcher/elf_image.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"
#include "launcher/grants.h"
#include "launcher/isolation.h"
#include "launcher/platform.h"
#include "launcher/qemu_root.h"
#include "launcher/seccomp_policy.h"
#include "launcher/unique_fd.h"

namespace hcall::launcher {
namespace {

constexpr uint64_t kAddressSpaceSlack = 32ull << 20;  // image, stack, vDSO
// --memory under qemu-user. A 64-bit guest gets an address space (-R) of
// its loaded image plus --memory plus kGuestSlack (stack and the like), so
// its mappings beyond that fail with ENOMEM inside QEMU; a 32-bit guest
// keeps QEMU's own 4 GiB reservation (QEMU 7.2 asserts when -R leaves out
// the arm commpage at 0xffff0000). Both run with RLIMIT_DATA = what the
// guest may map plus kQemuDataAllowance, QEMU's own writable memory: its
// translation buffer (128 MiB in 7.2's user mode) and heap, about 148 MiB
// measured on x86_64. The 32-bit guest's bound is that limit alone.
constexpr uint64_t kGuestSlack = 32ull << 20;
constexpr uint64_t kQemuDataAllowance = 256ull << 20;
constexpr uint64_t kMiB = 1ull << 20;
constexpr uint64_t kLowestExecPathPage = 0x10000;
// The image's pid inside its pid namespace when it has an init (audit,
// qemu-user): the init is 1, the image its first child. The launcher builds the
// filter for it while the init sets up the namespaces, and checks it when the
// image announces itself.
constexpr pid_t kImagePidInNamespace = 2;
// The exit status of a child that could not ask to be traced
// (ImageAsInitEntry); it has not exec'd, so it is not an image's status.
constexpr int kTraceMeRefused = 125;
// The stack the image's process starts on (it shares the init's memory
// until its exec: CLONE_VM | CLONE_VFORK).
constexpr size_t kImageStackBytes = 256 * 1024;
constexpr uint64_t kHighestExecPathPage = 0x40000000;
// si_code of the SIGSYS a seccomp filter raises (<asm-generic/siginfo.h>
// SYS_SECCOMP; glibc's <signal.h> does not define it).
constexpr int kSysSeccomp = 1;

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
  uint64_t rlimit_as = 0;    // 0: none
  uint64_t rlimit_data = 0;  // 0: none
  // --deterministic: no address-space randomisation, so that the image's
  // mappings (hc_page_map), stack and heap land at the same addresses on
  // every run. Inherited across exec (also by qemu-user).
  bool fixed_layout = false;
  std::vector<std::string> argv;
  std::vector<std::string> envp;
  bool sandbox = false;
  // A session of its own (no controlling terminal), and the console
  // relayed where the launcher's is a terminal (console.h): every image.
  bool own_session = false;
  // Bare metal: QEMU's serial console; stdin is always relayed and its end
  // sent on as ^D (ConsoleRelay::Prepare).
  bool serial_console = false;
  // A 32-bit qemu-user guest: stderr is watched for QEMU running out of
  // memory itself (console.h).
  bool watch_qemu_stderr = false;
  PolicyConfig policy;
  // Isolation (isolation.h). With (namespaces) the launcher clones an init
  // process (InitMain) into new namespaces, which makes the image's root
  // from (root_files) (descriptors at the launcher's numbers) and forks the
  // image; it reports the image's wait status on (status_src).
  bool namespaces = false;
  uid_t outer_uid = 0;
  gid_t outer_gid = 0;
  std::vector<RootFile> root_files;
  int status_src = -1;
  // The image announces itself on (announce_src), a UNIX socket, with its
  // credentials (SCM_CREDENTIALS): the kernel translates its pid into the
  // launcher's pid namespace. -1: no namespaces.
  int announce_src = -1;
  // A native image under strict, with namespaces: the image is itself pid 1
  // of its namespaces (no separate init), started sharing the launcher's
  // memory until its exec (CLONE_VM | CLONE_VFORK) with the filter the
  // launcher built before (prebuilt_bpf), and traced from its exec on
  // (PTRACE_TRACEME). See ImageAsInitEntry.
  bool image_is_init = false;
  std::string prebuilt_bpf;
  // argv[image_arg] names the image in its own root (qemu-user); without
  // the namespaces it is (image_outside) instead.
  int image_arg = -1;
  std::string image_outside;
  // Landlock at (landlock_abi) (0: none): exec_fd may be read and
  // executed, (landlock_rules) (at their numbers once placed) as they say.
  // Those descriptors are closed before the exec.
  int landlock_abi = 0;
  std::vector<LandlockRule> landlock_rules;
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

// Unblocks every signal, unless (keep_blocked): a child traced before its
// exec (ImageAsInitEntry) keeps every signal but SIGTRAP blocked until the
// launcher unblocks them at the exec's stop (PTRACE_SETSIGMASK).
void ChildResetSignals(int report_fd, bool keep_blocked) {
  sigset_t mask;
  sigemptyset(&mask);
  if (keep_blocked) {
    sigfillset(&mask);
    sigdelset(&mask, SIGTRAP);
  }
  if (sigprocmask(SIG_SETMASK, &mask, nullptr) != 0) {
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

bool ChildReadFully(int fd, void* buf, size_t len) {
  char* p = static_cast<char*>(buf);
  while (len > 0) {
    const ssize_t n = read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

// Audit mode's second go-ahead, once the launcher holds the listener.
void ChildWaitForGo(const ChildPlan& plan) {
  char go;
  if (!ChildReadFully(plan.sync_fd, &go, 1) || go != 'g') {
    ChildFail(plan.report_fd, "waiting for the launcher (sync pipe)", errno);
  }
}

// The launcher's go-ahead: "g", then the seccomp program's length in bytes
// (u32; 0 without a filter) and the program, which the launcher built
// (BuildFilter) while this process was being set up.
std::string ChildWaitForGoAndFilter(const ChildPlan& plan) {
  char go;
  uint32_t len = 0;
  if (!ChildReadFully(plan.sync_fd, &go, 1) || go != 'g' ||
      !ChildReadFully(plan.sync_fd, &len, sizeof(len))) {
    ChildFail(plan.report_fd, "waiting for the launcher (sync pipe)", errno);
  }
  std::string bpf(len, '\0');
  if (!ChildReadFully(plan.sync_fd, bpf.data(), len)) {
    ChildFail(plan.report_fd, "reading the seccomp filter (sync pipe)", errno);
  }
  return bpf;
}

// Namespaces: tells the launcher this process's pid, as the kernel
// translates it (SCM_CREDENTIALS), with its pid inside the namespace as the
// message ("P<pid>").
void ChildAnnounce(const ChildPlan& plan) {
  struct ucred cred = {getpid(), getuid(), getgid()};
  char text[24];
  const int len = snprintf(text, sizeof(text), "P%d", cred.pid);
  struct iovec iov = {text, static_cast<size_t>(len)};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(cred))] = {};
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  struct cmsghdr* c = CMSG_FIRSTHDR(&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_CREDENTIALS;
  c->cmsg_len = CMSG_LEN(sizeof(cred));
  memcpy(CMSG_DATA(c), &cred, sizeof(cred));
  if (sendmsg(plan.announce_src, &msg, MSG_NOSIGNAL) != len) {
    ChildFail(plan.report_src, "announcing the image to the launcher", errno);
  }
}

// Landlock where the kernel has it (the parent reported its absence):
// exec_fd may be read and executed, (plan.landlock_rules) read (and
// executed); nothing else read, written, created or removed.
void ChildLandlock(const ChildPlan& plan) {
  if (plan.landlock_abi < 1) return;
  std::vector<LandlockRule> rules = plan.landlock_rules;
  rules.push_back({plan.exec_fd, true});
  const char* step = "";
  if (!RestrictWithLandlock(plan.landlock_abi, rules, &step)) {
    ChildFail(plan.report_fd, step, errno);
  }
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
  // qemu-user reserves a large guest address space (PROT_NONE, not
  // counted) and maps the guest's memory writable inside it (counted).
  if (plan.rlimit_data != 0) {
    struct rlimit data = {plan.rlimit_data, plan.rlimit_data};
    if (setrlimit(RLIMIT_DATA, &data) != 0) {
      ChildFail(plan.report_fd, "setrlimit RLIMIT_DATA", errno);
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
// then the seccomp filter (bpf), which the launcher built.
void ChildConfine(ChildPlan& plan, std::string& bpf) {
  if (plan.sandbox) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
      ChildFail(plan.report_fd, "prctl PR_SET_NO_NEW_PRIVS", errno);
    }
    ChildLandlock(plan);
  }
  for (const LandlockRule& r : plan.landlock_rules) close(r.fd);
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
  ChildResetSignals(plan.report_src, plan.image_is_init);
  if (plan.own_session && setsid() < 0) {
    ChildFail(plan.report_src, "setsid (the image's own session)", errno);
  }
  if (plan.announce_src >= 0 && !plan.image_is_init) ChildAnnounce(plan);
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
  // Without a sync pipe (--sandbox=off) nothing waits for the launcher.
  std::string bpf = plan.image_is_init  ? plan.prebuilt_bpf
                    : plan.sync_fd >= 0 ? ChildWaitForGoAndFilter(plan)
                                        : std::string();
  ChildConfine(plan, bpf);
  syscall(SYS_execveat, plan.exec_fd, exec_path, argv.data(), envp.data(),
          AT_EMPTY_PATH);
  ChildFail(plan.report_fd, "execveat of the image", errno);
}

// The init of the image's pid namespace keeps only (status_fd), reaps every
// child, and reports the image's wait status ("S<status>") when it ends.
[[noreturn]] void InitWait(int status_fd, pid_t image) {
  if (status_fd > 0) close_range(0, static_cast<unsigned>(status_fd) - 1, 0);
  close_range(static_cast<unsigned>(status_fd) + 1, ~0u, 0);
  for (;;) {
    int st = 0;
    const pid_t w = waitpid(-1, &st, 0);
    if (w == image) {
      char line[32];
      snprintf(line, sizeof(line), "S%d\n", st);
      ChildWrite(status_fd, line);
      _exit(0);
    }
    if (w < 0 && errno != EINTR) _exit(kExitInternal);
  }
}

int ImageEntry(void* plan) { ChildMain(*static_cast<ChildPlan*>(plan)); }

// The image as pid 1 of its namespaces (ChildPlan::image_is_init), in a
// process that shares the launcher's memory while the launcher waits: asks
// to be traced by the launcher (the exec stops it with SIGTRAP before the
// image's first instruction, and the launcher takes over there), maps its
// ids, enters its root, then goes on as any image (ChildMain) with the
// prebuilt filter. Pid 1 ignores signals it has no handler for (a native
// image has none): the launcher, its tracer, sees each one and ends the
// image with SIGKILL where the default action would have (ReapOrContinue).
// Until its exec it blocks every signal but SIGTRAP (the exec's stop): a
// traced process stops for any signal it receives, and a stop before the
// exec, while the launcher waits for that exec, would hold both forever.
// The launcher unblocks them at the exec's stop; what came meanwhile is
// then delivered, as it would have been.
// When the launcher is itself traced (strace -f, a debugger), the process
// already has a tracer and PTRACE_TRACEME fails: it ends at once with
// kTraceMeRefused, having changed nothing, and the launcher starts the
// image the other way (with an init).
int ImageAsInitEntry(void* arg) {
  ChildPlan& plan = *static_cast<ChildPlan*>(arg);
  sigset_t all_but_trap;
  sigfillset(&all_but_trap);
  sigdelset(&all_but_trap, SIGTRAP);
  sigprocmask(SIG_SETMASK, &all_but_trap, nullptr);
  if (ptrace(PTRACE_TRACEME, 0, 0, 0) != 0) _exit(kTraceMeRefused);
  ChildResetSignals(plan.report_src, true);
  const char* step = "";
  if (!WriteIdMaps(plan.outer_uid, plan.outer_gid, &step) ||
      !EnterNewRoot(plan.root_files, &step)) {
    ChildFail(plan.report_src, step, errno);
  }
  ChildMain(plan);
}

// Pid 1 of the image's namespaces (cloned by the launcher): maps its ids,
// enters the image's root, starts the image (ChildMain, CLONE_VM |
// CLONE_VFORK) and waits for it.
// For audit and qemu-user images (a native strict one is pid 1 itself:
// ImageAsInitEntry). Audit needs a go-ahead after the filter is loaded (the
// launcher takes the listener first), which a child sharing the launcher's
// memory cannot wait for; QEMU handles host signals for its own purposes,
// so the launcher cannot stand in for pid 1's ignored default actions.
[[noreturn]] void InitMain(ChildPlan& plan) {
  ChildResetSignals(plan.report_src, false);
  if (prctl(PR_SET_DUMPABLE, 0) != 0) {
    ChildFail(plan.report_src, "prctl PR_SET_DUMPABLE", errno);
  }
  const char* step = "";
  if (!WriteIdMaps(plan.outer_uid, plan.outer_gid, &step) ||
      !EnterNewRoot(plan.root_files, &step)) {
    ChildFail(plan.report_src, step, errno);
  }
  // The image's process shares this one's memory until its exec (or its
  // end), while this one waits: no page tables to copy, no copy-on-write
  // faults afterwards. It only writes its own stack and heap blocks this
  // process never uses again.
  void* stack = mmap(nullptr, kImageStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    ChildFail(plan.report_src, "mmap (the image's first stack)", errno);
  }
  const pid_t image =
      clone(ImageEntry, static_cast<char*>(stack) + kImageStackBytes,
            CLONE_VM | CLONE_VFORK | SIGCHLD, &plan);
  if (image < 0) ChildFail(plan.report_src, "clone (the image)", errno);
  InitWait(plan.status_src, image);
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
  // (status) is final before the image's process was reaped: its init
  // reported it, or (image_is_init) the launcher read it at the exit stop.
  bool reported_by_init = false;
  // image_is_init: the first signal whose default action ends a process,
  // for which the launcher ended the image with SIGKILL (0: none).
  int fatal_signal = 0;
  bool qemu_out_of_memory = false;  // killed for it (console.h)
  // A SIGSYS reached the traced image as a signal sent by a process (under
  // qemu-user the guest may send itself one; QEMU then ends with SIGSYS):
  // an end by SIGSYS is then not the filter's, which never stops the
  // tracee (or stops it with si_code SYS_SECCOMP).
  bool sigsys_sent = false;
};

// The child's report pipe, line by line.
class ReportReader {
 public:
  explicit ReportReader(int fd) : fd_(fd) {}
  int fd() const { return fd_; }
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
  // The namespaces' init reported the image's end and is exiting by
  // itself: not waited for (tearing down its namespaces takes the kernel
  // a while; the init is reparented and reaped by the host).
  void Ending() { pid_ = -1; }

 private:
  pid_t pid_;
};

// The launcher's children: (init), which it waits for, and (image), which
// it traces and signals. The same process without namespaces.
struct Pids {
  pid_t init = -1;
  pid_t image = -1;
  bool image_is_init = false;  // the same process, pid 1 of its namespaces
};

// Whether (sig)'s default action ends the process (not ignore or stop).
bool EndsByDefault(int sig) {
  switch (sig) {
    case SIGCHLD:
    case SIGCONT:
    case SIGURG:
    case SIGWINCH:
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return false;
    default:
      return true;
  }
}

// Whether (pid) has (sig) in the mask (field), "SigCgt:" (it has a handler
// for it) or "SigIgn:" (it ignores it), of its /proc/PID/status (the
// launcher, its tracer, sees the host's /proc).
bool SignalInStatusMask(pid_t pid, int sig, const char* field) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/status", static_cast<int>(pid));
  UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  char text[4096];
  const ssize_t n = read(fd.get(), text, sizeof text - 1);
  if (n <= 0) return false;
  text[n] = '\0';
  const std::string needle = absl::StrCat("\n", field);
  const char* line = strstr(text, needle.c_str());
  if (line == nullptr) return false;
  const unsigned long long mask = strtoull(line + needle.size(), nullptr, 16);
  return sig >= 1 && sig <= 64 && ((mask >> (sig - 1)) & 1) != 0;
}

// A signal-delivery stop of an image that is pid 1 (Pids::image_is_init):
// pid 1 would ignore a signal it has no handler for. The filter lets an
// image set only SIGABRT's action (hc_abort resets it to the default), so
// a signal it catches is delivered (returns sig), one it ignores (SIG_IGN)
// is dropped, as the kernel would for any process; otherwise the launcher
// does what the default action does to any other process: it ends the
// image, reports (sig) and returns 0.
int DeliverOrEndAsDefault(pid_t image, int sig, Outcome* out) {
  if (SignalInStatusMask(image, sig, "SigCgt:")) return sig;
  if (SignalInStatusMask(image, sig, "SigIgn:")) return 0;
  if (!EndsByDefault(sig)) return 0;
  if (out->fatal_signal == 0) out->fatal_signal = sig;
  kill(image, SIGKILL);
  return 0;
}

// Reaps the init if it ended (true) and passes the image's ptrace stops
// on: the exit stop records the system call that ended it, a signal stop
// delivers the signal. The image's own end, seen as its tracer, needs
// nothing: its init reports it.
bool ReapOrContinue(const Pids& pids, Outcome* out) {
  int st = 0;
  pid_t w;
  while ((w = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
    if (WIFSTOPPED(st)) {
      const int event = st >> 16;
      int deliver = event != 0 ? 0 : WSTOPSIG(st);
      unsigned long status = 0;
      if (event == PTRACE_EVENT_EXIT) {
        out->last_syscall = SyscallAtExitStop(w);
        // The image, pid 1, is ending: its status is final now, before the
        // kernel tears its namespaces down.
        if (pids.image_is_init && w == pids.image &&
            ptrace(PTRACE_GETEVENTMSG, w, 0, &status) == 0) {
          out->status = out->fatal_signal != 0 ? out->fatal_signal
                                               : static_cast<int>(status);
          out->reported_by_init = true;
          ptrace(PTRACE_CONT, w, 0, 0);
          return true;
        }
      }
      siginfo_t info;
      if (deliver == SIGSYS && ptrace(PTRACE_GETSIGINFO, w, 0, &info) == 0 &&
          info.si_code != kSysSeccomp) {
        out->sigsys_sent = true;
      }
      if (pids.image_is_init && deliver != 0) {
        deliver = DeliverOrEndAsDefault(w, deliver, out);
      }
      ptrace(PTRACE_CONT, w, 0, deliver);
    } else if (w == pids.init) {
      out->status =
          pids.image_is_init && out->fatal_signal != 0 ? out->fatal_signal : st;
      return true;
    }
  }
  return false;
}

// The image's process, for the signals the supervisor sends it: held by a
// pidfd, so that a signal never reaches another process that took over
// its pid once it was reaped (by its init, under namespaces). Where the
// kernel has no pidfd_open (ENOSYS, before Linux 5.3), kill() with the
// pid, as before.
class ImageProcess {
 public:
  explicit ImageProcess(pid_t pid) : pid_(pid) {
    pidfd_.Reset(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd_.valid()) use_kill_ = errno != ESRCH;  // ESRCH: already gone
  }
  void Signal(int sig) {
    if (pidfd_.valid()) {
      syscall(SYS_pidfd_send_signal, pidfd_.get(), sig, nullptr, 0);
    } else if (use_kill_) {
      kill(pid_, sig);
    }
  }

 private:
  pid_t pid_;
  UniqueFd pidfd_;
  bool use_kill_ = false;
};

void ForwardSignals(int signal_fd, ImageProcess& image, Outcome* out) {
  struct signalfd_siginfo si;
  while (read(signal_fd, &si, sizeof(si)) == sizeof(si)) {
    if (si.ssi_signo != SIGCHLD) {
      out->forwarded = static_cast<int>(si.ssi_signo);
      image.Signal(out->forwarded);
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

// How long hcall still writes the image's last output to a slow
// destination once a signal the user sent (Ctrl-C, SIGTERM) ended the run.
constexpr absl::Duration kDrainAfterSignal = absl::Seconds(1);
// How long hcall's own report waits for a stderr that takes nothing at all
// (it waits as long as it takes for one that is merely slow).
constexpr absl::Duration kReportStall = absl::Seconds(1);

// The image's wait status, as its init reported it ("S<status>"): true.
// False at the end of the pipe (the init was killed).
bool TakeImageStatus(ReportReader& status, Outcome* out) {
  const std::string line = status.Line();
  int st = 0;
  if (line.size() > 1 && line[0] == 'S' &&
      absl::SimpleAtoi(line.substr(1), &st)) {
    out->status = st;
    out->reported_by_init = true;
    return true;
  }
  return false;
}

// Waits for the image's end: its init's report on (status) (namespaces;
// nullptr without) or the end of (pids.init). Relays signals to the image
// past ptrace stops, answers audit notifications on (listener), and kills
// both at (deadline).
Outcome Supervise(const Pids& pids, int signal_fd, ReportReader* status,
                  UniqueFd listener, ConsoleRelay& console, absl::Time deadline,
                  const std::string& image) {
  Outcome out;
  int status_fd = status != nullptr ? status->fd() : -1;
  ImageProcess image_process(pids.image);
  std::vector<struct pollfd> fds;
  // Reap or continue first: SIGCHLD may have come before we polled.
  while (!ReapOrContinue(pids, &out)) {
    fds = {{signal_fd, POLLIN, 0},
           {status_fd, POLLIN, 0},
           {listener.get(), POLLIN, 0}};
    console.AddPollFds(&fds);
    const int n = poll(fds.data(), fds.size(), PollTimeoutMs(deadline));
    // Not only when nothing happened: an image that keeps its launcher
    // busy (output faster than the terminal takes it, a stream of
    // signals) would never let poll time out.
    if (!out.timed_out && (n == 0 || absl::Now() >= deadline)) {
      out.timed_out = true;
      image_process.Signal(SIGKILL);
      kill(pids.init, SIGKILL);
      deadline = absl::InfiniteFuture();
      continue;
    }
    if (n <= 0) continue;
    if ((fds[0].revents & POLLIN) != 0) {
      ForwardSignals(signal_fd, image_process, &out);
    }
    if (fds[1].revents != 0) {
      if (TakeImageStatus(*status, &out) && !out.timed_out) return out;
      status_fd = -1;  // the init died without a report: reap it
    }
    if ((fds[2].revents & POLLIN) != 0) {
      console.FlushOutput();  // what the image printed before the call
      AnswerNotification(listener.get(), image);
    } else if ((fds[2].revents & (POLLHUP | POLLERR)) != 0) {
      listener.Reset();
    }
    console.Relay(fds);
    if (console.qemu_out_of_memory() && !out.qemu_out_of_memory) {
      out.qemu_out_of_memory = true;
      image_process.Signal(SIGKILL);
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
  if (WIFEXITED(out.status) && platform.os == Os::kBaremetal &&
      out.forwarded != 0) {
    // qemu-system ends on SIGINT, SIGTERM and SIGHUP by exiting (status
    // 0, which semihosting would take for the image's own): the image did
    // not finish, it was ended by the signal hcall passed on.
    fprintf(stderr,
            "hcall: %s was ended by signal %s (passed on by hcall, which "
            "received it; QEMU stopped the machine)\n",
            spec.image.c_str(), SignalText(out.forwarded).c_str());
    return 128 + out.forwarded;
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
  if (out.qemu_out_of_memory && sig == SIGKILL) {
    fprintf(stderr,
            "hcall: %s: QEMU ran out of memory itself within --memory=%s "
            "(RLIMIT_DATA, shared with the 32-bit guest); killed\n",
            spec.image.c_str(),
            absl::StrCat(spec.memory_bytes >> 20, "M").c_str());
    return 128 + SIGABRT;
  }
  if (sig == SIGSYS && seccomp_kills && !out.sigsys_sent) {
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

// The image's seccomp program for (image_pid), its pid as it sees it: the
// policy's rules, exported to BPF, after the bounded-write guard. Built by
// the launcher, not the child: no library code runs in the child, and the
// work overlaps the namespaces' set-up.
absl::StatusOr<std::string> BuildFilter(const RunSpec& spec,
                                        const ChildPlan& plan,
                                        pid_t image_pid) {
  PolicyConfig config = plan.policy;
  config.manifest_fd = plan.exec_fd - 1;  // the last inherited fd
  config.exec_fd = plan.exec_fd;
  config.exec_path = plan.exec_path_page;
  config.sync_fd = plan.sync_fd;
  config.report_fd = plan.report_fd;
  config.pid = image_pid;
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> policy = BuildPolicy(config);
  absl::StatusOr<std::string> program =
      policy.ok() ? ExportBpf(**policy) : policy.status();
  // The bounded-write guard runs first and falls through to the program.
  absl::StatusOr<std::string> guard =
      program.ok() ? BoundedWriteGuard(config.bounded_writes)
                   : program.status();
  if (!guard.ok()) return CannotStart(spec, guard.status().message());
  return *guard + *program;
}

// Lets the child go on with (bpf) ("g", u32 length, program) and waits
// until it has exec'd (the report pipe closes) or reported why it could
// not. Returns the audit listener (or an invalid descriptor).
absl::StatusOr<UniqueFd> StartChild(const RunSpec& spec, pid_t pid, bool audit,
                                    int sync_w, const std::string& bpf,
                                    ReportReader& report) {
  if (sync_w >= 0) {
    std::string go = "g";
    const uint32_t len = static_cast<uint32_t>(bpf.size());
    go.append(reinterpret_cast<const char*>(&len), sizeof(len));
    go.append(bpf);
    for (size_t done = 0; done < go.size();) {
      const ssize_t n = write(sync_w, go.data() + done, go.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return Internal("starting the image");
      done += static_cast<size_t>(n);
    }
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

// Starts (entry) in a process that shares the launcher's memory until its
// exec (CLONE_VM | CLONE_VFORK, plus (flags)): the launcher is suspended
// meanwhile, and neither process copies page tables or takes copy-on-write
// faults. Only for a child that waits for nothing from the launcher.
absl::StatusOr<pid_t> SpawnSharingMemory(ChildPlan& plan, int (*entry)(void*),
                                         int flags) {
  void* stack = mmap(nullptr, kImageStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return Internal("mmap (the child's first stack)");
  const pid_t pid = clone(entry, static_cast<char*>(stack) + kImageStackBytes,
                          CLONE_VM | CLONE_VFORK | SIGCHLD | flags, &plan);
  const int err = errno;
  munmap(stack, kImageStackBytes);  // the child has exec'd or ended
  errno = err;
  if (pid < 0) return Internal("clone (the image)");
  return pid;
}

// Whether (pid), an ImageAsInitEntry child back from its clone, ended
// because it could not ask to be traced (it is reaped then). Otherwise it
// has exec'd and stops with SIGTRAP, or it ends on a failure it reported:
// this waits for either and leaves it to be waited for (WNOWAIT).
bool RefusedTracing(pid_t pid) {
  siginfo_t info = {};
  int rc;
  while ((rc = waitid(P_PID, static_cast<id_t>(pid), &info,
                      WEXITED | WSTOPPED | WNOWAIT | __WALL)) != 0 &&
         errno == EINTR) {
  }
  if (rc != 0 || info.si_pid != pid || info.si_code != CLD_EXITED ||
      info.si_status != kTraceMeRefused) {
    return false;
  }
  int st;
  while (waitpid(pid, &st, __WALL) < 0 && errno == EINTR) {
  }
  return true;
}

// Starts the child of (plan): the image itself as pid 1 of new namespaces
// (image_is_init, ImageAsInitEntry), or cloned into new namespaces as their
// init (InitMain), or forked (ChildMain) when the plan has none or the
// kernel refuses them (*why_not says why); without a sync pipe
// (--sandbox=off, bare metal) started sharing the launcher's memory.
// Returns the init's pid.
absl::StatusOr<pid_t> ForkChild(ChildPlan& plan, std::string* why_not) {
  fflush(nullptr);
  if (plan.image_is_init) {
    absl::StatusOr<pid_t> pid =
        SpawnSharingMemory(plan, ImageAsInitEntry, NamespaceCloneFlags());
    if (pid.ok() && !RefusedTracing(*pid)) return pid;
    plan.image_is_init = false;  // the clone below says why, or works
  }
  if (plan.namespaces) {
    const long pid = syscall(SYS_clone, NamespaceCloneFlags() | SIGCHLD,
                             nullptr, nullptr, nullptr, nullptr);
    if (pid == 0) InitMain(plan);
    if (pid > 0) return static_cast<pid_t>(pid);
    *why_not = absl::StrCat("clone: ", strerror(errno));
    plan.namespaces = false;
    plan.announce_src = -1;
    if (plan.image_arg >= 0) plan.argv[plan.image_arg] = plan.image_outside;
  }
  if (plan.sync_fd < 0) return SpawnSharingMemory(plan, ImageEntry, 0);
  const pid_t pid = fork();
  if (pid < 0) return Internal("fork");
  if (pid == 0) ChildMain(plan);
  return pid;
}

// The image's pid in the launcher's namespace and in its own, from its
// announcement (ChildAnnounce): the kernel translated the credentials' pid.
struct ImagePids {
  pid_t outside = -1;
  pid_t inside = -1;
};

absl::StatusOr<ImagePids> ReceiveImagePids(const RunSpec& spec, int announce_fd,
                                           ReportReader& report) {
  char text[24] = {};
  struct iovec iov = {text, sizeof(text) - 1};
  alignas(struct cmsghdr) char control[CMSG_SPACE(sizeof(struct ucred))];
  struct msghdr msg = {};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof(control);
  ssize_t n;
  while ((n = recvmsg(announce_fd, &msg, MSG_CMSG_CLOEXEC)) < 0 &&
         errno == EINTR) {
  }
  ImagePids pids;
  const struct cmsghdr* c = n > 1 ? CMSG_FIRSTHDR(&msg) : nullptr;
  if (c == nullptr || c->cmsg_level != SOL_SOCKET ||
      c->cmsg_type != SCM_CREDENTIALS ||
      !absl::SimpleAtoi(absl::string_view(text + 1, static_cast<size_t>(n - 1)),
                        &pids.inside)) {
    const std::string failure = report.Line();
    return CannotStart(spec, failure.empty()
                                 ? "its init process died before the image "
                                   "announced itself"
                                 : failure.substr(1));
  }
  struct ucred cred;
  memcpy(&cred, CMSG_DATA(c), sizeof(cred));
  pids.outside = cred.pid;
  return pids;
}

// The descriptors between the launcher and its child: the child's report
// pipe, the go-ahead (sync), the init's status pipe and, with namespaces,
// the socket the image announces its pid on.
struct Channels {
  Pipe report, sync, status;
  UniqueFd announce_r, announce_w;
};

absl::StatusOr<Channels> OpenChannels(const ChildPlan& plan) {
  absl::StatusOr<Pipe> report = MakePipe();
  if (!report.ok()) return report.status();
  absl::StatusOr<Pipe> sync = MakePipe();
  if (!sync.ok()) return sync.status();
  absl::StatusOr<Pipe> status = MakePipe();
  if (!status.ok()) return status.status();
  Channels c{*std::move(report), *std::move(sync), *std::move(status), {}, {}};
  if (plan.namespaces) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
      return Internal("socketpair (the image's announcement)");
    }
    c.announce_r.Reset(sv[0]);
    c.announce_w.Reset(sv[1]);
    const int on = 1;
    if (setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)) != 0) {
      return Internal("setsockopt SO_PASSCRED");
    }
  }
  return c;
}

// Gives the child its ends of (c) and, for a Linux image, of the console
// relay (the image never holds the user's terminal: console.h).
absl::Status HandChildEnds(Channels& c, ConsoleRelay& console,
                           ChildPlan& plan) {
  if (plan.namespaces) plan.announce_src = c.announce_w.get();
  if (plan.own_session) {
    absl::Status relayed =
        console.Prepare(plan.watch_qemu_stderr, plan.serial_console);
    if (!relayed.ok()) return relayed;
    for (int n = 0; n < 3; ++n) {
      if (console.ImageEnd(n) >= 0) {
        plan.fds.push_back({console.ImageEnd(n), n, false});
      }
    }
  }
  plan.report_src = c.report.write.get();
  plan.status_src = c.status.write.get();
  plan.fds.push_back({c.report.write.get(), plan.report_fd, true});
  if (plan.sync_fd >= 0) {
    plan.fds.push_back({c.sync.read.get(), plan.sync_fd, true});
  }
  return absl::OkStatus();
}

// After the fork: closes the launcher's copies of the child's ends.
void CloseChildEnds(Channels& c, ConsoleRelay& console, ChildPlan& plan) {
  c.sync.read.Reset();
  c.report.write.Reset();
  c.status.write.Reset();
  c.announce_w.Reset();
  console.CloseImageEnds();
  plan.owned.clear();
}

// The seccomp program for the image, built while the init sets up the
// namespaces (the image's pid there is known in advance) and checked
// against the image's own word; sets (pids->image) to the image's pid as
// the launcher sees it.
absl::StatusOr<std::string> FilterForImage(const RunSpec& spec,
                                           const ChildPlan& plan,
                                           const Channels& c,
                                           ReportReader& reader, Pids* pids) {
  pid_t filter_pid = plan.namespaces ? kImagePidInNamespace : pids->init;
  absl::StatusOr<std::string> bpf =
      plan.sandbox ? BuildFilter(spec, plan, filter_pid) : std::string();
  if (!bpf.ok() || !plan.namespaces) return bpf;
  absl::StatusOr<ImagePids> image =
      ReceiveImagePids(spec, c.announce_r.get(), reader);
  if (!image.ok()) return image.status();
  pids->image = image->outside;
  if (plan.sandbox && image->inside != filter_pid) {
    bpf = BuildFilter(spec, plan, image->inside);
  }
  return bpf;
}

// image_is_init: the child has exec'd the image, or said on the report
// pipe why it could not. Waits for the exec's SIGTRAP stop (before the
// image's first instruction), unblocks every signal (ImageAsInitEntry
// blocked them), asks for its exit stop and for its end with the launcher,
// and lets it run. (*reaped): the child was waited for.
absl::Status TakeOverImage(const RunSpec& spec, pid_t pid, ReportReader& report,
                           bool* reaped) {
  const std::string failure = report.Line();
  if (!failure.empty()) return CannotStart(spec, failure.substr(1));
  int st = 0;
  while (waitpid(pid, &st, __WALL) < 0) {
    if (errno != EINTR) return Internal("waitpid (the image's exec)");
  }
  if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP) {
    *reaped = !WIFSTOPPED(st);
    return CannotStart(
        spec, absl::StrCat("it ended at its exec (wait status ", st, ")"));
  }
  const uint64_t none = 0;  // the kernel's sigset_t: 64 signals
  if (ptrace(PTRACE_SETSIGMASK, pid, sizeof(none), &none) != 0 ||
      ptrace(PTRACE_SETOPTIONS, pid, 0,
             PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL) != 0 ||
      ptrace(PTRACE_CONT, pid, 0, 0) != 0) {
    return Internal("ptrace (the image's exec stop)");
  }
  return absl::OkStatus();
}

// Forks the child of (plan), starts it, supervises it to its end and
// reports how it ended. (seccomp_kills): strict mode, where the image is
// traced to name the call the filter killed it for.
absl::StatusOr<int> LaunchAndSupervise(const RunSpec& spec,
                                       const Platform& platform,
                                       ChildPlan& plan, bool seccomp_kills) {
  // A native image under strict: the image is pid 1 of its namespaces, with
  // the filter built now (its pid there is 1).
  if (plan.namespaces && seccomp_kills &&
      plan.policy.profile == Profile::kNativeImage) {
    absl::StatusOr<std::string> bpf = BuildFilter(spec, plan, 1);
    if (!bpf.ok()) return bpf.status();
    plan.prebuilt_bpf = *std::move(bpf);
    plan.image_is_init = true;
  }
  absl::StatusOr<Channels> channels = OpenChannels(plan);
  if (!channels.ok()) return channels.status();
  ConsoleRelay console;
  absl::Status handed = HandChildEnds(*channels, console, plan);
  if (!handed.ok()) return handed;
  SupervisedSignals signals;
  absl::Status blocked = signals.Block();
  if (!blocked.ok()) return blocked;
  std::string why_no_namespaces;
  absl::StatusOr<pid_t> init = ForkChild(plan, &why_no_namespaces);
  if (!init.ok()) return init.status();
  StartedChild child(*init);
  CloseChildEnds(*channels, console, plan);
  if (plan.sandbox) {
    ReportMissingLayers(plan.namespaces, why_no_namespaces, plan.landlock_abi);
  }
  ReportReader reader(channels->report.read.get());
  ReportReader status_reader(channels->status.read.get());
  Pids pids{*init, *init, plan.image_is_init};
  bool traced = false;
  absl::StatusOr<UniqueFd> listener = UniqueFd();
  if (pids.image_is_init) {
    bool reaped = false;
    absl::Status started = TakeOverImage(spec, pids.image, reader, &reaped);
    if (reaped) child.Reaped();
    if (!started.ok()) return started;
    traced = true;
  } else {
    absl::StatusOr<std::string> bpf =
        FilterForImage(spec, plan, *channels, reader, &pids);
    if (!bpf.ok()) return bpf.status();
    traced =
        seccomp_kills && ptrace(PTRACE_SEIZE, pids.image, 0,
                                PTRACE_O_TRACEEXIT | PTRACE_O_EXITKILL) == 0;
    listener = StartChild(
        spec, pids.image, spec.sandbox == SandboxMode::kAudit && plan.sandbox,
        plan.sync_fd >= 0 ? channels->sync.write.get() : -1, *bpf, reader);
    if (!listener.ok()) return listener.status();
  }
  const bool init_reports = plan.namespaces && !pids.image_is_init;
  const absl::Time deadline = spec.timeout > absl::ZeroDuration()
                                  ? absl::Now() + spec.timeout
                                  : absl::InfiniteFuture();
  Outcome out =
      Supervise(pids, signals.fd(), init_reports ? &status_reader : nullptr,
                *std::move(listener), console, deadline, spec.image);
  // The image's last output is written within the run's deadline; after a
  // timeout at once, as far as the destination takes it without waiting;
  // after a signal the user sent, for at most kDrainAfterSignal.
  absl::Time flush_until = deadline;
  if (out.timed_out) {
    flush_until = absl::Now();
  } else if (out.forwarded != 0) {
    flush_until = std::min(deadline, absl::Now() + kDrainAfterSignal);
  }
  console.Drain(flush_until, signals.fd());
  // hcall's own report, too, waits for a stderr that takes nothing
  // (stopped with Ctrl-S) no longer than kReportStall: then it is dropped
  // and hcall exits.
  BoundStderrWrites(kReportStall);
  if (out.reported_by_init) {
    child.Ending();
  } else {
    child.Reaped();
    // The init was reaped before its report was read: it is in the pipe
    // (or the init was killed, and its own status stands).
    if (init_reports) TakeImageStatus(status_reader, &out);
  }
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
    case Access::kReadWriteTruncate:
      return "read-write, created if missing, emptied at start";
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
  int image_arg = 0;                 // argv[image_arg] is the image
  uint64_t guest_address_space = 0;  // qemu-user -R; 0: QEMU's own
};

// The guest address space (qemu -R) of a 64-bit guest (see kGuestSlack);
// 0 for a 32-bit one.
uint64_t GuestAddressSpace(const RunSpec& spec, const ImageInfo& info,
                           const Platform& platform) {
  if (platform.cpu == Cpu::kArm) return 0;
  uint64_t end = 0;
  for (const LoadSegment& s : info.loads)
    end = std::max(end, s.vaddr + s.memsz);
  const uint64_t size = end + spec.memory_bytes + kGuestSlack;
  return (size + kMiB - 1) / kMiB * kMiB;
}

absl::StatusOr<LinuxCommand> ComposeLinux(const RunSpec& spec,
                                          const ImageInfo& info,
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
    cmd.guest_address_space = GuestAddressSpace(spec, info, platform);
    if (cmd.guest_address_space != 0) {
      cmd.argv.push_back("-R");
      cmd.argv.push_back(absl::StrCat(cmd.guest_address_space));
    }
  }
  cmd.manifest_fd = kFirstGrantFd + static_cast<int>(grants.grants.size());
  cmd.env = ImageEnv(spec, cmd.manifest_fd);
  if (!cmd.native) {
    // QEMU itself runs with an empty environment (its dynamic loader, glibc
    // and QEMU_* settings never see the image's variables); the guest gets
    // them through -E, which is all it sees (qemu-user hands the guest its
    // own environment plus -E). QEMU 7.2 splits -E's argument at commas.
    for (const std::string& kv : cmd.env) {
      if (kv.find(',') != std::string::npos) {
        return LaunchError(
            kExitUsage,
            absl::StrCat("--env ", kv,
                         ": a value with a comma cannot reach a qemu-user "
                         "image (QEMU's -E option splits at commas)"));
      }
      cmd.argv.push_back("-E");
      cmd.argv.push_back(kv);
    }
    cmd.env.clear();
    cmd.image_arg = static_cast<int>(cmd.argv.size());
  }
  cmd.argv.push_back(spec.image);
  cmd.argv.insert(cmd.argv.end(), spec.args.begin(), spec.args.end());
  return cmd;
}

void PrintLinuxCommand(const RunSpec& spec, const Platform& platform,
                       const LinuxCommand& cmd, const OpenedGrants& grants,
                       const std::string& manifest) {
  printf("# %s, run %s; sandbox %s (seccomp profile %s)\n", platform.name,
         cmd.native ? "natively" : "under qemu-user", SandboxName(spec.sandbox),
         cmd.native ? "native-image" : "qemu-user");
  std::string why_not;
  const bool namespaces =
      spec.sandbox != SandboxMode::kOff && NamespacesAvailable(&why_not);
  printf("# isolation: %s\n",
         spec.sandbox == SandboxMode::kOff
             ? "none (--sandbox=off)"
             : DescribeLayers(namespaces, LandlockAbi()).c_str());
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

// A host file besides the executable that the image's launch needs: shown
// in its root at (root_path) and allowed by Landlock (read, and (execute)).
struct ExtraFile {
  UniqueFd fd;  // O_PATH
  bool execute = false;
  std::string host_path;
  std::string root_path;
};

// What qemu-user needs to start, and the image it reads by path.
absl::StatusOr<std::vector<ExtraFile>> QemuExtraFiles(const RunSpec& spec,
                                                      const std::string& qemu) {
  absl::StatusOr<QemuFiles> files = FindQemuFiles(qemu);
  if (!files.ok()) return files.status();
  std::vector<std::pair<std::string, bool>> paths;
  if (!files->interpreter.empty()) paths.push_back({files->interpreter, true});
  for (const std::string& lib : files->libraries) paths.push_back({lib, false});
  std::vector<ExtraFile> extras;
  for (const auto& [path, execute] : paths) {
    extras.push_back({UniqueFd(open(path.c_str(), O_PATH | O_CLOEXEC)), execute,
                      path, path});
    if (!extras.back().fd.valid()) {
      return LaunchError(kExitNoQemu,
                         absl::StrCat(path, ": ", strerror(errno)));
    }
  }
  extras.push_back({UniqueFd(open(spec.image.c_str(), O_PATH | O_CLOEXEC)),
                    false, spec.image, kRootImage});
  if (!extras.back().fd.valid()) {
    return LaunchError(kExitBadImage,
                       absl::StrCat(spec.image, ": ", strerror(errno)));
  }
  return extras;
}

// Descriptors: the grants at 3.., the manifest, then the executable, the
// sync pipe and the report pipe (launcher-only, closed at exec), then the
// Landlock descriptors of (extras) (closed before exec). (plan.owned) holds
// the executable and the manifest, and takes (extras).
void PlaceLinuxFds(const OpenedGrants& grants, std::vector<ExtraFile> extras,
                   ChildPlan& plan) {
  int next = kFirstGrantFd;
  for (const OpenedGrant& g : grants.grants) {
    plan.fds.push_back({g.host_fd, next++, false});
  }
  plan.fds.push_back({plan.owned[1].get(), next++, false});  // manifest
  plan.exec_fd = next;
  plan.fds.push_back({plan.owned[0].get(), next++, true});
  plan.sync_fd = next++;
  plan.report_fd = next++;
  for (ExtraFile& e : extras) {
    plan.fds.push_back({e.fd.get(), next, true});
    plan.landlock_rules.push_back({next++, e.execute});
    plan.root_files.push_back({e.fd.get(), e.host_path, e.root_path});
    plan.owned.push_back(std::move(e.fd));
  }
}

// The isolation layers of a sandboxed launch (isolation.h).
void SetIsolation(const RunSpec& spec, const LinuxCommand& cmd,
                  ChildPlan& plan) {
  plan.sandbox = spec.sandbox != SandboxMode::kOff;
  if (!plan.sandbox) {
    plan.sync_fd = -1;  // no filter to wait for: the child goes on alone
    return;
  }
  plan.namespaces = true;
  plan.outer_uid = geteuid();
  plan.outer_gid = getegid();
  plan.landlock_abi = LandlockAbi();
  if (!cmd.native) {
    plan.image_arg = cmd.image_arg;
    plan.image_outside = plan.argv[plan.image_arg];
    plan.argv[plan.image_arg] = kRootImage;
  }
}

void SetLinuxPolicy(const RunSpec& spec, const LinuxCommand& cmd,
                    const OpenedGrants& grants, ChildPlan& plan) {
  plan.policy.profile = cmd.native ? Profile::kNativeImage : Profile::kQemuUser;
  plan.policy.mode = spec.sandbox;
  plan.policy.allow_exec_pages = spec.allow_exec_pages;
  plan.policy.statx_null_path = cmd.native && KernelTakesStatxNullPath();
  for (const OpenedGrant& g : grants.grants) {
    std::vector<SeccompRule> rules =
        GrantSandboxRules(g, plan.policy.profile, plan.policy.statx_null_path);
    plan.policy.module_rules.insert(plan.policy.module_rules.end(),
                                    rules.begin(), rules.end());
    PolicyConfig::BoundedWrite bounded;
    if (GrantBoundedWrite(g, &bounded)) {
      plan.policy.bounded_writes.push_back(bounded);
    }
  }
}

// Everything the child of a Linux launch needs; opens the executable (and
// what qemu needs) and creates the :rwc files.
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
  absl::StatusOr<std::vector<ExtraFile>> extras = std::vector<ExtraFile>();
  if (!cmd.native && spec.sandbox != SandboxMode::kOff) {
    extras = QemuExtraFiles(spec, cmd.exec_path);
    if (!extras.ok()) return extras.status();
  }
  // The image is about to run: only now create what :rwc asked for.
  absl::Status created = CreatePendingGrants(&grants);
  if (!created.ok()) return created;
  absl::StatusOr<UniqueFd> memfd = MakeSealedMemfd(manifest);
  if (!memfd.ok()) return memfd.status();
  plan.owned.push_back(*std::move(memfd));
  PlaceLinuxFds(grants, *std::move(extras), plan);
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
  if (!cmd.native) {
    plan.rlimit_data = kQemuDataAllowance + (cmd.guest_address_space != 0
                                                 ? cmd.guest_address_space
                                                 : spec.memory_bytes);
  }
  plan.fixed_layout = spec.deterministic;
  plan.own_session = true;
  plan.watch_qemu_stderr = !cmd.native && cmd.guest_address_space == 0;
  plan.argv = cmd.argv;
  plan.envp = cmd.env;
  SetIsolation(spec, cmd, plan);
  SetLinuxPolicy(spec, cmd, grants, plan);
  return plan;
}

absl::StatusOr<int> RunLinux(const RunSpec& spec, const ImageInfo& info,
                             const Platform& platform, OpenedGrants& grants,
                             const std::string& manifest) {
  absl::StatusOr<LinuxCommand> cmd = ComposeLinux(spec, info, platform, grants);
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
  plan.own_session = true;
  plan.serial_console = true;
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
