/* libc_shim/testdata/newlib_assert.c -- a failed assert() in a newlib
 * image prints newlib's message (through libc_shim/newlib/assert.c) and
 * aborts; stdout written before it is flushed. */
#include <assert.h>
#include <stdio.h>

int main(int argc, char** argv) {
  (void)argv;
  printf("before the assertion\n");
  assert(argc == 0);
  printf("after the assertion\n");
  return 0;
}
