// hypercall/linux/syscall_aarch64.h -- Linux system calls on aarch64.
//
// Calling convention of `svc #0`: number in x8; arguments in x0..x5; result
// in x0. The kernel preserves every other general register. Include through
// hypercall/linux/syscall.h.
#ifndef HCALL_HYPERCALL_LINUX_SYSCALL_AARCH64_H_
#define HCALL_HYPERCALL_LINUX_SYSCALL_AARCH64_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hc_linux {

// The asm-generic table.
namespace nr {
constexpr long kFcntl = 25;
constexpr long kIoctl = 29;
constexpr long kClose = 57;
constexpr long kRead = 63;
constexpr long kWrite = 64;
constexpr long kPread64 = 67;
constexpr long kPwrite64 = 68;
constexpr long kFsync = 82;
constexpr long kExitGroup = 94;
constexpr long kClockGettime = 113;
constexpr long kClockGetres = 114;
constexpr long kClockNanosleep = 115;
constexpr long kTgkill = 131;
constexpr long kRtSigaction = 134;
constexpr long kRtSigprocmask = 135;
constexpr long kGetpid = 172;
constexpr long kGettid = 178;
constexpr long kMunmap = 215;
constexpr long kMmap = 222;
constexpr long kMprotect = 226;
constexpr long kGetrandom = 278;
constexpr long kStatx = 291;
}  // namespace nr

inline long syscall0(long n) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0");
  __asm__ volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
  return x0;
}

inline long syscall1(long n, long a) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
  return x0;
}

inline long syscall2(long n, long a, long b) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
  return x0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3)
                   : "memory");
  return x0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4)
                   : "memory");
  return x0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long x8 __asm__("x8") = n;
  register long x0 __asm__("x0") = a;
  register long x1 __asm__("x1") = b;
  register long x2 __asm__("x2") = c;
  register long x3 __asm__("x3") = d;
  register long x4 __asm__("x4") = e;
  register long x5 __asm__("x5") = f;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                   : "memory");
  return x0;
}

// The vDSO exports __kernel_clock_gettime (version LINUX_2.6.39), taking the
// 64-bit struct timespec, whose layout equals struct hc_timespec.
constexpr const char* kVdsoVersion = "LINUX_2.6.39";
constexpr const char* kVdsoClockGettime64 = "__kernel_clock_gettime";

}  // namespace hc_linux

#include "hypercall/linux/syscall_lp64.h"

#endif  // HCALL_HYPERCALL_LINUX_SYSCALL_AARCH64_H_
