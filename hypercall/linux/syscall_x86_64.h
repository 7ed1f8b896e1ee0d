// hypercall/linux/syscall_x86_64.h -- Linux system calls on x86_64.
//
// Calling convention of the `syscall` instruction: number in rax; arguments
// in rdi, rsi, rdx, r10, r8, r9; result in rax; the instruction clobbers rcx
// (return rip) and r11 (rflags). No other register is changed. Include
// through hypercall/linux/syscall.h.
#ifndef HCALL_HYPERCALL_LINUX_SYSCALL_X86_64_H_
#define HCALL_HYPERCALL_LINUX_SYSCALL_X86_64_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hc_linux {

namespace nr {
constexpr long kRead = 0;
constexpr long kWrite = 1;
constexpr long kClose = 3;
constexpr long kMmap = 9;
constexpr long kMprotect = 10;
constexpr long kMunmap = 11;
constexpr long kRtSigaction = 13;
constexpr long kRtSigprocmask = 14;
constexpr long kIoctl = 16;
constexpr long kPread64 = 17;
constexpr long kPwrite64 = 18;
constexpr long kGetpid = 39;
constexpr long kArchPrctl = 158;
constexpr long kFcntl = 72;
constexpr long kFsync = 74;
constexpr long kGettid = 186;
constexpr long kClockGettime = 228;
constexpr long kClockGetres = 229;
constexpr long kClockNanosleep = 230;
constexpr long kExitGroup = 231;
constexpr long kTgkill = 234;
constexpr long kGetrandom = 318;
constexpr long kStatx = 332;
}  // namespace nr

inline long syscall0(long n) {
  long ret;
  __asm__ volatile("syscall" : "=a"(ret) : "a"(n) : "rcx", "r11", "memory");
  return ret;
}

inline long syscall1(long n, long a) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall2(long n, long a, long b) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall3(long n, long a, long b, long c) {
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long r10 __asm__("r10") = d;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                   : "rcx", "r11", "memory");
  return ret;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  register long r9 __asm__("r9") = f;
  long ret;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                   : "rcx", "r11", "memory");
  return ret;
}

// The vDSO exports __vdso_clock_gettime (version LINUX_2.6), taking the
// 64-bit struct timespec, whose layout equals struct hc_timespec.
constexpr const char* kVdsoVersion = "LINUX_2.6";
constexpr const char* kVdsoClockGettime64 = "__vdso_clock_gettime";

}  // namespace hc_linux

#include "hypercall/linux/syscall_lp64.h"

#endif  // HCALL_HYPERCALL_LINUX_SYSCALL_X86_64_H_
