// libc_shim/testdata/wc.cc -- word count as an ordinary C++ program on the
// shim's standard names (no glibc): `wc NAME` opens the manifest grant NAME
// with open()/read() and prints "LINES WORDS BYTES NAME", counting as GNU
// wc does in the C locale: a word is a run of printable non-space bytes;
// white space ends one; other bytes (control, >= 0x80) neither start nor
// end a word.
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: wc NAME\n");
    return 2;
  }
  const int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    fprintf(stderr, "wc: %s: %s\n", argv[1], strerror(errno));
    return 1;
  }
  const size_t kChunk = 64 * 1024;
  unsigned char* buf = static_cast<unsigned char*>(malloc(kChunk));
  if (buf == nullptr) {
    fprintf(stderr, "wc: out of memory\n");
    return 1;
  }
  unsigned long long lines = 0, words = 0, bytes = 0;
  bool in_word = false;
  for (;;) {
    const ssize_t n = read(fd, buf, kChunk);
    if (n < 0) {
      fprintf(stderr, "wc: %s: read: %s\n", argv[1], strerror(errno));
      return 1;
    }
    if (n == 0) break;
    bytes += static_cast<unsigned long long>(n);
    for (ssize_t i = 0; i < n; ++i) {
      const int c = buf[i];
      if (c == '\n') ++lines;
      if (isspace(c)) {
        in_word = false;
      } else if (isprint(c)) {
        if (!in_word) ++words;
        in_word = true;
      }
    }
  }
  free(buf);
  close(fd);
  printf("%llu %llu %llu %s\n", lines, words, bytes, argv[1]);
  return 0;
}
