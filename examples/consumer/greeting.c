/* greeting.c -- needs no libc, so it builds for every platform. */
#include "greeting.h"

static size_t append(char* buf, size_t size, size_t at, const char* s) {
  for (; *s != '\0'; ++s, ++at) {
    if (at + 1 < size) buf[at] = *s;
  }
  return at;
}

size_t greeting_format(char* buf, size_t size, const char* who) {
  size_t n = append(buf, size, 0, "Hello, ");
  n = append(buf, size, n, who != NULL ? who : "world");
  n = append(buf, size, n, "!");
  if (size > 0) buf[n < size ? n : size - 1] = '\0';
  return n;
}
