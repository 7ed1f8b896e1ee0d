/* test/newlib_testsuite/verdict.c -- linked into each program of newlib's
 * testsuite (unmodified) to make its verdict unmistakable to the runner.
 *
 * newlib's DejaGnu driver judges a program by its exit status (CHECK()
 * aborts, the programs end with exit(0)). Here the image must also print
 * the marker below, which only an exit() or a return from main() prints:
 * an atexit() function registered before main() runs. An abort() never
 * runs it, an exit with a non-zero status still fails on its status.
 * Registered first, it runs last, after the program's own atexit
 * functions (newlib.stdlib/atexit.c checks their order and output). */
#include <stdio.h>
#include <stdlib.h>

static void print_verdict(void) {
  fputs("\nNEWLIB TESTSUITE PROGRAM EXITED\n", stdout);
}

__attribute__((constructor)) static void register_verdict(void) {
  if (atexit(print_verdict) != 0) abort();
}
