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
#include "format/printf_core.h"
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

using format::EmitNumber;
using format::EmitText;
using format::Number;
using format::Spec;

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

// NetBSD's kernel printf on format/printf_core.h: the BSD 'q' length, and
// an unknown conversion (or one whose width or precision does not fit in an
// int) copied as it stands.
int FormatV(char* buf, size_t size, const char* fmt, va_list ap_in) {
  va_list ap;
  va_copy(ap, ap_in);
  format::Sink s{buf, size == 0 ? 0 : size - 1, 0, 0, nullptr, nullptr};
  for (const char* p = fmt; *p != '\0'; ++p) {
    if (*p != '%') {
      s.Put(*p);
      continue;
    }
    const char* start = p++;
    Spec sp;
    const bool fits = format::ParseSpec(&p, &ap, /*accept_q=*/true, &sp);
    switch (fits ? *p : '\0') {
      case 'd':
      case 'i': {
        const int64_t v = format::SignedArg(sp.length, &ap);
        const uint64_t mag =
            v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
        EmitNumber(&s, sp, Number{mag, v < 0, 10, false, true, false});
        break;
      }
      case 'u':
      case 'o':
      case 'x':
      case 'X': {
        const uint64_t v = format::UnsignedArg(sp.length, &ap);
        const unsigned base = *p == 'u' ? 10 : *p == 'o' ? 8 : 16;
        EmitNumber(&s, sp, Number{v, false, base, *p == 'X', false, false});
        break;
      }
      case 'p': {
        const uintptr_t v = reinterpret_cast<uintptr_t>(va_arg(ap, void*));
        EmitNumber(&s, sp, Number{v, false, 16, false, false, true});
        break;
      }
      case 'c': {
        // A NUL character is written as such.
        const char c = static_cast<char>(va_arg(ap, int));
        EmitText(&s, sp, &c, 1);
        break;
      }
      case 's': {
        const char* str = va_arg(ap, const char*);
        if (str == nullptr) str = "(null)";
        size_t n = 0;
        while (str[n] != '\0' &&
               (sp.precision < 0 || n < static_cast<size_t>(sp.precision))) {
          ++n;
        }
        EmitText(&s, sp, str, n);
        break;
      }
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
  va_end(ap);
  if (size > 0) buf[s.pos] = '\0';
  return s.total > 0x7fffffff ? 0x7fffffff : static_cast<int>(s.total);
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
