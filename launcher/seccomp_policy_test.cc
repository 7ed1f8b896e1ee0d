// launcher/seccomp_policy_test.cc -- the first of the two filter tests:
// build the policies and inspect what libseccomp exports, and run the
// bounded-write guard in a child. launcher_test.cc runs the victims
// against the real thing.
#include "launcher/seccomp_policy.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <seccomp.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"
#include "launcher/grants.h"

namespace hcall::launcher {
namespace {

// A read-only file grant at 3 and a read-write 4096-byte block grant at 4,
// with the rules grants.cc gives them.
OpenedGrant TestGrant(int fd, bool block, Access access) {
  OpenedGrant g;
  g.image_fd = fd;
  g.spec.is_block = block;
  g.spec.access = access;
  g.size = block ? 4096 : 0;
  g.block_size = block ? 512 : 0;
  return g;
}

void AddGrantRules(PolicyConfig* c) {
  c->module_rules.clear();
  for (const OpenedGrant& g : {TestGrant(3, false, Access::kReadOnly),
                               TestGrant(4, true, Access::kReadWrite)}) {
    std::vector<SeccompRule> rules =
        GrantSandboxRules(g, c->profile, c->statx_null_path);
    c->module_rules.insert(c->module_rules.end(), rules.begin(), rules.end());
  }
}

PolicyConfig NativeConfig(SandboxMode mode) {
  PolicyConfig c;
  c.mode = mode;
  c.manifest_fd = 5;
  c.exec_fd = 6;
  c.exec_path = 0x10000;
  c.sync_fd = 7;
  c.report_fd = 8;
  c.pid = 4321;
  AddGrantRules(&c);
  return c;
}

bool HasRule(const SeccompPolicy& p, const std::string& rule) {
  for (const std::string& r : p.rules()) {
    if (r == rule) return true;
  }
  return false;
}

TEST(SeccompPolicy, NativeRulesHaveTheirConstraints) {
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> p =
      BuildPolicy(NativeConfig(SandboxMode::kStrict));
  ASSERT_TRUE(p.ok()) << p.status();
  const SeccompPolicy& policy = **p;
  for (const char* rule : {
           "boot: execveat(a0 == 0x6, a1 == 0x10000, a4 == 0x1000) -> allow",
           "boot: close(a0 == 0x5) -> allow",
           "console: read(a0 == 0) -> allow",
           "grant: read(a0 == 0x3) -> allow",
           "console: write(a0 == 0x1) -> allow",
           "grant: fsync(a0 == 0x4) -> allow",
           "grant: ioctl(a0 == 0x4, a1 == 0x80081272) -> allow",
           "grant: statx(a0 == 0x3, a2 == 0x1000) -> allow",
           "memory: mmap(a0 == 0, (a2 & 0xfffffffc) == 0, a3 == 0x22) -> allow",
           "memory: mprotect((a2 & 0xfffffffc) == 0) -> allow",
           "clock: clock_gettime(a0 == 0x1) -> allow",
           "clock: clock_nanosleep(a0 == 0, a1 == 0x1) -> allow",
           "process: tgkill(a0 == 0x10e1, a1 == 0x10e1, a2 == 0x6) -> allow",
           "process: rt_sigaction(a0 == 0x6) -> allow",
           "random: getrandom(a2 == 0) -> allow",
       }) {
    EXPECT_TRUE(HasRule(policy, rule)) << "missing: " << rule;
  }
  // Never: writes to the read-only grant, any open/socket/exec/clone, and
  // without allow_exec_pages no executable page after exec.
  for (const std::string& r : policy.rules()) {
    EXPECT_FALSE(absl::StrContains(r, "0xfffffffa")) << r;
    EXPECT_FALSE(absl::StartsWith(r, "grant: write(a0 == 0x3)")) << r;
    EXPECT_FALSE(absl::StartsWith(r, "grant: pwrite64(a0 == 0x3)")) << r;
    // A block grant is written only through the bounded-write guard.
    EXPECT_FALSE(absl::StartsWith(r, "grant: write(a0 == 0x4)")) << r;
    EXPECT_FALSE(absl::StartsWith(r, "grant: pwrite64(a0 == 0x4")) << r;
    for (const char* never : {"open", "socket", "execve(", "clone", "ptrace",
                              "kill(", "mremap", "brk"}) {
      EXPECT_FALSE(absl::StrContains(r, std::string(": ") + never)) << r;
    }
  }
}

TEST(SeccompPolicy, StatxPathMustBeNullWhereTheKernelTakesIt) {
  PolicyConfig config = NativeConfig(SandboxMode::kStrict);
  config.statx_null_path = true;
  AddGrantRules(&config);
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> p = BuildPolicy(config);
  ASSERT_TRUE(p.ok()) << p.status();
  int statx_rules = 0;
  for (const std::string& r : (*p)->rules()) {
    if (!absl::StrContains(r, "statx(")) continue;
    ++statx_rules;
    EXPECT_TRUE(absl::StrContains(r, "a1 == 0")) << r;
  }
  // The manifest, the console's three descriptors and the two grants.
  EXPECT_EQ(statx_rules, 6);
}

TEST(SeccompPolicy, AllowExecPagesAddsReadExecuteOnly) {
  PolicyConfig config = NativeConfig(SandboxMode::kStrict);
  config.allow_exec_pages = true;
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> p = BuildPolicy(config);
  ASSERT_TRUE(p.ok()) << p.status();
  for (const char* rule : {
           "memory: mmap(a0 == 0, (a2 & 0xfffffffa) == 0, a3 == 0x22) -> allow",
           "memory: mprotect((a2 & 0xfffffffa) == 0) -> allow",
           "memory: mprotect((a2 & 0xfffffffc) == 0) -> allow",
       }) {
    EXPECT_TRUE(HasRule(**p, rule)) << "missing: " << rule;
  }
  // Never a mask that lets WRITE and EXEC through together.
  for (const std::string& r : (*p)->rules()) {
    EXPECT_FALSE(absl::StrContains(r, "0xfffffff8")) << r;
  }
}

TEST(SeccompPolicy, ExportedFilterMatches) {
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> p =
      BuildPolicy(NativeConfig(SandboxMode::kStrict));
  ASSERT_TRUE(p.ok());
  absl::StatusOr<std::string> pfc = ExportPfc(**p);
  ASSERT_TRUE(pfc.ok()) << pfc.status();
  // The default action kills the process; other architectures are killed.
  EXPECT_TRUE(absl::StrContains(*pfc, "action KILL_PROCESS;")) << *pfc;
  for (const char* name : {"\"write\"", "\"execveat\"", "\"mmap\"",
                           "\"tgkill\"", "\"clock_nanosleep\""}) {
    EXPECT_TRUE(absl::StrContains(*pfc, name)) << name << "\n" << *pfc;
  }
  for (const char* name :
       {"\"openat\"", "\"socket\"", "\"execve\"", "\"clone\"", "\"ptrace\""}) {
    EXPECT_FALSE(absl::StrContains(*pfc, name)) << name;
  }
  absl::StatusOr<std::string> bpf = ExportBpf(**p);
  ASSERT_TRUE(bpf.ok());
  EXPECT_EQ(bpf->size() % 8, 0u);
  EXPECT_GT(bpf->size(), 8u * 50);
}

TEST(SeccompPolicy, AuditNotifiesInsteadOfKilling) {
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> p =
      BuildPolicy(NativeConfig(SandboxMode::kAudit));
  ASSERT_TRUE(p.ok());
  absl::StatusOr<std::string> pfc = ExportPfc(**p);
  ASSERT_TRUE(pfc.ok());
  // libseccomp 2.5 prints SECCOMP_RET_USER_NOTIF as a number.
  EXPECT_TRUE(absl::StrContains(*pfc, "action NOTIFY;") ||
              absl::StrContains(*pfc, "action 0x7fc00000;"))
      << *pfc;
  EXPECT_FALSE(absl::StrContains(*pfc, "default action\n  action KILL"));
}

TEST(SeccompPolicy, QemuProfile) {
  PolicyConfig c = NativeConfig(SandboxMode::kStrict);
  c.profile = Profile::kQemuUser;
  AddGrantRules(&c);
  absl::StatusOr<std::unique_ptr<SeccompPolicy>> p = BuildPolicy(c);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_TRUE(HasRule(**p, "qemu: openat((a2 & 0x643) == 0) -> allow"));
  EXPECT_TRUE(HasRule(**p, "qemu: clone((a0 & 0x10000) == 0x10000) -> allow"));
  EXPECT_TRUE(HasRule(**p, "qemu: clone3() -> errno 38"));
  EXPECT_TRUE(HasRule(**p, "qemu: kill(a0 == 0x10e1) -> allow"));
  EXPECT_TRUE(HasRule(**p, "console: write(a0 == 0x1) -> allow"));
  EXPECT_TRUE(HasRule(**p, "qemu: ioctl(a1 == 0x5401) -> allow"));  // TCGETS
  EXPECT_TRUE(HasRule(**p,
                      "qemu: fcntl(a1 == 0x4, (a2 & 0x2000) == 0) -> "
                      "allow"));  // F_SETFL without O_ASYNC
  for (const std::string& r : (*p)->rules()) {
    // ioctl and fcntl only by request: never unconstrained, never TIOCSTI
    // (0x5412) or F_SETOWN (8) / F_SETSIG (10).
    EXPECT_NE(r, "qemu: ioctl() -> allow");
    EXPECT_NE(r, "qemu: fcntl() -> allow");
    EXPECT_FALSE(absl::StrContains(r, "0x5412")) << r;
    EXPECT_FALSE(absl::StrContains(r, "fcntl(a1 == 0x8)")) << r;
    EXPECT_FALSE(absl::StrContains(r, "fcntl(a1 == 0xa)")) << r;
    EXPECT_FALSE(absl::StrContains(r, ": socket")) << r;
    EXPECT_FALSE(absl::StrContains(r, ": execve(")) << r;
    EXPECT_FALSE(absl::StrContains(r, ": ptrace")) << r;
    EXPECT_FALSE(absl::StartsWith(r, "grant: write(a0 == 0x3)")) << r;
    EXPECT_FALSE(absl::StartsWith(r, "grant: write(a0 == 0x4)")) << r;
    EXPECT_FALSE(absl::StartsWith(r, "grant: pwritev(a0 == 0x4)")) << r;
  }
}

TEST(SeccompPolicy, FailsLoudlyNamingTheRule) {
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
  ASSERT_NE(ctx, nullptr);
  SeccompPolicy policy(ctx);
  absl::Status s = policy.AddRule("test", "no_such_call", SCMP_ACT_ALLOW,
                                  {SCMP_A0(SCMP_CMP_EQ, 3)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "seccomp rule test: no_such_call(a0 == 0x3) -> allow: no such "
            "system call on this host");
  // An argument index libseccomp refuses.
  s = policy.AddRule("test", "write", SCMP_ACT_ALLOW,
                     {SCMP_CMP(7, SCMP_CMP_EQ, 1)});
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(
      absl::StartsWith(s.message(), "seccomp rule test: write(a7 == 0x1)"))
      << s;
  EXPECT_EQ(ExitCodeOf(s), kExitInternal);
}

// The guard in front of a program that denies pwrite64 with EPERM and
// allows the rest, loaded in a child that makes one pwrite64(fd, ..,
// count, offset); returns the child's errno (0: the write went through).
int GuardedWrite(const std::vector<PolicyConfig::BoundedWrite>& writes, int fd,
                 uint64_t count, uint64_t offset) {
  absl::StatusOr<std::string> guard = BoundedWriteGuard(writes);
  EXPECT_TRUE(guard.ok()) << guard.status();
  scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
  EXPECT_EQ(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(pwrite64), 0),
            0);
  SeccompPolicy tail(ctx);
  absl::StatusOr<std::string> rest = ExportBpf(tail);
  EXPECT_TRUE(rest.ok()) << rest.status();
  if (!guard.ok() || !rest.ok()) return -1;
  std::string program = *guard + *rest;
  static char buf[65536];
  const pid_t pid = fork();
  if (pid == 0) {
    struct sock_fprog prog;
    prog.len = static_cast<unsigned short>(program.size() /
                                           sizeof(struct sock_filter));
    prog.filter = reinterpret_cast<struct sock_filter*>(program.data());
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
        syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
      _exit(200);
    }
    const long n = syscall(SYS_pwrite64, fd, buf, count, offset);
    _exit(n < 0 ? errno : 0);
  }
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status)) << status;
  return WEXITSTATUS(status);
}

