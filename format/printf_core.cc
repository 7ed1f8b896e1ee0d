// format/printf_core.cc -- see printf_core.h.
#include "format/printf_core.h"

#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"

namespace hcall::format {
namespace {

// Reads a decimal field at (*p); false if it exceeds INT_MAX (then
// INT_MAX).
bool ReadNumber(const char** p, int* value) {
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

void ParseFlags(const char** p, Spec* spec) {
  for (;; ++*p) {
    switch (**p) {
      case '-':
        spec->left = true;
        break;
      case '+':
        spec->plus = true;
        break;
      case ' ':
        spec->space = true;
        break;
      case '#':
        spec->alt = true;
        break;
      case '0':
        spec->zero = true;
        break;
      default:
        return;
    }
  }
}

Length ParseLength(const char** p, bool accept_q) {
  const char* s = *p;
  Length len = Length::kNone;
  switch (*s) {
    case 'h':
      len = s[1] == 'h' ? Length::kChar : Length::kShort;
      s += s[1] == 'h' ? 2 : 1;
      break;
    case 'l':
      len = s[1] == 'l' ? Length::kLongLong : Length::kLong;
      s += s[1] == 'l' ? 2 : 1;
      break;
    case 'q':
      if (!accept_q) return len;
      len = Length::kLongLong;
      ++s;
      break;
    case 'z':
      len = Length::kSize;
      ++s;
      break;
    case 'j':
      len = Length::kMax;
      ++s;
      break;
    case 't':
      len = Length::kPtrdiff;
      ++s;
      break;
    default:
      break;
  }
  *p = s;
  return len;
}

}  // namespace

size_t Sink::RoomFor(size_t n) {
  if (pos == cap) {
    if (drain == nullptr) return 0;
    drain(ctx, buf, pos);
    pos = 0;
  }
  const size_t room = cap - pos;
  return n < room ? n : room;
}

void Sink::Put(const char* s, size_t n) {
  total += n;
  while (n > 0) {
    const size_t c = RoomFor(n);
    if (c == 0) return;
    for (size_t i = 0; i < c; ++i) buf[pos + i] = s[i];
    pos += c;
    s += c;
    n -= c;
  }
}

void Sink::Pad(char c, size_t n) {
  total += n;
  while (n > 0) {
    const size_t k = RoomFor(n);
    if (k == 0) return;
    for (size_t i = 0; i < k; ++i) buf[pos + i] = c;
    pos += k;
    n -= k;
  }
}

bool ParseSpec(const char** p, va_list* ap, bool accept_q, Spec* spec) {
  bool ok = true;
  ParseFlags(p, spec);
  if (**p == '*') {
    ++*p;
    const int w = va_arg(*ap, int);
    if (w == INT_MIN) {
      spec->left = true;
      spec->width = INT_MAX;
      ok = false;
    } else if (w < 0) {
      spec->left = true;
      spec->width = -w;
    } else {
      spec->width = w;
    }
  } else if (!ReadNumber(p, &spec->width)) {
    ok = false;
  }
  if (**p == '.') {
    ++*p;
    if (**p == '*') {
      ++*p;
      const int pr = va_arg(*ap, int);
      spec->precision = pr < 0 ? -1 : pr;
    } else if (!ReadNumber(p, &spec->precision)) {
      ok = false;
    }
  }
  spec->length = ParseLength(p, accept_q);
  return ok;
}

int64_t SignedArg(Length length, va_list* ap) {
  switch (length) {
    case Length::kChar:
      return static_cast<signed char>(va_arg(*ap, int));
    case Length::kShort:
      return static_cast<short>(va_arg(*ap, int));
    case Length::kLong:
      return va_arg(*ap, long);
    case Length::kLongLong:
      return va_arg(*ap, long long);
    case Length::kSize:  // the signed type of size_t's width
    case Length::kPtrdiff:
      return va_arg(*ap, ptrdiff_t);
    case Length::kMax:
      return va_arg(*ap, intmax_t);
    case Length::kNone:
      break;
  }
  return va_arg(*ap, int);
}

uint64_t UnsignedArg(Length length, va_list* ap) {
  switch (length) {
    case Length::kChar:
      return static_cast<unsigned char>(va_arg(*ap, unsigned));
    case Length::kShort:
      return static_cast<unsigned short>(va_arg(*ap, unsigned));
    case Length::kLong:
      return va_arg(*ap, unsigned long);
    case Length::kLongLong:
      return va_arg(*ap, unsigned long long);
    case Length::kSize:
    case Length::kPtrdiff:  // the unsigned type of ptrdiff_t's width
      return va_arg(*ap, size_t);
    case Length::kMax:
      return va_arg(*ap, uintmax_t);
    case Length::kNone:
      break;
  }
  return va_arg(*ap, unsigned);
}

void EmitNumber(Sink* out, const Spec& spec, const Number& n) {
  char digits[kDigitsBufferSize];
  size_t nd = 0;
  if (n.magnitude != 0 || spec.precision != 0 || n.pointer) {
    nd = Unsigned(n.magnitude, n.base, digits, 1, n.upper);
  }
  size_t zeros = spec.precision > 0 && static_cast<size_t>(spec.precision) > nd
                     ? static_cast<size_t>(spec.precision) - nd
                     : 0;
  char prefix[3];
  size_t prefix_len = 0;
  if (n.negative) {
    prefix[prefix_len++] = '-';
  } else if (n.sign_flags && spec.plus) {
    prefix[prefix_len++] = '+';
  } else if (n.sign_flags && spec.space) {
    prefix[prefix_len++] = ' ';
  }
  if (n.base == 16 && (n.pointer || (spec.alt && n.magnitude != 0))) {
    prefix[prefix_len++] = '0';
    prefix[prefix_len++] = n.upper ? 'X' : 'x';
  } else if (n.base == 8 && spec.alt && zeros == 0 &&
             (nd == 0 || digits[0] != '0')) {
    zeros = 1;
  }
  const size_t body = prefix_len + zeros + nd;
  const size_t width = spec.width > 0 ? static_cast<size_t>(spec.width) : 0;
  const size_t fill = width > body ? width - body : 0;
  if (spec.left) {
    out->Put(prefix, prefix_len);
    out->Pad('0', zeros);
    out->Put(digits, nd);
    out->Pad(' ', fill);
  } else if (spec.zero && spec.precision < 0) {
    out->Put(prefix, prefix_len);
    out->Pad('0', zeros + fill);
    out->Put(digits, nd);
  } else {
    out->Pad(' ', fill);
    out->Put(prefix, prefix_len);
    out->Pad('0', zeros);
    out->Put(digits, nd);
  }
}

void EmitText(Sink* out, const Spec& spec, const char* s, size_t len) {
  const size_t width = spec.width > 0 ? static_cast<size_t>(spec.width) : 0;
  const size_t fill = width > len ? width - len : 0;
  if (!spec.left) out->Pad(' ', fill);
  out->Put(s, len);
  if (spec.left) out->Pad(' ', fill);
}

}  // namespace hcall::format
