// hypercall/baremetal/console_16550.cc -- output on the 16550 UART COM1
// (I/O port 0x3f8) of QEMU microvm (isa-serial=on, the default). QEMU's
// UART needs no programming to transmit.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"

namespace hc_bm {
namespace {

constexpr uint16_t kThr = 0x3f8;
constexpr uint16_t kLsr = 0x3f8 + 5;
constexpr uint8_t kLsrThrEmpty = 0x20;

}  // namespace

void uart_init() {}

void uart_putc(char c) {
  while ((inb(kLsr) & kLsrThrEmpty) == 0) {
  }
  outb(kThr, static_cast<uint8_t>(c));
}

}  // namespace hc_bm
