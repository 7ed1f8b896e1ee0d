// launcher/grants.cc -- see grants.h.
#include "launcher/grants.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

namespace cap = ::hcall::cap;

absl::Status Fail(int code, const GrantSpec& g, absl::string_view why) {
  return LaunchError(code, absl::StrCat(g.flag, ": ", why));
}

absl::Status CheckOpened(const GrantSpec& g, int fd, OpenedGrant* out);

absl::Status OpenOne(const GrantSpec& g, OpenedGrant* out) {
  int flags = O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  flags |= g.access == Access::kReadOnly ? O_RDONLY : O_RDWR;
  const int fd = open(g.host_path.c_str(), flags);
  if (fd < 0) {
    const int err = errno;
    struct stat st;
    if (err == ENOENT && (g.access == Access::kReadWriteCreate ||
                          g.access == Access::kReadWriteTruncate)) {
      if (lstat(g.host_path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
        return Fail(
            kExitNoInput, g,
            absl::StrCat("is a symbolic link to a missing file; ",
                         g.access == Access::kReadWriteCreate ? ":rwc" : ":rwt",
                         " creates files only where no link points"));
      }
      out->create_pending = true;  // CreatePendingGrants, just before exec
      return absl::OkStatus();
    }
    if (err == ENXIO && stat(g.host_path.c_str(), &st) == 0 &&
        S_ISSOCK(st.st_mode)) {
      return Fail(
          kExitNotAFile, g,
          absl::StrCat("is a socket; a ", g.is_block ? "block device" : "file",
                       " is needed"));
    }
    if (err == EISDIR) {
      return Fail(
          kExitNotAFile, g,
          absl::StrCat("is a directory; a ",
                       g.is_block ? "block device" : "file", " is needed"));
    }
    return Fail(kExitNoInput, g, strerror(err));
  }
  return CheckOpened(g, fd, out);
}

// Checks the type (and for blocks the size) of the grant open at (fd), which
// (out) owns from here on.
absl::Status CheckOpened(const GrantSpec& g, int fd, OpenedGrant* out) {
  out->host_fd = fd;
  struct stat st;
  if (fstat(fd, &st) != 0) return Fail(kExitNoInput, g, strerror(errno));
  const bool reg = S_ISREG(st.st_mode);
  const bool blk = S_ISBLK(st.st_mode);
  const bool chr = S_ISCHR(st.st_mode);
  if (S_ISDIR(st.st_mode)) {
    return Fail(
        kExitNotAFile, g,
        absl::StrCat("is a directory; a ", g.is_block ? "block device" : "file",
                     " is needed"));
  }
  if (g.is_block ? !(reg || blk) : !(reg || chr)) {
    return Fail(kExitNotAFile, g,
                g.is_block ? "is neither a regular file nor a block device"
                           : "is neither a regular file nor a character "
                             "device");
  }
  // O_NONBLOCK only kept the open from hanging; the image gets a blocking
  // descriptor.
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
    return Fail(kExitInternal, g, strerror(errno));
  }
  out->is_char_device = chr;
  if (g.access == Access::kReadWriteTruncate) {
    if (!reg) {
      return Fail(kExitNotAFile, g,
                  "is a character device; :rwt empties regular files only "
                  "(use :rw)");
    }
    out->truncate_pending = true;  // CreatePendingGrants, just before exec
  }
  if (g.is_block) {
    uint64_t size = static_cast<uint64_t>(st.st_size);
    uint32_t block_size = kFileBlockSize;
    if (blk) {
      int sector = 0;
      if (ioctl(fd, BLKGETSIZE64, &size) != 0 ||
          ioctl(fd, BLKSSZGET, &sector) != 0) {
        return Fail(kExitNoInput, g, strerror(errno));
      }
      block_size = static_cast<uint32_t>(sector);
    }
    if (size == 0 || size % block_size != 0) {
      return Fail(kExitBadBlockSize, g,
                  absl::StrCat("size ", size,
                               " bytes is not a positive multiple of the "
                               "block size ",
                               block_size));
    }
    out->size = size;
    out->block_size = block_size;
  }
  return absl::OkStatus();
}

}  // namespace

OpenedGrants::~OpenedGrants() {
  for (const OpenedGrant& g : grants) {
    if (g.host_fd >= 0) close(g.host_fd);
  }
}

void OpenedGrants::RemoveCreated() {
  for (const std::string& path : created) {
    struct stat st;
    if (lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        st.st_size == 0) {
      unlink(path.c_str());
    }
  }
  created.clear();
}

absl::Status CreatePendingGrants(OpenedGrants* grants) {
  for (OpenedGrant& g : grants->grants) {
    if (!g.create_pending) continue;
    const int fd = open(g.spec.host_path.c_str(),
                        O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
                            O_NOCTTY | O_NONBLOCK,
                        0600);
    if (fd < 0) {
      const int err = errno;
      return Fail(kExitNoInput, g.spec,
                  err == EEXIST ? "appeared while hcall was starting; not "
                                  "replaced (run again to use it)"
                                : strerror(err));
    }
    g.create_pending = false;
    grants->created.push_back(g.spec.host_path);
    absl::Status s = CheckOpened(g.spec, fd, &g);
    if (!s.ok()) return s;
    g.truncate_pending = false;  // created empty
  }
  // Emptied only once every file that had to be created was: a failure
  // above leaves the existing :rwt files as they were.
  for (OpenedGrant& g : grants->grants) {
    if (!g.truncate_pending) continue;
    if (ftruncate(g.host_fd, 0) != 0) {
      return Fail(kExitNoInput, g.spec,
                  absl::StrCat("cannot be emptied: ", strerror(errno)));
    }
    g.truncate_pending = false;
  }
  return absl::OkStatus();
}

