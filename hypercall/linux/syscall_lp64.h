// hypercall/linux/syscall_lp64.h -- calls whose arguments pass the same way
// on every 64-bit Linux architecture (x86_64, aarch64).
//
// On LP64 a long holds any 64-bit argument, struct timespec is two 64-bit
// fields (the layout of struct hc_timespec), and mmap takes a byte offset.
// Included at the end of syscall_x86_64.h and syscall_aarch64.h, after they
// have defined nr:: and syscall0..6; not meant to be included directly.
#ifndef HCALL_HYPERCALL_LINUX_SYSCALL_LP64_H_
#define HCALL_HYPERCALL_LINUX_SYSCALL_LP64_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hc_linux {

static_assert(sizeof(long) == 8, "syscall_lp64.h is for 64-bit targets");

// ioctl(BLKGETSIZE64) = _IOR(0x12, 114, size_t) with an 8-byte size_t.
constexpr unsigned long kBlkGetSize64 = 0x80081272UL;

// No vDSO clock_gettime taking a 32-bit struct timespec is ever used.
constexpr const char* kVdsoClockGettime32 = nullptr;

inline long sys_mmap_anon(size_t len, uint32_t prot) {
  // flags MAP_PRIVATE | MAP_ANONYMOUS (0x22), fd -1, offset 0.
  return syscall6(nr::kMmap, 0, static_cast<long>(len), prot, 0x22, -1, 0);
}

inline long sys_pread(int fd, void* buf, size_t len, int64_t off) {
  return syscall4(nr::kPread64, fd, reinterpret_cast<long>(buf),
                  static_cast<long>(len), off);
}

inline long sys_pwrite(int fd, const void* buf, size_t len, int64_t off) {
  return syscall4(nr::kPwrite64, fd, reinterpret_cast<long>(buf),
                  static_cast<long>(len), off);
}

inline long sys_clock_gettime(uint32_t clock, hc_timespec* ts) {
  return syscall2(nr::kClockGettime, clock, reinterpret_cast<long>(ts));
}

inline long sys_clock_getres(uint32_t clock, hc_timespec* res) {
  return syscall2(nr::kClockGetres, clock, reinterpret_cast<long>(res));
}

inline long sys_clock_nanosleep(uint32_t clock, uint32_t flags,
                                const hc_timespec* t, hc_timespec* rem) {
  return syscall4(nr::kClockNanosleep, clock, flags, reinterpret_cast<long>(t),
                  reinterpret_cast<long>(rem));
}

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_SYSCALL_LP64_H_
