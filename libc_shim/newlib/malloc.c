/* libc_shim/newlib/malloc.c -- newlib's heap is libc_shim's allocator
 * (size classes in arenas on hc_page_map, double-free detection; see
 * libc_shim/README.md). newlib is compiled with MALLOC_PROVIDED, so its own
 * malloc (mallocr.c on sbrk) is left out; these are both the standard names
 * and the reentrant _*_r ones newlib's stdio calls. Fibers never switch
 * inside the allocator, so it needs no lock. */
#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdlib.h>

#include "hcl/errno.h"
#include "hcl/stdlib.h"

static void* no_memory_if_null(void* p) {
  if (p == NULL) errno = ENOMEM;
  return p;
}

void* malloc(size_t size) { return no_memory_if_null(hcl_malloc(size)); }

void free(void* p) { hcl_free(p); }

void* calloc(size_t count, size_t size) {
  return no_memory_if_null(hcl_calloc(count, size));
}

void* realloc(void* p, size_t size) {
  void* q = hcl_realloc(p, size);
  return size != 0 ? no_memory_if_null(q) : q;
}

void* memalign(size_t alignment, size_t size) {
  /* memalign takes any power of two; the shim wants pointer multiples. */
  if (alignment < sizeof(void*)) alignment = sizeof(void*);
  void* p = NULL;
  const int error = hcl_posix_memalign(&p, alignment, size);
  if (error != 0) {
    errno = error == HCL_EINVAL ? EINVAL : ENOMEM;
    return NULL;
  }
  return p;
}

int posix_memalign(void** out, size_t alignment, size_t size) {
  void* p = NULL;
  const int error = hcl_posix_memalign(&p, alignment, size);
  if (error != 0) return error == HCL_EINVAL ? EINVAL : ENOMEM;
  *out = p;
  return 0;
}

size_t malloc_usable_size(void* p) { return hcl_malloc_usable_size(p); }

void* _malloc_r(struct _reent* r, size_t size) {
  (void)r;
  return malloc(size);
}

void _free_r(struct _reent* r, void* p) {
  (void)r;
  free(p);
}

void* _calloc_r(struct _reent* r, size_t count, size_t size) {
  (void)r;
  return calloc(count, size);
}

void* _realloc_r(struct _reent* r, void* p, size_t size) {
  (void)r;
  return realloc(p, size);
}

void* _memalign_r(struct _reent* r, size_t alignment, size_t size) {
  (void)r;
  return memalign(alignment, size);
}

size_t _malloc_usable_size_r(struct _reent* r, void* p) {
  (void)r;
  return malloc_usable_size(p);
}
