/* test/newlib_size/hello.c -- the printf hello-world whose stripped image
 * size README.md reports per platform ("C library"). It formats a number,
 * so that printf is really linked (GCC turns a printf of a constant line
 * into puts). */
#include <stdio.h>

int main(int argc, char** argv) {
  (void)argv;
  printf("hello, world %d\n", argc);
  return 0;
}
