// hypercall/linux/linux.h -- starting a Linux backend (linux or
// deterministic) explicitly.
//
// An hcall image never calls this: the backend's entry code (entry.cc) does,
// with what it found on the initial stack. Hosted programs that link a
// backend library directly (tests, benchmarks) call hc_linux_init() once
// before any hc_* function; hypercall/linux/hosted.h builds the config from
// glibc's auxiliary vector.
#ifndef HCALL_HYPERCALL_LINUX_LINUX_H_
#define HCALL_HYPERCALL_LINUX_LINUX_H_

#include <stdint.h>

#include "hypercall/hypercall.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hc_linux_config {
  uintptr_t vdso_base; /* AT_SYSINFO_EHDR: address of the vDSO ELF image, or
                          0 to use system calls only */
  uint64_t page_size;  /* AT_PAGESZ; 0 means 4096 */
  uint64_t seed;       /* deterministic backend: randomness seed */
  uint32_t seed_given; /* nonzero if (seed) is set; otherwise the
                          deterministic backend uses its fixed default */
  uint32_t reserved;   /* zero */
};

/* Initialises the backend linked into the program from (config). May be
 * called again to reset it (the deterministic clock and generator restart).
 * Returns 0, or HC_EINVAL if (config)'s page_size is not a power of two of
 * at least 4096. */
hc_status_t hc_linux_init(const struct hc_linux_config* config);

/* Names how hc_clock_gettime() currently reads time: "vdso", "syscall" or
 * (deterministic backend) "virtual". For tests and benchmark labels. */
const char* hc_linux_clock_source(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_HYPERCALL_LINUX_LINUX_H_ */
