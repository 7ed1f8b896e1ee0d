/* <sys/_pthreadtypes.h> of images with libc = "newlib": the pthread types
 * of hcall's threads on fibers (hcl/pthread.h) instead of newlib's 32-bit
 * object ids. Found before newlib's header of the same name (it is on an
 * -I path, newlib's on -isystem) and guarded by the same macro, so newlib's
 * <sys/types.h> and <pthread.h> see these. newlib's own objects use no
 * pthread type. */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

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

#endif /* _SYS__PTHREADTYPES_H_ */
