// hypercall/baremetal/console.cc -- the console handles (0, 1, 2) on the
// machine's UART (console_pl011.cc or console_16550.cc), and the small
// formatted writers the backend's own messages use.
#include <stddef.h>
#include <stdint.h>

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
  char text[19];
  text[0] = '0';
  text[1] = 'x';
  for (int i = 0; i < 16; ++i) {
    const unsigned digit = static_cast<unsigned>(value >> (60 - 4 * i)) & 15u;
    text[2 + i] =
        static_cast<char>(digit < 10 ? '0' + digit : 'a' + digit - 10);
  }
  text[18] = '\0';
  console_puts(text);
}

void console_put_dec(uint64_t value) {
  char digits[20];
  int n = 0;
  do {
    // 64-bit division is a libgcc call on arm; it is linked (-lgcc).
    digits[n++] = static_cast<char>('0' + value % 10u);
    value /= 10u;
  } while (value != 0);
  while (n > 0) uart_putc(digits[--n]);
}

}  // namespace hc_bm
