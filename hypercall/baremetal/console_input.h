// hypercall/baremetal/console_input.h -- what one read of the console input
// makes of the bytes the UART holds (console.cc): the terminal-like rules
// of hc_read(0), apart from the UART so that a host test can drive them
// with a scripted byte source (console_input_test.cc).
//
//   ^D (0x04) is the end of input, for good, as a pipe's end: a read that
//   meets it first returns 0; a read that has bytes before it returns
//   those; every read after it returns 0 at once, without taking a byte.
//   The ^D is never data, and nothing after it is read. hcall sends one
//   when its own stdin ends (launcher/console.h), so the end of the
//   relayed stream is the end of input.
//   CR becomes LF (a terminal's ICRNL).
//   A read takes the byte it waited for and then only what the UART holds
//   already (VMIN 1, VTIME 0), at most (len).
#ifndef HCALL_HYPERCALL_BAREMETAL_CONSOLE_INPUT_H_
#define HCALL_HYPERCALL_BAREMETAL_CONSOLE_INPUT_H_

#include <stddef.h>

namespace hc_bm {

class ConsoleInput {
 public:
  static constexpr char kEndOfInput = 0x04;  // ^D

  // True once a ^D has been taken: every read returns 0 without waiting
  // for a byte.
  bool ended() const { return ended_; }

  // One read of up to (len) > 0 bytes into (buf): (first) is the byte the
  // read waited for; (next)(char*) stores the next byte the UART holds and
  // returns true, or returns false at once if it holds none. Returns the
  // count stored (0: end of input).
  template <typename Next>
  size_t take(char first, char* buf, size_t len, Next next) {
    char c = first;
    size_t n = 0;
    for (;;) {
      if (c == kEndOfInput) {
        ended_ = true;
        return n;
      }
      buf[n++] = c == '\r' ? '\n' : c;
      if (n == len || !next(&c)) return n;
    }
  }

 private:
  bool ended_ = false;
};

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_CONSOLE_INPUT_H_
