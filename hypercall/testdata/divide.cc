// hypercall/testdata/divide.cc -- divisions by a variable, which on 32-bit
// arm are libgcc calls (__aeabi_idiv, __aeabi_ldivmod, ...) that need the
// division-by-zero hooks of //hypercall:aeabi_div0. The divisor comes from
// argc so the compiler cannot fold it. Run with three arguments (argc 4).
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  const int divisor = boot->argc + 1;  // 5
  const int q32 = 1000 / divisor;
  const int r32 = 1003 % divisor;
  const uint32_t uq32 = 4000000000u / static_cast<uint32_t>(divisor);
  const int64_t q64 = INT64_C(-10000000000000) / divisor;
  const uint64_t ur64 = UINT64_C(10000000000000000003) % divisor;
  const bool ok = q32 == 200 && r32 == 3 && uq32 == 800000000u &&
                  q64 == INT64_C(-2000000000000) && ur64 == 3;
  hc_image::print(ok ? "divide: ok\n" : "divide: WRONG\n");
  return ok ? 0 : 1;
}
