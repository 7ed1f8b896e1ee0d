/* <semaphore.h>: not provided by the hcall libc shim. Without this header
 * an image would fall through to the host libc's, whose types conflict with
 * the shim's. */
#ifndef HCALL_LIBC_SHIM_STD_SEMAPHORE_H_
#define HCALL_LIBC_SHIM_STD_SEMAPHORE_H_
#error \
    "libc_shim has no <semaphore.h> (README.md, \"C library\"): use a mutex and a condition variable from <pthread.h>"
#endif /* HCALL_LIBC_SHIM_STD_SEMAPHORE_H_ */
