// launcher/isolation.h -- the kernel's isolation layers around a Linux
// image, besides the seccomp filter (seccomp_policy.h):
//
//   namespaces  user, mount, pid, net, ipc, uts (one clone(2) in runner.cc).
//               The mount namespace gets an empty read-only root (tmpfs)
//               holding only what QEMU needs to start: nothing for a
//               native image (exec'd by descriptor), for qemu-user its ELF
//               interpreter, its shared libraries and the image at
//               kRootImage (no /proc, no /dev, no /tmp).
//   Landlock    file access: nothing but reading and executing the
//               executable (and for qemu-user reading its interpreter,
//               libraries and the image); no TCP bind/connect (ABI 4);
//               signals and abstract UNIX sockets scoped to the image's
//               own domain (ABI 6).
//   no_new_privs, then the seccomp filter.
//
// Each layer the running kernel lacks is reported once on stderr, and the
// launch goes on with the others. The child-side functions run between
// fork and exec: they return false with errno set and (*step) naming the
// call that failed.
#ifndef HCALL_LAUNCHER_ISOLATION_H_
#define HCALL_LAUNCHER_ISOLATION_H_

#include <stdint.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace hcall::launcher {

// Where a qemu-user image is in its own root.
inline constexpr const char* kRootImage = "/image";

// The namespaces every sandboxed Linux image gets.
int NamespaceCloneFlags();

// The Landlock ABI of the running kernel (0: none).
int LandlockAbi();

// Whether this kernel lets the launcher create the namespaces (asked by a
// short-lived child, for --print-command); (*why) says why not.
bool NamespacesAvailable(std::string* why);

// "namespaces (user, mount, pid, net, ipc, uts), landlock ABI 7 (files,
// tcp, signal and abstract-socket scoping), no_new_privs, seccomp" for
// the layers in force.
std::string DescribeLayers(bool namespaces, int landlock_abi);

// Prints, once each, the layers missing from (namespaces, landlock_abi),
// with (why_no_namespaces).
void ReportMissingLayers(bool namespaces, const std::string& why_no_namespaces,
                         int landlock_abi);

// ---- child side (between fork and exec) ----------------------------------

// Maps the launcher's (uid, gid) to an unprivileged id inside the new user
// namespace (the same id, or 65534 for root), so that the image holds no
// capability after its exec.
bool WriteIdMaps(uid_t outer_uid, gid_t outer_gid, const char** step);

// A host file shown in the image's root: (source) its host path, (fd) a
// descriptor the launcher opened it with (the file bound must still be
// that one), (path) where it appears.
struct RootFile {
  int fd;
  std::string source;
  std::string path;
};

// Makes the empty read-only root with (files) bound in, and enters it.
// No /proc: qemu-user starts without it (it falls back when it cannot read
// /proc/self/maps or /proc/sys/vm/mmap_min_addr).
bool EnterNewRoot(const std::vector<RootFile>& files, const char** step);

// A Landlock rule: (fd) a descriptor of a file, (execute) besides read.
struct LandlockRule {
  int fd;
  bool execute;
};

// Restricts the calling process with Landlock at (abi) >= 1: files only as
// (rules) allow, no TCP, scoped signals and abstract sockets.
bool RestrictWithLandlock(int abi, const std::vector<LandlockRule>& rules,
                          const char** step);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_ISOLATION_H_
