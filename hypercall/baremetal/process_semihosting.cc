// hypercall/baremetal/process_semihosting.cc -- exit through Arm
// semihosting SYS_EXIT_EXTENDED (QEMU: -semihosting-config
// enable=on,target=native): QEMU exits with the status itself, so every
// status 0..255 reaches the host unchanged. hc_abort relays 134 (128 +
// SIGABRT, what a shell shows for an aborted Linux process).
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"

namespace hc_bm {
namespace {

constexpr uintptr_t kSysExitExtended = 0x20;
constexpr uintptr_t kAdpStoppedApplicationExit = 0x20026;

}  // namespace

const uint32_t kAbortStatus = 134;

void machine_exit(uint32_t status) {
  // Parameter block: reason, subcode (the exit status).
  volatile uintptr_t block[2] = {kAdpStoppedApplicationExit, status};
  semihosting_call(kSysExitExtended, reinterpret_cast<uintptr_t>(block));
  // Only reached without semihosting: park the CPU.
  for (;;) wait_for_interrupt();
}

}  // namespace hc_bm
