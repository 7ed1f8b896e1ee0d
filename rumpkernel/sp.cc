// rumpkernel/sp.cc -- the sysproxy (remote client) calls. A stub: every
// call fails with EOPNOTSUPP and sp_fini does nothing.
// Not done: README.md, "Not done yet" (and rumpkernel/README.md, "Left out").
#include <stddef.h>

#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

using namespace hcall::rump;

extern "C" int rumpuser_sp_init(const char*, const char*, const char*,
                                const char*) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyin(void*, const void*, void*, size_t) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyinstr(void*, const void*, void*, size_t*) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyout(void*, const void*, void*, size_t) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyoutstr(void*, const void*, void*, size_t*) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_anonmmap(void*, size_t, void**) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_raise(void*, int) { return nb::kEOPNOTSUPP; }

extern "C" void rumpuser_sp_fini(void*) {}
