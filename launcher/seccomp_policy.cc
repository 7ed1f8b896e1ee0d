// launcher/seccomp_policy.cc -- see seccomp_policy.h.
#include "launcher/seccomp_policy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

constexpr uint64_t kMapPrivateAnonymous = MAP_PRIVATE | MAP_ANONYMOUS;  // 0x22
constexpr uint64_t kClockIds[] = {CLOCK_REALTIME, CLOCK_MONOTONIC};
constexpr uint64_t kSigUnblock = SIG_UNBLOCK;

struct scmp_arg_cmp Eq(unsigned arg, uint64_t value) {
  return SCMP_CMP(arg, SCMP_CMP_EQ, value);
}

// (arg & mask) == value
struct scmp_arg_cmp Masked(unsigned arg, uint64_t mask, uint64_t value) {
  return SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, value);
}

std::string Describe(const char* syscall,
                     const std::vector<struct scmp_arg_cmp>& args) {
  std::vector<std::string> parts;
  for (const struct scmp_arg_cmp& a : args) {
    if (a.op == SCMP_CMP_EQ) {
      parts.push_back(absl::StrFormat("a%u == %#x", a.arg, a.datum_a));
    } else if (a.op == SCMP_CMP_MASKED_EQ) {
      parts.push_back(
          absl::StrFormat("(a%u & %#x) == %#x", a.arg, a.datum_a, a.datum_b));
    } else {
      parts.push_back(absl::StrFormat("a%u op%d %#x", a.arg, a.op, a.datum_a));
    }
  }
  return absl::StrCat(syscall, "(", absl::StrJoin(parts, ", "), ")");
}

std::string ActionName(uint32_t action) {
  if (action == SCMP_ACT_ALLOW) return "allow";
  if ((action & 0xffff0000u) == SCMP_ACT_ERRNO(0)) {
    return absl::StrCat("errno ", action & 0xffffu);
  }
  return absl::StrFormat("action %#x", action);
}

// Each module adds its own rules. (p) collects them; the first failure
// is returned.

std::vector<int> AllFds(const PolicyConfig& c) {
  std::vector<int> fds = {0, 1, 2};
  for (const FdGrant& g : c.grants) fds.push_back(g.fd);
  return fds;
}

// statx(fd, path, AT_EMPTY_PATH, ..): hc_stat of (fd). With a path the call
// would stat that host path (an absolute one whatever fd is); where the
// kernel takes NULL (6.11+) the path must be NULL, before that it goes
// unchecked (launcher/README.md, "Residual").
std::vector<struct scmp_arg_cmp> StatxArgs(const PolicyConfig& c, uint64_t fd) {
  std::vector<struct scmp_arg_cmp> args = {Eq(0, fd), Eq(2, AT_EMPTY_PATH)};
  if (c.statx_null_path) args.push_back(Eq(1, 0));
  return args;
}

