// libc_shim/stdlib.cc -- environment, qsort/bsearch, exit/atexit/abort.
#include "hcl/stdlib.h"

#include <stddef.h>

#include "hcl/errno.h"
#include "hcl/string.h"
#include "hypercall/hypercall.h"
#include "libc_shim/internal/shim.h"

namespace {

constexpr int kMaxAtexit = 64;
void (*g_atexit[kMaxAtexit])(void);
int g_atexit_count = 0;

char* g_empty_environ[1] = {nullptr};
// True once hcl_environ is an array hcl_setenv/hcl_unsetenv allocated.
bool g_environ_owned = false;
size_t g_environ_capacity = 0;

// The entry of (name) (of (len) bytes) in hcl_environ, or -1.
ptrdiff_t find_env(const char* name, size_t len) {
  for (ptrdiff_t i = 0; hcl_environ[i] != nullptr; ++i) {
    if (hcl_strncmp(hcl_environ[i], name, len) == 0 &&
        hcl_environ[i][len] == '=') {
      return i;
    }
  }
  return -1;
}

size_t env_count() {
  size_t n = 0;
  while (hcl_environ[n] != nullptr) ++n;
  return n;
}

bool valid_name(const char* name) {
  return name != nullptr && *name != '\0' && hcl_strchr(name, '=') == nullptr;
}

void swap_bytes(unsigned char* a, unsigned char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const unsigned char t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

// Restores the heap property below (root) in a heap of (count) elements.
void sift_down(unsigned char* base, size_t root, size_t count, size_t size,
               int (*compare)(const void*, const void*)) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= count) return;
    if (child + 1 < count &&
        compare(base + child * size, base + (child + 1) * size) < 0) {
      ++child;
    }
    if (compare(base + root * size, base + child * size) >= 0) return;
    swap_bytes(base + root * size, base + child * size, size);
    root = child;
  }
}

}  // namespace

extern "C" {

char** hcl_environ = g_empty_environ;

void hcl_environ_init(char** envp) {
  hcl_environ = envp != nullptr ? envp : g_empty_environ;
  g_environ_owned = false;
}

char* hcl_getenv(const char* name) {
  const size_t len = hcl_strlen(name);
  const ptrdiff_t i = find_env(name, len);
  return i < 0 ? nullptr : hcl_environ[i] + len + 1;
}

int hcl_setenv(const char* name, const char* value, int overwrite) {
  if (!valid_name(name)) {
    hcl_errno = HCL_EINVAL;
    return -1;
  }
  const size_t len = hcl_strlen(name);
  const ptrdiff_t i = find_env(name, len);
  if (i >= 0 && !overwrite) return 0;
  const size_t vlen = hcl_strlen(value);
  char* entry = static_cast<char*>(hcl_malloc(len + vlen + 2));
  if (entry == nullptr) return -1;
  hcl_memcpy(entry, name, len);
  entry[len] = '=';
  hcl_memcpy(entry + len + 1, value, vlen + 1);
  if (i >= 0) {
    // The old string is not freed: a caller may still hold it.
    hcl_environ[i] = entry;
    return 0;
  }
  const size_t n = env_count();
  if (!g_environ_owned || n + 2 > g_environ_capacity) {
    const size_t cap = (n + 2) * 2;
    char** grown = static_cast<char**>(hcl_malloc(cap * sizeof(char*)));
    if (grown == nullptr) {
      hcl_free(entry);
      return -1;
    }
    hcl_memcpy(grown, hcl_environ, n * sizeof(char*));
    if (g_environ_owned) hcl_free(hcl_environ);
    hcl_environ = grown;
    g_environ_owned = true;
    g_environ_capacity = cap;
  }
  hcl_environ[n] = entry;
  hcl_environ[n + 1] = nullptr;
  return 0;
}

int hcl_unsetenv(const char* name) {
  if (!valid_name(name)) {
    hcl_errno = HCL_EINVAL;
    return -1;
  }
  const size_t len = hcl_strlen(name);
  ptrdiff_t i;
  // Removes every copy, keeping the order of the others (in place: the
  // backend's array is writable).
  while ((i = find_env(name, len)) >= 0) {
    for (; hcl_environ[i] != nullptr; ++i) hcl_environ[i] = hcl_environ[i + 1];
  }
  return 0;
}

void hcl_qsort(void* base, size_t count, size_t size,
               int (*compare)(const void*, const void*)) {
  if (count < 2 || size == 0) return;
  unsigned char* b = static_cast<unsigned char*>(base);
  for (size_t i = count / 2; i > 0; --i)
    sift_down(b, i - 1, count, size, compare);
  for (size_t end = count - 1; end > 0; --end) {
    swap_bytes(b, b + end * size, size);
    sift_down(b, 0, end, size, compare);
  }
}

void* hcl_bsearch(const void* key, const void* base, size_t count, size_t size,
                  int (*compare)(const void*, const void*)) {
  const unsigned char* b = static_cast<const unsigned char*>(base);
  size_t lo = 0;
  size_t hi = count;
  while (lo < hi) {
    const size_t mid = lo + ((hi - lo) >> 1);
    const int c = compare(key, b + mid * size);
    if (c == 0) return const_cast<unsigned char*>(b + mid * size);
    if (c < 0) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return nullptr;
}

int hcl_atexit(void (*fn)(void)) {
  if (g_atexit_count == kMaxAtexit) return -1;
  g_atexit[g_atexit_count++] = fn;
  return 0;
}

void hcl_exit(int status) {
  // A handler that calls hcl_atexit or hcl_exit again is tolerated: each
  // handler runs at most once.
  while (g_atexit_count > 0) g_atexit[--g_atexit_count]();
  hcall::libc::flush_all_streams();
  hc_exit(status);
}

void hcl__Exit(int status) { hc_exit(status); }

void hcl_abort(void) { hc_abort(); }

int hcl_abs(int v) { return v < 0 ? -v : v; }
long hcl_labs(long v) { return v < 0 ? -v : v; }
long long hcl_llabs(long long v) { return v < 0 ? -v : v; }

}  // extern "C"
