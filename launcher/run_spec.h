// launcher/run_spec.h -- `hcall run`'s command line, parsed and checked
// into a RunSpec. No file is touched here (grants.h opens the paths).
#ifndef HCALL_LAUNCHER_RUN_SPEC_H_
#define HCALL_LAUNCHER_RUN_SPEC_H_

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace hcall::launcher {

enum class Access {
  kReadOnly,           // ":ro" (the default): opened O_RDONLY
  kReadWrite,          // ":rw": opened O_RDWR; must exist
  kReadWriteCreate,    // ":rwc": opened O_RDWR|O_CREAT (mode 0600); files only
  kReadWriteTruncate,  // ":rwt": as ":rwc", and emptied when the image is
                       // about to run; regular files only
};

enum class SandboxMode { kStrict, kAudit, kOff };

struct GrantSpec {
  std::string name;       // manifest name
  std::string host_path;  // as given
  Access access = Access::kReadOnly;
  bool is_block = false;  // --block (else --file)
  std::string flag;       // "--file data=/x:ro", for messages
};

// The names of the console grants every image gets (descriptors 0, 1, 2).
inline constexpr const char* kConsoleNames[3] = {"stdin", "stdout", "stderr"};

inline constexpr uint64_t kDefaultMemoryBytes = 64ull << 20;
// HC_DETERMINISTIC's default seed ("hcall-01"), used by a bare
// --deterministic.
// Most --file and --block grants one run may have. The seccomp filter has
// rules per granted descriptor and the kernel caps a filter at 4096
// instructions; 128 of any mix fits (about 190 files do not).
inline constexpr size_t kMaxGrants = 128;
// Most --block grants: each adds about 30 instructions to the filter's
// bounded-write guard (seccomp_policy.h, BoundedWriteGuard), on top of its
// rules, within the kernel's 4096.
inline constexpr size_t kMaxBlockGrants = 16;

inline constexpr uint64_t kDefaultSeed = 0x6863616c6c2d3031ull;

struct RunSpec {
  std::string image;              // path of the image
  std::vector<std::string> args;  // arguments after IMAGE (argv[1..])
  // Grants in manifest order: every --file in command-line order, then
  // every --block in command-line order.
  std::vector<GrantSpec> grants;
  std::vector<std::pair<std::string, std::string>> env;  // --env, in order
  uint64_t memory_bytes = kDefaultMemoryBytes;
  bool deterministic = false;
  uint64_t seed = 0;  // valid if deterministic
  SandboxMode sandbox = SandboxMode::kStrict;
  absl::Duration timeout = absl::ZeroDuration();  // zero: none
  bool print_command = false;
  bool allow_exec_pages = false;  // executable pages after start (native)
  std::string platform;           // --platform, or ""
  std::string qemu_dir;           // --qemu_dir, or "" for $PATH
};

// Flag values as Abseil parsed them (main.cc fills this).
struct RawFlags {
  std::vector<std::string> files;   // --file
  std::vector<std::string> blocks;  // --block
  std::vector<std::string> env;     // --env
  std::string memory = "64M";
  std::string deterministic;  // "" = off, "default" or a seed
  std::string sandbox = "strict";
  absl::Duration timeout = absl::ZeroDuration();
  bool print_command = false;
  bool allow_exec_pages = false;
  std::string platform;
  std::string qemu_dir;
};

// "NAME=HOSTPATH[:ro|:rw|:rwc|:rwt]" of --file (is_block false) or --block.
// kExitUsage if malformed.
absl::StatusOr<GrantSpec> ParseGrant(absl::string_view text, bool is_block);

// "64M", "1G", "512K", "4096" (bytes; K/M/G are powers of 1024, an optional
// trailing "B" or "iB" is accepted). kExitUsage if malformed, zero, or
// above 1 TiB.
absl::StatusOr<uint64_t> ParseSize(absl::string_view text);

// Decimal or 0x-hexadecimal 64-bit seed. kExitUsage if malformed.
absl::StatusOr<uint64_t> ParseSeed(absl::string_view text);

// Checks every flag and builds the spec; kExitUsage for a malformed value,
// kExitDuplicateName when two grants (or a grant and a console name)
// share a name.
absl::StatusOr<RunSpec> BuildRunSpec(const RawFlags& flags,
                                     const std::string& image,
                                     const std::vector<std::string>& args);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_RUN_SPEC_H_
