// hypercall/baremetal/console_16550.cc -- the 16550 UART COM1 (I/O port
// 0x3f8) of QEMU microvm (isa-serial=on, the default). QEMU's UART needs no
// programming to transmit or receive. Its FIFO stays off: turning it on
// clears the receiver, which would drop a byte that arrived before boot;
// without it QEMU holds one received byte at a time and keeps the rest.
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"

namespace hc_bm {
namespace {

constexpr uint16_t kThr = 0x3f8;  // transmit holding (write)
constexpr uint16_t kRbr = 0x3f8;  // receive buffer (read)
constexpr uint16_t kLsr = 0x3f8 + 5;
constexpr uint8_t kLsrDataReady = 0x01;
constexpr uint8_t kLsrThrEmpty = 0x20;

}  // namespace

void uart_init() {}

void uart_putc(char c) {
  while ((inb(kLsr) & kLsrThrEmpty) == 0) {
  }
  outb(kThr, static_cast<uint8_t>(c));
}

bool uart_getc(char* c) {
  if ((inb(kLsr) & kLsrDataReady) == 0) return false;
  *c = static_cast<char>(inb(kRbr));
  return true;
}

}  // namespace hc_bm
