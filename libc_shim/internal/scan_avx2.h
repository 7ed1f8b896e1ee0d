// libc_shim/internal/scan_avx2.h -- the AVX2 scans of
// string_avx2_x86_64.cc (x86_64 only; call them only when the CPU and the
// OS support AVX2: string_x86_64.cc checks CPUID and XCR0 once).
#ifndef HCALL_LIBC_SHIM_INTERNAL_SCAN_AVX2_H_
#define HCALL_LIBC_SHIM_INTERNAL_SCAN_AVX2_H_

#include <stddef.h>

namespace hcall::libc {

size_t strlen_avx2(const char* s);
char* strchr_avx2(const char* s, int c);
char* strrchr_avx2(const char* s, int c);
void* memchr_avx2(const void* s, int c, size_t n);

}  // namespace hcall::libc

#endif  // HCALL_LIBC_SHIM_INTERNAL_SCAN_AVX2_H_
