// hypercall/linux/syscall_arm.h -- Linux system calls on 32-bit arm (EABI).
//
// Calling convention of `svc #0` (EABI): number in r7; arguments in r0..r5;
// result in r0; every other register is preserved. A 64-bit argument takes
// an even/odd register pair (low word in the even register), so pread64 and
// pwrite64 leave r3 unused.
//
// r7 is the frame pointer in Thumb code built without optimisation, where
// GCC refuses it as an asm operand. The wrappers therefore take the number
// in any register and move it into r7 themselves, saving and restoring r7
// around the trap: they work at every optimisation level in ARM and Thumb.
//
// Time: the 64-bit-time calls (clock_gettime64 403, clock_getres_time64 406,
// clock_nanosleep_time64 407; Linux 5.1+) take struct __kernel_timespec, the
// layout of struct hc_timespec. When one returns -ENOSYS the wrapper falls
// back to the 32-bit call (263, 264, 265) and converts; the fallback cannot
// represent times after January 2038 and clamps sleep times to INT32_MAX s.
// Include through hypercall/linux/syscall.h.
#ifndef HCALL_HYPERCALL_LINUX_SYSCALL_ARM_H_
#define HCALL_HYPERCALL_LINUX_SYSCALL_ARM_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/linux_errno.h"

namespace hc_linux {

static_assert(sizeof(long) == 4, "syscall_arm.h is for 32-bit arm");

namespace nr {
constexpr long kRead = 3;
constexpr long kWrite = 4;
constexpr long kClose = 6;
constexpr long kGetpid = 20;
constexpr long kIoctl = 54;
constexpr long kFcntl = 55;
constexpr long kMunmap = 91;
constexpr long kFsync = 118;
constexpr long kMprotect = 125;
constexpr long kRtSigaction = 174;
constexpr long kRtSigprocmask = 175;
constexpr long kPread64 = 180;
constexpr long kPwrite64 = 181;
constexpr long kMmap2 = 192;
constexpr long kGettid = 224;
constexpr long kExitGroup = 248;
constexpr long kClockGettime32 = 263;
constexpr long kClockGetres32 = 264;
constexpr long kClockNanosleep32 = 265;
constexpr long kTgkill = 268;
constexpr long kGetrandom = 384;
constexpr long kStatx = 397;
constexpr long kClockGettime64 = 403;
constexpr long kClockGetres64 = 406;
constexpr long kClockNanosleep64 = 407;
// ARM-private call (__ARM_NR_set_tls): sets TPIDRURO, the thread pointer.
constexpr long kArmSetTls = 0x0f0005;
}  // namespace nr

// The trap itself. r0..r5 are bound by the callers below; (n) arrives in a
// register of the compiler's choice (possibly r7 itself, which is harmless).
#define HC_ARM_SVC_ASM \
  "push {r7}\n\t"      \
  "mov r7, %[n]\n\t"   \
  "svc #0\n\t"         \
  "pop {r7}"

inline long syscall0(long n) {
  register long r0 __asm__("r0");
  __asm__ volatile(HC_ARM_SVC_ASM : "=r"(r0) : [n] "r"(n) : "memory");
  return r0;
}

inline long syscall1(long n, long a) {
  register long r0 __asm__("r0") = a;
  __asm__ volatile(HC_ARM_SVC_ASM : "+r"(r0) : [n] "r"(n) : "memory");
  return r0;
}

inline long syscall2(long n, long a, long b) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  __asm__ volatile(HC_ARM_SVC_ASM : "+r"(r0) : [n] "r"(n), "r"(r1) : "memory");
  return r0;
}

inline long syscall3(long n, long a, long b, long c) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  __asm__ volatile(HC_ARM_SVC_ASM
                   : "+r"(r0)
                   : [n] "r"(n), "r"(r1), "r"(r2)
                   : "memory");
  return r0;
}

inline long syscall4(long n, long a, long b, long c, long d) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  __asm__ volatile(HC_ARM_SVC_ASM
                   : "+r"(r0)
                   : [n] "r"(n), "r"(r1), "r"(r2), "r"(r3)
                   : "memory");
  return r0;
}

inline long syscall5(long n, long a, long b, long c, long d, long e) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  register long r4 __asm__("r4") = e;
  __asm__ volatile(HC_ARM_SVC_ASM
                   : "+r"(r0)
                   : [n] "r"(n), "r"(r1), "r"(r2), "r"(r3), "r"(r4)
                   : "memory");
  return r0;
}