TEST(BoundedWriteGuard, AllowsExactlyTheWritesInsideTheDevice) {
  const std::string dir =
      getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp";
  const int small = open((dir + "/small").c_str(), O_RDWR | O_CREAT, 0600);
  const int large = open((dir + "/large").c_str(), O_RDWR | O_CREAT, 0600);
  const int other = open((dir + "/other").c_str(), O_RDWR | O_CREAT, 0600);
  ASSERT_GE(small, 0);
  ASSERT_GE(large, 0);
  ASSERT_GE(other, 0);
  const uint64_t k64 = 65536;
  const uint64_t g8 = 8ull << 30;  // sums that carry into the high word
  const std::vector<PolicyConfig::BoundedWrite> w = {{small, k64}, {large, g8}};
  EXPECT_EQ(GuardedWrite(w, small, 4096, k64 - 4096), 0);  // the last 4 KiB
  EXPECT_EQ(GuardedWrite(w, small, 65536, 0), 0);          // all of it
  EXPECT_EQ(GuardedWrite(w, small, 0, k64), 0);            // nothing, at end
  EXPECT_EQ(GuardedWrite(w, small, 4096, k64 - 4095), EPERM);     // across
  EXPECT_EQ(GuardedWrite(w, small, 1, k64), EPERM);               // past
  EXPECT_EQ(GuardedWrite(w, small, 1, ~0ull), EPERM);             // negative
  EXPECT_EQ(GuardedWrite(w, small, (1ull << 32) + 1, 0), EPERM);  // 4 GiB+
  EXPECT_EQ(GuardedWrite(w, large, 2, 0xffffffffull), 0);  // carry, inside
  EXPECT_EQ(GuardedWrite(w, large, 2, g8 - 2), 0);         // carry, at end
  EXPECT_EQ(GuardedWrite(w, large, 3, g8 - 2), EPERM);
  EXPECT_EQ(GuardedWrite(w, large, 2, (4ull << 32) - 1), EPERM);  // 2nd word
  EXPECT_EQ(GuardedWrite(w, other, 1, 0), EPERM);   // not a bounded descriptor
  EXPECT_EQ(GuardedWrite({}, small, 1, 0), EPERM);  // no guard: the program
  // As many bounded descriptors as the launcher allows (kMaxBlockGrants),
  // the one written last: the guard spans far more than a conditional
  // jump reaches.
  std::vector<PolicyConfig::BoundedWrite> many;
  for (size_t i = 1; i < kMaxBlockGrants; ++i)
    many.push_back({static_cast<int>(1000 + i), 512});
  many.push_back({small, k64});
  EXPECT_EQ(GuardedWrite(many, small, 4096, k64 - 4096), 0);
  EXPECT_EQ(GuardedWrite(many, small, 4096, k64 - 4095), EPERM);
  EXPECT_EQ(GuardedWrite(many, other, 1, 0), EPERM);
  struct stat st;
  ASSERT_EQ(fstat(small, &st), 0);
  EXPECT_EQ(static_cast<uint64_t>(st.st_size), k64);
  ASSERT_EQ(fstat(large, &st), 0);
  EXPECT_EQ(static_cast<uint64_t>(st.st_size), g8);
  ASSERT_EQ(fstat(other, &st), 0);
  EXPECT_EQ(st.st_size, 0);
  close(small);
  close(large);
  close(other);
}

TEST(SeccompPolicy, SyscallNames) {
  EXPECT_EQ(SyscallName(seccomp_syscall_resolve_name("openat")), "openat");
  EXPECT_EQ(SyscallName(99999), "syscall 99999");
}

}  // namespace
}  // namespace hcall::launcher
