// hypercall/aeabi_arm.cc -- the run-time ABI hooks libgcc's division helpers
// call on a division by zero (arm only), for every backend's image entry.
// Defining them keeps libgcc's own versions, which call raise(), out of the
// image: no backend has raise(), so without these any division by a
// variable (an __aeabi_idiv/ldivmod call) fails to link.
#include "hypercall/hypercall.h"

extern "C" {

// The run-time ABI's prototypes (no header declares them).
int __aeabi_idiv0(int);
long long __aeabi_ldiv0(long long);

__attribute__((used)) int __aeabi_idiv0(int) { hc_abort(); }

__attribute__((used)) long long __aeabi_ldiv0(long long) { hc_abort(); }

}  // extern "C"
