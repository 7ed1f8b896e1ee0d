// hypercall/baremetal/console_pl011.cc -- output on the PL011 UART of QEMU
// virt (UART0 at 0x09000000). QEMU's PL011 transmits without any
// programming; uart_init() only enables the UART and its transmitter in
// case firmware left them off.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/mmio.h"

namespace hc_bm {
namespace {

constexpr uintptr_t kBase = 0x09000000;
constexpr uintptr_t kDr = kBase + 0x00;
constexpr uintptr_t kFr = kBase + 0x18;
constexpr uintptr_t kCr = kBase + 0x30;
constexpr uint32_t kFrTxFull = 1u << 5;
constexpr uint32_t kCrEnable = 1u << 0;
constexpr uint32_t kCrTxEnable = 1u << 8;

}  // namespace

void uart_init() {
  mmio_write32(kCr, mmio_read32(kCr) | kCrEnable | kCrTxEnable);
}

void uart_putc(char c) {
  while ((mmio_read32(kFr) & kFrTxFull) != 0) {
  }
  mmio_write32(kDr, static_cast<uint8_t>(c));
}

}  // namespace hc_bm
