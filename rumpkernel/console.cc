// rumpkernel/console.cc -- rumpuser_putchar and rumpuser_dprintf, a small
// printf-style formatter, and panics.
//
// rumpuser_putchar goes to the console's output stream, line-buffered: the
// rump kernel's printf emits one character per call, and one hypercall per
// character would cost a system call each. The buffer is flushed at '\n',
// when full, and by rumpuser_exit and panics. rumpuser_dprintf goes to the
// error stream unbuffered, as NetBSD's does (stderr). Both write through
// the capability table's descriptors 1 and 2 when the table is set up (an
// image), else straight to the console handles (hosted tests).
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

void WriteAll(int stream, const char* s, size_t len) {
  cap::Table& t = cap::process_table();
  while (len > 0) {
    const int64_t n =
        t.initialized() ? t.write(stream, s, len) : hc_write(stream, s, len);
    if (n <= 0) return;  // nothing better to do with a broken console
    s += n;
    len -= static_cast<size_t>(n);
  }
}

constexpr size_t kLineMax = 256;
char g_line[kLineMax];
size_t g_line_len = 0;

// An output sink for the formatter: a bounded buffer that counts what did
// not fit.
struct Sink {
  char* buf;
  size_t size;
  size_t len;
  void Put(char c) {
    if (len + 1 < size) buf[len] = c;
    ++len;
  }
  void Repeat(char c, int n) {
    for (int i = 0; i < n; ++i) Put(c);
  }
};

struct Spec {
  bool left = false;
  bool zero = false;
  bool plus = false;
  bool space = false;
  bool alt = false;
  int width = 0;
  int precision = -1;
};

// (v) / (base), with the remainder in (rem), by shift and subtract: a
// 64-bit division would call libgcc's __aeabi_uldivmod on arm, whose
// division-by-zero path needs raise() from a libc the image lacks.
uint64_t DivMod(uint64_t v, unsigned base, unsigned* rem) {
  uint64_t q = 0;
  uint64_t r = 0;
  for (int bit = 63; bit >= 0; --bit) {
    r = (r << 1) | ((v >> bit) & 1);
    if (r >= base) {
      r -= base;
      q |= uint64_t{1} << bit;
    }
  }
  *rem = static_cast<unsigned>(r);
  return q;
}

// Digits of (v) in (base), least significant first, into (out); returns
// the count (at least one).
int Digits(uint64_t v, unsigned base, bool upper, char* out) {
  const char* d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  int n = 0;
  do {
    unsigned rem = 0;
    v = DivMod(v, base, &rem);
    out[n++] = d[rem];
  } while (v != 0);
  return n;
}

void EmitNumber(Sink* s, const Spec& sp, uint64_t magnitude, bool negative,
                unsigned base, bool upper, bool is_signed, bool pointer) {
  char digits[24];
  int n = Digits(magnitude, base, upper, digits);
  if (sp.precision == 0 && magnitude == 0 && !pointer) n = 0;
  int zeros = sp.precision > n ? sp.precision - n : 0;
  const char* prefix = "";
  if (is_signed) {
    if (negative) {
      prefix = "-";
    } else if (sp.plus) {
      prefix = "+";
    } else if (sp.space) {
      prefix = " ";
    }
  } else if (pointer || (sp.alt && base == 16 && magnitude != 0)) {
    prefix = upper ? "0X" : "0x";
  } else if (sp.alt && base == 8 && zeros == 0 &&
             (n == 0 || digits[n - 1] != '0')) {
    zeros = 1;
  }
  const int prefix_len = static_cast<int>(Length(prefix));
  int pad = sp.width - (prefix_len + zeros + n);
  if (pad < 0) pad = 0;
  if (sp.zero && !sp.left && sp.precision < 0) {
    zeros += pad;
    pad = 0;
  }
  if (!sp.left) s->Repeat(' ', pad);
  for (int i = 0; i < prefix_len; ++i) s->Put(prefix[i]);
  s->Repeat('0', zeros);
  while (n > 0) s->Put(digits[--n]);
  if (sp.left) s->Repeat(' ', pad);
}

