// hypercall/linux/random.cc -- hc_getrandom on Linux: getrandom(2) with no
// flags (blocks only until the kernel's pool is first initialised).
#include <stddef.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux_errno.h"
#include "hypercall/linux/syscall.h"

extern "C" hc_ssize_t hc_getrandom(void* buf, size_t len) {
  if (len == 0) return 0;
  long ret;
  do {
    ret = hc_linux::syscall3(hc_linux::nr::kGetrandom,
                             reinterpret_cast<long>(buf),
                             static_cast<long>(len), 0);
  } while (ret == -hc_linux::err::kEINTR);
  if (hc_linux::is_error(ret)) return hc_linux::error_from_errno(ret);
  return ret;
}