inline long syscall6(long n, long a, long b, long c, long d, long e, long f) {
  register long r0 __asm__("r0") = a;
  register long r1 __asm__("r1") = b;
  register long r2 __asm__("r2") = c;
  register long r3 __asm__("r3") = d;
  register long r4 __asm__("r4") = e;
  register long r5 __asm__("r5") = f;
  __asm__ volatile(HC_ARM_SVC_ASM
                   : "+r"(r0)
                   : [n] "r"(n), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
                   : "memory");
  return r0;
}

#undef HC_ARM_SVC_ASM

// ioctl(BLKGETSIZE64) = _IOR(0x12, 114, size_t) with a 4-byte size_t.
constexpr unsigned long kBlkGetSize64 = 0x80041272UL;

// The vDSO (when the kernel's timer allows one) exports, version LINUX_2.6,
// __vdso_clock_gettime64 (Linux 5.5+, struct __kernel_timespec, the layout of
// struct hc_timespec) and __vdso_clock_gettime (32-bit struct timespec).
// The first is preferred; the second is used only if the first is absent.
constexpr const char* kVdsoVersion = "LINUX_2.6";
constexpr const char* kVdsoClockGettime64 = "__vdso_clock_gettime64";
constexpr const char* kVdsoClockGettime32 = "__vdso_clock_gettime";

// The 32-bit struct timespec of the old time calls.
struct Timespec32 {
  int32_t tv_sec;
  int32_t tv_nsec;
};

inline void timespec_from32(const Timespec32& in, hc_timespec* out) {
  out->tv_sec = in.tv_sec;
  out->tv_nsec = in.tv_nsec;
}

inline Timespec32 timespec_to32(const hc_timespec& in) {
  Timespec32 out;
  out.tv_sec =
      in.tv_sec > INT32_MAX ? INT32_MAX : static_cast<int32_t>(in.tv_sec);
  out.tv_nsec = static_cast<int32_t>(in.tv_nsec);
  return out;
}

inline long sys_mmap_anon(size_t len, uint32_t prot) {
  // flags MAP_PRIVATE | MAP_ANONYMOUS (0x22), fd -1, offset 0 pages.
  return syscall6(nr::kMmap2, 0, static_cast<long>(len), prot, 0x22, -1, 0);
}

inline long sys_pread(int fd, void* buf, size_t len, int64_t off) {
  const uint64_t u = static_cast<uint64_t>(off);
  return syscall6(nr::kPread64, fd, reinterpret_cast<long>(buf),
                  static_cast<long>(len), 0, static_cast<long>(u & 0xffffffffu),
                  static_cast<long>(u >> 32));
}

inline long sys_pwrite(int fd, const void* buf, size_t len, int64_t off) {
  const uint64_t u = static_cast<uint64_t>(off);
  return syscall6(nr::kPwrite64, fd, reinterpret_cast<long>(buf),
                  static_cast<long>(len), 0, static_cast<long>(u & 0xffffffffu),
                  static_cast<long>(u >> 32));
}

inline long sys_clock_gettime(uint32_t clock, hc_timespec* ts) {
  long ret = syscall2(nr::kClockGettime64, static_cast<long>(clock),
                      reinterpret_cast<long>(ts));
  if (ret != -err::kENOSYS) return ret;
  Timespec32 t32;
  ret = syscall2(nr::kClockGettime32, static_cast<long>(clock),
                 reinterpret_cast<long>(&t32));
  if (ret == 0) timespec_from32(t32, ts);
  return ret;
}

inline long sys_clock_getres(uint32_t clock, hc_timespec* res) {
  long ret = syscall2(nr::kClockGetres64, static_cast<long>(clock),
                      reinterpret_cast<long>(res));
  if (ret != -err::kENOSYS) return ret;
  Timespec32 t32;
  ret = syscall2(nr::kClockGetres32, static_cast<long>(clock),
                 reinterpret_cast<long>(&t32));
  if (ret == 0) timespec_from32(t32, res);
  return ret;
}

inline long sys_clock_nanosleep(uint32_t clock, uint32_t flags,
                                const hc_timespec* t, hc_timespec* rem) {
  long ret = syscall4(nr::kClockNanosleep64, static_cast<long>(clock),
                      static_cast<long>(flags), reinterpret_cast<long>(t),
                      reinterpret_cast<long>(rem));
  if (ret != -err::kENOSYS) return ret;
  const Timespec32 t32 = timespec_to32(*t);
  Timespec32 rem32;
  ret = syscall4(nr::kClockNanosleep32, static_cast<long>(clock),
                 static_cast<long>(flags), reinterpret_cast<long>(&t32),
                 reinterpret_cast<long>(&rem32));
  if (ret == -err::kEINTR && rem != nullptr) timespec_from32(rem32, rem);
  return ret;
}

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_SYSCALL_ARM_H_
