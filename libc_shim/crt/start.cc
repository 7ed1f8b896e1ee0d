// libc_shim/crt/start.cc -- hc_main for images whose entry is an ordinary
// `int main(int argc, char** argv)` on the shim: sets up the capability
// table from the boot manifest (capability::boot: no manifest or a bad one
// ends the image with status 78 and a message), makes the backend's envp
// the environment, runs main(argc, argv, envp) and exit()s with its
// result (atexit functions, then stdio flushed). The allocator and the
// streams need no set-up (first use). Defines hc_image_abi_version.
#include "capability/table.h"
#include "hcl/stdlib.h"
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

// The application's main, by its assembler name: C++ forbids naming ::main
// in a program; main(void) and main(int, char**) both accept the call.
extern "C" int hcl_application_main(int argc, char** argv,
                                    char** envp) __asm__("main");

extern "C" int hc_main(const struct hc_boot_info* boot) {
  hcall::cap::boot(boot);
  hcl_environ_init(boot->envp);
  hcl_exit(hcl_application_main(boot->argc, boot->argv, hcl_environ));
}
