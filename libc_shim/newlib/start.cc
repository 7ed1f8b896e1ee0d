// libc_shim/newlib/start.cc -- hc_main of images built with
// libc = "newlib": sets up the capability table from the boot manifest
// (capability::boot: no manifest or a bad one ends the image with status
// 78 and a message), then runs main(argc, argv, envp) under newlib
// (process.c: environ, exit with stdio flushed). Compiled as C++ against
// hcall's headers, not newlib's. Defines hc_image_abi_version.
#include "capability/table.h"
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" void hcl_newlib_run(int argc, char** argv, char** envp)
    __attribute__((noreturn));

extern "C" int hc_main(const struct hc_boot_info* boot) {
  hcall::cap::boot(boot);
  hcl_newlib_run(boot->argc, boot->argv, boot->envp);
}