void EmitString(Sink* s, const Spec& sp, const char* str) {
  if (str == nullptr) str = "(null)";
  size_t n = 0;
  while (str[n] != '\0' &&
         (sp.precision < 0 || n < static_cast<size_t>(sp.precision))) {
    ++n;
  }
  int pad = sp.width - static_cast<int>(n);
  if (pad < 0) pad = 0;
  if (!sp.left) s->Repeat(' ', pad);
  for (size_t i = 0; i < n; ++i) s->Put(str[i]);
  if (sp.left) s->Repeat(' ', pad);
}

enum class Len { kInt, kChar, kShort, kLong, kLongLong, kSize, kMax, kPtrdiff };

}  // namespace

size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

bool Equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

size_t CopyString(char* buf, size_t size, const char* s) {
  const size_t n = Length(s);
  if (size == 0) return n;
  const size_t k = n < size - 1 ? n : size - 1;
  for (size_t i = 0; i < k; ++i) buf[i] = s[i];
  buf[k] = '\0';
  return n;
}

int FormatV(char* buf, size_t size, const char* fmt, va_list ap) {
  Sink s{buf, size, 0};
  for (const char* p = fmt; *p != '\0'; ++p) {
    if (*p != '%') {
      s.Put(*p);
      continue;
    }
    const char* start = p++;
    Spec sp;
    for (;; ++p) {
      if (*p == '-') {
        sp.left = true;
      } else if (*p == '0') {
        sp.zero = true;
      } else if (*p == '+') {
        sp.plus = true;
      } else if (*p == ' ') {
        sp.space = true;
      } else if (*p == '#') {
        sp.alt = true;
      } else {
        break;
      }
    }
    if (*p == '*') {
      sp.width = va_arg(ap, int);
      if (sp.width < 0) {
        sp.left = true;
        sp.width = -sp.width;
      }
      ++p;
    } else {
      while (*p >= '0' && *p <= '9') sp.width = sp.width * 10 + (*p++ - '0');
    }
    if (*p == '.') {
      ++p;
      sp.precision = 0;
      if (*p == '*') {
        sp.precision = va_arg(ap, int);
        if (sp.precision < 0) sp.precision = -1;
        ++p;
      } else {
        while (*p >= '0' && *p <= '9') {
          sp.precision = sp.precision * 10 + (*p++ - '0');
        }
      }
    }
    Len len = Len::kInt;
    if (*p == 'h') {
      len = p[1] == 'h' ? Len::kChar : Len::kShort;
      p += p[1] == 'h' ? 2 : 1;
    } else if (*p == 'l') {
      len = p[1] == 'l' ? Len::kLongLong : Len::kLong;
      p += p[1] == 'l' ? 2 : 1;
    } else if (*p == 'q') {
      len = Len::kLongLong;
      ++p;
    } else if (*p == 'z') {
      len = Len::kSize;
      ++p;
    } else if (*p == 'j') {
      len = Len::kMax;
      ++p;
    } else if (*p == 't') {
      len = Len::kPtrdiff;
      ++p;
    }
    switch (*p) {
      case 'd':
      case 'i': {
        int64_t v;
        switch (len) {
          case Len::kLong:
            v = va_arg(ap, long);
            break;
          case Len::kLongLong:
          case Len::kMax:
            v = va_arg(ap, long long);
            break;
          case Len::kSize:
          case Len::kPtrdiff:
            v = va_arg(ap, ptrdiff_t);
            break;
          case Len::kChar:
            v = static_cast<signed char>(va_arg(ap, int));
            break;
          case Len::kShort:
            v = static_cast<short>(va_arg(ap, int));
            break;
          default:
            v = va_arg(ap, int);
        }
        const uint64_t mag =
            v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        EmitNumber(&s, sp, mag, v < 0, 10, false, true, false);
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        uint64_t v;
        switch (len) {
          case Len::kLong:
            v = va_arg(ap, unsigned long);
            break;
          case Len::kLongLong:
          case Len::kMax:
            v = va_arg(ap, unsigned long long);
            break;
          case Len::kSize:
          case Len::kPtrdiff:
            v = va_arg(ap, size_t);
            break;
          case Len::kChar:
            v = static_cast<unsigned char>(va_arg(ap, unsigned));
            break;
          case Len::kShort:
            v = static_cast<unsigned short>(va_arg(ap, unsigned));
            break;
          default:
            v = va_arg(ap, unsigned);
        }
        const unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
        EmitNumber(&s, sp, v, false, base, *p == 'X', false, false);
        break;
      }
      case 'p': {
        const uintptr_t v = reinterpret_cast<uintptr_t>(va_arg(ap, void*));
        EmitNumber(&s, sp, v, false, 16, false, false, true);
        break;
      }
      case 'c': {
        const char c = static_cast<char>(va_arg(ap, int));
        const char str[2] = {c, '\0'};
        Spec one = sp;
        one.precision = 1;
        if (c == '\0') {
          // A NUL character is written as such.
          int pad = sp.width > 1 ? sp.width - 1 : 0;
          if (!sp.left) s.Repeat(' ', pad);
          s.Put('\0');
          if (sp.left) s.Repeat(' ', pad);
        } else {
          EmitString(&s, one, str);
        }
        break;
      }
      case 's':
        EmitString(&s, sp, va_arg(ap, const char*));
        break;
      case '%':
        s.Put('%');
        break;
      default:
        // Unknown conversion: copy it as it stands.
        for (const char* q = start; q <= p && *q != '\0'; ++q) s.Put(*q);
        if (*p == '\0') --p;
        break;
    }
  }
  if (size > 0) buf[s.len < size ? s.len : size - 1] = '\0';
  return s.len > 0x7fffffff ? 0x7fffffff : static_cast<int>(s.len);
}

