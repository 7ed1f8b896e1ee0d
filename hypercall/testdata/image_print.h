// hypercall/testdata/image_print.h -- console output for the test images
// (Linux and bare metal), on nothing but hc_write() and format/digits.h:
// text, decimal and hexadecimal. Header-only; for test images.
#ifndef HCALL_HYPERCALL_TESTDATA_IMAGE_PRINT_H_
#define HCALL_HYPERCALL_TESTDATA_IMAGE_PRINT_H_

#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/hypercall.h"

namespace hc_image {

inline void print_bytes(const char* bytes, size_t len) {
  while (len > 0) {
    const hc_ssize_t n = hc_write(HC_HANDLE_CONSOLE_OUT, bytes, len);
    if (n <= 0) hc_abort();
    bytes += n;
    len -= static_cast<size_t>(n);
  }
}

inline void print(const char* text) {
  size_t len = 0;
  while (text[len] != '\0') ++len;
  print_bytes(text, len);
}

// Prints (value) in decimal, at least (min_digits) digits.
inline void print_dec(uint64_t value, int min_digits = 1) {
  char text[hcall::format::kDigitsBufferSize];
  print_bytes(text, hcall::format::Unsigned(value, 10, text,
                                            static_cast<size_t>(min_digits)));
}

// Prints (value) in decimal, with a '-' when negative.
inline void print_int(int64_t value) {
  char text[hcall::format::kDigitsBufferSize];
  print_bytes(text, hcall::format::Signed(value, text));
}

inline void print_hex(const unsigned char* bytes, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    char pair[hcall::format::kDigitsBufferSize];
    print_bytes(pair, hcall::format::Hex(bytes[i], pair, 2));
  }
}

// Prints (ts) as seconds.nanoseconds.
inline void print_time(const hc_timespec& ts) {
  print_dec(static_cast<uint64_t>(ts.tv_sec));
  print(".");
  print_dec(static_cast<uint64_t>(ts.tv_nsec), 9);
}

// (t) in nanoseconds.
inline int64_t timespec_ns(const hc_timespec& t) {
  return t.tv_sec * 1000000000 + t.tv_nsec;
}

}  // namespace hc_image

#endif  // HCALL_HYPERCALL_TESTDATA_IMAGE_PRINT_H_
