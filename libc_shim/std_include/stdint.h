/* <stdint.h> of images that take the hcall libc shim as their whole libc:
 * GCC's freestanding definitions (stdint-gcc.h, from the compiler's own
 * include directory). GCC's <stdint.h> would look for the host libc's in a
 * hosted compile. */
#ifndef HCALL_LIBC_SHIM_STD_STDINT_H_
#define HCALL_LIBC_SHIM_STD_STDINT_H_

#include <stdint-gcc.h>

#endif /* HCALL_LIBC_SHIM_STD_STDINT_H_ */
