// libc_shim/internal/test_init.h -- hosted tests: start the linux backend
// before any test runs (testonly).
#ifndef HCALL_LIBC_SHIM_INTERNAL_TEST_INIT_H_
#define HCALL_LIBC_SHIM_INTERNAL_TEST_INIT_H_

#include "hypercall/linux/hosted.h"

namespace hcall::libc::testing {

inline bool InitBackendOnce() {
  static const bool ok = hc_linux::hosted_init() == 0;
  return ok;
}

// Runs at static-initialisation time of every test binary including this.
[[maybe_unused]] static const bool kBackendReady = InitBackendOnce();

}  // namespace hcall::libc::testing

#endif  // HCALL_LIBC_SHIM_INTERNAL_TEST_INIT_H_
