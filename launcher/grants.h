// launcher/grants.h -- opening what `hcall run` grants, and the boot
// manifest that describes it to the image.
//
// The launcher opens every granted host path itself (the image never names
// a host path): :ro with O_RDONLY, :rw with O_RDWR, :rwc and :rwt with
// O_RDWR when the file exists. A missing :rwc or :rwt file is created (mode
// 0600) only by CreatePendingGrants, once every grant is open and the image
// is about to run, with O_EXCL|O_NOFOLLOW: never through a symbolic link.
// Nothing else is ever created. An existing :rwt file (a regular file only)
// is emptied at that same moment, never for --print-command.
// A file grant must be a regular file or a character device; a block grant
// a regular file or a block device whose size is a positive multiple of
// its block size (BLKSSZGET for a device, 512 for a file).
#ifndef HCALL_LAUNCHER_GRANTS_H_
#define HCALL_LAUNCHER_GRANTS_H_

#include <stdint.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "launcher/run_spec.h"
#include "launcher/seccomp_policy.h"

namespace hcall::launcher {

inline constexpr uint32_t kFileBlockSize = 512;  // block size of a file
                                                 // granted with --block
// Descriptor of the first grant in the image; grant i gets kFirstGrantFd+i.
inline constexpr int kFirstGrantFd = 3;
inline constexpr uint32_t kManifestMaxDescriptors = 64;

struct OpenedGrant {
  GrantSpec spec;
  int host_fd = -1;   // the launcher's descriptor (O_CLOEXEC)
  int image_fd = -1;  // the descriptor number the image sees
  bool is_char_device = false;
  uint64_t size = 0;              // blocks: bytes
  uint32_t block_size = 0;        // blocks: sector size
  bool create_pending = false;    // :rwc/:rwt of a missing file: not open yet
  bool truncate_pending = false;  // :rwt of an existing file: not emptied yet
};

// Owns the descriptors it opened; closes them when destroyed.
class OpenedGrants {
 public:
  OpenedGrants() = default;
  OpenedGrants(const OpenedGrants&) = delete;
  OpenedGrants& operator=(const OpenedGrants&) = delete;
  OpenedGrants(OpenedGrants&&) = default;
  OpenedGrants& operator=(OpenedGrants&&) = default;
  ~OpenedGrants();
  // Removes the files CreatePendingGrants created, if still empty: for a
  // launch that failed before the image ran.
  void RemoveCreated();
  std::vector<OpenedGrant> grants;
  std::vector<std::string> created;  // host paths created for this run
};

// Opens every grant of (spec) in manifest order. Errors name the flag:
// kExitNoInput ("--file data=/nope: No such file or directory"),
// kExitNotAFile (a directory, FIFO or socket), kExitBadBlockSize.
absl::StatusOr<OpenedGrants> OpenGrants(const RunSpec& spec);

// Creates and opens the :rwc and :rwt files OpenGrants found missing, and
// empties the existing :rwt files (ftruncate to 0). kExitNoInput if one
// cannot be created or emptied, or appeared meanwhile (the launcher creates
// only what it owns: an existing path, or a link, is not replaced).
absl::Status CreatePendingGrants(OpenedGrants* grants);

// The seccomp rules (module "grant") that let an image use grant (g) in
// (profile): read and pread64 (natively; qemu reads through its own
// rules), and for :rw write, pwrite64 and fsync, plus natively hc_stat,
// hc_isatty and F_GETFL on it and the block-size ioctls of a block grant.
// A block grant is written only with pwrite64 (never write, writev or
// pwritev, whose position seccomp cannot see), and only inside the device:
// GrantBoundedWrite gives its descriptor and size to the filter's guard
// (seccomp_policy.h, BoundedWriteGuard), which checks offset + count <=
// size. So an image cannot grow a block file.
std::vector<SeccompRule> GrantSandboxRules(const OpenedGrant& g,
                                           Profile profile,
                                           bool statx_null_path);

// Whether grant (g) is written only through the bounded-write guard (a :rw
// block grant), and if so its descriptor in the image and its size.
bool GrantBoundedWrite(const OpenedGrant& g, PolicyConfig::BoundedWrite* w);

// The boot manifest (capability/MANIFEST.md) for (grants): the console as
// stdin/stdout/stderr preopened at 0/1/2, then every grant by name with
// handle image_fd (not preopened), ro -> READ|PREAD|STAT, rw -> all six
// rights; limits: 64 descriptors, (memory_bytes) mappable. Validated with
// write_manifest(); kExitInternal if it is rejected.
absl::StatusOr<std::string> BuildManifest(
    const std::vector<OpenedGrant>& grants, uint64_t memory_bytes);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_GRANTS_H_
