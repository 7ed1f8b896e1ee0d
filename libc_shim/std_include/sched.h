/* <sched.h> of images that take the hcall libc shim as their whole libc:
 * sched_yield, which lets every other runnable thread (fiber) run first
 * and returns 0. No scheduling policies or priorities (hcl/pthread.h). */
#ifndef HCALL_LIBC_SHIM_STD_SCHED_H_
#define HCALL_LIBC_SHIM_STD_SCHED_H_

#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

int sched_yield(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_SCHED_H_ */
