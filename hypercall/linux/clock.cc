// hypercall/linux/clock.cc -- clocks of the linux backend.
//
// hc_clock_gettime reads the vDSO when the kernel offers one (the function
// named by kVdsoClockGettime64 in syscall_<arch>.h, or on arm the older
// kVdsoClockGettime32), and otherwise (no AT_SYSINFO_EHDR, e.g. under
// qemu-user, or no such symbol) makes the system call. getres and
// nanosleep are always system calls. HC_CLOCK_REALTIME and
// HC_CLOCK_MONOTONIC have the values of Linux's CLOCK_REALTIME and
// CLOCK_MONOTONIC, so clock ids pass through unchanged.
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux.h"
#include "hypercall/linux/linux_errno.h"
#include "hypercall/linux/syscall.h"
#include "hypercall/linux/vdso.h"

namespace hc_linux {
namespace {

static_assert(HC_CLOCK_REALTIME == 0 && HC_CLOCK_MONOTONIC == 1,
              "hcall clock ids must equal Linux's CLOCK_REALTIME/MONOTONIC");

// The C library's struct timespec of this architecture, taken by the older
// vDSO entry point (only looked up where kVdsoClockGettime32 is set: arm).
struct NativeTimespec {
  long tv_sec;
  long tv_nsec;
};

using VdsoGettime64 = int (*)(int32_t clock, hc_timespec* ts);
using VdsoGettime32 = int (*)(int32_t clock, NativeTimespec* ts);

// Both null until clock_init() finds them; constant-initialised.
VdsoGettime64 g_vdso_gettime64 = nullptr;
VdsoGettime32 g_vdso_gettime32 = nullptr;

bool clock_ok(uint32_t clock) { return clock <= HC_CLOCK_MONOTONIC; }

hc_status_t gettime_slow(uint32_t clock, hc_timespec* ts) {
  if (g_vdso_gettime32 != nullptr) {
    NativeTimespec native;
    if (g_vdso_gettime32(static_cast<int32_t>(clock), &native) == 0) {
      ts->tv_sec = native.tv_sec;
      ts->tv_nsec = native.tv_nsec;
      return HC_OK;
    }
  }
  const long ret = sys_clock_gettime(clock, ts);
  if (is_error(ret)) return error_from_errno(ret);
  return HC_OK;
}

}  // namespace

void clock_init(uintptr_t vdso_base) {
  g_vdso_gettime64 = reinterpret_cast<VdsoGettime64>(
      vdso_lookup(vdso_base, kVdsoClockGettime64, kVdsoVersion));
  g_vdso_gettime32 = nullptr;
  if (g_vdso_gettime64 == nullptr && kVdsoClockGettime32 != nullptr) {
    g_vdso_gettime32 = reinterpret_cast<VdsoGettime32>(
        vdso_lookup(vdso_base, kVdsoClockGettime32, kVdsoVersion));
  }
}

}  // namespace hc_linux

extern "C" const char* hc_linux_clock_source(void) {
  return hc_linux::g_vdso_gettime64 != nullptr ||
                 hc_linux::g_vdso_gettime32 != nullptr
             ? "vdso"
             : "syscall";
}

extern "C" hc_status_t hc_clock_gettime(uint32_t clock,
                                        struct hc_timespec* ts) {
  if (__builtin_expect(!hc_linux::clock_ok(clock), 0)) return HC_EINVAL;
  const hc_linux::VdsoGettime64 fast = hc_linux::g_vdso_gettime64;
  if (__builtin_expect(fast != nullptr, 1) &&
      __builtin_expect(fast(static_cast<int32_t>(clock), ts) == 0, 1)) {
    return HC_OK;
  }
  return hc_linux::gettime_slow(clock, ts);
}

extern "C" hc_status_t hc_clock_getres(uint32_t clock,
                                       struct hc_timespec* res) {
  if (!hc_linux::clock_ok(clock)) return HC_EINVAL;
  const long ret = hc_linux::sys_clock_getres(clock, res);
  if (hc_linux::is_error(ret)) return hc_linux::error_from_errno(ret);
  return HC_OK;
}

extern "C" hc_status_t hc_clock_nanosleep(uint32_t clock, uint32_t flags,
                                          const struct hc_timespec* t) {
  if (!hc_linux::clock_ok(clock) || (flags & ~HC_TIMER_ABSTIME) != 0 ||
      !hc_linux::timespec_valid(*t)) {
    return HC_EINVAL;
  }
  hc_timespec request = *t;
  hc_timespec remaining;
  for (;;) {
    const long ret =
        hc_linux::sys_clock_nanosleep(clock, flags, &request, &remaining);
    if (ret == 0) return HC_OK;
    if (ret != -hc_linux::err::kEINTR) return hc_linux::error_from_errno(ret);
    // Interrupted: an absolute sleep retries as is, a relative one sleeps
    // what is left.
    if ((flags & HC_TIMER_ABSTIME) == 0) request = remaining;
  }
}
