// libc_shim/std_names/assert.cc -- what a failed assert() calls
// (std_include/assert.h).
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

extern "C" void hcl_assert_fail(const char* expr, const char* file, int line,
                                const char* function) {
  fprintf(stderr, "%s:%d: %s: Assertion `%s' failed.\n", file, line, function,
          expr);
  abort();
}
