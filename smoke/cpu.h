// Smoke library: says which CPU it was compiled for and which CPU it runs on,
// so that a test can prove a cross build really ran on the emulated CPU.
#ifndef HCALL_SMOKE_CPU_H_
#define HCALL_SMOKE_CPU_H_

#include <stdint.h>

namespace hcall::smoke {

// The CPU this file was compiled for, as a @platforms//cpu name
// ("x86_64", "aarch64", "arm").
const char* CompiledCpu();

// The ELF e_machine value expected for CompiledCpu() (EM_X86_64, ...).
uint16_t CompiledElfMachine();

// True if a `uname -m` string (e.g. "armv7l") names the CPU family `cpu`.
bool MachineMatchesCpu(const char* uname_machine, const char* cpu);

}  // namespace hcall::smoke

#endif  // HCALL_SMOKE_CPU_H_
