/* c_image.c -- an image whose only source is C, on the hypercall ABI alone:
 * prints its argument count and exits with 3 when it has two arguments
 * (the image's name and one more), so a wrong count cannot pass. */
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

static hc_ssize_t say(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return hc_write(HC_HANDLE_CONSOLE_OUT, s, n);
}

int hc_main(const struct hc_boot_info* boot) {
  char line[] = "C image: ? arguments\n";
  if (boot->argc < 0 || boot->argc > 9) return 1;
  line[9] = (char)('0' + boot->argc);
  if (say(line) < 0) return 1;
  return boot->argc == 2 ? 3 : 1;
}
