// libc_shim/memory_generic.cc -- bulk copy and fill for CPUs without a
// faster primitive (aarch64, arm): the vector loops of memory.cc.
#include <stddef.h>

#include "libc_shim/internal/memory.h"

namespace hcall::libc {

// Never reached below these; the loops serve every size.
const size_t kBulkCopyThreshold = ~size_t{0};
const size_t kBulkFillThreshold = ~size_t{0};

void copy_forward_mid(unsigned char* d, const unsigned char* s, size_t n) {
  copy_forward_vector(d, s, n);
}

void copy_forward_bulk(unsigned char* d, const unsigned char* s, size_t n) {
  copy_forward_vector(d, s, n);
}

void fill_bulk(unsigned char* d, unsigned char c, size_t n) {
  V16u v = {c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c};
  fill_vector(d, v, n);
}

}  // namespace hcall::libc
