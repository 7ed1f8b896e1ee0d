// libc_shim/format.cc -- vformat(), hcl_snprintf, hcl_vsnprintf: glibc's
// conversions on the shared sink, spec parsing and number layout of
// format/printf_core.h (which, like format/digits.h, needs no libgcc
// division helper on arm).
#include "libc_shim/internal/format.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "format/printf_core.h"
#include "hcl/errno.h"
#include "hcl/stdio.h"
#include "hcl/string.h"

namespace hcall::libc {
namespace {

using format::EmitNumber;
using format::EmitText;
using format::Length;
using format::Number;
using format::Spec;

int fail(int err) {
  hcl_errno = err;
  return -1;
}

// Writes conversion (conv) of (spec), taking its argument from (*ap);
// false if glibc's printf has no such conversion that the shim supports.
bool convert(Sink* out, const Spec& spec, char conv, va_list* ap) {
  switch (conv) {
    case 'd':
    case 'i': {
      const int64_t v = format::SignedArg(spec.length, ap);
      const bool neg = v < 0;
      const uint64_t mag =
          neg ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
      EmitNumber(out, spec, Number{mag, neg, 10, false, true, false});
      return true;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X': {
      const uint64_t v = format::UnsignedArg(spec.length, ap);
      const unsigned base = conv == 'u' ? 10 : (conv == 'o' ? 8 : 16);
      EmitNumber(out, spec, Number{v, false, base, conv == 'X', false, false});
      return true;
    }
    case 'p': {
      if (spec.length != Length::kNone) return false;
      const void* ptr = va_arg(*ap, void*);
      if (ptr == nullptr) {
        EmitText(out, spec, "(nil)", 5);
      } else {
        // A pointer's sign flag comes before its 0x (glibc: "+0x1234").
        EmitNumber(out, spec,
                   Number{reinterpret_cast<uintptr_t>(ptr), false, 16, false,
                          true, true});
      }
      return true;
    }
    case 'c': {
      if (spec.length != Length::kNone) return false;
      const char c = static_cast<char>(va_arg(*ap, int));
      EmitText(out, spec, &c, 1);
      return true;
    }
    case 's': {
      if (spec.length != Length::kNone) return false;
      const char* s = va_arg(*ap, const char*);
      if (s == nullptr) {
        // glibc: "(null)" unless the precision cuts it, then nothing.
        s = spec.precision >= 0 && spec.precision < 6 ? "" : "(null)";
      }
      const size_t n =
          spec.precision < 0
              ? hcl_strlen(s)
              : hcl_strnlen(s, static_cast<size_t>(spec.precision));
      EmitText(out, spec, s, n);
      return true;
    }
    case '%':
      out->Put("%", 1);
      return true;
    default:
      // Floating point, %n, %lc, %ls, L, q, $, the end of the string.
      return false;
  }
}

}  // namespace

int vformat(Sink* out, const char* fmt, va_list ap_in) {
  va_list ap;
  va_copy(ap, ap_in);
  const char* p = fmt;
  int result = 0;
  for (;;) {
    const char* q = p;
    while (*q != '\0' && *q != '%') ++q;
    if (q != p) out->Put(p, static_cast<size_t>(q - p));
    if (*q == '\0') break;
    p = q + 1;
    Spec spec;
    if (!format::ParseSpec(&p, &ap, /*accept_q=*/false, &spec)) {
      result = fail(HCL_EOVERFLOW);
      break;
    }
    if (!convert(out, spec, *p++, &ap)) {
      result = fail(HCL_EINVAL);
      break;
    }
  }
  va_end(ap);
  if (result < 0) return result;
  if (out->total > static_cast<size_t>(INT_MAX)) return fail(HCL_EOVERFLOW);
  return static_cast<int>(out->total);
}

}  // namespace hcall::libc

extern "C" int hcl_vsnprintf(char* buf, size_t size, const char* fmt,
                             va_list ap) {
  hcall::libc::Sink out{buf, size == 0 ? 0 : size - 1, 0, 0, nullptr, nullptr};
  const int n = hcall::libc::vformat(&out, fmt, ap);
  if (size != 0) buf[out.pos] = '\0';
  return n;
}

extern "C" int hcl_snprintf(char* buf, size_t size, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = hcl_vsnprintf(buf, size, fmt, ap);
  va_end(ap);
  return n;
}
