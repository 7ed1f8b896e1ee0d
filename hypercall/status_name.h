// hypercall/status_name.h -- the name of an HC_E* code, for the messages a
// backend prints when it must stop (e.g. "HC_EINVAL"). Freestanding.
#ifndef HCALL_HYPERCALL_STATUS_NAME_H_
#define HCALL_HYPERCALL_STATUS_NAME_H_

#include "hypercall/hypercall.h"

namespace hcall {

// Returns the name of (status), one of enum hc_error, or "unknown error".
inline const char* StatusName(hc_status_t status) {
  switch (status) {
    case HC_OK:
      return "HC_OK";
    case HC_EINVAL:
      return "HC_EINVAL";
    case HC_EBADH:
      return "HC_EBADH";
    case HC_EACCES:
      return "HC_EACCES";
    case HC_ENOMEM:
      return "HC_ENOMEM";
    case HC_EIO:
      return "HC_EIO";
    case HC_ENOSPC:
      return "HC_ENOSPC";
    case HC_EAGAIN:
      return "HC_EAGAIN";
    case HC_ENOTSUP:
      return "HC_ENOTSUP";
    case HC_EFAULT:
      return "HC_EFAULT";
    case HC_EPIPE:
      return "HC_EPIPE";
    case HC_ERANGE:
      return "HC_ERANGE";
    default:
      return "unknown error";
  }
}

}  // namespace hcall

#endif  // HCALL_HYPERCALL_STATUS_NAME_H_
