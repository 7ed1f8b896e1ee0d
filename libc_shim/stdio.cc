// libc_shim/stdio.cc -- the console streams and the printf family on them.
#include "hcl/stdio.h"

#include <stdarg.h>
#include <stddef.h>

#include "hcl/errno.h"
#include "hcl/string.h"
#include "hcl/unistd.h"
#include "libc_shim/internal/format.h"
#include "libc_shim/internal/shim.h"

struct hcl_FILE {
  int fd;
  int mode;   // kUnknown until the first write decides
  int error;  // set by a failed write (hcl_ferror)
  size_t len;
  char buf[4096];
};

namespace hcall::libc {
namespace {

enum Mode { kUnknown = 0, kUnbuffered = 1, kLineBuffered = 2, kFull = 3 };

hcl_FILE g_stdout = {1, kUnknown, 0, 0, {}};
hcl_FILE g_stderr = {2, kUnbuffered, 0, 0, {}};

// Writes all of (p, n) to (f)'s descriptor; false on error.
bool write_all(hcl_FILE* f, const char* p, size_t n) {
  while (n > 0) {
    const hcl_ssize_t w = hcl_write(f->fd, p, n);
    if (w <= 0) {
      f->error = 1;
      return false;
    }
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

bool flush(hcl_FILE* f) {
  if (f->len == 0) return true;
  const size_t n = f->len;
  f->len = 0;
  return write_all(f, f->buf, n);
}

// Appends (p, n) to (f) under its buffering mode; false on error.
bool put(hcl_FILE* f, const char* p, size_t n) {
  if (f->mode == kUnknown) {
    f->mode = hcl_isatty(f->fd) == 1 ? kLineBuffered : kFull;
  }
  if (f->mode == kUnbuffered) return write_all(f, p, n);
  if (n > sizeof(f->buf) - f->len) {
    if (!flush(f)) return false;
    if (n >= sizeof(f->buf)) return write_all(f, p, n);
  }
  hcl_memcpy(f->buf + f->len, p, n);
  f->len += n;
  if (f->mode == kLineBuffered && hcl_memchr(p, '\n', n) != nullptr) {
    return flush(f);
  }
  return true;
}

struct StreamCtx {
  hcl_FILE* f;
  bool ok;
};

void drain_to_stream(void* ctx, const char* bytes, size_t len) {
  StreamCtx* s = static_cast<StreamCtx*>(ctx);
  if (!put(s->f, bytes, len)) s->ok = false;
}

}  // namespace

void flush_all_streams() {
  flush(&g_stdout);
  flush(&g_stderr);
}

}  // namespace hcall::libc

using hcall::libc::put;

extern "C" {

hcl_FILE* const hcl_stdout = &hcall::libc::g_stdout;
hcl_FILE* const hcl_stderr = &hcall::libc::g_stderr;

int hcl_vfprintf(hcl_FILE* f, const char* fmt, va_list ap) {
  char window[512];
  hcall::libc::StreamCtx ctx{f, true};
  hcall::libc::Sink out{
      window, sizeof(window), 0, 0, hcall::libc::drain_to_stream, &ctx};
  const int n = hcall::libc::vformat(&out, fmt, ap);
  if (out.pos > 0) hcall::libc::drain_to_stream(&ctx, window, out.pos);
  if (n < 0) return n;
  if (!ctx.ok) {
    hcl_errno = HCL_EIO;
    return -1;
  }
  return n;
}

int hcl_fprintf(hcl_FILE* f, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = hcl_vfprintf(f, fmt, ap);
  va_end(ap);
  return n;
}

int hcl_vprintf(const char* fmt, va_list ap) {
  return hcl_vfprintf(hcl_stdout, fmt, ap);
}

int hcl_printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int n = hcl_vfprintf(hcl_stdout, fmt, ap);
  va_end(ap);
  return n;
}

int hcl_fputs(const char* s, hcl_FILE* f) {
  return put(f, s, hcl_strlen(s)) ? 1 : HCL_EOF;
}

int hcl_puts(const char* s) {
  if (!put(hcl_stdout, s, hcl_strlen(s)) || !put(hcl_stdout, "\n", 1)) {
    return HCL_EOF;
  }
  return 1;
}

int hcl_fputc(int c, hcl_FILE* f) {
  const char ch = static_cast<char>(c);
  return put(f, &ch, 1) ? static_cast<unsigned char>(ch) : HCL_EOF;
}

int hcl_putc(int c, hcl_FILE* f) { return hcl_fputc(c, f); }

int hcl_putchar(int c) { return hcl_fputc(c, hcl_stdout); }

size_t hcl_fwrite(const void* p, size_t size, size_t count, hcl_FILE* f) {
  size_t total;
  if (size == 0 || count == 0) return 0;
  if (__builtin_mul_overflow(size, count, &total)) {
    hcl_errno = HCL_EOVERFLOW;
    return 0;
  }
  return put(f, static_cast<const char*>(p), total) ? count : 0;
}

int hcl_fflush(hcl_FILE* f) {
  if (f == nullptr) {
    const bool a = hcall::libc::flush(&hcall::libc::g_stdout);
    const bool b = hcall::libc::flush(&hcall::libc::g_stderr);
    return a && b ? 0 : HCL_EOF;
  }
  return hcall::libc::flush(f) ? 0 : HCL_EOF;
}

int hcl_ferror(hcl_FILE* f) { return f->error; }

void hcl_clearerr(hcl_FILE* f) { f->error = 0; }

int hcl_fileno(hcl_FILE* f) { return f->fd; }

}  // extern "C"
