// libc_shim/format.cc -- vformat(), hcl_snprintf, hcl_vsnprintf.
//
// Integers are converted without division instructions by variable
// divisors (shifts for octal and hex, a shift-and-add divide by ten on
// 32-bit CPUs), so arm needs no libgcc division helper.
#include "libc_shim/internal/format.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdio.h"
#include "hcl/string.h"

namespace hcall::libc {
namespace {

// (v) / 10, leaving the remainder in (*rem).
inline unsigned long long div10(unsigned long long v, unsigned* rem) {
#if __SIZEOF_POINTER__ == 8
  const unsigned long long q = v / 10;  // a multiply on 64-bit CPUs
  *rem = static_cast<unsigned>(v - q * 10);
  return q;
#else
  // Shift-and-add reciprocal (Hacker's Delight 10-9), then a correction.
  unsigned long long q = (v >> 1) + (v >> 2);
  q += q >> 4;
  q += q >> 8;
  q += q >> 16;
  q += q >> 32;
  q >>= 3;
  unsigned long long r = v - ((q << 3) + (q << 1));
  if (r > 9) {
    ++q;
    r -= 10;
  }
  *rem = static_cast<unsigned>(r);
  return q;
#endif
}

enum Length { kNone, kHH, kH, kL, kLL, kZ, kJ, kT };

struct Spec {
  bool left = false;
  bool plus = false;
  bool space = false;
  bool alt = false;
  bool zero = false;
  int width = 0;
  int precision = -1;  // -1: none
};

// Writes (digits) into the end of (buf) (24 bytes); returns the first.
char* to_digits(unsigned long long v, unsigned base, bool upper, char* end) {
  static const char kLower[] = "0123456789abcdef";
  static const char kUpper[] = "0123456789ABCDEF";
  const char* table = upper ? kUpper : kLower;
  char* p = end;
  if (base == 10) {
    while (v != 0) {
      unsigned r;
      v = div10(v, &r);
      *--p = static_cast<char>('0' + r);
    }
  } else {
    const unsigned shift = base == 16 ? 4 : 3;
    const unsigned mask = base - 1;
    while (v != 0) {
      *--p = table[v & mask];
      v >>= shift;
    }
  }
  return p;
}

void emit_number(Sink* out, const Spec& spec, unsigned long long v,
                 bool negative, bool is_signed, unsigned base, bool upper,
                 bool is_pointer) {
  char buf[24];
  char* const end = buf + sizeof(buf);
  char* digits = to_digits(v, base, upper, end);
  size_t nd = static_cast<size_t>(end - digits);
  // Precision: minimum digits; a zero value with precision 0 has none.
  size_t min_digits =
      spec.precision < 0 ? 1 : static_cast<size_t>(spec.precision);
  if (v == 0 && min_digits > 0) {
    *--digits = '0';
    nd = 1;
  }
  size_t zeros = min_digits > nd ? min_digits - nd : 0;
  const char* prefix = "";
  size_t prefix_len = 0;
  if (is_signed || is_pointer) {
    if (negative) {
      prefix = "-";
      prefix_len = 1;
    } else if (spec.plus) {
      prefix = "+";
      prefix_len = 1;
    } else if (spec.space) {
      prefix = " ";
      prefix_len = 1;
    }
  }
  if (spec.alt) {
    if (base == 8) {
      if (zeros == 0 && (nd == 0 || digits[0] != '0')) zeros = 1;
    } else if (base == 16 && (v != 0 || is_pointer)) {
      prefix = upper ? "0X" : "0x";
      prefix_len = 2;
    }
  }
  // A pointer's sign flag comes before its 0x (glibc: "+0x1234").
  char pointer_prefix[3];
  if (is_pointer && (negative || spec.plus || spec.space)) {
    pointer_prefix[0] = negative ? '-' : (spec.plus ? '+' : ' ');
    pointer_prefix[1] = '0';
    pointer_prefix[2] = 'x';
    prefix = pointer_prefix;
    prefix_len = 3;
  }
  const size_t body = prefix_len + zeros + nd;
  const size_t width = static_cast<size_t>(spec.width);
  const size_t fill = width > body ? width - body : 0;
  if (spec.left) {
    out->put(prefix, prefix_len);
    out->pad('0', zeros);
    out->put(digits, nd);
    out->pad(' ', fill);
  } else if (spec.zero && spec.precision < 0) {
    out->put(prefix, prefix_len);
    out->pad('0', zeros + fill);
    out->put(digits, nd);
  } else {
    out->pad(' ', fill);
    out->put(prefix, prefix_len);
    out->pad('0', zeros);
    out->put(digits, nd);
  }
}

void emit_text(Sink* out, const Spec& spec, const char* s, size_t n) {
  const size_t width = static_cast<size_t>(spec.width);
  const size_t fill = width > n ? width - n : 0;
  if (!spec.left) out->pad(' ', fill);
  out->put(s, n);
  if (spec.left) out->pad(' ', fill);
}

// Reads a decimal field; false if it exceeds INT_MAX.
bool read_number(const char** p, int* value) {
  long long v = 0;
  bool ok = true;
  while (**p >= '0' && **p <= '9') {
    v = v * 10 + (**p - '0');
    if (v > INT_MAX) {
      ok = false;
      v = INT_MAX;
    }
    ++*p;
  }
  *value = static_cast<int>(v);
  return ok;
}

int fail(int err) {
  hcl_errno = err;
  return -1;
}

}  // namespace

size_t Sink::room_for(size_t n) {
  if (pos == cap) {
    if (drain == nullptr) return 0;
    drain(ctx, buf, pos);
    pos = 0;
  }
  const size_t room = cap - pos;
  return n < room ? n : room;
}

void Sink::put(const char* s, size_t n) {
  total += n;
  while (n > 0) {
    const size_t c = room_for(n);
    if (c == 0) return;
    hcl_memcpy(buf + pos, s, c);
    pos += c;
    s += c;
    n -= c;
  }
}

void Sink::pad(char c, size_t n) {
  total += n;
  while (n > 0) {
    const size_t k = room_for(n);
    if (k == 0) return;
    hcl_memset(buf + pos, c, k);
    pos += k;
    n -= k;
  }
}

int vformat(Sink* out, const char* fmt, va_list ap_in) {
  va_list ap;
  va_copy(ap, ap_in);
  const char* p = fmt;
  int result = 0;
  for (;;) {
    const char* q = p;
    while (*q != '\0' && *q != '%') ++q;
    if (q != p) out->put(p, static_cast<size_t>(q - p));
    if (*q == '\0') break;
    p = q + 1;

    Spec spec;
    for (;; ++p) {
      if (*p == '-') {
        spec.left = true;
      } else if (*p == '+') {
        spec.plus = true;
      } else if (*p == ' ') {
        spec.space = true;
      } else if (*p == '#') {
        spec.alt = true;
      } else if (*p == '0') {
        spec.zero = true;
      } else {
        break;
      }
    }
    if (*p == '*') {
      ++p;
      const int w = va_arg(ap, int);
      if (w < 0) {
        spec.left = true;
        if (w == INT_MIN) {
          result = fail(HCL_EOVERFLOW);
          break;
        }
        spec.width = -w;
      } else {
        spec.width = w;
      }
    } else if (!read_number(&p, &spec.width)) {
      result = fail(HCL_EOVERFLOW);
      break;
    }
    if (*p == '.') {
      ++p;
      if (*p == '*') {
        ++p;
        const int pr = va_arg(ap, int);
        spec.precision = pr < 0 ? -1 : pr;
      } else if (!read_number(&p, &spec.precision)) {
        result = fail(HCL_EOVERFLOW);
        break;
      }
    }
    Length len = kNone;
    switch (*p) {
      case 'h':
        ++p;
        if (*p == 'h') {
          ++p;
          len = kHH;
        } else {
          len = kH;
        }
        break;
      case 'l':
        ++p;
        if (*p == 'l') {
          ++p;
          len = kLL;
        } else {
          len = kL;
        }
        break;
      case 'z':
        ++p;
        len = kZ;
        break;
      case 'j':
        ++p;
        len = kJ;
        break;
      case 't':
        ++p;
        len = kT;
        break;
      default:
        break;
    }
    const char conv = *p++;
    switch (conv) {
      case 'd':
      case 'i': {
        long long v;
        switch (len) {
          case kHH:
            v = static_cast<signed char>(va_arg(ap, int));
            break;
          case kH:
            v = static_cast<short>(va_arg(ap, int));
            break;
          case kL:
            v = va_arg(ap, long);
            break;
          case kLL:
            v = va_arg(ap, long long);
            break;
          case kZ:
            v = va_arg(ap, ptrdiff_t);
            break;  // signed size_t
          case kJ:
            v = va_arg(ap, intmax_t);
            break;
          case kT:
            v = va_arg(ap, ptrdiff_t);
            break;
          default:
            v = va_arg(ap, int);
            break;
        }
        const bool neg = v < 0;
        const unsigned long long mag =
            neg ? 0ull - static_cast<unsigned long long>(v)
                : static_cast<unsigned long long>(v);
        emit_number(out, spec, mag, neg, true, 10, false, false);
        continue;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        unsigned long long v;
        switch (len) {
          case kHH:
            v = static_cast<unsigned char>(va_arg(ap, unsigned));
            break;
          case kH:
            v = static_cast<unsigned short>(va_arg(ap, unsigned));
            break;
          case kL:
            v = va_arg(ap, unsigned long);
            break;
          case kLL:
            v = va_arg(ap, unsigned long long);
            break;
          case kZ:
            v = va_arg(ap, size_t);
            break;
          case kJ:
            v = va_arg(ap, uintmax_t);
            break;
          case kT:
            v = static_cast<size_t>(va_arg(ap, ptrdiff_t));
            break;
          default:
            v = va_arg(ap, unsigned);
            break;
        }
        const unsigned base = conv == 'u' ? 10 : (conv == 'o' ? 8 : 16);
        emit_number(out, spec, v, false, false, base, conv == 'X', false);
        continue;
      }
      case 'p': {
        if (len != kNone) break;
        const void* ptr = va_arg(ap, void*);
        if (ptr == nullptr) {
          emit_text(out, spec, "(nil)", 5);
        } else {
          Spec ps = spec;
          ps.alt = true;
          emit_number(out, ps, reinterpret_cast<uintptr_t>(ptr), false, false,
                      16, false, true);
        }
        continue;
      }
      case 'c': {
        if (len != kNone) break;
        const char c = static_cast<char>(va_arg(ap, int));
        emit_text(out, spec, &c, 1);
        continue;
      }
      case 's': {
        if (len != kNone) break;
        const char* s = va_arg(ap, const char*);
        if (s == nullptr) {
          // glibc: "(null)" unless the precision cuts it, then nothing.
          s = spec.precision >= 0 && spec.precision < 6 ? "" : "(null)";
        }
        const size_t n =
            spec.precision < 0
                ? hcl_strlen(s)
                : hcl_strnlen(s, static_cast<size_t>(spec.precision));
        emit_text(out, spec, s, n);
        continue;
      }
      case '%':
        out->put("%", 1);
        continue;
      default:
        break;
    }
    // Anything else (floating point, %n, %lc, %ls, L, $, end of string) is
    // rejected.
    result = fail(HCL_EINVAL);
    break;
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
