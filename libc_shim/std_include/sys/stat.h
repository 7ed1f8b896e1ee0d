/* <sys/stat.h> of images that take the hcall libc shim as their whole
 * libc: fstat, and stat of a boot manifest NAME (there are no host paths).
 * `struct stat` has struct hcl_stat's layout (checked in
 * std_names/unistd.cc); fields the ABI does not know are absent. */
#ifndef HCALL_LIBC_SHIM_STD_SYS_STAT_H_
#define HCALL_LIBC_SHIM_STD_SYS_STAT_H_

#include <sys/types.h>

#include "hcl/stat.h"

struct stat {
  mode_t st_mode;       /* S_IF* type; permission bits 0 */
  nlink_t st_nlink;     /* 1 */
  off_t st_size;        /* files and block devices: bytes; else 0 */
  blksize_t st_blksize; /* preferred I/O size or sector size */
  blkcnt_t st_blocks;   /* st_size in 512-byte units, rounded up */
};

#define S_IFMT HCL_S_IFMT
#define S_IFSOCK HCL_S_IFSOCK
#define S_IFREG HCL_S_IFREG
#define S_IFBLK HCL_S_IFBLK
#define S_IFDIR HCL_S_IFDIR
#define S_IFCHR HCL_S_IFCHR
#define S_IFIFO HCL_S_IFIFO
#define S_ISREG(m) (((m)&S_IFMT) == S_IFREG)
#define S_ISBLK(m) (((m)&S_IFMT) == S_IFBLK)
#define S_ISDIR(m) (((m)&S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m)&S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m)&S_IFMT) == S_IFIFO)

#ifdef __cplusplus
extern "C" {
#endif

int fstat(int fd, struct stat* st);
/* What fstat reports for the grant (name) of the boot manifest: it opens
 * (name) (read-only, else write-only) and closes it again. Errors as open's:
 * ENOENT for a name that was not granted. */
int stat(const char* name, struct stat* st);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_SYS_STAT_H_ */
