// launcher/command.h -- the command lines `hcall run` executes: qemu-system
// for bare-metal images, qemu-user for foreign-CPU Linux images, and the
// text --print-command shows.
#ifndef HCALL_LAUNCHER_COMMAND_H_
#define HCALL_LAUNCHER_COMMAND_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "launcher/grants.h"
#include "launcher/platform.h"
#include "launcher/run_spec.h"

namespace hcall::launcher {

// The QEMU binary for (platform): (qemu_dir)/NAME if qemu_dir is set, else
// the first NAME on $PATH. kExitNoQemu if there is none.
absl::StatusOr<std::string> FindQemu(const Platform& platform,
                                     const std::string& qemu_dir,
                                     absl::string_view image_name);

// === How a bare-metal image receives its arguments and its manifest. ===
// The one place that encodes hypercall/baremetal/README.md's "Launcher
// contract (bare metal)": everything goes through QEMU's fw_cfg, each blob
// from a sealed memfd the launcher hands QEMU at a fixed descriptor:
//   -fw_cfg name=opt/hcall/manifest,file=/dev/fd/3   the boot manifest
//   -fw_cfg name=opt/hcall/args,file=/dev/fd/4       argv[0] (IMAGE as
//                                                    given) and ARGS, each
//                                                    NUL-terminated
//   -fw_cfg name=opt/hcall/env,file=/dev/fd/5        every --env K=V,
//                                                    NUL-terminated (only
//                                                    with --env)
//   -fw_cfg name=opt/hcall/seed,string=SEED          --deterministic
// Block devices are handles 3, 4, ... in the order of their -device
// options, which is the manifest order; the backend supports 8.
inline constexpr int kBaremetalManifestFd = 3;
inline constexpr int kBaremetalArgsFd = 4;
inline constexpr int kBaremetalEnvFd = 5;
inline constexpr int kBaremetalMaxBlocks = 8;

struct BaremetalBoot {
  std::vector<std::string> qemu_args;
  // Bytes QEMU must find at each descriptor.
  std::vector<std::pair<int, std::string>> blobs;
};

BaremetalBoot BaremetalBootArgs(const RunSpec& spec,
                                const std::string& manifest);

// The full qemu-system command for a bare-metal image (argv, [0] = qemu):
// the platform's machine arguments from platforms.bzl with -m from
// --memory, -kernel IMAGE, one virtio-blk device per --block in manifest
// order (readonly=on for :ro), a virtio-rng device, the boot arguments,
// and QEMU's own seccomp sandbox (-sandbox on,...) unless --sandbox=off.
// (boot) is BaremetalBootArgs()'s result.
absl::StatusOr<std::vector<std::string>> ComposeQemuSystem(
    const RunSpec& spec, const Platform& platform, const std::string& qemu,
    const std::string& image_path, const std::vector<OpenedGrant>& grants,
    const BaremetalBoot& boot);

// Quotes (argv) for a POSIX shell, joined by spaces.
std::string ShellJoin(const std::vector<std::string>& argv);

// "64M" for 64 MiB, "1G", or bytes: QEMU's -m syntax.
std::string QemuMemory(uint64_t bytes);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_COMMAND_H_
