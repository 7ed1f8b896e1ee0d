// hypercall/baremetal/console.cc -- the console handles (0, 1, 2) on the
// machine's UART (console_pl011.cc or console_16550.cc), and the small
// formatted writers the backend's own messages use.
//
// Console input (hc_read of handle 0) is the UART's receiver, polled: no
// device interrupt is ever enabled. A read waits for the first byte
// (polling for kSpinNs, then in naps of kNapNs, so a console nobody types
// on costs the host little); console_input.h says what it makes of the
// bytes (^D is the end of input for good, CR becomes LF). `hcall run`
// relays its stdin through a pipe and sends one ^D when it ends; QEMU run
// by hand on a terminal puts it in raw mode, where Enter sends CR. No echo
// and no line editing.
#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/console_input.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr uint64_t kSpinNs = 2000000;  // poll this long before napping
constexpr int64_t kNapNs = 1000000;    // then check every millisecond
ConsoleInput g_input;

uint64_t now_ns() {
  struct hc_timespec t;
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &t);
  return static_cast<uint64_t>(t.tv_sec) * kNsecPerSec +
         static_cast<uint64_t>(t.tv_nsec);
}

// Waits until the UART holds a byte and takes it.
char wait_byte() {
  char c;
  const uint64_t start = now_ns();
  while (!uart_getc(&c)) {
    if (now_ns() - start < kSpinNs) continue;
    const struct hc_timespec nap = {0, kNapNs};
    hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &nap);
  }
  return c;
}

}  // namespace

hc_ssize_t console_read(char* buf, size_t len) {
  if (len == 0 || g_input.ended()) return 0;
  const char first = wait_byte();
  return static_cast<hc_ssize_t>(g_input.take(first, buf, len, uart_getc));
}

void console_write(const char* text, size_t len) {
  for (size_t i = 0; i < len; ++i) uart_putc(text[i]);
}

void console_puts(const char* text) {
  while (*text != '\0') uart_putc(*text++);
}

void console_put_hex(uint64_t value) {
  char text[hcall::format::kDigitsBufferSize];
  hcall::format::Hex(value, text, 16);
  console_puts("0x");
  console_puts(text);
}

void console_put_dec(uint64_t value) {
  char text[hcall::format::kDigitsBufferSize];
  hcall::format::Decimal(value, text);
  console_puts(text);
}

}  // namespace hc_bm
