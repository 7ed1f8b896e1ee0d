// libc_shim/std_names/stdio.cc -- the standard names of hcl/stdio.h.
#include <stdarg.h>
#include <stdio.h>

extern "C" {

int vsnprintf(char* b, size_t n, const char* f, va_list ap) {
  return hcl_vsnprintf(b, n, f, ap);
}
int snprintf(char* b, size_t n, const char* f, ...) {
  va_list ap;
  va_start(ap, f);
  const int r = hcl_vsnprintf(b, n, f, ap);
  va_end(ap);
  return r;
}
int vprintf(const char* f, va_list ap) { return hcl_vprintf(f, ap); }
int printf(const char* f, ...) {
  va_list ap;
  va_start(ap, f);
  const int r = hcl_vprintf(f, ap);
  va_end(ap);
  return r;
}
int vfprintf(FILE* s, const char* f, va_list ap) {
  return hcl_vfprintf(s, f, ap);
}
int fprintf(FILE* s, const char* f, ...) {
  va_list ap;
  va_start(ap, f);
  const int r = hcl_vfprintf(s, f, ap);
  va_end(ap);
  return r;
}
int puts(const char* s) { return hcl_puts(s); }
int fputs(const char* s, FILE* f) { return hcl_fputs(s, f); }
int putchar(int c) { return hcl_putchar(c); }
int fputc(int c, FILE* f) { return hcl_fputc(c, f); }
int putc(int c, FILE* f) { return hcl_putc(c, f); }
size_t fwrite(const void* p, size_t s, size_t n, FILE* f) {
  return hcl_fwrite(p, s, n, f);
}
int fflush(FILE* f) { return hcl_fflush(f); }
int ferror(FILE* f) { return hcl_ferror(f); }
void clearerr(FILE* f) { hcl_clearerr(f); }
int fileno(FILE* f) { return hcl_fileno(f); }

}  // extern "C"
