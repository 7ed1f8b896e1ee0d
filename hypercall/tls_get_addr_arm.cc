// hypercall/tls_get_addr_arm.cc -- __tls_get_addr for 32-bit arm images.
//
// Bazel compiles library code position-independent (-fPIC), and GCC for arm
// then reaches every thread-local variable through the general-dynamic
// model: a call to __tls_get_addr with a (module, offset) pair from the GOT.
// Unlike x86_64's and aarch64's, arm's GNU ld does not relax these calls in
// a static link (only the gnu2 descriptor dialect is relaxed); it fills the
// GOT with module 1 and the variable's offset in the TLS block. An image
// has one module, so the address is the running context's thread pointer
// plus the offset of the block behind the control block (tls_block.h).
// Linked into images only, by every backend's entry: a hosted program's
// __tls_get_addr is its libc's.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/tls_block.h"

extern "C" {

// The GOT pair of a general-dynamic access (the ELF TLS ABI's tls_index).
struct hc_tls_index {
  uintptr_t module;
  uintptr_t offset;
};

void* __tls_get_addr(const struct hc_tls_index* index);

__attribute__((used)) void* __tls_get_addr(const struct hc_tls_index* index) {
  return static_cast<char*>(hc_tls_get()) + hc_internal::TlsDataOffset() +
         index->offset;
}

}  // extern "C"
