// libc_shim/internal/memory.h -- the pieces shared by memory.cc and the
// per-CPU bulk routines memory_<arch>.cc.
#ifndef HCALL_LIBC_SHIM_INTERNAL_MEMORY_H_
#define HCALL_LIBC_SHIM_INTERNAL_MEMORY_H_

#include <stddef.h>
#include <stdint.h>

namespace hcall::libc {

// Unaligned, aliasing views of memory. Loads and stores through these
// compile to plain (vector) moves at every optimisation level: never to a
// call of memcpy.
typedef unsigned char V16u
    __attribute__((vector_size(16), aligned(1), may_alias));
typedef unsigned char V16a
    __attribute__((vector_size(16), aligned(16), may_alias));
typedef uint64_t U64u __attribute__((aligned(1), may_alias));
typedef uint32_t U32u __attribute__((aligned(1), may_alias));
typedef uint16_t U16u __attribute__((aligned(1), may_alias));

// Sizes from which memory_<arch>.cc's bulk routines take over.
extern const size_t kBulkCopyThreshold;
extern const size_t kBulkFillThreshold;

// Copies (n) > 64 bytes from (s) to (d) front to back. Correct when (d) <=
// (s) even if the ranges overlap, and of course when they do not.
void copy_forward_vector(unsigned char* d, const unsigned char* s, size_t n);
// Fills (n) > 64 bytes at (d) with (v) (the byte in every lane).
void fill_vector(unsigned char* d, V16u v, size_t n);

// Per CPU (memory_<arch>.cc): the same contracts. copy_forward_mid serves
// 128 < (n) < kBulkCopyThreshold; the bulk routines the sizes from the
// thresholds on. The generic versions call the vector loops above.
void copy_forward_mid(unsigned char* d, const unsigned char* s, size_t n);
void copy_forward_bulk(unsigned char* d, const unsigned char* s, size_t n);
void fill_bulk(unsigned char* d, unsigned char c, size_t n);

}  // namespace hcall::libc

#endif  // HCALL_LIBC_SHIM_INTERNAL_MEMORY_H_
