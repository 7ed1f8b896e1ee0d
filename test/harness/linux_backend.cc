// test/harness/linux_backend.cc -- starts the Linux backend in a hosted
// (glibc) test before any test runs, so that portable tests
// (hc_portable_test) need no set-up of their own on the linux_* platforms.
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace {

// Runs from a static constructor, before GoogleTest's main(). A backend
// that cannot start is reported by every hc_* call the tests make.
[[maybe_unused]] const hc_status_t g_backend = hc_linux::hosted_init();

}  // namespace
