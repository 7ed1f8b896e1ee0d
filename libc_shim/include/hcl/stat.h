/*
 * hcl/stat.h -- hcl_fstat: what the backend's hc_stat reports, in POSIX
 * shape. Fields the ABI does not know (owner, times, links) are zero.
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_STAT_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_STAT_H_

#ifdef __cplusplus
extern "C" {
#endif

#define HCL_S_IFMT 0170000
#define HCL_S_IFSOCK 0140000
#define HCL_S_IFREG 0100000
#define HCL_S_IFBLK 0060000
#define HCL_S_IFDIR 0040000
#define HCL_S_IFCHR 0020000
#define HCL_S_IFIFO 0010000

struct hcl_stat {
  unsigned int st_mode;  /* HCL_S_IF* type; permission bits 0 */
  unsigned int st_nlink; /* 1 */
  long long st_size;     /* files and block devices: bytes; else 0 */
  long long st_blksize;  /* preferred I/O size or sector size */
  long long st_blocks;   /* st_size in 512-byte units, rounded up */
};

int hcl_fstat(int fd, struct hcl_stat* st);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_STAT_H_ */
