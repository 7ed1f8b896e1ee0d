// rumpkernel/dl.cc -- rumpuser_dl_bootstrap, for statically linked
// kernels: nothing to do.
#include "rump/rumpuser.h"

// Every hcall image is statically linked, and a statically linked rump
// kernel registers its own link sets (link_set_modules,
// link_set_rump_components, link_set_evcnts) during rump_init. Handing them
// over again here would register each module twice (EEXIST) and attach each
// event counter twice, so this does what NetBSD's implementation for static
// kernels does: nothing. Kernels of the version-17 generation before
// NetBSD added (evcntattach) call this with three arguments; the fourth is
// then whatever the register holds, so it is never read, let alone called.
extern "C" void rumpuser_dl_bootstrap(rump_modinit_fn domodinit,
                                      rump_symload_fn symload,
                                      rump_compload_fn compload,
                                      rump_evcntattach_fn /*evcntattach*/) {
  (void)domodinit;
  (void)symload;
  (void)compload;
}
