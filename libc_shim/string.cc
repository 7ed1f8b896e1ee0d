// libc_shim/string.cc -- the str* functions.
//
// strlen, strchr, strrchr (and memchr) scan aligned blocks with the CPU's
// vectors or words: string_<arch>.cc, on internal/scan.h. The others here
// are byte loops on top of those and memcpy.
#include "hcl/string.h"

#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdlib.h"

namespace {

// A 256-bit set of bytes, for strspn/strcspn/strtok_r.
// Cleared by a loop: an aggregate zero-initialiser may become a call of
// memset on arm.
struct ByteSet {
  uint32_t bits[8];
  ByteSet() {
    for (uint32_t& w : bits) w = 0;
  }
  void add(unsigned char c) { bits[c >> 5] |= 1u << (c & 31); }
  bool has(unsigned char c) const { return (bits[c >> 5] >> (c & 31)) & 1u; }
};

}  // namespace

extern "C" size_t hcl_strnlen(const char* s, size_t max) {
  const void* z = hcl_memchr(s, 0, max);
  return z == nullptr ? max
                      : static_cast<size_t>(static_cast<const char*>(z) - s);
}

extern "C" int hcl_strcmp(const char* a, const char* b) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(a);
  const unsigned char* q = reinterpret_cast<const unsigned char*>(b);
  while (*p != 0 && *p == *q) {
    ++p;
    ++q;
  }
  return *p < *q ? -1 : (*p > *q ? 1 : 0);
}

extern "C" int hcl_strncmp(const char* a, const char* b, size_t n) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(a);
  const unsigned char* q = reinterpret_cast<const unsigned char*>(b);
  for (; n > 0; --n, ++p, ++q) {
    if (*p != *q) return *p < *q ? -1 : 1;
    if (*p == 0) return 0;
  }
  return 0;
}

extern "C" char* hcl_strcpy(char* dst, const char* src) {
  hcl_memcpy(dst, src, hcl_strlen(src) + 1);
  return dst;
}

extern "C" char* hcl_strncpy(char* dst, const char* src, size_t n) {
  const size_t len = hcl_strnlen(src, n);
  hcl_memcpy(dst, src, len);
  hcl_memset(dst + len, 0, n - len);
  return dst;
}

extern "C" size_t hcl_strlcpy(char* dst, const char* src, size_t size) {
  const size_t len = hcl_strlen(src);
  if (size != 0) {
    const size_t n = len < size - 1 ? len : size - 1;
    hcl_memcpy(dst, src, n);
    dst[n] = '\0';
  }
  return len;
}

extern "C" char* hcl_strcat(char* dst, const char* src) {
  hcl_strcpy(dst + hcl_strlen(dst), src);
  return dst;
}

extern "C" char* hcl_strstr(const char* haystack, const char* needle) {
  const size_t n = hcl_strlen(needle);
  if (n == 0) return const_cast<char*>(haystack);
  // First-byte scan, then compare; O(|haystack| * |needle|) worst case.
  for (const char* p = haystack; (p = hcl_strchr(p, needle[0])) != nullptr;
       ++p) {
    if (hcl_strncmp(p, needle, n) == 0) return const_cast<char*>(p);
  }
  return nullptr;
}

extern "C" size_t hcl_strspn(const char* s, const char* accept) {
  ByteSet set;
  for (const unsigned char* a = reinterpret_cast<const unsigned char*>(accept);
       *a != 0; ++a) {
    set.add(*a);
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  while (*p != 0 && set.has(*p)) ++p;
  return static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(s));
}

extern "C" size_t hcl_strcspn(const char* s, const char* reject) {
  ByteSet set;
  set.add(0);
  for (const unsigned char* r = reinterpret_cast<const unsigned char*>(reject);
       *r != 0; ++r) {
    set.add(*r);
  }
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
  while (!set.has(*p)) ++p;
  return static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(s));
}

extern "C" char* hcl_strdup(const char* s) {
  const size_t n = hcl_strlen(s) + 1;
  char* copy = static_cast<char*>(hcl_malloc(n));
  if (copy != nullptr) hcl_memcpy(copy, s, n);
  return copy;
}

extern "C" char* hcl_strndup(const char* s, size_t n) {
  const size_t len = hcl_strnlen(s, n);
  char* copy = static_cast<char*>(hcl_malloc(len + 1));
  if (copy != nullptr) {
    hcl_memcpy(copy, s, len);
    copy[len] = '\0';
  }
  return copy;
}

extern "C" char* hcl_strtok_r(char* s, const char* delim, char** save) {
  if (s == nullptr) s = *save;
  if (s == nullptr) return nullptr;
  s += hcl_strspn(s, delim);
  if (*s == '\0') {
    *save = s;
    return nullptr;
  }
  char* end = s + hcl_strcspn(s, delim);
  if (*end != '\0') {
    *end = '\0';
    *save = end + 1;
  } else {
    *save = end;
  }
  return s;
}
