// launcher/testdata/victim_block_grow.cc -- writes argv[2] bytes (512
// without it; at most 64 KiB) with a raw pwrite64 to its first grant
// (descriptor 3, a block grant) at the offset given as argv[1]: at or past
// the device's end, that would grow the block file. launcher_test checks
// that the file's size is unchanged, and that a write ending exactly at
// the end goes through (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static long offset;
  static long count;
  offset = hcall_victim::ParseDecimal(hcall_victim::FirstArg(boot));
  count = boot->argc > 2 ? hcall_victim::ParseDecimal(boot->argv[2]) : 512;
  if (count < 0 || count > 65536) return 2;
  return hcall_victim::Run("block_grow", [] {
    static const char kBlock[65536] = {'G', 'R', 'O', 'W', 'N'};
    return hc_linux::sys_pwrite(3, kBlock, static_cast<size_t>(count), offset);
  });
}
