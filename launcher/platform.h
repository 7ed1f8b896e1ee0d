// launcher/platform.h -- the six hcall platforms as the launcher sees them.
//
// Mirrors HC_PLATFORMS in platforms/platforms.bzl (machine, QEMU binary and
// arguments, how the exit status comes back). platform_test.cc checks the
// QEMU arguments against that file, so the two cannot drift apart.
#ifndef HCALL_LAUNCHER_PLATFORM_H_
#define HCALL_LAUNCHER_PLATFORM_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace hcall::launcher {

enum class Os { kLinux, kBaremetal };
enum class Cpu { kX86_64, kAarch64, kArm };
enum class Runner { kNative, kQemuUser, kQemuSystem };
enum class ExitDecode { kIdentity, kDebugExit };

struct Platform {
  const char* name;  // "linux_x86_64", ... as in platforms.bzl
  Os os;
  Cpu cpu;
  const char* qemu;  // QEMU binary (user or system mode); "" if none
  std::vector<std::string> qemu_args;  // qemu-system machine arguments
  ExitDecode exit_decode;
};

// Every platform, in the order of platforms.bzl.
const std::vector<Platform>& AllPlatforms();

// The platform named (name), or nullptr.
const Platform* FindPlatform(absl::string_view name);

// The platform of (os, cpu); never null.
const Platform& PlatformFor(Os os, Cpu cpu);

// The CPU of the machine the launcher runs on.
Cpu HostCpu();

// How a Linux platform runs on this host: natively or under qemu-user.
// Bare-metal platforms always run under qemu-system.
Runner RunnerFor(const Platform& platform);

const char* CpuName(Cpu cpu);  // "x86_64", "aarch64", "arm"
const char* OsName(Os os);     // "linux", "baremetal"

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_PLATFORM_H_
