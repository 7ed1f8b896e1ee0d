// libc_shim/memory_x86_64.cc -- copies and fills on x86_64.
//
// Mid sizes (129 bytes up to the bulk threshold): 32-byte AVX moves when
// the CPU and the OS support AVX (CPUID.1:ECX.AVX and OSXSAVE, XCR0 with
// SSE and AVX state), else memory.cc's 16-byte loop. The check runs once,
// on the first such copy; the code is compiled for AVX only inside
// copy_avx (target attribute), so the image runs on any x86_64.
//
// Bulk sizes: the string instructions, which CPUs with ERMS/FSRM run at
// full cache bandwidth (glibc switches to them at similar sizes). The
// direction flag is clear by the SysV ABI, so rep movsb copies front to
// back, byte by byte in effect: correct for overlapping ranges with
// (d) <= (s).
#include <stddef.h>
#include <stdint.h>

#include "libc_shim/internal/memory.h"

namespace hcall::libc {
namespace {

typedef unsigned char V32u
    __attribute__((vector_size(32), aligned(1), may_alias));
typedef unsigned char V32a
    __attribute__((vector_size(32), aligned(32), may_alias));

// 0: not checked yet, 1: no AVX, 2: AVX.
int g_avx = 0;

bool has_avx() {
  if (g_avx == 0) {
    uint32_t a = 1, b, c = 0, d;
    __asm__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
    bool ok = (c & (1u << 28)) != 0 && (c & (1u << 27)) != 0;
    if (ok) {
      uint32_t lo, hi;
      __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
      ok = (lo & 6u) == 6u;
    }
    g_avx = ok ? 2 : 1;
  }
  return g_avx == 2;
}

// 128 < (n): up to 256 without a loop; above, head and the last 128 bytes
// loaded first and stored last, 128-byte blocks in between with the destination
// 32-byte aligned; the same overlap guarantee as copy_forward_vector.
__attribute__((target("avx"))) void copy_avx(unsigned char* d,
                                             const unsigned char* s, size_t n) {
  if (n <= 256) {
    // The first and the last 128 bytes, all loads before any store.
    const V32u a = *reinterpret_cast<const V32u*>(s);
    const V32u b = *reinterpret_cast<const V32u*>(s + 32);
    const V32u c = *reinterpret_cast<const V32u*>(s + 64);
    const V32u e = *reinterpret_cast<const V32u*>(s + 96);
    const V32u w = *reinterpret_cast<const V32u*>(s + n - 128);
    const V32u x = *reinterpret_cast<const V32u*>(s + n - 96);
    const V32u y = *reinterpret_cast<const V32u*>(s + n - 64);
    const V32u z = *reinterpret_cast<const V32u*>(s + n - 32);
    *reinterpret_cast<V32u*>(d) = a;
    *reinterpret_cast<V32u*>(d + 32) = b;
    *reinterpret_cast<V32u*>(d + 64) = c;
    *reinterpret_cast<V32u*>(d + 96) = e;
    *reinterpret_cast<V32u*>(d + n - 128) = w;
    *reinterpret_cast<V32u*>(d + n - 96) = x;
    *reinterpret_cast<V32u*>(d + n - 64) = y;
    *reinterpret_cast<V32u*>(d + n - 32) = z;
    return;
  }
  const V32u head = *reinterpret_cast<const V32u*>(s);
  const V32u t0 = *reinterpret_cast<const V32u*>(s + n - 128);
  const V32u t1 = *reinterpret_cast<const V32u*>(s + n - 96);
  const V32u t2 = *reinterpret_cast<const V32u*>(s + n - 64);
  const V32u t3 = *reinterpret_cast<const V32u*>(s + n - 32);
  unsigned char* const d0 = d;
  unsigned char* const dt = d + n - 128;
  const size_t skip = 32 - (reinterpret_cast<uintptr_t>(d) & 31);
  d += skip;
  s += skip;
  n -= skip;
  while (n > 128) {
    const V32u a = *reinterpret_cast<const V32u*>(s);
    const V32u b = *reinterpret_cast<const V32u*>(s + 32);
    const V32u c = *reinterpret_cast<const V32u*>(s + 64);
    const V32u e = *reinterpret_cast<const V32u*>(s + 96);
    *reinterpret_cast<V32a*>(d) = a;
    *reinterpret_cast<V32a*>(d + 32) = b;
    *reinterpret_cast<V32a*>(d + 64) = c;
    *reinterpret_cast<V32a*>(d + 96) = e;
    d += 128;
    s += 128;
    n -= 128;
  }
  *reinterpret_cast<V32u*>(dt) = t0;
  *reinterpret_cast<V32u*>(dt + 32) = t1;
  *reinterpret_cast<V32u*>(dt + 64) = t2;
  *reinterpret_cast<V32u*>(dt + 96) = t3;
  *reinterpret_cast<V32u*>(d0) = head;
}

}  // namespace

const size_t kBulkCopyThreshold = 2048;
const size_t kBulkFillThreshold = 2048;

void copy_forward_mid(unsigned char* d, const unsigned char* s, size_t n) {
  if (has_avx()) {
    copy_avx(d, s, n);
  } else {
    copy_forward_vector(d, s, n);
  }
}

void copy_forward_bulk(unsigned char* d, const unsigned char* s, size_t n) {
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

void fill_bulk(unsigned char* d, unsigned char c, size_t n) {
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
}

}  // namespace hcall::libc
