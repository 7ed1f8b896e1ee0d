/* libc_shim/newlib/string.c -- memcpy, memmove, memset, memcmp, memchr,
 * strlen, strchr and strrchr of images on newlib are libc_shim's tuned
 * routines (libc_shim/README.md: vector moves, rep movsb/stosb on x86_64,
 * scans of aligned vectors or words), not newlib's generic C ones, which
 * third_party/newlib/newlib.BUILD leaves out. Each is a tail call (one
 * jump) to its hcl_* routine. */
#include "hcl/string.h"

#include <string.h>

void* memcpy(void* restrict dst, const void* restrict src, size_t n) {
  return hcl_memcpy(dst, src, n);
}

void* memmove(void* dst, const void* src, size_t n) {
  return hcl_memmove(dst, src, n);
}

void* memset(void* dst, int c, size_t n) { return hcl_memset(dst, c, n); }

int memcmp(const void* a, const void* b, size_t n) {
  return hcl_memcmp(a, b, n);
}

void* memchr(const void* s, int c, size_t n) { return hcl_memchr(s, c, n); }

size_t strlen(const char* s) { return hcl_strlen(s); }

char* strchr(const char* s, int c) { return hcl_strchr(s, c); }

char* strrchr(const char* s, int c) { return hcl_strrchr(s, c); }
