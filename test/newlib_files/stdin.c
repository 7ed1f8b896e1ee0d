/* test/newlib_files/stdin.c -- a newlib image reading its console input
 * (stdin, descriptor 0) through stdio:
 *   stdin lines   reads lines with fgets until end of input and prints
 *                 "line N: TEXT" for each, then "end of input after N
 *                 lines, B bytes"; then clearerr(stdin) and the same again,
 *                 once: the input has ended for good (a pipe's or file's
 *                 end on Linux, the ^D on bare metal, even in mid-line),
 *                 so the second pass must see 0 lines at once.
 *   stdin bulk    reads everything with fread until end of input and prints
 *                 "bulk: B bytes, fnv1a 0xH".
 * The last line is "NEWLIB STDIN OK"; files_test.cc checks the output. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void read_lines(void) {
  char line[256];
  int lines = 0;
  long bytes = 0;
  while (fgets(line, sizeof(line), stdin) != NULL) {
    const size_t n = strlen(line);
    bytes += (long)n;
    if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
    printf("line %d: %s\n", ++lines, line);
  }
  printf("end of input after %d lines, %ld bytes\n", lines, bytes);
}

static void read_bulk(void) {
  static unsigned char buf[4096];
  uint32_t hash = 2166136261u;
  long bytes = 0;
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
    for (size_t i = 0; i < n; ++i) hash = (hash ^ buf[i]) * 16777619u;
    bytes += (long)n;
  }
  printf("bulk: %ld bytes, fnv1a 0x%08lx\n", bytes, (unsigned long)hash);
}

int main(int argc, char** argv, char** envp) {
  (void)envp;
  if (argc == 2 && strcmp(argv[1], "lines") == 0) {
    read_lines();
    clearerr(stdin);
    read_lines();
  } else if (argc == 2 && strcmp(argv[1], "bulk") == 0) {
    read_bulk();
  } else {
    fprintf(stderr, "usage: stdin lines|bulk\n");
    return 64;
  }
  printf("NEWLIB STDIN OK\n");
  return 0;
}
