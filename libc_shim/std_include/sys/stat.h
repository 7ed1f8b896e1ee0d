/* <sys/stat.h> of images that take the hcall libc shim as their whole
 * libc: fstat only (hcl/stat.h). `struct stat` is struct hcl_stat. */
#ifndef HCALL_LIBC_SHIM_STD_SYS_STAT_H_
#define HCALL_LIBC_SHIM_STD_SYS_STAT_H_

#include "hcl/stat.h"

#define stat hcl_stat
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

int fstat(int fd, struct hcl_stat* st);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_SYS_STAT_H_ */
