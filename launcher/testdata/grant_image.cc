// launcher/testdata/grant_image.cc -- exercises grants from inside an
// image. Handle 3 is the first grant (launcher/README.md, descriptor
// layout).
//   grant_image ro   prints the first bytes of handle 3, then tries to
//                    change it (write, pwrite) and prints each result;
//                    ends with "RO DONE" and exit 0.
//   grant_image rw   pwrites "PERSISTED BY IMAGE" at offset 512 of
//                    handle 3, fsyncs it, prints "RW SYNCED" and aborts:
//                    the data must be on disk anyway.
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

bool Equal(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

void PrintResult(const char* what, int64_t ret) {
  hc_image::print(what);
  if (ret < 0) {
    hc_image::print(" = -");
    hc_image::print_dec(static_cast<uint64_t>(-ret));
  } else {
    hc_image::print(" = ");
    hc_image::print_dec(static_cast<uint64_t>(ret));
  }
  hc_image::print("\n");
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  const hc_handle_t h = 3;
  if (boot->argc > 1 && Equal(boot->argv[1], "ro")) {
    char buf[16];
    const hc_ssize_t got = hc_pread(h, buf, sizeof(buf), 0);
    hc_image::print("ro head: ");
    if (got > 0) hc_image::print_bytes(buf, static_cast<size_t>(got));
    hc_image::print("\n");
    PrintResult("write", hc_write(h, "CHANGED", 7));
    PrintResult("pwrite", hc_pwrite(h, "CHANGED", 7, 0));
    hc_image::print("RO DONE\n");
    return 0;
  }
  if (boot->argc > 1 && Equal(boot->argv[1], "rw")) {
    static const char kData[] = "PERSISTED BY IMAGE";
    PrintResult("pwrite", hc_pwrite(h, kData, sizeof(kData) - 1, 512));
    PrintResult("fsync", hc_fsync(h));
    hc_image::print("RW SYNCED\n");
    hc_abort();
  }
  hc_image::print("usage: grant_image ro|rw\n");
  return 2;
}
