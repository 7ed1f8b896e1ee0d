/* libc_shim/newlib/errno.c -- the shim's error numbers (Linux's) as
 * newlib's, which differ (ENOSYS is 38 on Linux, 88 in newlib, ...). */
#include "hcl/errno.h"

#include <errno.h>

#include "libc_shim/newlib/internal.h"

struct errno_pair {
  int hcl;
  int newlib;
};

static const struct errno_pair kErrnos[] = {
    {HCL_EPERM, EPERM},
    {HCL_ENOENT, ENOENT},
    {HCL_ESRCH, ESRCH},
    {HCL_EINTR, EINTR},
    {HCL_EIO, EIO},
    {HCL_ENXIO, ENXIO},
    {HCL_E2BIG, E2BIG},
    {HCL_ENOEXEC, ENOEXEC},
    {HCL_EBADF, EBADF},
    {HCL_ECHILD, ECHILD},
    {HCL_EAGAIN, EAGAIN},
    {HCL_ENOMEM, ENOMEM},
    {HCL_EACCES, EACCES},
    {HCL_EFAULT, EFAULT},
    {HCL_EBUSY, EBUSY},
    {HCL_EEXIST, EEXIST},
    {HCL_EXDEV, EXDEV},
    {HCL_ENODEV, ENODEV},
    {HCL_ENOTDIR, ENOTDIR},
    {HCL_EISDIR, EISDIR},
    {HCL_EINVAL, EINVAL},
    {HCL_ENFILE, ENFILE},
    {HCL_EMFILE, EMFILE},
    {HCL_ENOTTY, ENOTTY},
    {HCL_EFBIG, EFBIG},
    {HCL_ENOSPC, ENOSPC},
    {HCL_ESPIPE, ESPIPE},
    {HCL_EROFS, EROFS},
    {HCL_EMLINK, EMLINK},
    {HCL_EPIPE, EPIPE},
    {HCL_EDOM, EDOM},
    {HCL_ERANGE, ERANGE},
    {HCL_EDEADLK, EDEADLK},
    {HCL_ENAMETOOLONG, ENAMETOOLONG},
    {HCL_ENOLCK, ENOLCK},
    {HCL_ENOSYS, ENOSYS},
    {HCL_ENOTEMPTY, ENOTEMPTY},
    {HCL_ELOOP, ELOOP},
    {HCL_EOVERFLOW, EOVERFLOW},
    {HCL_EILSEQ, EILSEQ},
    {HCL_EOPNOTSUPP, EOPNOTSUPP},
    {HCL_ETIMEDOUT, ETIMEDOUT},
    /* A revoked capability: newlib has no EKEYREVOKED; the access is
     * refused from now on. */
    {HCL_EREVOKED, EACCES},
};

int hcl_newlib_errno_from_hcl(int hcl_error) {
  for (unsigned i = 0; i < sizeof(kErrnos) / sizeof(kErrnos[0]); ++i) {
    if (kErrnos[i].hcl == hcl_error) return kErrnos[i].newlib;
  }
  return EIO;
}

long hcl_newlib_fail(long result) {
  errno = hcl_newlib_errno_from_hcl(hcl_errno);
  return result;
}