int Format(char* buf, size_t size, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = FormatV(buf, size, fmt, ap);
  va_end(ap);
  return n;
}

void WriteError(const char* s, size_t len) {
  WriteAll(HC_HANDLE_CONSOLE_ERR, s, len);
}

void WriteErrorString(const char* s) { WriteError(s, Length(s)); }

void FlushPutchar() {
  if (g_line_len == 0) return;
  WriteAll(HC_HANDLE_CONSOLE_OUT, g_line, g_line_len);
  g_line_len = 0;
}

void Panic(const char* what) {
  FlushBeforeEnd();
  WriteErrorString("rumpuser: panic: ");
  WriteErrorString(what);
  WriteErrorString("\n");
  EndAsPanic();
}

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" void rumpuser_putchar(int ch) {
  g_line[g_line_len++] = static_cast<char>(ch);
  if (ch == '\n' || g_line_len == kLineMax) FlushPutchar();
}

extern "C" void rumpuser_dprintf(const char* fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  va_list again;
  va_copy(again, ap);
  const int n = FormatV(small, sizeof(small), fmt, ap);
  va_end(ap);
  if (static_cast<size_t>(n) < sizeof(small)) {
    WriteError(small, static_cast<size_t>(n));
  } else {
    // Too long for the stack buffer: format into pages of its own.
    const size_t need = static_cast<size_t>(n) + 1;
    void* big = nullptr;
    if (rumpuser_malloc(need, 0, &big) == 0) {
      FormatV(static_cast<char*>(big), need, fmt, again);
      WriteError(static_cast<const char*>(big), static_cast<size_t>(n));
      rumpuser_free(big, need);
    } else {
      WriteError(small, sizeof(small) - 1);
    }
  }
  va_end(again);
}
