// launcher/isolation.cc -- see isolation.h.
#include "launcher/isolation.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace hcall::launcher {
namespace {

// Landlock's constants, spelled out: Debian 12's headers stop at ABI 1.
constexpr uint64_t kFsExecute = 1ull << 0;
constexpr uint64_t kFsReadFile = 1ull << 2;
constexpr uint64_t kFsAbi1 = (1ull << 13) - 1;  // EXECUTE .. MAKE_SYM
constexpr uint64_t kFsRefer = 1ull << 13;       // ABI 2
constexpr uint64_t kFsTruncate = 1ull << 14;    // ABI 3
constexpr uint64_t kFsIoctlDev = 1ull << 15;    // ABI 5
constexpr uint64_t kNetBindTcp = 1ull << 0;     // ABI 4
constexpr uint64_t kNetConnectTcp = 1ull << 1;
constexpr uint64_t kScopeAbstractUnixSocket = 1ull << 0;  // ABI 6
constexpr uint64_t kScopeSignal = 1ull << 1;

struct RulesetAttr {
  uint64_t handled_access_fs;
  uint64_t handled_access_net;  // ABI 4
  uint64_t scoped;              // ABI 6
};

// The size of the attribute struct the kernel of (abi) knows.
size_t RulesetAttrSize(int abi) {
  if (abi >= 6) return sizeof(RulesetAttr);
  if (abi >= 4) return 2 * sizeof(uint64_t);
  return sizeof(uint64_t);
}

RulesetAttr HandledAccess(int abi) {
  RulesetAttr attr = {kFsAbi1, 0, 0};
  if (abi >= 2) attr.handled_access_fs |= kFsRefer;
  if (abi >= 3) attr.handled_access_fs |= kFsTruncate;
  if (abi >= 5) attr.handled_access_fs |= kFsIoctlDev;
  if (abi >= 4) attr.handled_access_net = kNetBindTcp | kNetConnectTcp;
  if (abi >= 6) attr.scoped = kScopeAbstractUnixSocket | kScopeSignal;
  return attr;
}

bool Fail(const char** step, const char* what) {
  *step = what;
  return false;
}

bool WriteText(const std::string& path, const std::string& text) {
  const int fd = open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok =
      write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int err = errno;
  close(fd);
  errno = err;
  return ok;
}

// mkdir -p of the directories above (path).
bool MakeParents(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    if (mkdir(path.substr(0, slash).c_str(), 0755) != 0 && errno != EEXIST) {
      return false;
    }
  }
  return true;
}

// The new root is built on a tmpfs mounted here (in the launch's own mount
// namespace only), then entered with pivot_root.
constexpr const char* kBuildDir = "/tmp";

// Opens (f.source) again in the new mount namespace (a descriptor from the
// launcher's namespace cannot be bind-mounted here), checking that it is
// still the file the launcher opened.
int OpenSource(const RootFile& f) {
  const int fd = open(f.source.c_str(), O_PATH | O_CLOEXEC);
  struct stat was, is;
  if (fd >= 0 && (fstat(f.fd, &was) != 0 || fstat(fd, &is) != 0 ||
                  was.st_dev != is.st_dev || was.st_ino != is.st_ino)) {
    close(fd);
    errno = ESTALE;
    return -1;
  }
  return fd;
}

bool BindFile(const RootFile& f, int source_fd) {
  const std::string target = absl::StrCat(kBuildDir, f.path);
  if (!MakeParents(target)) return false;
  const int fd = open(target.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0444);
  if (fd < 0) return false;
  close(fd);
  const std::string source = absl::StrCat("/proc/self/fd/", source_fd);
  return mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) == 0;
}

}  // namespace

int NamespaceCloneFlags() {
  return CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
         CLONE_NEWIPC | CLONE_NEWUTS;
}

