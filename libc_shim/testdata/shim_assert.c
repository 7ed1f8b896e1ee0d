/* libc_shim/testdata/shim_assert.c -- assert() in a libc = "shim" image:
 * off while NDEBUG is defined, on again when <assert.h> is included after
 * it is undefined; a failed assertion prints its message on stderr and
 * aborts (status 134). */
#define NDEBUG
#include <assert.h>

static int checked_with_ndebug(int v) {
  assert(v == 0); /* compiled out */
  return v;
}

#undef NDEBUG
#include <assert.h>
#include <stdio.h>

static_assert(sizeof(int) >= 4, "static_assert from <assert.h>");

int main(int argc, char** argv) {
  (void)argv;
  assert(argc == 1);
  fprintf(stderr, "NDEBUG assert passed: %d\n", checked_with_ndebug(argc));
  assert(argc == 0);
  fprintf(stderr, "after the failed assertion\n");
  return 0;
}
