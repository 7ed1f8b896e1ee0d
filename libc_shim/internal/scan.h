// libc_shim/internal/scan.h -- strlen, strchr, strrchr and memchr written
// once over per-CPU block primitives (string_<arch>.cc supplies them and
// instantiates these templates under the hcl_* names).
//
// Every load is an ALIGNED block of Ops::kBlock bytes, and the unrolled
// loop reads aligned groups of Ops::kGroup bytes (a multiple of kBlock, at
// most 128, so never more than a page): a block or a group that holds a
// byte of the string (or of the first (n) bytes, for memchr) lies in that
// byte's page, so it cannot fault even when it extends past the end of the
// object. AddressSanitizer would still report the bytes past the end:
// every function here, and the hcl_* functions that call them, carry
// no_sanitize_address.
//
// Ops (one struct per CPU, with static members):
//   kBlock, kGroup   bytes per aligned load, per unrolled step (powers of 2)
//   kStrideShift     log2 of the mask bits per byte: a mask has, for byte i
//                    of a block, bits [i << kStrideShift, (i + 1) <<
//                    kStrideShift), all set or all clear (only the top one
//                    on arm); (kBlock << kStrideShift) fits in Mask
//   Mask             an unsigned integer type (uint32_t or uint64_t)
//   Pattern          the byte looked for, in the CPU's form (splat)
//   Pattern splat(unsigned char c)
//   Mask zeros(p)            bytes == 0 of the block at (p)
//   Mask equal(p, c)         bytes == (c)
//   Mask zeros_or_equal(p, c) bytes == 0 or == (c)
//   bool group_has_zero(p), group_has_equal(p, c),
//        group_has_zero_or_equal(p, c)   the same over kGroup bytes
#ifndef HCALL_LIBC_SHIM_INTERNAL_SCAN_H_
#define HCALL_LIBC_SHIM_INTERNAL_SCAN_H_

#include <stddef.h>
#include <stdint.h>

// On every function that reads a block or a group, and on what inlines
// them: GCC does not inline a function compiled with AddressSanitizer into
// one without.
#define HCL_SCAN_NO_ASAN __attribute__((no_sanitize_address))

