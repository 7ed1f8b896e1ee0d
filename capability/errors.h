/*
 * capability/errors.h -- the errno numbers of hcall's POSIX-facing layers.
 *
 * Every function of the capability layer that can fail returns a negative
 * errno-style value: -HCALL_E*. The numbers are Linux's (asm-generic, the
 * same on x86_64, aarch64 and arm), so a hosted test can compare them with
 * <errno.h> and the libc shim can define its own <errno.h> from these
 * macros (`#define EBADF HCALL_EBADF`). The macro part is plain C; the
 * mapping from the hypercall ABI's HC_E* codes is below, in C++, and is the
 * only place where that mapping is written.
 *
 * The one code hcall adds a meaning to:
 *   HCALL_EREVOKED (= EKEYREVOKED, 128) -- the descriptor's capability was
 *   revoked. FreeBSD's ENOTCAPABLE (93) cannot be used: on Linux 93 is
 *   EPROTONOSUPPORT. EKEYREVOKED is a real Linux errno whose standard text
 *   ("Key has been revoked") already says what happened, and no read, write,
 *   pread, pwrite, fsync, fstat or isatty on Linux ever returns it, so a
 *   program or a log can never confuse it with an I/O failure.
 */
#ifndef HCALL_CAPABILITY_ERRORS_H_
#define HCALL_CAPABILITY_ERRORS_H_

#include <stdint.h>

#include "hypercall/hypercall.h"

#define HCALL_EPERM 1
#define HCALL_ENOENT 2
#define HCALL_EIO 5
#define HCALL_EBADF 9
#define HCALL_EAGAIN 11
#define HCALL_ENOMEM 12
#define HCALL_EACCES 13
#define HCALL_EFAULT 14
#define HCALL_EEXIST 17
#define HCALL_EINVAL 22
#define HCALL_EMFILE 24
#define HCALL_EFBIG 27
#define HCALL_ENOSPC 28
#define HCALL_EPIPE 32
#define HCALL_ERANGE 34
#define HCALL_ENAMETOOLONG 36
#define HCALL_EOPNOTSUPP 95
#define HCALL_ENOTSUP HCALL_EOPNOTSUPP
#define HCALL_EKEYREVOKED 128
#define HCALL_EREVOKED HCALL_EKEYREVOKED

#ifdef __cplusplus
namespace hcall::cap {

// Translates the result (r) of a hypercall into an errno-style result: a
// non-negative (r) is returned unchanged; HC_E* codes become -HCALL_E*:
//   HC_EINVAL  -> EINVAL     HC_EBADH  -> EBADF      HC_EACCES -> EACCES
//   HC_ENOMEM  -> ENOMEM     HC_EIO    -> EIO        HC_ENOSPC -> ENOSPC
//   HC_EAGAIN  -> EAGAIN     HC_ENOTSUP -> EOPNOTSUPP HC_EFAULT -> EFAULT
//   HC_EPIPE   -> EPIPE      HC_ERANGE -> EFBIG (the ABI uses it for "past
//   the object's maximum size", POSIX's EFBIG); any other negative -> EIO.
inline int64_t from_hc(int64_t r) {
  static constexpr int8_t kMap[] = {
      0,                 // HC_OK (not an error, never looked up)
      HCALL_EINVAL,      // HC_EINVAL  -1
      HCALL_EBADF,       // HC_EBADH   -2
      HCALL_EACCES,      // HC_EACCES  -3
      HCALL_ENOMEM,      // HC_ENOMEM  -4
      HCALL_EIO,         // HC_EIO     -5
      HCALL_ENOSPC,      // HC_ENOSPC  -6
      HCALL_EAGAIN,      // HC_EAGAIN  -7
      HCALL_EOPNOTSUPP,  // HC_ENOTSUP -8
      HCALL_EFAULT,      // HC_EFAULT  -9
      HCALL_EPIPE,       // HC_EPIPE   -10
      HCALL_EFBIG,       // HC_ERANGE  -11
  };
  if (__builtin_expect(r >= 0, 1)) return r;
  if (r < -static_cast<int64_t>(sizeof(kMap) - 1)) return -HCALL_EIO;
  return -static_cast<int64_t>(kMap[-r]);
}

}  // namespace hcall::cap
#endif /* __cplusplus */

#endif /* HCALL_CAPABILITY_ERRORS_H_ */
