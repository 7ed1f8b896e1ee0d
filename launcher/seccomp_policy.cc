// launcher/seccomp_policy.cc -- see seccomp_policy.h.
#include "launcher/seccomp_policy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stddef.h>
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

std::string Describe(const char* syscall,
                     const std::vector<struct scmp_arg_cmp>& args) {
  std::vector<std::string> parts;
  for (const struct scmp_arg_cmp& a : args) {
    if (a.op == SCMP_CMP_EQ) {
      parts.push_back(absl::StrFormat("a%u == %#x", a.arg, a.datum_a));
    } else if (a.op == SCMP_CMP_NE) {
      parts.push_back(absl::StrFormat("a%u != %#x", a.arg, a.datum_a));
    } else if (a.op == SCMP_CMP_LE) {
      parts.push_back(absl::StrFormat("a%u <= %#x", a.arg, a.datum_a));
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

// Each module below returns its rules as data; BuildPolicy adds them all
// in one loop. The grants' rules come from grants.cc (GrantSandboxRules).

SeccompRule Allow(const char* module, const char* call,
                  std::vector<struct scmp_arg_cmp> args,
                  bool optional = false) {
  return {module, call, SCMP_ACT_ALLOW, std::move(args), optional};
}

std::vector<SeccompRule> BootRules(const PolicyConfig& c) {
  const char* m = "boot";
  // The launcher's own exec of the image (or of qemu): only this
  // descriptor (O_CLOEXEC: gone once the image runs), only this path
  // pointer (a page the image can never map; runner.cc), only
  // AT_EMPTY_PATH.
  std::vector<SeccompRule> rules = {
      Allow(m, "execveat",
            {ArgEq(0, static_cast<uint64_t>(c.exec_fd)), ArgEq(1, c.exec_path),
             ArgEq(4, AT_EMPTY_PATH)})};
  if (c.sync_fd >= 0) {
    rules.push_back(
        Allow(m, "read", {ArgEq(0, static_cast<uint64_t>(c.sync_fd))}));
  }
  if (c.report_fd >= 0) {
    rules.push_back(
        Allow(m, "write", {ArgEq(0, static_cast<uint64_t>(c.report_fd))}));
  }
  if (c.profile == Profile::kNativeImage && c.manifest_fd >= 0) {
    // The entry code reads the manifest (hc_stat for its size, hc_pread)
    // and closes its descriptor.
    const uint64_t fd = static_cast<uint64_t>(c.manifest_fd);
    rules.push_back(
        Allow(m, "statx", StatxEmptyPathArgs(fd, c.statx_null_path)));
    rules.push_back(Allow(m, "pread64", {ArgEq(0, fd)}));
    rules.push_back(Allow(m, "close", {ArgEq(0, fd)}));
  }
  return rules;
}

// The console: read 0, write 1 and 2; natively also hc_stat, hc_isatty and
// the error path's F_GETFL on all three.
std::vector<SeccompRule> ConsoleRules(const PolicyConfig& c) {
  const char* m = "console";
  const bool native = c.profile == Profile::kNativeImage;
  std::vector<SeccompRule> rules;
  if (native) rules.push_back(Allow(m, "read", {ArgEq(0, 0)}));
  for (uint64_t fd : {1, 2}) {
    rules.push_back(Allow(m, "write", {ArgEq(0, fd)}));
    if (!native) rules.push_back(Allow(m, "writev", {ArgEq(0, fd)}));
  }
  for (uint64_t fd = 0; native && fd < 3; ++fd) {
    rules.push_back(
        Allow(m, "statx", StatxEmptyPathArgs(fd, c.statx_null_path)));
    rules.push_back(Allow(m, "ioctl", {ArgEq(0, fd), ArgEq(1, TCGETS)}));
    rules.push_back(Allow(m, "fcntl", {ArgEq(0, fd), ArgEq(1, F_GETFL)}));
  }
  return rules;
}

std::vector<SeccompRule> MemoryRules(const PolicyConfig& c) {
  const char* m = "memory";
  // W^X: prot may hold READ and WRITE, never WRITE and EXEC (nor any other
  // bit): prot & ~(R|W) == 0. With allow_exec_pages also READ and EXEC
  // (prot & ~(R|X) == 0): W^X at each instant only, since a page can go
  // RW, then RX. Without it only the code mapped at exec ever runs.
  const uint64_t not_rx = ~uint64_t{PROT_READ | PROT_EXEC} & 0xffffffffu;
  const uint64_t not_rw = ~uint64_t{PROT_READ | PROT_WRITE} & 0xffffffffu;
  std::vector<uint64_t> masks = {not_rw};
  if (c.allow_exec_pages) masks.push_back(not_rx);
  std::vector<SeccompRule> rules;
  for (uint64_t mask : masks) {
    // hc_page_map: mmap(0, len, prot, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0):
    // no address hint, no MAP_FIXED, never a file.
    for (const char* call : {"mmap", "mmap2"}) {
      rules.push_back(Allow(
          m, call,
          {ArgEq(0, 0), ArgMasked(2, mask, 0), ArgEq(3, kMapPrivateAnonymous)},
          /*optional=*/true));
    }
    rules.push_back(Allow(m, "mprotect", {ArgMasked(2, mask, 0)}));
  }
  rules.push_back(Allow(m, "munmap", {}));
  return rules;
}

std::vector<SeccompRule> ClockRules(const PolicyConfig&) {
  const char* m = "clock";
  std::vector<SeccompRule> rules;
  // arm has the 64-bit-time calls besides the old ones; both are listed,
  // and a name that does not exist on the host's architecture is skipped.
  for (uint64_t id : kClockIds) {
    for (const char* call : {"clock_gettime", "clock_getres", "clock_gettime64",
                             "clock_getres_time64"}) {
      rules.push_back(Allow(m, call, {ArgEq(0, id)}, /*optional=*/true));
    }
    for (uint64_t flags : {uint64_t{0}, uint64_t{TIMER_ABSTIME}}) {
      for (const char* call : {"clock_nanosleep", "clock_nanosleep_time64"}) {
        rules.push_back(Allow(m, call, {ArgEq(0, id), ArgEq(1, flags)},
                              /*optional=*/true));
      }
    }
  }
  // The kernel turns an interrupted clock_nanosleep into restart_syscall.
  rules.push_back(Allow(m, "restart_syscall", {}));
  return rules;
}

std::vector<SeccompRule> ProcessRules(const PolicyConfig& c) {
  const char* m = "process";
  const uint64_t pid = static_cast<uint64_t>(c.pid);
  // hc_tls_set on x86_64: the fs base (the thread pointer) and nothing else
  // arch_prctl can do (ARCH_SET_FS from <asm/prctl.h>; no such call on
  // other hosts, hence optional).
  constexpr uint64_t kArchSetFs = 0x1002;
  // hc_abort: SIGABRT back to its default action, unblocked, then sent to
  // the image itself and nothing else.
  return {
      Allow(m, "exit_group", {}),
      Allow(m, "getpid", {}),
      Allow(m, "gettid", {}),
      Allow(m, "arch_prctl", {ArgEq(0, kArchSetFs)}, /*optional=*/true),
      Allow(m, "rt_sigaction", {ArgEq(0, SIGABRT)}),
      Allow(m, "rt_sigprocmask", {ArgEq(0, kSigUnblock)}),
      Allow(m, "tgkill", {ArgEq(0, pid), ArgEq(1, pid), ArgEq(2, SIGABRT)})};
}

std::vector<SeccompRule> RandomRules(const PolicyConfig&) {
  return {Allow("random", "getrandom", {ArgEq(2, 0)})};
}

// What qemu-user itself needs to start (dynamic loader, its own set-up,
// its RCU thread) and to emulate the backend's calls, measured with
// `strace -f qemu-aarch64 hello` / `qemu-arm` (qemu 7.2). Nothing here
// reaches another process or the network, or writes a file.
constexpr const char* kQemuUnconstrained[] = {"read",
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
                                              "restart_syscall"};

std::vector<SeccompRule> QemuRules(const PolicyConfig& c) {
  const char* m = "qemu";
  const uint64_t pid = static_cast<uint64_t>(c.pid);
  std::vector<SeccompRule> rules;
  for (const char* call : kQemuUnconstrained) {
    rules.push_back(Allow(m, call, {}, /*optional=*/true));
  }
  // ioctl: only what a terminal or block query needs (glibc's isatty, the
  // guest's hc_isatty and block sizes, a window size): never TIOCSTI,
  // TIOCSETD, TIOCLINUX, FIO* or FS_IOC_* on any descriptor.
  for (uint64_t request :
       {uint64_t{TCGETS}, uint64_t{TIOCGWINSZ}, uint64_t{TIOCGPGRP},
        uint64_t{BLKGETSIZE64}, uint64_t{BLKSSZGET}}) {
    rules.push_back(Allow(m, "ioctl", {ArgEq(1, request)}));
  }
  // fcntl: descriptor flags and status flags, never an owner, a signal, a
  // lease or O_ASYNC (each would let the image signal another process).
  for (uint64_t cmd :
       {uint64_t{F_GETFD}, uint64_t{F_SETFD}, uint64_t{F_GETFL},
        uint64_t{F_DUPFD}, uint64_t{F_DUPFD_CLOEXEC}, uint64_t{F_GETLK},
        uint64_t{F_SETLK}, uint64_t{F_SETLKW}, uint64_t{F_GETPIPE_SZ}}) {
    rules.push_back(Allow(m, "fcntl", {ArgEq(1, cmd)}));
  }
  rules.push_back(
      Allow(m, "fcntl", {ArgEq(1, F_SETFL), ArgMasked(2, O_ASYNC, 0)}));
  // Files only read-only: no O_WRONLY/O_RDWR, no O_CREAT, no O_TRUNC.
  const uint64_t write_bits = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
  rules.push_back(Allow(m, "openat", {ArgMasked(2, write_bits, 0)}));
  // prlimit64 may read limits, never set them; except its own core-dump
  // limit, which qemu zeroes before it re-raises a guest's fatal signal.
  rules.push_back(Allow(m, "prlimit64", {ArgEq(2, 0)}));
  rules.push_back(Allow(m, "prlimit64", {ArgEq(0, 0), ArgEq(1, RLIMIT_CORE)}));
  // Threads (qemu's RCU thread, guest threads), never a new process.
  rules.push_back(
      Allow(m, "clone", {ArgMasked(0, CLONE_THREAD, CLONE_THREAD)}));
  // clone3 passes its flags in memory, where seccomp cannot look: refuse
  // it with ENOSYS, and glibc falls back to clone.
  rules.push_back({m, "clone3", SCMP_ACT_ERRNO(ENOSYS), {}});
  // Signals only to itself (a guest's abort or crash is re-raised).
  rules.push_back(Allow(m, "kill", {ArgEq(0, pid)}));
  rules.push_back(Allow(m, "tgkill", {ArgEq(0, pid)}));
  return rules;
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

absl::Status SeccompPolicy::AddRules(const std::vector<SeccompRule>& rules) {
  for (const SeccompRule& r : rules) {
    absl::Status s = AddRule(r.module, r.syscall, r.action, r.args, r.optional);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

struct scmp_arg_cmp ArgEq(unsigned arg, uint64_t value) {
  return SCMP_CMP(arg, SCMP_CMP_EQ, value);
}

struct scmp_arg_cmp ArgNe(unsigned arg, uint64_t value) {
  return SCMP_CMP(arg, SCMP_CMP_NE, value);
}

struct scmp_arg_cmp ArgLe(unsigned arg, uint64_t value) {
  return SCMP_CMP(arg, SCMP_CMP_LE, value);
}

struct scmp_arg_cmp ArgMasked(unsigned arg, uint64_t mask, uint64_t value) {
  return SCMP_CMP(arg, SCMP_CMP_MASKED_EQ, mask, value);
}

std::vector<struct scmp_arg_cmp> StatxEmptyPathArgs(uint64_t fd,
                                                    bool null_path) {
  std::vector<struct scmp_arg_cmp> args = {ArgEq(0, fd),
                                           ArgEq(2, AT_EMPTY_PATH)};
  if (null_path) args.push_back(ArgEq(1, 0));
  return args;
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
  using Module = std::vector<SeccompRule> (*)(const PolicyConfig&);
  std::vector<Module> modules = {BootRules, ConsoleRules};
  if (config.profile == Profile::kNativeImage) {
    for (Module mod : {MemoryRules, ClockRules, ProcessRules, RandomRules}) {
      modules.push_back(mod);
    }
  } else {
    modules.push_back(QemuRules);
  }
  std::vector<SeccompRule> rules;
  for (Module mod : modules) {
    std::vector<SeccompRule> more = mod(config);
    rules.insert(rules.end(), more.begin(), more.end());
  }
  rules.insert(rules.end(), config.module_rules.begin(),
               config.module_rules.end());
  absl::Status added = policy->AddRules(rules);
  if (!added.ok()) return added;
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

namespace {

// A forward-only classic-BPF assembler with labels (jumps in classic BPF go
// forward only; a conditional jump reaches at most 255 instructions).
class BpfAssembler {
 public:
  int NewLabel() {
    labels_.push_back(-1);
    return static_cast<int>(labels_.size()) - 1;
  }
  void Bind(int label) { labels_[label] = static_cast<int>(code_.size()); }
  void Stmt(uint16_t op, uint32_t k) { code_.push_back(BPF_STMT(op, k)); }
  // To (yes) when the test holds, else to (no); -1 is the next instruction.
  void Jump(uint16_t op, uint32_t k, int yes, int no) {
    fixups_.push_back({code_.size(), yes, no, false});
    code_.push_back(BPF_JUMP(BPF_JMP | op | BPF_K, k, 0, 0));
  }
  void JumpX(uint16_t op, int yes, int no) {
    fixups_.push_back({code_.size(), yes, no, false});
    code_.push_back(BPF_JUMP(BPF_JMP | op | BPF_X, 0, 0, 0));
  }
  void Goto(int label) {
    fixups_.push_back({code_.size(), label, -1, true});
    code_.push_back(BPF_STMT(BPF_JMP | BPF_JA, 0));
  }
  absl::StatusOr<std::string> Finish() {
    for (const Fixup& f : fixups_) {
      struct sock_filter& insn = code_[f.at];
      if (f.always) {
        insn.k = static_cast<uint32_t>(Distance(f.at, f.yes));
        continue;
      }
      const int yes = f.yes < 0 ? 0 : Distance(f.at, f.yes);
      const int no = f.no < 0 ? 0 : Distance(f.at, f.no);
      if (yes > 255 || no > 255) {
        return LaunchError(kExitInternal,
                           "seccomp: bounded-write guard: jump too far");
      }
      insn.jt = static_cast<uint8_t>(yes);
      insn.jf = static_cast<uint8_t>(no);
    }
    return std::string(reinterpret_cast<const char*>(code_.data()),
                       code_.size() * sizeof(struct sock_filter));
  }

 private:
  struct Fixup {
    size_t at;
    int yes;
    int no;
    bool always;
  };
  int Distance(size_t from, int label) const {
    return labels_[label] - static_cast<int>(from) - 1;
  }
  std::vector<struct sock_filter> code_;
  std::vector<int> labels_;
  std::vector<Fixup> fixups_;
};

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the guard reads the low word of an argument first");

constexpr uint32_t ArgLow(int i) {
  return static_cast<uint32_t>(offsetof(struct seccomp_data, args) + 8 * i);
}
constexpr uint32_t ArgHigh(int i) { return ArgLow(i) + 4; }

// offset + count <= size for the call in hand (its descriptor matched).
void EmitBoundCheck(BpfAssembler& a, uint64_t size, int refuse) {
  const int allow = a.NewLabel();
  const int no_carry = a.NewLabel();
  a.Stmt(BPF_LD | BPF_W | BPF_ABS, ArgHigh(2));  // count < 4 GiB
  a.Jump(BPF_JEQ, 0, -1, refuse);
  a.Stmt(BPF_LD | BPF_W | BPF_ABS, ArgHigh(3));  // offset not negative
  a.Jump(BPF_JGE, 0x80000000u, refuse, -1);
  a.Stmt(BPF_ST, 1);  // M[1] = end, high word
  a.Stmt(BPF_LD | BPF_W | BPF_ABS, ArgLow(2));
  a.Stmt(BPF_MISC | BPF_TAX, 0);  // X = count
  a.Stmt(BPF_LD | BPF_W | BPF_ABS, ArgLow(3));
  a.Stmt(BPF_ALU | BPF_ADD | BPF_X, 0);  // A = end, low word
  a.Stmt(BPF_ST, 0);
  a.JumpX(BPF_JGE, no_carry, -1);  // the sum wrapped: carry
  a.Stmt(BPF_LD | BPF_MEM, 1);
  a.Stmt(BPF_ALU | BPF_ADD | BPF_K, 1);
  a.Stmt(BPF_ST, 1);
  a.Bind(no_carry);
  a.Stmt(BPF_LD | BPF_MEM, 1);
  a.Jump(BPF_JGT, static_cast<uint32_t>(size >> 32), refuse, -1);
  a.Jump(BPF_JEQ, static_cast<uint32_t>(size >> 32), -1, allow);
  a.Stmt(BPF_LD | BPF_MEM, 0);
  a.Jump(BPF_JGT, static_cast<uint32_t>(size), refuse, -1);
  a.Bind(allow);
  a.Stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
}

}  // namespace

absl::StatusOr<std::string> BoundedWriteGuard(
    const std::vector<PolicyConfig::BoundedWrite>& writes) {
  if (writes.empty()) return std::string();
  BpfAssembler a;
  const int end = a.NewLabel();  // the libseccomp program's first insn
  // Anything but a native pwrite64 on a 32-bit descriptor goes straight
  // on (x32's numbers differ). Through a ja: a conditional jump reaches
  // 255 instructions, and the grants' checks below may be longer.
  const auto go_on_unless = [&a, end](uint32_t offset, uint32_t value) {
    const int more = a.NewLabel();
    a.Stmt(BPF_LD | BPF_W | BPF_ABS, offset);
    a.Jump(BPF_JEQ, value, more, -1);
    a.Goto(end);
    a.Bind(more);
  };
  go_on_unless(offsetof(struct seccomp_data, arch), seccomp_arch_native());
  go_on_unless(offsetof(struct seccomp_data, nr), SYS_pwrite64);
  go_on_unless(ArgHigh(0), 0);
  for (const PolicyConfig::BoundedWrite& w : writes) {
    const int next = a.NewLabel();
    const int refuse = a.NewLabel();
    a.Stmt(BPF_LD | BPF_W | BPF_ABS, ArgLow(0));
    a.Jump(BPF_JEQ, static_cast<uint32_t>(w.fd), -1, next);
    EmitBoundCheck(a, w.size, refuse);
    a.Bind(refuse);
    a.Goto(end);
    a.Bind(next);
  }
  a.Bind(end);
  return a.Finish();
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
