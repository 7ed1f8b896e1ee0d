#include "smoke/cpu.h"

#include <string.h>

namespace hcall::smoke {
namespace {

// ELF e_machine values (System V gABI / <elf.h>).
constexpr uint16_t kEmArm = 40;
constexpr uint16_t kEmX86_64 = 62;
constexpr uint16_t kEmAarch64 = 183;

}  // namespace

const char* CompiledCpu() {
#if defined(__x86_64__)
  return "x86_64";
#elif defined(__aarch64__)
  return "aarch64";
#elif defined(__arm__)
  return "arm";
#else
#error "unsupported CPU: add it to //platforms:platforms.bzl"
#endif
}

uint16_t CompiledElfMachine() {
#if defined(__x86_64__)
  return kEmX86_64;
#elif defined(__aarch64__)
  return kEmAarch64;
#else
  return kEmArm;
#endif
}

bool MachineMatchesCpu(const char* uname_machine, const char* cpu) {
  if (strcmp(cpu, "arm") == 0) {
    // 32-bit Arm kernels and qemu-arm report armv7l, armv8l, ...
    return strncmp(uname_machine, "arm", 3) == 0 &&
           strncmp(uname_machine, "arm64", 5) != 0;
  }
  return strcmp(uname_machine, cpu) == 0;
}

}  // namespace hcall::smoke
