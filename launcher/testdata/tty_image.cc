// launcher/testdata/tty_image.cc -- prints "ISATTY a b c": what the
// capability table's isatty() says of descriptors 0, 1 and 2 (1, 0, or a
// negative error). Under a terminal the launcher relays the console
// through pipes and marks its entries TERMINAL, so the image still sees a
// terminal (and its C library line-buffers stdout).
#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  hcall::cap::Table& table = hcall::cap::boot(boot);
  hc_image::print("ISATTY");
  for (int fd = 0; fd < 3; ++fd) {
    hc_image::print(" ");
    hc_image::print_int(table.isatty(fd));
  }
  hc_image::print("\n");
  return 0;
}
