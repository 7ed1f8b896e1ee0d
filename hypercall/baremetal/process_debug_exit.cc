// hypercall/baremetal/process_debug_exit.cc -- exit through QEMU's
// isa-debug-exit device (-device isa-debug-exit,iobase=0xf4,iosize=0x04):
// QEMU exits with (value << 1) | 1, so only statuses 0..127 survive the
// host's 8-bit exit code. A status above 127 is relayed as 127 after a
// console line naming it; hc_abort relays 127 after "hcall: abort".
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"

namespace hc_bm {
namespace {

constexpr uint16_t kDebugExitPort = 0xf4;
constexpr uint32_t kMaxStatus = 127;

}  // namespace

const uint32_t kAbortStatus = kMaxStatus;

void machine_exit(uint32_t status) {
  if (status > kMaxStatus) {
    console_puts("hcall: exit status ");
    console_put_dec(status);
    console_puts(" does not fit isa-debug-exit; relaying 127\n");
    status = kMaxStatus;
  }
  outl(kDebugExitPort, status);
  // Only reached without isa-debug-exit: park the CPU.
  for (;;) __asm__ volatile("cli\n\thlt");
}

}  // namespace hc_bm
