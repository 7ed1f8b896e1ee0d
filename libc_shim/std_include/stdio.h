/* <stdio.h> of images that take the hcall libc shim as their whole libc
 * (libc_shim:std_names): the console streams and the printf family of
 * hcl/stdio.h (no floating point: see there). No fopen: files are opened
 * by manifest name with open() (<fcntl.h>). */
#ifndef HCALL_LIBC_SHIM_STD_STDIO_H_
#define HCALL_LIBC_SHIM_STD_STDIO_H_

#include <stdarg.h>
#include <stddef.h>

#include "hcl/stdio.h"

#define EOF (-1)

typedef hcl_FILE FILE;

#define stdout hcl_stdout
#define stderr hcl_stderr

#ifdef __cplusplus
extern "C" {
#endif

int snprintf(char* buf, size_t size, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vsnprintf(char* buf, size_t size, const char* fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintf(const char* fmt, va_list ap) __attribute__((format(printf, 1, 0)));
int fprintf(FILE* f, const char* fmt, ...)
    __attribute__((format(printf, 2, 3)));
int vfprintf(FILE* f, const char* fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
int puts(const char* s);
int fputs(const char* s, FILE* f);
int putchar(int c);
int fputc(int c, FILE* f);
int putc(int c, FILE* f);
size_t fwrite(const void* p, size_t size, size_t count, FILE* f);
int fflush(FILE* f);
int ferror(FILE* f);
void clearerr(FILE* f);
int fileno(FILE* f);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_STDIO_H_ */
