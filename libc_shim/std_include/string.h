/* <string.h> of images that take the hcall libc shim as their whole libc
 * (libc_shim:std_names). Each function is hcl_<name> (hcl/string.h). */
#ifndef HCALL_LIBC_SHIM_STD_STRING_H_
#define HCALL_LIBC_SHIM_STD_STRING_H_

#include <stddef.h>

#include "hcl/string.h"

#ifdef __cplusplus
extern "C" {
#endif

void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int c, size_t n);
int memcmp(const void* a, const void* b, size_t n);
void* memchr(const void* s, int c, size_t n);
size_t strlen(const char* s);
size_t strnlen(const char* s, size_t max);
int strcmp(const char* a, const char* b);
int strncmp(const char* a, const char* b, size_t n);
char* strcpy(char* dst, const char* src);
char* strncpy(char* dst, const char* src, size_t n);
size_t strlcpy(char* dst, const char* src, size_t size);
char* strcat(char* dst, const char* src);
char* strchr(const char* s, int c);
char* strrchr(const char* s, int c);
char* strstr(const char* haystack, const char* needle);
size_t strspn(const char* s, const char* accept);
size_t strcspn(const char* s, const char* reject);
char* strdup(const char* s);
char* strndup(const char* s, size_t n);
char* strtok_r(char* s, const char* delim, char** save);
char* strerror(int errnum);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_STD_STRING_H_ */
