// launcher/testdata/victim_block_grow.cc -- writes 512 bytes with a raw
// pwrite64 to its first grant (descriptor 3, a block grant) at the offset
// given as argv[1]: at or past the device's end, that would grow the
// block file. launcher_test checks that the file's size is unchanged (see
// victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static long offset;
  offset = hcall_victim::ParseDecimal(hcall_victim::FirstArg(boot));
  return hcall_victim::Run("block_grow", [] {
    static const char kBlock[512] = {'G', 'R', 'O', 'W', 'N'};
    return hc_linux::sys_pwrite(3, kBlock, sizeof(kBlock), offset);
  });
}
