// hypercall/linux/syscall.h -- raw Linux system calls for the current CPU.
//
// Selects the per-architecture header. Each one provides, in namespace
// hc_linux, with identical signatures:
//   - syscall0() .. syscall6(): the bare trap, returning the kernel's raw
//     result (a value, or -errno in [-4095, -1]);
//   - namespace nr: the system call numbers the backends use;
//   - the calls whose argument passing differs per architecture:
//     sys_mmap_anon(), sys_pread(), sys_pwrite(), sys_clock_gettime(),
//     sys_clock_getres(), sys_clock_nanosleep();
//   - ioctl numbers whose value depends on the word size, and the names and
//     version of the vDSO clock functions (kVdso*).
// Nothing here touches errno or any libc state; it is usable from hosted
// programs and from libc-free images alike.
#ifndef HCALL_HYPERCALL_LINUX_SYSCALL_H_
#define HCALL_HYPERCALL_LINUX_SYSCALL_H_

#if defined(__x86_64__)
#include "hypercall/linux/syscall_x86_64.h"
#elif defined(__aarch64__)
#include "hypercall/linux/syscall_aarch64.h"
#elif defined(__arm__) && defined(__ARM_EABI__)
#include "hypercall/linux/syscall_arm.h"
#else
#error "hcall linux backend: unsupported CPU (select() should have caught this)"
#endif

namespace hc_linux {

// True if (ret), a raw system call result, is an error (-4095..-1).
inline bool is_error(long ret) {
  return static_cast<unsigned long>(ret) > static_cast<unsigned long>(-4096L);
}

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_SYSCALL_H_
