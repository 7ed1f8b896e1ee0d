// hypercall/linux/constructors.cc -- part of //hypercall/linux:entry (the
// image's real entry): runs the image's static constructors for
// hc_linux_start(). Kept out of :entry_core so that hosted tests, which
// drive hc_linux_start() inside a glibc process whose constructors glibc has
// already run, do not run them a second time.
#include "hypercall/init_array.h"

// entry.cc calls it through a weak declaration of its own (absent from
// hosted tests).
extern "C" void hc_linux_run_constructors();

extern "C" void hc_linux_run_constructors() { hc_internal::run_init_array(); }
