/* stats.c -- an ordinary C program on newlib (libc = "newlib" in BUILD):
 * reads one number per line from the file granted as "numbers" (or the
 * grant named by its first argument) with fopen and fgets, parses each
 * with strtod, and prints their count, sum, mean, smallest and largest with
 * printf of doubles. Blank lines are skipped. A missing grant, a line that
 * is not a number, or no number at all: a message on stderr and status 1.
 * With a second argument it also writes that line to the grant of that name
 * (fopen "w", which needs an empty file: grant it as NAME=PATH:rwt). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(const char* s) {
  for (; *s != '\0'; ++s) {
    if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return 0;
  }
  return 1;
}

int main(int argc, char** argv) {
  const char* name = argc > 1 ? argv[1] : "numbers";
  FILE* f = fopen(name, "r");
  if (f == NULL) {
    fprintf(stderr, "stats: cannot open \"%s\": %s\n", name, strerror(errno));
    return 1;
  }
  char line[128];
  int count = 0;
  double sum = 0, min = 0, max = 0;
  for (int lineno = 1; fgets(line, sizeof line, f) != NULL; ++lineno) {
    if (is_blank(line)) continue;
    char* end = NULL;
    errno = 0;
    const double x = strtod(line, &end);
    if (end == line || !is_blank(end) || errno == ERANGE) {
      fprintf(stderr, "stats: %s:%d: not a number: %s", name, lineno, line);
      fclose(f);
      return 1;
    }
    if (count == 0 || x < min) min = x;
    if (count == 0 || x > max) max = x;
    sum += x;
    ++count;
  }
  fclose(f);
  if (count == 0) {
    fprintf(stderr, "stats: no numbers in \"%s\"\n", name);
    return 1;
  }
  printf("%d numbers, sum %.3f, mean %.4f, min %g, max %g\n", count, sum,
         sum / count, min, max);
  if (argc > 2) {
    FILE* out = fopen(argv[2], "w");
    if (out == NULL) {
      fprintf(stderr, "stats: cannot write \"%s\": %s\n", argv[2],
              strerror(errno));
      return 1;
    }
    fprintf(out, "%d numbers, sum %.3f, mean %.4f, min %g, max %g\n", count,
            sum, sum / count, min, max);
    if (fclose(out) != 0) {
      fprintf(stderr, "stats: writing \"%s\": %s\n", argv[2], strerror(errno));
      return 1;
    }
  }
  return 0;
}
