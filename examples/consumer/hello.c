/* hello.c -- an ordinary C program as an hcall image: greets $WHO, lists
 * its arguments and returns their count. */
#include <stdio.h>
#include <stdlib.h>

#include "greeting.h"

int main(int argc, char** argv) {
  char line[64];
  greeting_format(line, sizeof line, getenv("WHO"));
  printf("%s This is a C image built in the consumer workspace.\n", line);
  for (int i = 1; i < argc; ++i) printf("argument %d: %s\n", i, argv[i]);
  return argc - 1;
}
