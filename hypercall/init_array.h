// hypercall/init_array.h -- runs an image's static constructors
// (.preinit_array, then .init_array) before hc_main(). Used by the entry code
// of every backend; images do not call it.
//
// The bounds come from the linker: GNU ld's default script defines them for
// static Linux executables, the bare-metal linker scripts define them
// explicitly. Destructors (.fini_array, __cxa_atexit) are never run: an
// image ends with hc_exit(), and the libc shim's exit() runs atexit handlers
// itself.
#ifndef HCALL_HYPERCALL_INIT_ARRAY_H_
#define HCALL_HYPERCALL_INIT_ARRAY_H_

extern "C" {
using hc_init_fn = void (*)();
extern const hc_init_fn __preinit_array_start[] __attribute__((weak));
extern const hc_init_fn __preinit_array_end[] __attribute__((weak));
extern const hc_init_fn __init_array_start[] __attribute__((weak));
extern const hc_init_fn __init_array_end[] __attribute__((weak));
}

namespace hc_internal {

// Calls each constructor once, in link order (priority order within
// .init_array.NNNNN, as the linker sorted them).
inline void run_init_array() {
  for (const hc_init_fn* f = __preinit_array_start; f < __preinit_array_end;
       ++f) {
    (*f)();
  }
  for (const hc_init_fn* f = __init_array_start; f < __init_array_end; ++f) {
    (*f)();
  }
}

}  // namespace hc_internal

#endif  // HCALL_HYPERCALL_INIT_ARRAY_H_
