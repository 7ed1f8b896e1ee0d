// libc_shim/cxx/atexit.cc -- what GCC emits for a static object with a
// destructor: a __cxa_atexit call (__aeabi_atexit on arm) naming __dso_handle.
// Images never run such destructors (hypercall/init_array.h: an image ends with
// hc_exit; exit() runs the atexit() functions and flushes stdio), so
// registering one succeeds and does nothing. Such an object's destructor must
// not be relied on to flush or release anything.
extern "C" {

// Weak: a link that brings crtbegin.o (none of hcall's images do: they
// link with -nostdlib) keeps that definition.
__attribute__((weak, visibility("hidden"))) void* __dso_handle = &__dso_handle;

int __cxa_atexit(void (*destructor)(void*), void* object, void* dso);
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }

// The Arm EABI's name for it (the object first), which GCC calls on arm.
int __aeabi_atexit(void* object, void (*destructor)(void*), void* dso);
int __aeabi_atexit(void*, void (*)(void*), void*) { return 0; }

}  // extern "C"
