// libc_shim/internal/format.h -- the formatting engine behind the printf
// family (format.cc) and the output sink it writes to.
#ifndef HCALL_LIBC_SHIM_INTERNAL_FORMAT_H_
#define HCALL_LIBC_SHIM_INTERNAL_FORMAT_H_

#include <stdarg.h>
#include <stddef.h>

namespace hcall::libc {

// Where formatted text goes: a window [buf, buf + cap). When it is full,
// (drain) (if set) is called with the window's (pos) bytes and the window
// starts over; without (drain) the rest is counted but dropped (snprintf).
struct Sink {
  char* buf;
  size_t cap;
  size_t pos;
  size_t total;  // every byte produced, stored or not
  void (*drain)(void* ctx, const char* bytes, size_t len);
  void* ctx;

  void put(const char* s, size_t n);
  void pad(char c, size_t n);

  // Room for up to (n) more bytes at buf + pos, draining a full window
  // first; 0 when the window is full and there is no drain.
  size_t room_for(size_t n);
};

// Formats (fmt) with (ap) into (out) (see hcl/stdio.h for what is
// accepted). Returns the count produced, or -1 with hcl_errno EINVAL
// (rejected conversion) or EOVERFLOW (count above INT_MAX). Does not call
// (drain) for the bytes left in the window at the end.
int vformat(Sink* out, const char* fmt, va_list ap);

}  // namespace hcall::libc

#endif  // HCALL_LIBC_SHIM_INTERNAL_FORMAT_H_
