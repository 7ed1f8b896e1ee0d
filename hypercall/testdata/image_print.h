// hypercall/testdata/image_print.h -- console output for the test images
// (Linux and bare metal), on nothing but hc_write(): text, decimal (by
// repeated subtraction, since 64-bit division is a library call on 32-bit
// arm) and hexadecimal. Header-only; for test images.
#ifndef HCALL_HYPERCALL_TESTDATA_IMAGE_PRINT_H_
#define HCALL_HYPERCALL_TESTDATA_IMAGE_PRINT_H_

#include <stddef.h>
#include <stdint.h>

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

struct PowersOfTen {
  uint64_t value[20];  // 10^0 .. 10^19
};

constexpr PowersOfTen make_powers_of_ten() {
  PowersOfTen p{};
  uint64_t x = 1;
  for (int i = 0; i < 20; ++i) {
    p.value[i] = x;
    x *= 10;
  }
  return p;
}

// Prints (value) in decimal, at least (min_digits) digits.
inline void print_dec(uint64_t value, int min_digits = 1) {
  static constexpr PowersOfTen kPowers = make_powers_of_ten();
  char text[20];
  int n = 0;
  for (int place = 19; place >= 0; --place) {
    char digit = '0';
    while (value >= kPowers.value[place]) {
      value -= kPowers.value[place];
      ++digit;
    }
    if (n > 0 || digit != '0' || place < min_digits) text[n++] = digit;
  }
  print_bytes(text, static_cast<size_t>(n));
}

// Prints (value) in decimal, with a '-' when negative.
inline void print_int(int64_t value) {
  if (value < 0) {
    print("-");
    print_dec(0 - static_cast<uint64_t>(value));
  } else {
    print_dec(static_cast<uint64_t>(value));
  }
}

inline void print_hex(const unsigned char* bytes, size_t len) {
  static const char kDigits[] = "0123456789abcdef";
  for (size_t i = 0; i < len; ++i) {
    const char pair[2] = {kDigits[bytes[i] >> 4], kDigits[bytes[i] & 15]};
    print_bytes(pair, 2);
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