absl::Status AddBootRules(const PolicyConfig& c, SeccompPolicy* p) {
  const char* m = "boot";
  // The launcher's own exec of the image (or of qemu): only this
  // descriptor (O_CLOEXEC: gone once the image runs), only this path
  // pointer (a page the image can never map; runner.cc), only
  // AT_EMPTY_PATH.
  absl::Status s = p->AddRule(m, "execveat", SCMP_ACT_ALLOW,
                              {Eq(0, static_cast<uint64_t>(c.exec_fd)),
                               Eq(1, c.exec_path), Eq(4, AT_EMPTY_PATH)});
  if (!s.ok()) return s;
  if (c.sync_fd >= 0) {
    s = p->AddRule(m, "read", SCMP_ACT_ALLOW,
                   {Eq(0, static_cast<uint64_t>(c.sync_fd))});
    if (!s.ok()) return s;
  }
  if (c.report_fd >= 0) {
    s = p->AddRule(m, "write", SCMP_ACT_ALLOW,
                   {Eq(0, static_cast<uint64_t>(c.report_fd))});
    if (!s.ok()) return s;
  }
  if (c.profile == Profile::kNativeImage && c.manifest_fd >= 0) {
    // The entry code reads the manifest (hc_stat for its size, hc_pread)
    // and closes its descriptor.
    const uint64_t fd = static_cast<uint64_t>(c.manifest_fd);
    s = p->AddRule(m, "statx", SCMP_ACT_ALLOW, StatxArgs(c, fd));
    if (s.ok()) s = p->AddRule(m, "pread64", SCMP_ACT_ALLOW, {Eq(0, fd)});
    if (s.ok()) s = p->AddRule(m, "close", SCMP_ACT_ALLOW, {Eq(0, fd)});
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status AddIoRules(const PolicyConfig& c, SeccompPolicy* p) {
  const char* m = "io";
  std::vector<int> readable = {0};
  std::vector<int> writable = {1, 2};
  for (const FdGrant& g : c.grants) {
    readable.push_back(g.fd);
    if (g.writable) writable.push_back(g.fd);
  }
  const bool native = c.profile == Profile::kNativeImage;
  for (int fd : readable) {
    const uint64_t u = static_cast<uint64_t>(fd);
    for (const char* call : {"read", "pread64"}) {
      if (!native) break;  // qemu reads its own files: see AddQemuRules
      if (fd < 3 && std::string(call) == "pread64") continue;
      absl::Status s = p->AddRule(m, call, SCMP_ACT_ALLOW, {Eq(0, u)});
      if (!s.ok()) return s;
    }
  }
  for (int fd : writable) {
    const uint64_t u = static_cast<uint64_t>(fd);
    std::vector<const char*> calls = {"write"};
    if (fd >= 3) {
      calls.push_back("pwrite64");
      calls.push_back("fsync");
    }
    if (!native) {
      calls.push_back("writev");
      if (fd >= 3) calls.push_back("pwritev");
    }
    for (const char* call : calls) {
      absl::Status s = p->AddRule(m, call, SCMP_ACT_ALLOW, {Eq(0, u)});
      if (!s.ok()) return s;
    }
  }
  if (!native) return absl::OkStatus();
  for (int fd : AllFds(c)) {
    const uint64_t u = static_cast<uint64_t>(fd);
    // hc_stat: statx(fd, NULL, AT_EMPTY_PATH, mask, buf).
    absl::Status s = p->AddRule(m, "statx", SCMP_ACT_ALLOW, StatxArgs(c, u));
    if (!s.ok()) return s;
    // hc_isatty: ioctl(fd, TCGETS).
    s = p->AddRule(m, "ioctl", SCMP_ACT_ALLOW, {Eq(0, u), Eq(1, TCGETS)});
    if (!s.ok()) return s;
    // Error path of hc_read/hc_write/...: fcntl(fd, F_GETFL).
    s = p->AddRule(m, "fcntl", SCMP_ACT_ALLOW, {Eq(0, u), Eq(1, F_GETFL)});
    if (!s.ok()) return s;
  }
  for (const FdGrant& g : c.grants) {
    if (!g.is_block) continue;
    const uint64_t u = static_cast<uint64_t>(g.fd);
    // hc_stat of a block device: its size and sector size.
    for (uint64_t request : {uint64_t{BLKGETSIZE64}, uint64_t{BLKSSZGET}}) {
      absl::Status s =
          p->AddRule(m, "ioctl", SCMP_ACT_ALLOW, {Eq(0, u), Eq(1, request)});
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status AddMemoryRules(const PolicyConfig& c, SeccompPolicy* p) {
  const char* m = "memory";
  // W^X: prot may hold READ and WRITE, never WRITE and EXEC (nor any other
  // bit): prot & ~(R|W) == 0. With allow_exec_pages also READ and EXEC
  // (prot & ~(R|X) == 0): W^X at each instant only, since a page can go
  // RW, then RX. Without it only the code mapped at exec ever runs.
  const uint64_t not_rx = ~uint64_t{PROT_READ | PROT_EXEC} & 0xffffffffu;
  const uint64_t not_rw = ~uint64_t{PROT_READ | PROT_WRITE} & 0xffffffffu;
  std::vector<uint64_t> masks = {not_rw};
  if (c.allow_exec_pages) masks.push_back(not_rx);
  for (uint64_t mask : masks) {
    // hc_page_map: mmap(0, len, prot, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0):
    // no address hint, no MAP_FIXED, never a file.
    for (const char* call : {"mmap", "mmap2"}) {
      absl::Status s = p->AddRule(
          m, call, SCMP_ACT_ALLOW,
          {Eq(0, 0), Masked(2, mask, 0), Eq(3, kMapPrivateAnonymous)},
          /*optional=*/true);
      if (!s.ok()) return s;
    }
    absl::Status s =
        p->AddRule(m, "mprotect", SCMP_ACT_ALLOW, {Masked(2, mask, 0)});
    if (!s.ok()) return s;
  }
  return p->AddRule(m, "munmap", SCMP_ACT_ALLOW, {});
}

absl::Status AddClockRules(const PolicyConfig& c, SeccompPolicy* p) {
  const char* m = "clock";
  (void)c;
  // arm has the 64-bit-time calls besides the old ones; both are listed,
  // and a name that does not exist on the host's architecture is skipped.
  for (uint64_t id : kClockIds) {
    for (const char* call : {"clock_gettime", "clock_getres", "clock_gettime64",
                             "clock_getres_time64"}) {
      absl::Status s = p->AddRule(m, call, SCMP_ACT_ALLOW, {Eq(0, id)},
                                  /*optional=*/true);
      if (!s.ok()) return s;
    }
    for (uint64_t flags : {uint64_t{0}, uint64_t{TIMER_ABSTIME}}) {
      for (const char* call : {"clock_nanosleep", "clock_nanosleep_time64"}) {
        absl::Status s =
            p->AddRule(m, call, SCMP_ACT_ALLOW, {Eq(0, id), Eq(1, flags)},
                       /*optional=*/true);
        if (!s.ok()) return s;
      }
    }
  }
  // The kernel turns an interrupted clock_nanosleep into restart_syscall.
  return p->AddRule(m, "restart_syscall", SCMP_ACT_ALLOW, {});
}

absl::Status AddProcessRules(const PolicyConfig& c, SeccompPolicy* p) {
  const char* m = "process";
  const uint64_t pid = static_cast<uint64_t>(c.pid);
  for (const char* call : {"exit_group", "getpid", "gettid"}) {
    absl::Status s = p->AddRule(m, call, SCMP_ACT_ALLOW, {});
    if (!s.ok()) return s;
  }
  // hc_abort: SIGABRT back to its default action, unblocked, then sent to
  // the image itself and nothing else.
  absl::Status s =
      p->AddRule(m, "rt_sigaction", SCMP_ACT_ALLOW, {Eq(0, SIGABRT)});
  if (!s.ok()) return s;
  s = p->AddRule(m, "rt_sigprocmask", SCMP_ACT_ALLOW, {Eq(0, kSigUnblock)});
  if (!s.ok()) return s;
  return p->AddRule(m, "tgkill", SCMP_ACT_ALLOW,
                    {Eq(0, pid), Eq(1, pid), Eq(2, SIGABRT)});
}

absl::Status AddRandomRules(const PolicyConfig& c, SeccompPolicy* p) {
  (void)c;
  return p->AddRule("random", "getrandom", SCMP_ACT_ALLOW, {Eq(2, 0)});
}

// What qemu-user itself needs to start (dynamic loader, its own set-up,
// its RCU thread) and to emulate the backend's calls, measured with
// `strace -f qemu-aarch64 hello` / `qemu-arm` (qemu 7.2). Nothing here
// reaches another process or the network, or writes a file.
absl::Status AddQemuRules(const PolicyConfig& c, SeccompPolicy* p) {
  const char* m = "qemu";
  const uint64_t pid = static_cast<uint64_t>(c.pid);
  for (const char* call : {"read",
                           "pread64",
                           "readv",
                           "lseek",
                           "close",
                           "fstat",
                           "newfstatat",
                           "statx",
                           "getdents64",
                           "readlink",
                           "readlinkat",
                           "access",
                           "faccessat",
                           "faccessat2",
                           "getcwd",
                           "mmap",
                           "mprotect",
                           "munmap",
                           "mremap",
                           "madvise",
                           "brk",
                           "rt_sigaction",
                           "rt_sigprocmask",
                           "rt_sigreturn",
                           "rt_sigsuspend",
                           "sigaltstack",
                           "futex",
                           "set_robust_list",
                           "rseq",
                           "set_tid_address",
                           "arch_prctl",
                           "getrlimit",
                           "getpid",
                           "gettid",
                           "getppid",
                           "getuid",
                           "geteuid",
                           "getgid",
                           "getegid",
                           "uname",
                           "sysinfo",
                           "sched_getaffinity",
                           "sched_yield",
                           "get_mempolicy",
                           "set_mempolicy",
                           "membarrier",
                           "getrandom",
                           "clock_gettime",
                           "clock_getres",
                           "clock_nanosleep",
                           "nanosleep",
                           "gettimeofday",
                           "exit",
                           "exit_group",
                           "restart_syscall"}) {
    absl::Status s = p->AddRule(m, call, SCMP_ACT_ALLOW, {}, true);
    if (!s.ok()) return s;
  }
  // ioctl: only what a terminal or block query needs (glibc's isatty, the
  // guest's hc_isatty and block sizes, a window size): never TIOCSTI,
  // TIOCSETD, TIOCLINUX, FIO* or FS_IOC_* on any descriptor.
  for (uint64_t request :
       {uint64_t{TCGETS}, uint64_t{TIOCGWINSZ}, uint64_t{TIOCGPGRP},
        uint64_t{BLKGETSIZE64}, uint64_t{BLKSSZGET}}) {
    absl::Status s = p->AddRule(m, "ioctl", SCMP_ACT_ALLOW, {Eq(1, request)});
    if (!s.ok()) return s;
  }
  // fcntl: descriptor flags and status flags, never an owner, a signal, a
  // lease or O_ASYNC (each would let the image signal another process).
  for (uint64_t cmd :
       {uint64_t{F_GETFD}, uint64_t{F_SETFD}, uint64_t{F_GETFL},
        uint64_t{F_DUPFD}, uint64_t{F_DUPFD_CLOEXEC}, uint64_t{F_GETLK},
        uint64_t{F_SETLK}, uint64_t{F_SETLKW}, uint64_t{F_GETPIPE_SZ}}) {
    absl::Status s = p->AddRule(m, "fcntl", SCMP_ACT_ALLOW, {Eq(1, cmd)});
    if (!s.ok()) return s;
  }
  {
    absl::Status s = p->AddRule(m, "fcntl", SCMP_ACT_ALLOW,
                                {Eq(1, F_SETFL), Masked(2, O_ASYNC, 0)});
    if (!s.ok()) return s;
  }
  // Files only read-only: no O_WRONLY/O_RDWR, no O_CREAT, no O_TRUNC.
  const uint64_t write_bits = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
  absl::Status s =
      p->AddRule(m, "openat", SCMP_ACT_ALLOW, {Masked(2, write_bits, 0)});
  if (!s.ok()) return s;
  // prlimit64 may read limits, never set them.
  s = p->AddRule(m, "prlimit64", SCMP_ACT_ALLOW, {Eq(2, 0)});
  if (!s.ok()) return s;
  // ...except its own core-dump limit, which qemu zeroes before it re-raises
  // a guest's fatal signal.
  s = p->AddRule(m, "prlimit64", SCMP_ACT_ALLOW,
                 {Eq(0, 0), Eq(1, RLIMIT_CORE)});
  if (!s.ok()) return s;
  // Threads (qemu's RCU thread, guest threads), never a new process.
  s = p->AddRule(m, "clone", SCMP_ACT_ALLOW,
                 {Masked(0, CLONE_THREAD, CLONE_THREAD)});
  if (!s.ok()) return s;
  // clone3 passes its flags in memory, where seccomp cannot look: refuse
  // it with ENOSYS, and glibc falls back to clone.
  s = p->AddRule(m, "clone3", SCMP_ACT_ERRNO(ENOSYS), {});
  if (!s.ok()) return s;
  // Signals only to itself (a guest's abort or crash is re-raised).
  s = p->AddRule(m, "kill", SCMP_ACT_ALLOW, {Eq(0, pid)});
  if (!s.ok()) return s;
  s = p->AddRule(m, "tgkill", SCMP_ACT_ALLOW, {Eq(0, pid)});
  if (!s.ok()) return s;
  return absl::OkStatus();
}

}  // namespace

absl::Status SeccompPolicy::AddRule(const char* module, const char* syscall,
                                    uint32_t action,
                                    std::vector<struct scmp_arg_cmp> args,
                                    bool optional) {
  const std::string what = absl::StrCat(module, ": ", Describe(syscall, args),
                                        " -> ", ActionName(action));
  const int nr = seccomp_syscall_resolve_name(syscall);
  if (nr == __NR_SCMP_ERROR || nr < 0) {
    if (optional) return absl::OkStatus();
    return LaunchError(kExitInternal,
                       absl::StrCat("seccomp rule ", what,
                                    ": no such system call on this host"));
  }
  const int rc = seccomp_rule_add_array(
      ctx_, action, nr, static_cast<unsigned>(args.size()), args.data());
  if (rc != 0) {
    return LaunchError(kExitInternal, absl::StrCat("seccomp rule ", what, ": ",
                                                   strerror(-rc)));
  }
  rules_.push_back(what);
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SeccompPolicy>> BuildPolicy(
    const PolicyConfig& config) {
  if (config.mode == SandboxMode::kOff) {
    return LaunchError(kExitInternal, "seccomp: no policy for --sandbox=off");
  }
  const uint32_t def = config.mode == SandboxMode::kStrict
                           ? SCMP_ACT_KILL_PROCESS
                           : SCMP_ACT_NOTIFY;
  scmp_filter_ctx ctx = seccomp_init(def);
  if (ctx == nullptr) {
    return LaunchError(kExitInternal, "seccomp: seccomp_init failed");
  }
  auto policy = std::make_unique<SeccompPolicy>(ctx);
  // Another ABI's system calls (x32, i386) get the default action too:
  // killed under strict, denied and reported under audit.
  int rc = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, def);
  if (rc == 0) rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
  if (rc != 0) {
    return LaunchError(
        kExitInternal,
        absl::StrCat("seccomp: filter attributes: ", strerror(-rc)));
  }
  using Module = absl::Status (*)(const PolicyConfig&, SeccompPolicy*);
  std::vector<Module> modules = {AddBootRules, AddIoRules};
  if (config.profile == Profile::kNativeImage) {
    for (Module mod :
         {AddMemoryRules, AddClockRules, AddProcessRules, AddRandomRules}) {
      modules.push_back(mod);
    }
  } else {
    modules.push_back(AddQemuRules);
  }
  for (Module mod : modules) {
    absl::Status s = mod(config, policy.get());
    if (!s.ok()) return s;
  }
  return policy;
}

namespace {

absl::StatusOr<std::string> Export(const SeccompPolicy& policy, bool pfc) {
  const int fd = memfd_create("hcall-filter", MFD_CLOEXEC);
  if (fd < 0) return LaunchError(kExitInternal, "memfd_create failed");
  const int rc = pfc ? seccomp_export_pfc(policy.ctx(), fd)
                     : seccomp_export_bpf(policy.ctx(), fd);
  std::string text;
  if (rc == 0) {
    char buf[4096];
    ssize_t n;
    lseek(fd, 0, SEEK_SET);
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
      text.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  if (rc != 0) {
    return LaunchError(
        kExitInternal,
        absl::StrCat("exporting the seccomp filter: ", strerror(-rc)));
  }
  return text;
}

}  // namespace

absl::StatusOr<std::string> ExportPfc(const SeccompPolicy& policy) {
  return Export(policy, true);
}

absl::StatusOr<std::string> ExportBpf(const SeccompPolicy& policy) {
  return Export(policy, false);
}

bool KernelTakesStatxNullPath() {
  static const bool takes = [] {
    const int fd = open("/", O_PATH | O_CLOEXEC);
    if (fd < 0) return false;
    struct statx sx;
    const long rc =
        syscall(SYS_statx, fd, nullptr, AT_EMPTY_PATH, STATX_TYPE, &sx);
    close(fd);
    return rc == 0;
  }();
  return takes;
}

std::string SyscallName(long nr) {
#if defined(__x86_64__)
  // x32 calls carry the x86_64 audit architecture with this bit set.
  constexpr long kX32Bit = 0x40000000;
  const bool x32 = (nr & kX32Bit) != 0;
  const uint32_t arch = x32 ? SCMP_ARCH_X32 : SCMP_ARCH_NATIVE;
#else
  const bool x32 = false;
  const uint32_t arch = SCMP_ARCH_NATIVE;
#endif
  char* name = seccomp_syscall_resolve_num_arch(arch, static_cast<int>(nr));
  const char* prefix = x32 ? "x32 " : "";
  if (name == nullptr) return absl::StrCat(prefix, "syscall ", nr);
  std::string out = absl::StrCat(prefix, name);
  free(name);
  return out;
}

}  // namespace hcall::launcher
