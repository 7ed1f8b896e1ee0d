// libc_shim/internal/time.h -- turning POSIX times into fibers deadlines.
#ifndef HCALL_LIBC_SHIM_INTERNAL_TIME_H_
#define HCALL_LIBC_SHIM_INTERNAL_TIME_H_

#include "hcl/time.h"
#include "hypercall/hypercall.h"

namespace hcall::libc {

// Whether (t) has 0 <= tv_nsec < 1e9.
bool valid_timespec(const hcl_timespec& t);

// The HC_CLOCK_MONOTONIC deadline at which (clock) (HCL_CLOCK_REALTIME or
// HCL_CLOCK_MONOTONIC) reads (abstime); a time that has passed (or before
// 1970) gives the current monotonic time. (abstime) must be valid.
hc_timespec monotonic_deadline(hcl_clockid_t clock,
                               const hcl_timespec& abstime);

// (t) in nanoseconds, saturating; negative spans give 0.
unsigned long long to_nanoseconds(const hcl_timespec& t);

}  // namespace hcall::libc

#endif  // HCALL_LIBC_SHIM_INTERNAL_TIME_H_
