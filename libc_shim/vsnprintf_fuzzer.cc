// libFuzzer target: hcl_vsnprintf with a format string from the input.
// Input: byte 0 = buffer size (0..255), the rest = the format (cut at 256
// bytes or a NUL). Every argument is a pointer to a valid string, so %s
// never reads wild memory whatever the format says; integer conversions
// read the pointer's bits (as glibc's would). Formats that could consume
// more than the 16 arguments passed are skipped. When the shim accepts the
// format and it has no '*' and no field longer than 3 digits (glibc would
// pad for seconds), glibc's output must be byte-identical.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <string>

#include "hcl/stdio.h"

#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#pragma GCC diagnostic ignored "-Wformat-security"

// libFuzzer's entry point (no header declares it).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const size_t cap = data[0];
  std::string fmt(reinterpret_cast<const char*>(data + 1),
                  strnlen(reinterpret_cast<const char*>(data + 1),
                          size - 1 < 256 ? size - 1 : 256));
  size_t consumers = 0;
  size_t digit_run = 0, longest_run = 0;
  bool star = false;
  for (char c : fmt) {
    if (c == '%' || c == '*') ++consumers;
    if (c == '*') star = true;
    digit_run = (c >= '0' && c <= '9') ? digit_run + 1 : 0;
    if (digit_run > longest_run) longest_run = digit_run;
  }
  if (consumers > 16) return 0;
  static const char* const a[4] = {"", "abc", "hello, world", "%s%d"};
  char ours[256 + 16], theirs[256 + 16];
  memset(ours, 0x7f, sizeof(ours));
  memset(theirs, 0x7f, sizeof(theirs));
#define ARGS                                                              \
  a[0], a[1], a[2], a[3], a[1], a[2], a[3], a[0], a[2], a[3], a[0], a[1], \
      a[3], a[0], a[1], a[2]
  const int n = hcl_snprintf(ours, cap, fmt.c_str(), ARGS);
  if (n < 0 || star || longest_run > 3) return 0;
  const int m = snprintf(theirs, cap, fmt.c_str(), ARGS);
#undef ARGS
  if (n != m || memcmp(ours, theirs, sizeof(ours)) != 0) {
    fprintf(stderr, "mismatch for format \"%s\" size %zu: %d vs glibc %d\n",
            fmt.c_str(), cap, n, m);
    abort();
  }
  return 0;
}
