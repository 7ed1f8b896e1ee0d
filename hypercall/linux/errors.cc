// hypercall/linux/errors.cc -- Linux errno values to HC_E* codes.
#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux_errno.h"
#include "hypercall/linux/syscall.h"

namespace hc_linux {
namespace {

constexpr long kFGetfl = 3;  // fcntl F_GETFL

}  // namespace

hc_status_t error_from_errno(long raw) {
  using namespace err;  // the errno names read best unqualified here
  switch (-raw) {
    case kEBADF:
      return HC_EBADH;
    case kEINVAL:
      return HC_EINVAL;
    case kEPERM:
    case kEACCES:
    case kEROFS:
      return HC_EACCES;
    case kENOMEM:
      return HC_ENOMEM;
    case kENOSPC:
    case kEDQUOT:
      return HC_ENOSPC;
    case kEAGAIN:
      return HC_EAGAIN;
    case kENOSYS:
    case kEOPNOTSUPP:
    case kESPIPE:
    case kENOTTY:
    case kEISDIR:
    case kENODEV:
    case kENXIO:
      return HC_ENOTSUP;
    case kEFAULT:
      return HC_EFAULT;
    case kEPIPE:
      return HC_EPIPE;
    case kEFBIG:
    case kEOVERFLOW:
    case kERANGE:
      return HC_ERANGE;
    case kEIO:
    default:
      return HC_EIO;
  }
}

hc_status_t error_for_transfer(int fd, long raw) {
  if (raw == -err::kEBADF && fd >= 0 &&
      !is_error(syscall2(nr::kFcntl, fd, kFGetfl))) {
    return HC_EACCES;  // a descriptor, but not open for this direction
  }
  return error_from_errno(raw);
}

}  // namespace hc_linux