// Everything below has internal linkage (the unnamed namespace): each file
// that includes this header compiles its own copy with its own options
// (string_avx2_x86_64.cc with -mavx2), and the linker must never merge an
// AVX2 copy of a helper into the SSE2 path.
namespace hcall::libc::scan {
namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the masks number bytes from the lowest bit");

HCL_SCAN_NO_ASAN inline unsigned lowest_bit(uint32_t m) {
  return __builtin_ctz(m);
}
HCL_SCAN_NO_ASAN inline unsigned lowest_bit(uint64_t m) {
  return __builtin_ctzll(m);
}
HCL_SCAN_NO_ASAN inline unsigned highest_bit(uint32_t m) {
  return 31 - __builtin_clz(m);
}
HCL_SCAN_NO_ASAN inline unsigned highest_bit(uint64_t m) {
  return 63 - __builtin_clzll(m);
}

// The byte index of the first (last) marked byte of a non-zero mask.
template <class Ops>
HCL_SCAN_NO_ASAN size_t first_index(typename Ops::Mask m) {
  return lowest_bit(m) >> Ops::kStrideShift;
}
template <class Ops>
HCL_SCAN_NO_ASAN size_t last_index(typename Ops::Mask m) {
  return highest_bit(m) >> Ops::kStrideShift;
}

// The bits of bytes [0, k) of a block, 0 < (k) <= kBlock (so no shift by
// the mask's width).
template <class Ops>
HCL_SCAN_NO_ASAN typename Ops::Mask below(size_t k) {
  using Mask = typename Ops::Mask;
  const Mask all =
      ~Mask{0} >> (sizeof(Mask) * 8 - (Ops::kBlock << Ops::kStrideShift));
  return all >> ((Ops::kBlock - k) << Ops::kStrideShift);
}

HCL_SCAN_NO_ASAN inline const unsigned char* align_down(const unsigned char* p,
                                                        size_t a) {
  return reinterpret_cast<const unsigned char*>(reinterpret_cast<uintptr_t>(p) &
                                                ~uintptr_t{a - 1});
}
HCL_SCAN_NO_ASAN inline bool aligned(const unsigned char* p, size_t a) {
  return (reinterpret_cast<uintptr_t>(p) & (a - 1)) == 0;
}

// What strlen and strchr look for: (find) marks bytes of one block,
// (group_has) tells whether a group has a marked byte.
template <class Ops>
struct Zero {
  HCL_SCAN_NO_ASAN typename Ops::Mask find(const unsigned char* p) const {
    return Ops::zeros(p);
  }
  HCL_SCAN_NO_ASAN bool group_has(const unsigned char* p) const {
    return Ops::group_has_zero(p);
  }
};
template <class Ops>
struct ZeroOrEqual {
  typename Ops::Pattern pat;
  HCL_SCAN_NO_ASAN typename Ops::Mask find(const unsigned char* p) const {
    return Ops::zeros_or_equal(p, pat);
  }
  HCL_SCAN_NO_ASAN bool group_has(const unsigned char* p) const {
    return Ops::group_has_zero_or_equal(p, pat);
  }
};

// The first byte from (s) on that (what) marks, where one is known to come
// (a terminator): the block of (s), blocks up to a group boundary, then
// whole groups, then the blocks of the group that has it. Inlined into
// strlen and strchr: GCC would otherwise call a shared clone.
template <class Ops, class What>
HCL_SCAN_NO_ASAN __attribute__((always_inline)) inline const unsigned char*
first_marked(const unsigned char* s, const What& what) {
  const unsigned char* p = align_down(s, Ops::kBlock);
  typename Ops::Mask m = what.find(p) >> ((s - p) << Ops::kStrideShift);
  if (m != 0) return s + first_index<Ops>(m);
  for (p += Ops::kBlock; !aligned(p, Ops::kGroup); p += Ops::kBlock) {
    m = what.find(p);
    if (m != 0) return p + first_index<Ops>(m);
  }
  while (!what.group_has(p)) p += Ops::kGroup;
  for (;; p += Ops::kBlock) {
    m = what.find(p);
    if (m != 0) return p + first_index<Ops>(m);
  }
}

template <class Ops>
HCL_SCAN_NO_ASAN size_t strlen(const char* str) {
  const unsigned char* s = reinterpret_cast<const unsigned char*>(str);
  const Zero<Ops> what{};
  return static_cast<size_t>(first_marked<Ops>(s, what) - s);
}

template <class Ops>
HCL_SCAN_NO_ASAN char* strchr(const char* str, int c) {
  const unsigned char* s = reinterpret_cast<const unsigned char*>(str);
  const unsigned char b = static_cast<unsigned char>(c);
  const ZeroOrEqual<Ops> what{Ops::splat(b)};
  const unsigned char* q = first_marked<Ops>(s, what);
  return *q == b ? reinterpret_cast<char*>(const_cast<unsigned char*>(q))
                 : nullptr;
}

// Block by block: the last (c) of the blocks before the terminator's, then
// of the terminator's block below the terminator.
template <class Ops>
HCL_SCAN_NO_ASAN char* strrchr(const char* str, int c) {
  using Mask = typename Ops::Mask;
  const unsigned char* s = reinterpret_cast<const unsigned char*>(str);
  const unsigned char b = static_cast<unsigned char>(c);
  if (b == 0) return const_cast<char*>(str) + strlen<Ops>(str);
  const typename Ops::Pattern pat = Ops::splat(b);
  const unsigned char* p = align_down(s, Ops::kBlock);
  // Bytes of the first block before (s) count as neither.
  const size_t skip = static_cast<size_t>(s - p);
  const Mask valid = ~Mask{0} << (skip << Ops::kStrideShift);
  Mask z = Ops::zeros(p) & valid;
  Mask e = Ops::equal(p, pat) & valid;
  const unsigned char* found_block = nullptr;
  Mask found = 0;
  while (z == 0) {
    if (e != 0) {
      found_block = p;
      found = e;
    }
    p += Ops::kBlock;
    z = Ops::zeros(p);
    e = Ops::equal(p, pat);
  }
  // Matches at or above the terminator do not count: keep the bits below
  // the lowest bit of (z) (that of the terminator's first mask bit).
  e &= (z & (~z + 1)) - 1;
  if (e != 0) {
    found_block = p;
    found = e;
  }
  if (found_block == nullptr) return nullptr;
  return reinterpret_cast<char*>(
      const_cast<unsigned char*>(found_block + last_index<Ops>(found)));
}

// C11 lets (n) exceed the object when a match comes first (strnlen passes
// SIZE_MAX): (n) is counted down, never added to (s).
template <class Ops>
HCL_SCAN_NO_ASAN void* memchr(const void* src, int c, size_t n) {
  using Mask = typename Ops::Mask;
  if (n == 0) return nullptr;
  const unsigned char* s = static_cast<const unsigned char*>(src);
  const typename Ops::Pattern pat = Ops::splat(static_cast<unsigned char>(c));
  const unsigned char* p = align_down(s, Ops::kBlock);
  const size_t skip = static_cast<size_t>(s - p);
  Mask m = Ops::equal(p, pat) >> (skip << Ops::kStrideShift);
  const size_t first = Ops::kBlock - skip;  // bytes of (s) in this block
  if (n <= first) {
    if (m != 0 && first_index<Ops>(m) < n) {
      return const_cast<unsigned char*>(s + first_index<Ops>(m));
    }
    return nullptr;
  }
  if (m != 0) return const_cast<unsigned char*>(s + first_index<Ops>(m));
  n -= first;
  p += Ops::kBlock;
  // (n) > 0 bytes left from (p) on.
  while (true) {
    if (aligned(p, Ops::kGroup)) {
      while (n >= Ops::kGroup && !Ops::group_has_equal(p, pat)) {
        p += Ops::kGroup;
        n -= Ops::kGroup;
      }
    }
    if (n == 0) return nullptr;
    m = Ops::equal(p, pat);
    if (n < Ops::kBlock) m &= below<Ops>(n);
    if (m != 0) return const_cast<unsigned char*>(p + first_index<Ops>(m));
    if (n <= Ops::kBlock) return nullptr;
    p += Ops::kBlock;
    n -= Ops::kBlock;
  }
}

}  // namespace
}  // namespace hcall::libc::scan

#endif  // HCALL_LIBC_SHIM_INTERNAL_SCAN_H_
