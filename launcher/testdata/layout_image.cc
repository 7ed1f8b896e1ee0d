// launcher/testdata/layout_image.cc -- an image for the deterministic
// backend that prints where things are: the addresses hc_page_map returns
// (including a range reused after hc_page_unmap), a stack address and the
// address of a global. Under `hcall run --deterministic` two runs must print
// the same bytes; with address-space randomisation they differ.
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

int g_global;

void PrintAddress(const char* what, const void* p) {
  char digits[hcall::format::kDigitsBufferSize];
  const size_t n = hcall::format::Hex(reinterpret_cast<uintptr_t>(p), digits,
                                      2 * sizeof(uintptr_t));
  hc_image::print(what);
  hc_image::print(" 0x");
  hc_image::print_bytes(digits, n);
  hc_image::print("\n");
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  const size_t page = hc_page_size();
  void* first = nullptr;
  void* big = nullptr;
  void* again = nullptr;
  if (hc_page_map(page, HC_PROT_READ | HC_PROT_WRITE, &first) != HC_OK ||
      hc_page_map(64 * page, HC_PROT_READ | HC_PROT_WRITE, &big) != HC_OK) {
    return 1;
  }
  PrintAddress("page", first);
  PrintAddress("64 pages", big);
  if (hc_page_unmap(big, 64 * page) != HC_OK ||
      hc_page_map(16 * page, HC_PROT_READ | HC_PROT_WRITE, &again) != HC_OK) {
    return 1;
  }
  PrintAddress("16 pages after an unmap", again);
  int local = 0;
  PrintAddress("stack", &local);
  PrintAddress("global", &g_global);
  hc_image::print("LAYOUT OK\n");
  return 0;
}
