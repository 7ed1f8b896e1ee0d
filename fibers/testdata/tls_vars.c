// fibers/testdata/tls_vars.c -- thread-local variables of tls_image, in C,
// in a translation unit of their own: tls_image.cc reaches them as extern
// thread_local (the initial-exec model, or general-dynamic on 32-bit arm
// Linux, where the compiler makes position-independent code) as well as
// through these accessors (local-exec).
#include <stdint.h>

_Thread_local int tl_init = 42;
_Thread_local int tl_zero;
_Thread_local int64_t tl_aligned __attribute__((aligned(64))) = 7;
_Thread_local char tl_text[8] = "fiber";

int* tl_init_address(void) { return &tl_init; }
int* tl_zero_address(void) { return &tl_zero; }
int64_t* tl_aligned_address(void) { return &tl_aligned; }
char* tl_text_address(void) { return tl_text; }
