// hypercall/linux/internal.h -- pieces shared by the Linux backends (linux
// and deterministic). Not part of the ABI; visible inside hypercall/ only.
//
// A Linux backend is "common + clock + random":
//   common (both backends):  errors.cc memory.cc io.cc process.cc
//   linux:                   clock.cc vdso.cc random.cc backend.cc
//   deterministic:           ../deterministic/{clock,random,backend}.cc
// Each backend.cc defines hc_linux_init() and calls the init functions of
// its own parts.
#ifndef HCALL_HYPERCALL_LINUX_INTERNAL_H_
#define HCALL_HYPERCALL_LINUX_INTERNAL_H_

#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hc_linux {

constexpr int64_t kNsecPerSec = 1000000000;

// Translates a raw system call error (-errno) into an HC_E* code. (raw) must
// be an error (is_error(raw)).
hc_status_t error_from_errno(long raw);

// Like error_from_errno(), for a read or write on descriptor (fd): Linux
// reports both "not a descriptor" and "not open for this direction" as
// EBADF; this tells them apart (HC_EBADH versus HC_EACCES).
hc_status_t error_for_transfer(int fd, long raw);

// True if (t) is a valid hc_timespec (0 <= tv_nsec < 1e9, tv_sec >= 0).
inline bool timespec_valid(const hc_timespec& t) {
  return t.tv_sec >= 0 && t.tv_nsec >= 0 && t.tv_nsec < kNsecPerSec;
}

// common/memory.cc: sets the page size (0 means 4096).
hc_status_t memory_init(uint64_t page_size);

// linux/clock.cc: uses the vDSO at (vdso_base) if it has the clock
// functions, otherwise system calls.
void clock_init(uintptr_t vdso_base);

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_INTERNAL_H_
