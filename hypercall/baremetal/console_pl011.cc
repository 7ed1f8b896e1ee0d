// hypercall/baremetal/console_pl011.cc -- the PL011 UART of QEMU virt
// (UART0 at 0x09000000). QEMU's PL011 transmits and receives without any
// programming; uart_init() only enables the UART, its transmitter and its
// receiver in case firmware left them off. Its FIFOs stay off (LCR_H.FEN):
// turning them on empties the receiver, which would drop a byte that
// arrived before boot; without them QEMU holds one received byte at a time
// and keeps the rest.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/mmio.h"

namespace hc_bm {
namespace {

constexpr uintptr_t kBase = 0x09000000;
constexpr uintptr_t kDr = kBase + 0x00;
constexpr uintptr_t kFr = kBase + 0x18;
constexpr uintptr_t kCr = kBase + 0x30;
constexpr uint32_t kFrRxEmpty = 1u << 4;
constexpr uint32_t kFrTxFull = 1u << 5;
constexpr uint32_t kDrErrors = 0xf00;  // overrun, break, parity, framing
constexpr uint32_t kCrEnable = 1u << 0;
constexpr uint32_t kCrTxEnable = 1u << 8;
constexpr uint32_t kCrRxEnable = 1u << 9;

}  // namespace

void uart_init() {
  mmio_write32(kCr, mmio_read32(kCr) | kCrEnable | kCrTxEnable | kCrRxEnable);
}

void uart_putc(char c) {
  while ((mmio_read32(kFr) & kFrTxFull) != 0) {
  }
  mmio_write32(kDr, static_cast<uint8_t>(c));
}

bool uart_getc(char* c) {
  if ((mmio_read32(kFr) & kFrRxEmpty) != 0) return false;
  const uint32_t dr = mmio_read32(kDr);
  // A break or a damaged byte is dropped, not passed on as data.
  if ((dr & kDrErrors) != 0) return false;
  *c = static_cast<char>(dr & 0xff);
  return true;
}

}  // namespace hc_bm
