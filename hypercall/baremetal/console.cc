// hypercall/baremetal/console.cc -- the console handles (0, 1, 2) on the
// machine's UART (console_pl011.cc or console_16550.cc), and the small
// formatted writers the backend's own messages use.
#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace hc_bm {

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
