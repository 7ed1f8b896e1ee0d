/*
 * hcl/stdlib.h -- allocation, conversions, environment, sorting and
 * process end of the hcall libc shim.
 */
#ifndef HCALL_LIBC_SHIM_INCLUDE_HCL_STDLIB_H_
#define HCALL_LIBC_SHIM_INCLUDE_HCL_STDLIB_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Allocation (libc_shim/malloc.cc) ------------------------------------
 * Small requests (up to 32 KiB) come from size classes carved out of
 * page-mapped arenas; larger ones, and every request with an alignment
 * above 16, get their own mapping, unmapped again by hcl_free. Every
 * pointer returned is 16-byte aligned. hcl_free and hcl_realloc abort the
 * image with a message on hcl_stderr's handle for a pointer they did not
 * return or that was already freed. Not safe against host threads (an image
 * has one); fibers never switch inside these functions. */
void* hcl_malloc(size_t size);
void hcl_free(void* p);
/* NULL with ENOMEM if (count) * (size) overflows. */
void* hcl_calloc(size_t count, size_t size);
/* hcl_realloc(p, 0) frees (p) and returns NULL (as glibc does). */
void* hcl_realloc(void* p, size_t size);
/* (alignment) must be a power of two; otherwise NULL with EINVAL. */
void* hcl_aligned_alloc(size_t alignment, size_t size);
/* Returns 0, EINVAL (alignment not a power-of-two multiple of
 * sizeof(void*)) or ENOMEM; never sets hcl_errno. */
int hcl_posix_memalign(void** out, size_t alignment, size_t size);
/* The usable size of the block (p) (0 for NULL). */
size_t hcl_malloc_usable_size(void* p);

/* ---- Conversions (libc_shim/strtol.cc): C11 7.22.1 ---------------------- */
long hcl_strtol(const char* s, char** end, int base);
unsigned long hcl_strtoul(const char* s, char** end, int base);
long long hcl_strtoll(const char* s, char** end, int base);
unsigned long long hcl_strtoull(const char* s, char** end, int base);
int hcl_atoi(const char* s);
long hcl_atol(const char* s);
long long hcl_atoll(const char* s);

/* ---- Environment (libc_shim/stdlib.cc) ------------------------------------
 * hcl_environ starts as the envp the backend built (hcl_environ_init). */
extern char** hcl_environ;
/* Makes (envp) the environment; the shim's start code passes the boot
 * information's envp. Not copied. */
void hcl_environ_init(char** envp);
char* hcl_getenv(const char* name);
/* POSIX setenv/unsetenv: -1 with EINVAL for a NULL, empty or '='-holding
 * (name), ENOMEM if memory runs out. */
int hcl_setenv(const char* name, const char* value, int overwrite);
int hcl_unsetenv(const char* name);

/* ---- Sorting and searching ---------------------------------------------- */
/* Heapsort: O(n log n) worst case, no recursion, not stable. */
void hcl_qsort(void* base, size_t count, size_t size,
               int (*compare)(const void*, const void*));
void* hcl_bsearch(const void* key, const void* base, size_t count, size_t size,
                  int (*compare)(const void*, const void*));

/* ---- Process end ----------------------------------------------------------
 */
/* Runs the hcl_atexit functions (last registered first), flushes every
 * stream, and ends the image with hc_exit(status). */
void hcl_exit(int status) __attribute__((noreturn));
/* Ends at once: no atexit functions, no flushing. */
void hcl__Exit(int status) __attribute__((noreturn));
/* hc_abort(): SIGABRT on Linux. Streams are not flushed. */
void hcl_abort(void) __attribute__((noreturn));
/* Registers (fn); at most 64 functions. Returns 0, or -1 when full. */
int hcl_atexit(void (*fn)(void));

int hcl_abs(int v);
long hcl_labs(long v);
long long hcl_llabs(long long v);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_LIBC_SHIM_INCLUDE_HCL_STDLIB_H_ */
