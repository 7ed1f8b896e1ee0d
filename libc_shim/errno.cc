// libc_shim/errno.cc -- errno (the running fiber's slot) and strerror.
#include "hcl/errno.h"

#include "capability/errors.h"
#include "fibers/fiber.h"
#include "format/text.h"
#include "hcl/stdio.h"
#include "hcl/string.h"

static_assert(HCL_EBADF == HCALL_EBADF && HCL_EACCES == HCALL_EACCES &&
                  HCL_ENOENT == HCALL_ENOENT && HCL_EMFILE == HCALL_EMFILE &&
                  HCL_EREVOKED == HCALL_EREVOKED &&
                  HCL_ENOTSUP == HCALL_ENOTSUP && HCL_EFBIG == HCALL_EFBIG &&
                  HCL_ENAMETOOLONG == HCALL_ENAMETOOLONG,
              "hcl/errno.h agrees with capability/errors.h");

extern "C" int* hcl___errno_location(void) {
  return hcall::fibers::ErrnoLocation();
}

namespace {

struct Message {
  int number;
  const char* text;
};

// Our own wording of each condition.
constexpr Message kMessages[] = {
    {0, "Success"},
    {HCL_EPERM, "Operation not permitted"},
    {HCL_ENOENT, "No such file or directory"},
    {HCL_ESRCH, "No such process"},
    {HCL_EINTR, "Interrupted call"},
    {HCL_EIO, "Input/output error"},
    {HCL_ENXIO, "No such device or address"},
    {HCL_E2BIG, "Argument list too long"},
    {HCL_ENOEXEC, "Executable format error"},
    {HCL_EBADF, "Bad file descriptor"},
    {HCL_ECHILD, "No child processes"},
    {HCL_EAGAIN, "Resource temporarily unavailable"},
    {HCL_ENOMEM, "Out of memory"},
    {HCL_EACCES, "Permission denied"},
    {HCL_EFAULT, "Bad address"},
    {HCL_EBUSY, "Device or resource busy"},
    {HCL_EEXIST, "File exists"},
    {HCL_EXDEV, "Cross-device link"},
    {HCL_ENODEV, "No such device"},
    {HCL_ENOTDIR, "Not a directory"},
    {HCL_EISDIR, "Is a directory"},
    {HCL_EINVAL, "Invalid argument"},
    {HCL_ENFILE, "Too many open files in system"},
    {HCL_EMFILE, "Too many open files"},
    {HCL_ENOTTY, "Not a terminal"},
    {HCL_EFBIG, "File too large"},
    {HCL_ENOSPC, "No space left on device"},
    {HCL_ESPIPE, "Illegal seek"},
    {HCL_EROFS, "Read-only file system"},
    {HCL_EMLINK, "Too many links"},
    {HCL_EPIPE, "Broken pipe"},
    {HCL_EDOM, "Argument out of domain"},
    {HCL_ERANGE, "Result out of range"},
    {HCL_EDEADLK, "Resource deadlock avoided"},
    {HCL_ENAMETOOLONG, "File name too long"},
    {HCL_ENOLCK, "No locks available"},
    {HCL_ENOSYS, "Function not implemented"},
    {HCL_ENOTEMPTY, "Directory not empty"},
    {HCL_ELOOP, "Too many levels of symbolic links"},
    {HCL_EOVERFLOW, "Value too large for its type"},
    {HCL_EILSEQ, "Invalid or incomplete byte sequence"},
    {HCL_EOPNOTSUPP, "Operation not supported"},
    {HCL_ETIMEDOUT, "Timed out"},
    {HCL_EREVOKED, "Capability revoked"},
};

char g_unknown[32];

}  // namespace

extern "C" char* hcl_strerror(int errnum) {
  for (const Message& m : kMessages) {
    if (m.number == errnum) return const_cast<char*>(m.text);
  }
  // format::TextOut, not hcl_snprintf: no printf engine for one number.
  hcall::format::Sink sink{g_unknown, sizeof(g_unknown) - 1, 0, 0, nullptr,
                           nullptr};
  hcall::format::TextOut(&sink).Str("Unknown error ").Signed(errnum);
  g_unknown[sink.pos] = '\0';
  return g_unknown;
}
