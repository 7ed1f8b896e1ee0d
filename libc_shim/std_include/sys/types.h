/* <sys/types.h> of images that take the hcall libc shim as their whole
 * libc: the POSIX types the shim's headers use, with the shim's widths
 * (off_t and time_t are 64 bits everywhere), and the pthread types. Each
 * is defined here once; <unistd.h>, <time.h>, <pthread.h>, <semaphore.h>
 * take theirs from here. */
#ifndef HCALL_LIBC_SHIM_STD_SYS_TYPES_H_
#define HCALL_LIBC_SHIM_STD_SYS_TYPES_H_

#include <stddef.h>

#include "hcl/pthread_std_types.h"
#include "hcl/time.h"
#include "hcl/unistd.h"

typedef hcl_off_t off_t;
typedef hcl_ssize_t ssize_t;
typedef hcl_time_t time_t;
typedef hcl_clockid_t clockid_t;
typedef unsigned int mode_t;
typedef unsigned int nlink_t;
typedef long long blksize_t;
typedef long long blkcnt_t;
typedef int pid_t;
typedef long suseconds_t;
typedef unsigned long useconds_t;

#endif /* HCALL_LIBC_SHIM_STD_SYS_TYPES_H_ */