absl::StatusOr<OpenedGrants> OpenGrants(const RunSpec& spec) {
  OpenedGrants opened;
  int next = kFirstGrantFd;
  for (const GrantSpec& g : spec.grants) {
    opened.grants.emplace_back();
    OpenedGrant& og = opened.grants.back();
    og.spec = g;
    og.image_fd = next++;
    absl::Status s = OpenOne(g, &og);
    if (!s.ok()) return s;
  }
  return opened;
}

namespace {

SeccompRule GrantRule(const char* call, std::vector<struct scmp_arg_cmp> args) {
  return {"grant", call, SCMP_ACT_ALLOW, std::move(args)};
}

}  // namespace

bool GrantBoundedWrite(const OpenedGrant& g, PolicyConfig::BoundedWrite* w) {
  if (!g.spec.is_block || g.spec.access == Access::kReadOnly) return false;
  w->fd = g.image_fd;
  w->size = g.size;
  return true;
}

std::vector<SeccompRule> GrantSandboxRules(const OpenedGrant& g,
                                           Profile profile,
                                           bool statx_null_path) {
  const uint64_t fd = static_cast<uint64_t>(g.image_fd);
  const bool native = profile == Profile::kNativeImage;
  const bool writable = g.spec.access != Access::kReadOnly;
  const bool block = g.spec.is_block;
  std::vector<SeccompRule> rules;
  if (native) {
    rules.push_back(GrantRule("read", {ArgEq(0, fd)}));
    rules.push_back(GrantRule("pread64", {ArgEq(0, fd)}));
  }
  std::vector<const char*> writes;
  if (writable && !block) writes = {"write", "pwrite64"};
  if (writable && !block && !native) {
    writes.push_back("writev");
    writes.push_back("pwritev");
  }
  if (writable) writes.push_back("fsync");
  for (const char* call : writes)
    rules.push_back(GrantRule(call, {ArgEq(0, fd)}));
  if (!native) return rules;
  // hc_stat: statx(fd, NULL, AT_EMPTY_PATH, mask, buf); hc_isatty:
  // ioctl(fd, TCGETS); the error path of hc_read/hc_write: F_GETFL.
  rules.push_back(GrantRule("statx", StatxEmptyPathArgs(fd, statx_null_path)));
  rules.push_back(GrantRule("ioctl", {ArgEq(0, fd), ArgEq(1, TCGETS)}));
  rules.push_back(GrantRule("fcntl", {ArgEq(0, fd), ArgEq(1, F_GETFL)}));
  if (block) {
    // hc_stat of a block device: its size and sector size.
    for (uint64_t request : {uint64_t{BLKGETSIZE64}, uint64_t{BLKSSZGET}}) {
      rules.push_back(GrantRule("ioctl", {ArgEq(0, fd), ArgEq(1, request)}));
    }
  }
  return rules;
}

absl::StatusOr<std::string> BuildManifest(
    const std::vector<OpenedGrant>& grants, uint64_t memory_bytes) {
  std::vector<cap::Grant> entries;
  const cap::Rights console_rights[3] = {cap::kRightRead | cap::kRightStat,
                                         cap::kRightWrite | cap::kRightStat,
                                         cap::kRightWrite | cap::kRightStat};
  for (uint32_t i = 0; i < 3; ++i) {
    cap::Grant c{};
    c.name = kConsoleNames[i];
    c.name_len = static_cast<uint32_t>(strlen(kConsoleNames[i]));
    c.kind = cap::kKindConsole;
    c.rights = console_rights[i];
    c.handle = static_cast<hc_handle_t>(i);
    c.preopen_fd = i;
    // A terminal reaches the image through the console relay, as a pipe
    // (console.h); the image's isatty() still says 1 (line-buffered stdout).
    if (isatty(static_cast<int>(i))) c.flags = cap::kEntryTerminal;
    entries.push_back(c);
  }
  for (const OpenedGrant& g : grants) {
    cap::Grant e{};
    e.name = g.spec.name.data();
    e.name_len = static_cast<uint32_t>(g.spec.name.size());
    e.kind = g.spec.is_block ? cap::kKindBlock : cap::kKindFile;
    e.rights = cap::kRightRead | cap::kRightPread | cap::kRightStat;
    if (g.spec.access != Access::kReadOnly) {
      e.rights |= cap::kRightWrite | cap::kRightPwrite | cap::kRightFsync;
    }
    e.handle = g.image_fd;
    e.preopen_fd = cap::kNoPreopen;
    e.size = g.spec.is_block ? g.size : 0;
    e.block_size = g.spec.is_block ? g.block_size : 0;
    entries.push_back(e);
  }
  cap::ManifestLimits limits{};
  limits.max_descriptors = kManifestMaxDescriptors;
  limits.max_mapped_bytes = memory_bytes;
  const size_t size = cap::manifest_size(entries.data(), entries.size());
  std::string bytes(size, '\0');
  cap::ManifestError err{};
  const int64_t n = cap::write_manifest(limits, entries.data(), entries.size(),
                                        bytes.data(), bytes.size(), &err);
  if (n < 0) {
    return LaunchError(kExitUsage,
                       absl::StrCat("the grants make a manifest the image "
                                    "would reject: ",
                                    err.message));
  }
  bytes.resize(static_cast<size_t>(n));
  return bytes;
}

}  // namespace hcall::launcher