int LandlockAbi() {
  const long abi = syscall(SYS_landlock_create_ruleset, nullptr, 0,
                           LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

bool NamespacesAvailable(std::string* why) {
  const pid_t pid = fork();
  if (pid < 0) {
    *why = absl::StrCat("fork: ", strerror(errno));
    return false;
  }
  if (pid == 0) _exit(unshare(NamespaceCloneFlags()) == 0 ? 0 : errno);
  int st = 0;
  while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return true;
  *why = absl::StrCat("unshare: ", WIFEXITED(st) ? strerror(WEXITSTATUS(st))
                                                 : "the probe died");
  return false;
}

std::string DescribeLayers(bool namespaces, int landlock_abi) {
  std::string out;
  if (namespaces) out = "namespaces (user, mount, pid, net, ipc, uts), ";
  if (landlock_abi >= 1) {
    absl::StrAppend(&out, "landlock ABI ", landlock_abi, " (files");
    if (landlock_abi >= 4) absl::StrAppend(&out, ", tcp");
    if (landlock_abi >= 6) {
      absl::StrAppend(&out, ", signal and abstract-socket scoping");
    }
    absl::StrAppend(&out, "), ");
  }
  absl::StrAppend(&out, "no_new_privs, seccomp");
  return out;
}

void ReportMissingLayers(bool namespaces, const std::string& why_no_namespaces,
                         int landlock_abi) {
  if (!namespaces) {
    fprintf(stderr,
            "hcall: sandbox: no namespaces on this host (%s); the image "
            "shares the launcher's root, processes and network, guarded by "
            "Landlock and seccomp only\n",
            why_no_namespaces.c_str());
  }
  if (landlock_abi < 1) {
    fprintf(stderr,
            "hcall: sandbox: this kernel has no Landlock; host files are "
            "guarded by the namespaces and seccomp only\n");
  } else if (landlock_abi < 6) {
    fprintf(stderr,
            "hcall: sandbox: Landlock ABI %d has no signal or "
            "abstract-socket scoping (ABI 6, Linux 6.12)%s\n",
            landlock_abi, landlock_abi < 4 ? " and no TCP rules (ABI 4)" : "");
  }
}

bool WriteIdMaps(uid_t outer_uid, gid_t outer_gid, const char** step) {
  const uid_t inner_uid = outer_uid == 0 ? 65534 : outer_uid;
  const gid_t inner_gid = outer_gid == 0 ? 65534 : outer_gid;
  if (!WriteText("/proc/self/setgroups", "deny")) {
    return Fail(step, "writing /proc/self/setgroups");
  }
  if (!WriteText("/proc/self/uid_map",
                 absl::StrCat(inner_uid, " ", outer_uid, " 1\n"))) {
    return Fail(step, "writing /proc/self/uid_map");
  }
  if (!WriteText("/proc/self/gid_map",
                 absl::StrCat(inner_gid, " ", outer_gid, " 1\n"))) {
    return Fail(step, "writing /proc/self/gid_map");
  }
  return true;
}

bool EnterNewRoot(const std::vector<RootFile>& files, const char** step) {
  if (mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    return Fail(step, "mount --make-rprivate /");
  }
  std::vector<int> sources;
  for (const RootFile& f : files) {
    sources.push_back(OpenSource(f));
    if (sources.back() < 0) return Fail(step, "opening a file for the root");
  }
  if (mount("tmpfs", kBuildDir, "tmpfs", MS_NOSUID | MS_NODEV,
            "mode=0755,size=64k") != 0) {
    return Fail(step, "mount tmpfs (the image's root)");
  }
  for (size_t i = 0; i < files.size(); ++i) {
    if (!BindFile(files[i], sources[i])) {
      return Fail(step, "bind-mounting a file into the root");
    }
    close(sources[i]);
  }
  if (chdir(kBuildDir) != 0) return Fail(step, "chdir (the image's root)");
  if (syscall(SYS_pivot_root, ".", ".") != 0) return Fail(step, "pivot_root");
  if (umount2(".", MNT_DETACH) != 0) return Fail(step, "umount2 (old root)");
  if (chdir("/") != 0) return Fail(step, "chdir /");
  if (mount(nullptr, "/", nullptr,
            MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
            nullptr) != 0) {
    return Fail(step, "remounting the image's root read-only");
  }
  return true;
}

bool RestrictWithLandlock(int abi, const std::vector<LandlockRule>& rules,
                          const char** step) {
  RulesetAttr attr = HandledAccess(abi);
  const int rs = static_cast<int>(
      syscall(SYS_landlock_create_ruleset, &attr, RulesetAttrSize(abi), 0));
  if (rs < 0) return Fail(step, "landlock_create_ruleset");
  for (const LandlockRule& r : rules) {
    struct landlock_path_beneath_attr rule = {};
    rule.allowed_access = kFsReadFile | (r.execute ? kFsExecute : 0);
    rule.parent_fd = r.fd;
    if (syscall(SYS_landlock_add_rule, rs, LANDLOCK_RULE_PATH_BENEATH, &rule,
                0) != 0) {
      close(rs);
      return Fail(step, "landlock_add_rule");
    }
  }
  const bool ok = syscall(SYS_landlock_restrict_self, rs, 0) == 0;
  const int err = errno;
  close(rs);
  errno = err;
  return ok || Fail(step, "landlock_restrict_self");
}

}  // namespace hcall::launcher
