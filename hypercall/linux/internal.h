// hypercall/linux/internal.h -- pieces shared by the Linux backends (linux
// and deterministic). Not part of the ABI; visible inside hypercall/ only.
//
// A Linux backend is "common + clock + random":
//   common (both backends):  errors.cc memory.cc io.cc process.cc tls.cc
//   linux:                   clock.cc vdso.cc random.cc backend.cc
//   deterministic:           ../deterministic/{clock,random,backend}.cc
// Each backend.cc defines hc_linux_init() and calls the init functions of
// its own parts.
#ifndef HCALL_HYPERCALL_LINUX_INTERNAL_H_
#define HCALL_HYPERCALL_LINUX_INTERNAL_H_

#include <stddef.h>
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

// common/tls.cc: finds the PT_TLS segment among the (phnum) program headers
// at (phdrs) (AT_PHDR/AT_PHNUM; nullptr: none), gives the running context a
// TLS block and makes hc_tls_size() non-zero. Does nothing without PT_TLS.
// Returns 0, HC_EINVAL for a malformed PT_TLS, or hc_page_map's error.
hc_status_t tls_setup(const void* phdrs, size_t phnum);

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_INTERNAL_H_
