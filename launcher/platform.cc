// launcher/platform.cc -- see platform.h.
#include "launcher/platform.h"

#include <string>
#include <vector>

namespace hcall::launcher {
namespace {

// _QEMU_SYSTEM_COMMON of platforms.bzl.
std::vector<std::string> SystemArgs(std::vector<std::string> machine) {
  for (const char* arg : {"-nodefaults", "-no-user-config", "-display", "none",
                          "-serial", "stdio", "-no-reboot"}) {
    machine.emplace_back(arg);
  }
  return machine;
}

std::vector<Platform> MakePlatforms() {
  return {
      {"linux_x86_64",
       Os::kLinux,
       Cpu::kX86_64,
       "qemu-x86_64",
       {},
       ExitDecode::kIdentity},
      {"linux_aarch64",
       Os::kLinux,
       Cpu::kAarch64,
       "qemu-aarch64",
       {},
       ExitDecode::kIdentity},
      {"linux_arm",
       Os::kLinux,
       Cpu::kArm,
       "qemu-arm",
       {},
       ExitDecode::kIdentity},
      {"none_x86_64", Os::kBaremetal, Cpu::kX86_64, "qemu-system-x86_64",
       SystemArgs({"-M", "microvm", "-m", "64M", "-device",
                   "isa-debug-exit,iobase=0xf4,iosize=0x04"}),
       ExitDecode::kDebugExit},
      {"none_aarch64", Os::kBaremetal, Cpu::kAarch64, "qemu-system-aarch64",
       SystemArgs({"-M", "virt", "-cpu", "cortex-a53", "-m", "64M",
                   "-semihosting-config", "enable=on,target=native"}),
       ExitDecode::kIdentity},
      {"none_arm", Os::kBaremetal, Cpu::kArm, "qemu-system-arm",
       SystemArgs({"-M", "virt", "-cpu", "cortex-a15", "-m", "64M",
                   "-semihosting-config", "enable=on,target=native"}),
       ExitDecode::kIdentity},
  };
}

}  // namespace

const std::vector<Platform>& AllPlatforms() {
  static const std::vector<Platform>* const platforms =
      new std::vector<Platform>(MakePlatforms());
  return *platforms;
}

const Platform* FindPlatform(absl::string_view name) {
  for (const Platform& p : AllPlatforms()) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

const Platform& PlatformFor(Os os, Cpu cpu) {
  for (const Platform& p : AllPlatforms()) {
    if (p.os == os && p.cpu == cpu) return p;
  }
  return AllPlatforms().front();  // not reached: the table is complete
}

Cpu HostCpu() {
#if defined(__x86_64__)
  return Cpu::kX86_64;
#elif defined(__aarch64__)
  return Cpu::kAarch64;
#elif defined(__arm__)
  return Cpu::kArm;
#else
#error "hcall launcher: unsupported host CPU"
#endif
}

Runner RunnerFor(const Platform& platform) {
  if (platform.os == Os::kBaremetal) return Runner::kQemuSystem;
  return platform.cpu == HostCpu() ? Runner::kNative : Runner::kQemuUser;
}

const char* CpuName(Cpu cpu) {
  switch (cpu) {
    case Cpu::kX86_64:
      return "x86_64";
    case Cpu::kAarch64:
      return "aarch64";
    case Cpu::kArm:
      return "arm";
  }
  return "?";
}

const char* OsName(Os os) { return os == Os::kLinux ? "linux" : "baremetal"; }

}  // namespace hcall::launcher
