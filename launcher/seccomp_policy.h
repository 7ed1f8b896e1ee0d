// launcher/seccomp_policy.h -- the seccomp filters the launcher puts on an
// image, built with libseccomp.
//
// Two profiles:
//   kNativeImage  a Linux image of the host's CPU, running directly. Allows
//                 exactly the system calls of the Linux backend
//                 (hypercall/linux/*.cc), each with argument constraints:
//                 I/O only on granted descriptors, anonymous private
//                 mappings never writable-and-executable, clocks by id,
//                 SIGABRT to itself, plus the launcher's own exec.
//   kQemuUser     qemu-user running a foreign-CPU image. qemu itself needs
//                 far more (see launcher/README.md, "Sandbox under
//                 qemu-user"); the profile keeps what matters: no network,
//                 no exec but the launcher's own, no fork (threads only),
//                 no ptrace, no signals to other processes, files opened
//                 read-only only, writes only to granted descriptors.
//
// The default action is SECCOMP_RET_KILL_PROCESS (strict) or
// SECCOMP_RET_USER_NOTIF (audit: the launcher answers every forbidden call
// with EPERM and reports it). Calls of another architecture (x32, i386 via
// int 0x80) always kill.
//
// Each module (boot, console, memory, clock, process, random, qemu here;
// grant in grants.cc) gives its own rules as data (SeccompRule); they are
// added in one loop, which fails loudly with the rule's description, e.g.
// "seccomp rule grant: write(a0 == 0x5) -> allow: Invalid argument".
#ifndef HCALL_LAUNCHER_SECCOMP_POLICY_H_
#define HCALL_LAUNCHER_SECCOMP_POLICY_H_

#include <seccomp.h>
#include <stdint.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "launcher/run_spec.h"

namespace hcall::launcher {

enum class Profile { kNativeImage, kQemuUser };

// One rule as data: (module) names who added it (boot, console, memory,
// clock, process, random, qemu, grant).
struct SeccompRule {
  const char* module;
  const char* syscall;
  uint32_t action;
  std::vector<struct scmp_arg_cmp> args;
  bool optional = false;  // skipped where the host has no such call
};

// Argument constraints for the modules' rules: a(arg) == value, != value,
// <= value, (a(arg) & mask) == value.
struct scmp_arg_cmp ArgEq(unsigned arg, uint64_t value);
struct scmp_arg_cmp ArgNe(unsigned arg, uint64_t value);
struct scmp_arg_cmp ArgLe(unsigned arg, uint64_t value);
struct scmp_arg_cmp ArgMasked(unsigned arg, uint64_t mask, uint64_t value);

// statx(fd, path, AT_EMPTY_PATH, ..): hc_stat of (fd). With a path the
// call would stat that host path (an absolute one whatever fd is); where
// the kernel takes NULL (6.11+, (null_path)) the path must be NULL, before
// that it goes unchecked (launcher/README.md, "Residual").
std::vector<struct scmp_arg_cmp> StatxEmptyPathArgs(uint64_t fd,
                                                    bool null_path);

struct PolicyConfig {
  Profile profile = Profile::kNativeImage;
  SandboxMode mode = SandboxMode::kStrict;  // kStrict or kAudit
  // Rules the launcher's other modules add: the grants' own
  // (grants.h, GrantSandboxRules).
  std::vector<SeccompRule> module_rules;
  // Descriptors written only inside [0, size) (the :rw block grants):
  // pwrite64 on them passes the guard BoundedWriteGuard builds, which
  // checks offset + count <= size exactly, and nothing else.
  struct BoundedWrite {
    int fd = -1;
    uint64_t size = 0;
  };
  std::vector<BoundedWrite> bounded_writes;
  int manifest_fd = -1;    // the image may close() it once
  int exec_fd = -1;        // execveat(exec_fd, exec_path, .., AT_EMPTY_PATH)
  uint64_t exec_path = 0;  // address of the launcher's "" (see runner.h)
  int sync_fd = -1;        // launcher-only, closed at exec: read()
  int report_fd = -1;      // launcher-only, closed at exec: write()
  int pid = 0;             // the image's pid (tgkill/kill target)
  // Native images: may pages become executable after exec (mmap/mprotect
  // with READ|EXEC)? Never WRITE|EXEC either way.
  bool allow_exec_pages = false;
  // The host kernel accepts statx(fd, NULL, AT_EMPTY_PATH) (Linux 6.11+):
  // then statx must pass NULL, and no image can stat a host path by name.
  bool statx_null_path = false;
};

// Whether this kernel accepts statx with a NULL path and AT_EMPTY_PATH
// (asked once, of an O_PATH descriptor of "/").
bool KernelTakesStatxNullPath();

// An owned libseccomp filter and the description of every rule in it.
class SeccompPolicy {
 public:
  explicit SeccompPolicy(scmp_filter_ctx ctx) : ctx_(ctx) {}
  ~SeccompPolicy() { seccomp_release(ctx_); }
  SeccompPolicy(const SeccompPolicy&) = delete;
  SeccompPolicy& operator=(const SeccompPolicy&) = delete;

  scmp_filter_ctx ctx() const { return ctx_; }
  // "module: call(constraints) -> action", in the order added.
  const std::vector<std::string>& rules() const { return rules_; }

  // Adds (rules) in order; the first failure is returned.
  absl::Status AddRules(const std::vector<SeccompRule>& rules);
  // Adds one rule; on failure the status names (module) and the rule.
  absl::Status AddRule(const char* module, const char* syscall, uint32_t action,
                       std::vector<struct scmp_arg_cmp> args,
                       bool optional = false);

 private:
  scmp_filter_ctx ctx_;
  std::vector<std::string> rules_;
};

absl::StatusOr<std::unique_ptr<SeccompPolicy>> BuildPolicy(
    const PolicyConfig& config);

// The filter in libseccomp's pseudo-filter-code text (for tests and
// --print-command).
absl::StatusOr<std::string> ExportPfc(const SeccompPolicy& policy);

// The filter as the raw BPF program the kernel loads (struct sock_filter
// array, 8 bytes per instruction).
absl::StatusOr<std::string> ExportBpf(const SeccompPolicy& policy);

// A classic-BPF prologue for the program ExportBpf returns (prepend it):
// a host pwrite64 on one of (writes)' descriptors with offset + count <=
// its size (64-bit sum, count below 4 GiB, offset not negative) is
// allowed; every other call falls through to the libseccomp program, which
// allows no pwrite64 on those descriptors, so it is killed (strict) or
// denied and reported (audit). libseccomp compares an argument only with a
// constant; this check needs their sum. Empty when (writes) is.
absl::StatusOr<std::string> BoundedWriteGuard(
    const std::vector<PolicyConfig::BoundedWrite>& writes);

// The name of system call (nr) of the host architecture, or "syscall N".
std::string SyscallName(long nr);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_SECCOMP_POLICY_H_
