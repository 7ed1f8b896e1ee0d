// libc_shim/testdata/shim_only_headers.cc -- the C++ source of the
// shim_semaphore image (libc = "shim"): a C++ source sees the shim's
// headers and GCC's freestanding ones, and neither the host libc's nor
// libstdc++'s (whose configuration needs glibc's <features.h>). The compile
// stops here if one of them is on the include path.
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if __has_include(<features.h>) || __has_include(<bits/types.h>) || \
    __has_include(<signal.h>) || __has_include(<math.h>)
#error "a host libc header is visible to a C++ source of a shim image"
#endif
#if __has_include(<new>) || __has_include(<cstdio>) || \
    __has_include(<type_traits>) || __has_include(<bits/c++config.h>)
#error "a libstdc++ header is visible to a C++ source of a shim image"
#endif

extern "C" int shim_cxx_sees_only_shim_headers(void);

extern "C" int shim_cxx_sees_only_shim_headers(void) {
  char buf[8];
  snprintf(buf, sizeof(buf), "%d", INT_MAX % 1000);
  sem_t s;
  const bool sem_ok =
      sem_init(&s, 0, 2) == 0 && sem_trywait(&s) == 0 && sem_destroy(&s) == 0;
  return sem_ok && strcmp(buf, "647") == 0 && sizeof(int64_t) == 8 ? 1 : 0;
}
