// rumpkernel/start/crt.cc -- hc_main of an image that runs a rump kernel on
// the libc shim: hcall_rump_start (rump/hcall_start.h) with the shim's
// streams as the flush hook, the shim's environ, then main(argc, argv,
// envp) and exit() with its result (atexit functions, streams flushed).
// Defines hc_image_abi_version. Use it instead of //libc_shim:crt.
#include "hcl/stdio.h"
#include "hcl/stdlib.h"
#include "hypercall/hypercall.h"
#include "rump/hcall_start.h"

HC_DEFINE_IMAGE_ABI_VERSION;

// The application's main, by its assembler name (as libc_shim/crt/start.cc).
extern "C" int hcl_application_main(int argc, char** argv,
                                    char** envp) __asm__("main");

namespace {

void FlushStreams() { hcl_fflush(nullptr); }

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  hcall_rump_start(boot, &FlushStreams);
  hcl_environ_init(boot->envp);
  hcl_exit(hcl_application_main(boot->argc, boot->argv, hcl_environ));
}
