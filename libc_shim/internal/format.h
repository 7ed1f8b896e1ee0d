// libc_shim/internal/format.h -- the formatting engine behind the printf
// family (format.cc) and the output sink it writes to.
#ifndef HCALL_LIBC_SHIM_INTERNAL_FORMAT_H_
#define HCALL_LIBC_SHIM_INTERNAL_FORMAT_H_

#include <stdarg.h>
#include <stddef.h>

#include "format/printf_core.h"

namespace hcall::libc {

// Where formatted text goes (format/printf_core.h).
using Sink = format::Sink;

// Formats (fmt) with (ap) into (out) (see hcl/stdio.h for what is
// accepted). Returns the count produced, or -1 with hcl_errno EINVAL
// (rejected conversion) or EOVERFLOW (count above INT_MAX). Does not call
// (drain) for the bytes left in the window at the end.
int vformat(Sink* out, const char* fmt, va_list ap);

}  // namespace hcall::libc

#endif  // HCALL_LIBC_SHIM_INTERNAL_FORMAT_H_
