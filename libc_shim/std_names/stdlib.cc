// libc_shim/std_names/stdlib.cc -- the standard names of hcl/stdlib.h.
#include <inttypes.h>
#include <stdlib.h>

extern "C" {

void* malloc(size_t n) { return hcl_malloc(n); }
void free(void* p) { hcl_free(p); }
void* calloc(size_t c, size_t n) { return hcl_calloc(c, n); }
void* realloc(void* p, size_t n) { return hcl_realloc(p, n); }
void* aligned_alloc(size_t a, size_t n) { return hcl_aligned_alloc(a, n); }
int posix_memalign(void** o, size_t a, size_t n) {
  return hcl_posix_memalign(o, a, n);
}
long strtol(const char* s, char** e, int b) { return hcl_strtol(s, e, b); }
unsigned long strtoul(const char* s, char** e, int b) {
  return hcl_strtoul(s, e, b);
}
long long strtoll(const char* s, char** e, int b) {
  return hcl_strtoll(s, e, b);
}
unsigned long long strtoull(const char* s, char** e, int b) {
  return hcl_strtoull(s, e, b);
}
int atoi(const char* s) { return hcl_atoi(s); }
long atol(const char* s) { return hcl_atol(s); }
long long atoll(const char* s) { return hcl_atoll(s); }
// intmax_t is 64 bits, as long long, on every CPU.
static_assert(sizeof(intmax_t) == sizeof(long long), "intmax_t");
intmax_t strtoimax(const char* s, char** e, int b) {
  return hcl_strtoll(s, e, b);
}
uintmax_t strtoumax(const char* s, char** e, int b) {
  return hcl_strtoull(s, e, b);
}
intmax_t imaxabs(intmax_t v) { return hcl_llabs(v); }
char* getenv(const char* n) { return hcl_getenv(n); }
int setenv(const char* n, const char* v, int o) { return hcl_setenv(n, v, o); }
int unsetenv(const char* n) { return hcl_unsetenv(n); }
void qsort(void* b, size_t c, size_t s, int (*f)(const void*, const void*)) {
  hcl_qsort(b, c, s, f);
}
void* bsearch(const void* k, const void* b, size_t c, size_t s,
              int (*f)(const void*, const void*)) {
  return hcl_bsearch(k, b, c, s, f);
}
void exit(int s) { hcl_exit(s); }
void _Exit(int s) { hcl__Exit(s); }
void abort(void) { hcl_abort(); }
int atexit(void (*f)(void)) { return hcl_atexit(f); }
int abs(int v) { return hcl_abs(v); }
long labs(long v) { return hcl_labs(v); }
long long llabs(long long v) { return hcl_llabs(v); }

}  // extern "C"
