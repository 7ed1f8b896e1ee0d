/*
 * hcl/stdio.h -- formatted output and the console streams of the hcall
 * libc shim.
 *
 * Conversions: d i u o x X c s p % with the flags - + space # 0, field
 * width and precision (numbers or *), and the length modifiers hh h l ll z
 * j t. Everything else -- floating point (f F e E g G a A), %n, wide
 * characters (%lc %ls), L, positional arguments (%1$d) -- is REJECTED:
 * the call returns -1 with hcl_errno EINVAL (nothing is guaranteed about
 * what was stored before the bad conversion; snprintf still NUL-terminates).
 * A result above INT_MAX returns -1 with EOVERFLOW. Output of the accepted
 * conversions equals glibc's byte for byte (differential tests).
 *
 * Streams: hcl_stdout (descriptor 1) is line-buffered when it is a
 * terminal and fully buffered (4 KiB) otherwise; hcl_stderr (descriptor 2)
 * is unbuffered. hcl_exit() flushes both. Writes go through the capability
 * table when it is set up (images), else straight to the handle of the
 * same number (hosted tests).
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_STDIO_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HCL_EOF (-1)

typedef struct hcl_FILE hcl_FILE;

extern hcl_FILE* const hcl_stdout;
extern hcl_FILE* const hcl_stderr;

int hcl_snprintf(char* buf, size_t size, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));
int hcl_vsnprintf(char* buf, size_t size, const char* fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int hcl_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int hcl_vprintf(const char* fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
int hcl_fprintf(hcl_FILE* f, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));
int hcl_vfprintf(hcl_FILE* f, const char* fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

int hcl_puts(const char* s);
int hcl_fputs(const char* s, hcl_FILE* f);
int hcl_putchar(int c);
int hcl_fputc(int c, hcl_FILE* f);
int hcl_putc(int c, hcl_FILE* f);
size_t hcl_fwrite(const void* p, size_t size, size_t count, hcl_FILE* f);
/* Flushes (f), or every stream when (f) is NULL. 0 or HCL_EOF. */
int hcl_fflush(hcl_FILE* f);
int hcl_ferror(hcl_FILE* f);
void hcl_clearerr(hcl_FILE* f);
int hcl_fileno(hcl_FILE* f);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_STDIO_H_ */
