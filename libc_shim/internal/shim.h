// libc_shim/internal/shim.h -- what the shim's files share.
#ifndef HCALL_LIBC_SHIM_INTERNAL_SHIM_H_
#define HCALL_LIBC_SHIM_INTERNAL_SHIM_H_

#include <stddef.h>

namespace hcall::libc {

// Flushes every stream (stdio.cc); called by hcl_exit.
void flush_all_streams();

// Writes the whole of (s) (NUL-terminated) to handle 2 with hc_write,
// bypassing streams and the capability table, then hc_abort()s. For
// fatal errors (the allocator's double free report).
[[noreturn]] void fatal(const char* s);

}  // namespace hcall::libc

#endif  // HCALL_LIBC_SHIM_INTERNAL_SHIM_H_
