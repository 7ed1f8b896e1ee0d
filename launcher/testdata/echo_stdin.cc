// launcher/testdata/echo_stdin.cc -- reads its console input to the end and
// prints it back as "GOT <input>" (for the console relay test: what is
// typed on hcall's terminal reaches the image through a pipe).
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  char input[256];
  size_t len = 0;
  hc_image::print("READING\n");
  for (;;) {
    const hc_ssize_t n =
        hc_read(HC_HANDLE_CONSOLE_IN, input + len, sizeof(input) - len);
    if (n < 0) return 1;
    if (n == 0 || len + static_cast<size_t>(n) == sizeof(input)) break;
    len += static_cast<size_t>(n);
  }
  hc_image::print("GOT ");
  hc_image::print_bytes(input, len);
  hc_image::print("\n");
  return 0;
}
