// libc_shim/memory.cc -- memcpy, memmove, memset, memcmp (memchr is
// string_<arch>.cc's).
//
// Up to 128 bytes: a fixed number of (possibly overlapping) loads from both
// ends, all before any store, so the same code serves memcpy and memmove.
// Above: 64-byte blocks of 16-byte vectors with the destination aligned,
// the unaligned head and the last 64 bytes loaded first and stored last
// (GCC lowers the vectors to SSE2 on x86_64, NEON on aarch64, word pairs
// on arm). From the per-CPU threshold on, memory_<arch>.cc's bulk routine
// (rep movsb / rep stosb on x86_64) takes over; on x86_64 CPUs with AVX
// the mid sizes use 32-byte vectors (memory_x86_64.cc). Nothing here can turn
// into a call of the libc function it implements: the loops are explicit vector
// moves and the package is compiled with -fno-tree-loop-distribute-patterns.
#include "libc_shim/internal/memory.h"

#include <stddef.h>
#include <stdint.h>

#include "hcl/string.h"

namespace hcall::libc {
namespace {

inline V16u load16(const unsigned char* p) {
  return *reinterpret_cast<const V16u*>(p);
}
inline void store16(unsigned char* p, V16u v) {
  *reinterpret_cast<V16u*>(p) = v;
}
inline void store16_aligned(unsigned char* p, V16u v) {
  *reinterpret_cast<V16a*>(p) = v;
}

// Any (n) <= 64; every load happens before the first store.
inline void copy_upto64(unsigned char* d, const unsigned char* s, size_t n) {
  if (n >= 16) {
    if (n <= 32) {
      const V16u a = load16(s);
      const V16u b = load16(s + n - 16);
      store16(d, a);
      store16(d + n - 16, b);
      return;
    }
    const V16u a = load16(s);
    const V16u b = load16(s + 16);
    const V16u c = load16(s + n - 32);
    const V16u e = load16(s + n - 16);
    store16(d, a);
    store16(d + 16, b);
    store16(d + n - 32, c);
    store16(d + n - 16, e);
    return;
  }
  if (n >= 8) {
    const uint64_t a = *reinterpret_cast<const U64u*>(s);
    const uint64_t b = *reinterpret_cast<const U64u*>(s + n - 8);
    *reinterpret_cast<U64u*>(d) = a;
    *reinterpret_cast<U64u*>(d + n - 8) = b;
    return;
  }
  if (n >= 4) {
    const uint32_t a = *reinterpret_cast<const U32u*>(s);
    const uint32_t b = *reinterpret_cast<const U32u*>(s + n - 4);
    *reinterpret_cast<U32u*>(d) = a;
    *reinterpret_cast<U32u*>(d + n - 4) = b;
    return;
  }
  if (n >= 2) {
    const uint16_t a = *reinterpret_cast<const U16u*>(s);
    const uint16_t b = *reinterpret_cast<const U16u*>(s + n - 2);
    *reinterpret_cast<U16u*>(d) = a;
    *reinterpret_cast<U16u*>(d + n - 2) = b;
    return;
  }
  if (n == 1) *d = *s;
}

// 64 < (n) <= 128: the first and the last 64 bytes, all loads first.
inline void copy_upto128(unsigned char* d, const unsigned char* s, size_t n) {
  const V16u a = load16(s);
  const V16u b = load16(s + 16);
  const V16u c = load16(s + 32);
  const V16u e = load16(s + 48);
  const V16u w = load16(s + n - 64);
  const V16u x = load16(s + n - 48);
  const V16u y = load16(s + n - 32);
  const V16u z = load16(s + n - 16);
  store16(d, a);
  store16(d + 16, b);
  store16(d + 32, c);
  store16(d + 48, e);
  store16(d + n - 64, w);
  store16(d + n - 48, x);
  store16(d + n - 32, y);
  store16(d + n - 16, z);
}

// (n) > 64, (d) > (s): back to front, correct for overlapping ranges.
void copy_backward_vector(unsigned char* d, const unsigned char* s, size_t n) {
  const V16u h0 = load16(s);
  const V16u h1 = load16(s + 16);
  const V16u h2 = load16(s + 32);
  const V16u h3 = load16(s + 48);
  const V16u tail = load16(s + n - 16);
  unsigned char* const d0 = d;
  unsigned char* const dtail = d + n - 16;
  unsigned char* de = d + n;
  const unsigned char* se = s + n;
  const size_t skip = reinterpret_cast<uintptr_t>(de) & 15;
  de -= skip;
  se -= skip;
  n -= skip;
  while (n > 64) {
    de -= 64;
    se -= 64;
    const V16u a = load16(se);
    const V16u b = load16(se + 16);
    const V16u c = load16(se + 32);
    const V16u e = load16(se + 48);
    store16_aligned(de + 48, e);
    store16_aligned(de + 32, c);
    store16_aligned(de + 16, b);
    store16_aligned(de, a);
    n -= 64;
  }
  store16(dtail, tail);
  store16(d0, h0);
  store16(d0 + 16, h1);
  store16(d0 + 32, h2);
  store16(d0 + 48, h3);
}

inline V16u splat(unsigned char c) {
  V16u v = {c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c};
  return v;
}

}  // namespace

void copy_forward_vector(unsigned char* d, const unsigned char* s, size_t n) {
  const V16u head = load16(s);
  const V16u t0 = load16(s + n - 64);
  const V16u t1 = load16(s + n - 48);
  const V16u t2 = load16(s + n - 32);
  const V16u t3 = load16(s + n - 16);
  unsigned char* const d0 = d;
  unsigned char* const dt = d + n - 64;
  const size_t skip = 16 - (reinterpret_cast<uintptr_t>(d) & 15);
  d += skip;
  s += skip;
  n -= skip;
  while (n > 64) {
    const V16u a = load16(s);
    const V16u b = load16(s + 16);
    const V16u c = load16(s + 32);
    const V16u e = load16(s + 48);
    store16_aligned(d, a);
    store16_aligned(d + 16, b);
    store16_aligned(d + 32, c);
    store16_aligned(d + 48, e);
    d += 64;
    s += 64;
    n -= 64;
  }
  store16(dt, t0);
  store16(dt + 16, t1);
  store16(dt + 32, t2);
  store16(dt + 48, t3);
  store16(d0, head);
}

void fill_vector(unsigned char* d, V16u v, size_t n) {
  store16(d, v);
  store16(d + n - 64, v);
  store16(d + n - 48, v);
  store16(d + n - 32, v);
  store16(d + n - 16, v);
  unsigned char* const end = d + n - 64;
  d = reinterpret_cast<unsigned char*>((reinterpret_cast<uintptr_t>(d) + 16) &
                                       ~uintptr_t{15});
  while (d < end) {
    store16_aligned(d, v);
    store16_aligned(d + 16, v);
    store16_aligned(d + 32, v);
    store16_aligned(d + 48, v);
    d += 64;
  }
}

}  // namespace hcall::libc

