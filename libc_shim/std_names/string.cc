// libc_shim/std_names/string.cc -- the standard names of hcl/string.h, as
// forwarders (each compiles to one jump). Only for libc-free images.
#include <string.h>

extern "C" {

void* memcpy(void* d, const void* s, size_t n) { return hcl_memcpy(d, s, n); }
void* memmove(void* d, const void* s, size_t n) { return hcl_memmove(d, s, n); }
void* memset(void* d, int c, size_t n) { return hcl_memset(d, c, n); }
int memcmp(const void* a, const void* b, size_t n) {
  return hcl_memcmp(a, b, n);
}
void* memchr(const void* s, int c, size_t n) { return hcl_memchr(s, c, n); }
size_t strlen(const char* s) { return hcl_strlen(s); }
size_t strnlen(const char* s, size_t m) { return hcl_strnlen(s, m); }
int strcmp(const char* a, const char* b) { return hcl_strcmp(a, b); }
int strncmp(const char* a, const char* b, size_t n) {
  return hcl_strncmp(a, b, n);
}
char* strcpy(char* d, const char* s) { return hcl_strcpy(d, s); }
char* strncpy(char* d, const char* s, size_t n) { return hcl_strncpy(d, s, n); }
size_t strlcpy(char* d, const char* s, size_t n) {
  return hcl_strlcpy(d, s, n);
}
char* strcat(char* d, const char* s) { return hcl_strcat(d, s); }
char* strchr(const char* s, int c) { return hcl_strchr(s, c); }
char* strrchr(const char* s, int c) { return hcl_strrchr(s, c); }
char* strstr(const char* h, const char* n) { return hcl_strstr(h, n); }
size_t strspn(const char* s, const char* a) { return hcl_strspn(s, a); }
size_t strcspn(const char* s, const char* r) { return hcl_strcspn(s, r); }
char* strdup(const char* s) { return hcl_strdup(s); }
char* strndup(const char* s, size_t n) { return hcl_strndup(s, n); }
char* strtok_r(char* s, const char* d, char** p) {
  return hcl_strtok_r(s, d, p);
}
char* strerror(int e) { return hcl_strerror(e); }

}  // extern "C"
