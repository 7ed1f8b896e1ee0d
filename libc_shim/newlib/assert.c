/* libc_shim/newlib/assert.c -- the assert() failure of images on newlib:
 * the message newlib prints, then abort(). newlib's own __assert_func
 * prints it with fiprintf, which links the whole integer-only vfiprintf
 * (about 14 KB on x86_64) into every image that uses printf: newlib's
 * dtoa asserts its allocations. Written with write() and utoa() instead. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void put(const char* s) { write(STDERR_FILENO, s, strlen(s)); }

void __assert_func(const char* file, int line, const char* func,
                   const char* expr) {
  char digits[12];
  put("assertion \"");
  put(expr);
  put("\" failed: file \"");
  put(file);
  put("\", line ");
  put(utoa(line < 0 ? 0u : (unsigned)line, digits, 10));
  if (func != NULL) {
    put(", function: ");
    put(func);
  }
  put("\n");
  abort();
}

void __assert(const char* file, int line, const char* expr) {
  __assert_func(file, line, NULL, expr);
}
