/* <limits.h> of images that take the hcall libc shim as their whole libc:
 * GCC's (CHAR_BIT, INT_MAX, LLONG_MAX, ...) plus the POSIX limits the shim
 * has. _LIBC_LIMITS_H_ tells GCC's <limits.h> that a C library's is
 * already here, so that it does not look for the host's. */
#ifndef HCALL_LIBC_SHIM_STD_LIMITS_H_
#define HCALL_LIBC_SHIM_STD_LIMITS_H_

#define _LIBC_LIMITS_H_ 1
#include_next <limits.h>

#include "hcl/pthread.h"

/* ssize_t is ptrdiff_t (hcl/unistd.h). */
#define SSIZE_MAX __PTRDIFF_MAX__
#define PTHREAD_KEYS_MAX HCL_PTHREAD_KEYS_MAX
#define PTHREAD_DESTRUCTOR_ITERATIONS HCL_PTHREAD_DESTRUCTOR_ITERATIONS
#define PTHREAD_STACK_MIN HCL_PTHREAD_STACK_MIN
#define SEM_VALUE_MAX HCL_SEM_VALUE_MAX

#endif /* HCALL_LIBC_SHIM_STD_LIMITS_H_ */
