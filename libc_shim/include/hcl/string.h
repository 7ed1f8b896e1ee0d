/*
 * hcl/string.h -- memory and string functions of the hcall libc shim.
 *
 * Each hcl_X behaves as C11's (or POSIX's) X. The mem* functions work
 * word-at-a-time (16-byte vectors where the CPU has them) for every
 * alignment of their arguments.
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_STRING_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_STRING_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void* hcl_memcpy(void* dst, const void* src, size_t n);
void* hcl_memmove(void* dst, const void* src, size_t n);
void* hcl_memset(void* dst, int c, size_t n);
int hcl_memcmp(const void* a, const void* b, size_t n);
void* hcl_memchr(const void* s, int c, size_t n);

size_t hcl_strlen(const char* s);
size_t hcl_strnlen(const char* s, size_t max);
int hcl_strcmp(const char* a, const char* b);
int hcl_strncmp(const char* a, const char* b, size_t n);
char* hcl_strcpy(char* dst, const char* src);
char* hcl_strncpy(char* dst, const char* src, size_t n);
/* BSD strlcpy: copies at most (size) - 1 bytes, NUL-terminates when
 * (size) > 0, returns hcl_strlen(src). */
size_t hcl_strlcpy(char* dst, const char* src, size_t size);
char* hcl_strcat(char* dst, const char* src);
char* hcl_strchr(const char* s, int c);
char* hcl_strrchr(const char* s, int c);
char* hcl_strstr(const char* haystack, const char* needle);
size_t hcl_strspn(const char* s, const char* accept);
size_t hcl_strcspn(const char* s, const char* reject);
/* Allocate with hcl_malloc; NULL with hcl_errno ENOMEM on failure. */
char* hcl_strdup(const char* s);
char* hcl_strndup(const char* s, size_t n);
char* hcl_strtok_r(char* s, const char* delim, char** save);
/* A fixed message for (errnum); "Unknown error N" (in a static buffer)
 * for numbers it does not know. */
char* hcl_strerror(int errnum);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_STRING_H_ */
