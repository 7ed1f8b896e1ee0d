/* <fcntl.h> of images that take the hcall libc shim as their whole libc:
 * open() takes a boot manifest NAME, not a path (hcl/fcntl.h). */
#ifndef HCALL_LIBC_SHIM_STD_FCNTL_H_
#define HCALL_LIBC_SHIM_STD_FCNTL_H_

#include "hcl/fcntl.h"

#define O_RDONLY HCL_O_RDONLY
#define O_WRONLY HCL_O_WRONLY
#define O_RDWR HCL_O_RDWR
#define O_ACCMODE HCL_O_ACCMODE
#define O_CREAT HCL_O_CREAT
#define O_EXCL HCL_O_EXCL
#define O_NOCTTY HCL_O_NOCTTY
#define O_TRUNC HCL_O_TRUNC
#define O_APPEND HCL_O_APPEND
#define O_NONBLOCK HCL_O_NONBLOCK
#define O_CLOEXEC HCL_O_CLOEXEC

#ifdef __cplusplus
extern "C" {
#endif

int open(const char* name, int flags, ...);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_FCNTL_H_ */
