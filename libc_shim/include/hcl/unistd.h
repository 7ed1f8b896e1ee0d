/*
 * hcl/unistd.h -- descriptor I/O of the hcall libc shim, through the
 * capability layer (capability/table.h): each call is checked against the
 * descriptor's rights. Errors: -1 and hcl_errno set to the layer's code,
 * including EACCES (missing right) and EREVOKED (revoked capability).
 *
 * Positions: the hypercall ABI has no seek, so the shim keeps the file
 * position of each descriptor naming a file or block device itself (0 when
 * opened) and reads/writes it with pread/pwrite; hcl_lseek moves it.
 * Descriptors of other kinds (console, pipe) read and write the stream and
 * hcl_lseek fails with ESPIPE. Descriptors share no position (dup is not
 * offered).
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_UNISTD_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_UNISTD_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef long long hcl_off_t;
typedef ptrdiff_t hcl_ssize_t;

#define HCL_SEEK_SET 0
#define HCL_SEEK_CUR 1
#define HCL_SEEK_END 2

hcl_ssize_t hcl_read(int fd, void* buf, size_t len);
hcl_ssize_t hcl_write(int fd, const void* buf, size_t len);
hcl_ssize_t hcl_pread(int fd, void* buf, size_t len, hcl_off_t offset);
hcl_ssize_t hcl_pwrite(int fd, const void* buf, size_t len, hcl_off_t offset);
int hcl_close(int fd);
int hcl_fsync(int fd);
hcl_off_t hcl_lseek(int fd, hcl_off_t offset, int whence);
int hcl_isatty(int fd);
/* Fiber sleeps; hcl_sleep returns 0 (never interrupted). */
unsigned hcl_sleep(unsigned seconds);
int hcl_usleep(unsigned long microseconds);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_UNISTD_H_ */
