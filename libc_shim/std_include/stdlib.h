/* <stdlib.h> of images that take the hcall libc shim as their whole libc
 * (libc_shim:std_names). Each function is hcl_<name> (hcl/stdlib.h). */
#ifndef HCALL_LIBC_SHIM_STD_STDLIB_H_
#define HCALL_LIBC_SHIM_STD_STDLIB_H_

#include <stddef.h>

#include "hcl/stdlib.h"

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

#ifdef __cplusplus
extern "C" {
#endif

void* malloc(size_t size);
void free(void* p);
void* calloc(size_t count, size_t size);
void* realloc(void* p, size_t size);
void* aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void** out, size_t alignment, size_t size);
long strtol(const char* s, char** end, int base);
unsigned long strtoul(const char* s, char** end, int base);
long long strtoll(const char* s, char** end, int base);
unsigned long long strtoull(const char* s, char** end, int base);
int atoi(const char* s);
long atol(const char* s);
long long atoll(const char* s);
char* getenv(const char* name);
int setenv(const char* name, const char* value, int overwrite);
int unsetenv(const char* name);
void qsort(void* base, size_t count, size_t size,
           int (*compare)(const void*, const void*));
void* bsearch(const void* key, const void* base, size_t count, size_t size,
              int (*compare)(const void*, const void*));
void exit(int status) __attribute__((noreturn));
void _Exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int atexit(void (*fn)(void));
int abs(int v);
long labs(long v);
long long llabs(long long v);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_STDLIB_H_ */
