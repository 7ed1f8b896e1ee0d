/* The standard pthread type names and constants on hcl's threads (fibers),
 * for the <pthread.h> of either C library an image takes: std_include/ (libc
 * = "shim") and newlib/include/sys/_pthreadtypes.h (libc = "newlib"). */
#ifndef HCALL_LIBC_SHIM_HCL_PTHREAD_STD_TYPES_H_
#define HCALL_LIBC_SHIM_HCL_PTHREAD_STD_TYPES_H_

#include "hcl/pthread.h"

typedef hcl_pthread_t pthread_t;
typedef hcl_pthread_key_t pthread_key_t;
typedef hcl_pthread_mutex_t pthread_mutex_t;
typedef hcl_pthread_cond_t pthread_cond_t;
typedef hcl_pthread_rwlock_t pthread_rwlock_t;
typedef hcl_pthread_once_t pthread_once_t;
typedef hcl_pthread_attr_t pthread_attr_t;
typedef hcl_pthread_mutexattr_t pthread_mutexattr_t;
typedef hcl_pthread_condattr_t pthread_condattr_t;
typedef hcl_pthread_rwlockattr_t pthread_rwlockattr_t;

#define PTHREAD_MUTEX_INITIALIZER HCL_PTHREAD_MUTEX_INITIALIZER
#define PTHREAD_COND_INITIALIZER HCL_PTHREAD_COND_INITIALIZER
#define PTHREAD_RWLOCK_INITIALIZER HCL_PTHREAD_RWLOCK_INITIALIZER
#define PTHREAD_ONCE_INIT HCL_PTHREAD_ONCE_INIT
#define PTHREAD_CREATE_JOINABLE HCL_PTHREAD_CREATE_JOINABLE
#define PTHREAD_CREATE_DETACHED HCL_PTHREAD_CREATE_DETACHED
#define PTHREAD_MUTEX_NORMAL HCL_PTHREAD_MUTEX_NORMAL
#define PTHREAD_MUTEX_RECURSIVE HCL_PTHREAD_MUTEX_RECURSIVE
#define PTHREAD_MUTEX_ERRORCHECK HCL_PTHREAD_MUTEX_ERRORCHECK
#define PTHREAD_MUTEX_DEFAULT HCL_PTHREAD_MUTEX_DEFAULT
#define PTHREAD_KEYS_MAX HCL_PTHREAD_KEYS_MAX
#define PTHREAD_DESTRUCTOR_ITERATIONS HCL_PTHREAD_DESTRUCTOR_ITERATIONS
#define PTHREAD_STACK_MIN HCL_PTHREAD_STACK_MIN

#endif /* HCALL_LIBC_SHIM_HCL_PTHREAD_STD_TYPES_H_ */
