/*
 * hcl/errno.h -- errno of the hcall libc shim.
 *
 * errno is per fiber: hcl___errno_location() returns the running fiber's
 * slot (fibers/fiber.h ErrnoLocation()). The numbers are Linux's (the same
 * on x86_64, aarch64 and arm) and agree with capability/errors.h.
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_ERRNO_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_ERRNO_H_

#ifdef __cplusplus
extern "C" {
#endif

/* The address of the running fiber's errno. Never null. */
int* hcl___errno_location(void);

#define hcl_errno (*hcl___errno_location())

#define HCL_EPERM 1
#define HCL_ENOENT 2
#define HCL_ESRCH 3
#define HCL_EINTR 4
#define HCL_EIO 5
#define HCL_ENXIO 6
#define HCL_E2BIG 7
#define HCL_ENOEXEC 8
#define HCL_EBADF 9
#define HCL_ECHILD 10
#define HCL_EAGAIN 11
#define HCL_ENOMEM 12
#define HCL_EACCES 13
#define HCL_EFAULT 14
#define HCL_EBUSY 16
#define HCL_EEXIST 17
#define HCL_EXDEV 18
#define HCL_ENODEV 19
#define HCL_ENOTDIR 20
#define HCL_EISDIR 21
#define HCL_EINVAL 22
#define HCL_ENFILE 23
#define HCL_EMFILE 24
#define HCL_ENOTTY 25
#define HCL_EFBIG 27
#define HCL_ENOSPC 28
#define HCL_ESPIPE 29
#define HCL_EROFS 30
#define HCL_EMLINK 31
#define HCL_EPIPE 32
#define HCL_EDOM 33
#define HCL_ERANGE 34
#define HCL_EDEADLK 35
#define HCL_ENAMETOOLONG 36
#define HCL_ENOLCK 37
#define HCL_ENOSYS 38
#define HCL_ENOTEMPTY 39
#define HCL_ELOOP 40
#define HCL_EOVERFLOW 75
#define HCL_EILSEQ 84
#define HCL_EOPNOTSUPP 95
#define HCL_ENOTSUP HCL_EOPNOTSUPP
#define HCL_ETIMEDOUT 110
#define HCL_EKEYREVOKED 128
/* The descriptor's capability was revoked (capability/errors.h). */
#define HCL_EREVOKED HCL_EKEYREVOKED

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_ERRNO_H_ */
