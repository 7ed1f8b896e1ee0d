/* <sys/_pthreadtypes.h> of images with libc = "newlib": the pthread types
 * of hcall's threads on fibers (hcl/pthread.h) instead of newlib's 32-bit
 * object ids. Found before newlib's header of the same name (it is on an
 * -I path, newlib's on -isystem) and guarded by the same macro, so newlib's
 * <sys/types.h> and <pthread.h> see these. newlib's own objects use no
 * pthread type. */
#ifndef _SYS__PTHREADTYPES_H_
#define _SYS__PTHREADTYPES_H_

#include <sys/sched.h>

#include "hcl/pthread_std_types.h"

#endif /* _SYS__PTHREADTYPES_H_ */
