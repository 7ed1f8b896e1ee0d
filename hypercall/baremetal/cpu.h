// hypercall/baremetal/cpu.h -- picks the CPU's cpu_<arch>.h: barriers,
// counters, idle instruction, port I/O or semihosting trap. Each defines,
// in namespace hc_bm:
//   void memory_barrier();  full barrier for memory shared with devices
#ifndef HCALL_HYPERCALL_BAREMETAL_CPU_H_
#define HCALL_HYPERCALL_BAREMETAL_CPU_H_

#if defined(__aarch64__)
#include "hypercall/baremetal/cpu_aarch64.h"
#elif defined(__arm__)
#include "hypercall/baremetal/cpu_arm.h"
#elif defined(__x86_64__)
#include "hypercall/baremetal/cpu_x86_64.h"
#else
#error "hypercall/baremetal supports aarch64, arm and x86_64"
#endif

#endif  // HCALL_HYPERCALL_BAREMETAL_CPU_H_
