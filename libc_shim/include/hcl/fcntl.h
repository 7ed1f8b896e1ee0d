/*
 * hcl/fcntl.h -- hcl_open: opens a grant of the boot manifest BY NAME
 * (capability/table.h Table::open); there are no host paths. The flags are
 * Linux's values; O_TRUNC, O_APPEND and O_NONBLOCK are refused (EINVAL),
 * O_CREAT only succeeds for an existing grant (EACCES otherwise).
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_FCNTL_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_FCNTL_H_

#ifdef __cplusplus
extern "C" {
#endif

#define HCL_O_RDONLY 00
#define HCL_O_WRONLY 01
#define HCL_O_RDWR 02
#define HCL_O_ACCMODE 03
#define HCL_O_CREAT 0100
#define HCL_O_EXCL 0200
#define HCL_O_NOCTTY 0400
#define HCL_O_TRUNC 01000
#define HCL_O_APPEND 02000
#define HCL_O_NONBLOCK 04000
#define HCL_O_CLOEXEC 02000000

/* The mode argument (with O_CREAT) is accepted and ignored. */
int hcl_open(const char* name, int flags, ...);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_FCNTL_H_ */
