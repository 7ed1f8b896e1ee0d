/* <unistd.h> of images that take the hcall libc shim as their whole libc:
 * descriptor I/O through the capability layer (hcl/unistd.h). */
#ifndef HCALL_LIBC_SHIM_STD_UNISTD_H_
#define HCALL_LIBC_SHIM_STD_UNISTD_H_

#include <stddef.h>
#include <sys/types.h>

#include "hcl/stdlib.h"
#include "hcl/unistd.h"

#define SEEK_SET HCL_SEEK_SET
#define SEEK_CUR HCL_SEEK_CUR
#define SEEK_END HCL_SEEK_END
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2

/* The environment (hcl_environ). */
#define environ hcl_environ

#ifdef __cplusplus
extern "C" {
#endif

ssize_t read(int fd, void* buf, size_t len);
ssize_t write(int fd, const void* buf, size_t len);
ssize_t pread(int fd, void* buf, size_t len, off_t offset);
ssize_t pwrite(int fd, const void* buf, size_t len, off_t offset);
int close(int fd);
int fsync(int fd);
off_t lseek(int fd, off_t offset, int whence);
int isatty(int fd);
unsigned sleep(unsigned seconds);
int usleep(unsigned long microseconds);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_UNISTD_H_ */
