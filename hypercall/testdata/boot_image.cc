// hypercall/testdata/boot_image.cc -- an image that prints what the entry
// code handed it: arguments, the environment variables starting with
// "HCTEST_", whether any launcher variable ("HCALL_") leaked through, the
// seed flag and the boot manifest. If argv[1] is a number N, also reports
// whether handle N is still open (the manifest descriptor must be closed).
// Static constructors must have run before hc_main, in priority order
// (hypercall/init_array.h). Ends with "BOOT OK". images_test.cc checks the
// output.
#include "hypercall/hypercall.h"
#include "hypercall/testdata/image_print.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

bool starts_with(const char* text, const char* prefix) {
  while (*prefix != '\0') {
    if (*text++ != *prefix++) return false;
  }
  return true;
}

// Parses a small decimal number; -1 if (text) is not one.
int32_t parse_handle(const char* text) {
  int32_t value = 0;
  if (*text == '\0') return -1;
  for (; *text != '\0'; ++text) {
    if (*text < '0' || *text > '9' || value > 100000) return -1;
    value = value * 10 + (*text - '0');
  }
  return value;
}

// Written by the static constructors: 1 by the prioritised one, then 2 by
// the default-priority one, so 12 when both ran in order.
int g_constructed = 0;

__attribute__((constructor(101))) void prioritised_constructor() {
  g_constructed = g_constructed * 10 + 1;
}

struct Global {
  Global() { g_constructed = g_constructed * 10 + 2; }
};
Global g_global;

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  using hc_image::print;
  using hc_image::print_dec;

  bool ok = boot->abi_version == HC_ABI_VERSION &&
            boot->size == sizeof(struct hc_boot_info) &&
            boot->argv[boot->argc] == nullptr;
  for (uint64_t r : boot->reserved) ok = ok && r == 0;
  print("constructors: ");
  print_dec(static_cast<uint64_t>(g_constructed));
  print("\n");
  ok = ok && g_constructed == 12;

  print("argc: ");
  print_dec(static_cast<uint64_t>(boot->argc));
  print("\n");
  for (int32_t i = 1; i < boot->argc; ++i) {
    print("argv: ");
    print(boot->argv[i]);
    print("\n");
  }
  int leaked = 0;
  for (char** env = boot->envp; *env != nullptr; ++env) {
    if (starts_with(*env, "HCTEST_")) {
      print("env: ");
      print(*env);
      print("\n");
    }
    if (starts_with(*env, "HCALL_")) ++leaked;
  }
  print("launcher variables visible: ");
  print_dec(static_cast<uint64_t>(leaked));
  print("\nseed: ");
  if ((boot->flags & HC_BOOT_SEED_GIVEN) != 0) {
    print_dec(boot->seed);
  } else {
    print("none");
  }
  print("\nmanifest: ");
  if (boot->manifest == nullptr) {
    print("none");
    ok = ok && boot->manifest_len == 0;
  } else {
    print_dec(boot->manifest_len);
    print(" bytes: ");
    hc_image::print_bytes(static_cast<const char*>(boot->manifest),
                          static_cast<size_t>(boot->manifest_len));
    ok = ok && (reinterpret_cast<uintptr_t>(boot->manifest) &
                (hc_page_size() - 1)) == 0;
  }
  print("\n");
  if (boot->argc > 1) {
    const int32_t handle = parse_handle(boot->argv[1]);
    if (handle >= 0) {
      struct hc_stat st;
      print("handle ");
      print_dec(static_cast<uint64_t>(handle));
      print(hc_stat(handle, &st) == HC_EBADH ? ": closed\n" : ": open\n");
    }
  }
  print(ok ? "BOOT OK\n" : "BOOT FAIL\n");
  return ok ? 0 : 1;
}