using namespace hcall::libc;

extern "C" void* hcl_memcpy(void* dst, const void* src, size_t n) {
  unsigned char* d = static_cast<unsigned char*>(dst);
  const unsigned char* s = static_cast<const unsigned char*>(src);
  if (n <= 64) {
    copy_upto64(d, s, n);
  } else if (n <= 128) {
    copy_upto128(d, s, n);
  } else if (n < kBulkCopyThreshold) {
    copy_forward_mid(d, s, n);
  } else {
    copy_forward_bulk(d, s, n);
  }
  return dst;
}

extern "C" void* hcl_memmove(void* dst, const void* src, size_t n) {
  unsigned char* d = static_cast<unsigned char*>(dst);
  const unsigned char* s = static_cast<const unsigned char*>(src);
  if (n <= 64) {
    copy_upto64(d, s, n);
  } else if (n <= 128) {
    copy_upto128(d, s, n);
  } else if (reinterpret_cast<uintptr_t>(d) - reinterpret_cast<uintptr_t>(s) >=
             n) {
    // (d) is below (s), or the ranges do not overlap: front to back.
    if (n < kBulkCopyThreshold) {
      copy_forward_mid(d, s, n);
    } else {
      copy_forward_bulk(d, s, n);
    }
  } else {
    copy_backward_vector(d, s, n);
  }
  return dst;
}

extern "C" void* hcl_memset(void* dst, int c, size_t n) {
  unsigned char* d = static_cast<unsigned char*>(dst);
  const unsigned char b = static_cast<unsigned char>(c);
  if (n >= 16) {
    const V16u v = splat(b);
    if (n <= 32) {
      store16(d, v);
      store16(d + n - 16, v);
    } else if (n <= 64) {
      store16(d, v);
      store16(d + 16, v);
      store16(d + n - 32, v);
      store16(d + n - 16, v);
    } else if (n < kBulkFillThreshold) {
      fill_vector(d, v, n);
    } else {
      fill_bulk(d, b, n);
    }
    return dst;
  }
  if (n >= 8) {
    const uint64_t w = 0x0101010101010101ull * b;
    *reinterpret_cast<U64u*>(d) = w;
    *reinterpret_cast<U64u*>(d + n - 8) = w;
  } else if (n >= 4) {
    const uint32_t w = 0x01010101u * b;
    *reinterpret_cast<U32u*>(d) = w;
    *reinterpret_cast<U32u*>(d + n - 4) = w;
  } else if (n >= 2) {
    const uint16_t w = static_cast<uint16_t>(0x0101u * b);
    *reinterpret_cast<U16u*>(d) = w;
    *reinterpret_cast<U16u*>(d + n - 2) = w;
  } else if (n == 1) {
    *d = b;
  }
  return dst;
}

extern "C" int hcl_memcmp(const void* a, const void* b, size_t n) {
  const unsigned char* p = static_cast<const unsigned char*>(a);
  const unsigned char* q = static_cast<const unsigned char*>(b);
  // Eight bytes at a time until a word differs; then the bytes of that word.
  while (n >= 8 && *reinterpret_cast<const U64u*>(p) ==
                       *reinterpret_cast<const U64u*>(q)) {
    p += 8;
    q += 8;
    n -= 8;
  }
  for (; n > 0; --n, ++p, ++q) {
    if (*p != *q) return *p < *q ? -1 : 1;
  }
  return 0;
}
