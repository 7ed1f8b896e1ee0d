// hypercall/baremetal/tls.cc -- thread-local storage on bare metal
// (hypercall.h, "Thread-local storage"). The linker script puts .tdata and
// .tbss in a PT_TLS segment and defines __hc_tls_* from them; the boot
// context gets its block before the static constructors. The thread pointer
// is a register the kernel-mode image writes itself: the FS_BASE MSR on
// x86_64, TPIDR_EL0 on aarch64 (EL1 may write it), TPIDRURO on arm (PL1 may
// write it).
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"
#include "hypercall/tls_block.h"

// Defined by the linker scripts; their addresses are the values.
extern "C" const char __hc_tls_start[];
extern "C" const char __hc_tls_init_size[];
extern "C" const char __hc_tls_mem_size[];
extern "C" const char __hc_tls_align[];

namespace hc_bm {
namespace {

hc_internal::TlsTemplate g_tls;
size_t g_tls_size = 0;
void* g_tp = nullptr;

void set_thread_pointer(void* tp) {
#if defined(__x86_64__)
  constexpr uint32_t kFsBaseMsr = 0xc0000100;
  const uint64_t v = reinterpret_cast<uintptr_t>(tp);
  __asm__ volatile("wrmsr"
                   :
                   : "c"(kFsBaseMsr), "a"(static_cast<uint32_t>(v)),
                     "d"(static_cast<uint32_t>(v >> 32))
                   : "memory");
#elif defined(__aarch64__)
  __asm__ volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
#elif defined(__arm__)
  __asm__ volatile("mcr p15, 0, %0, c13, c0, 3" : : "r"(tp) : "memory");
#else
#error "unsupported CPU"
#endif
}

uintptr_t value_of(const char* symbol) {
  uintptr_t v = reinterpret_cast<uintptr_t>(symbol);
  // Hidden from the optimiser: these absolute symbols may be 0 (an image
  // without TLS), and GCC takes the address of a declared array for
  // non-null, which at -O2 folded "mem_size == 0" to false.
  __asm__("" : "+r"(v));
  return v;
}

}  // namespace

hc_status_t tls_init() {
  hc_internal::TlsTemplate t;
  t.init = __hc_tls_start;
  t.init_size = value_of(__hc_tls_init_size);
  t.mem_size = value_of(__hc_tls_mem_size);
  t.align = value_of(__hc_tls_align) != 0 ? value_of(__hc_tls_align) : 1;
  if (t.mem_size == 0) return HC_OK;
  const size_t size = hc_internal::TlsBlockSize(t);
  void* mem = nullptr;
  const hc_status_t s = hc_page_map((size + kPageSize - 1) & ~(kPageSize - 1),
                                    HC_PROT_READ | HC_PROT_WRITE, &mem);
  if (s != HC_OK) return s;
  void* tp = hc_internal::TlsBuild(t, mem);
  set_thread_pointer(tp);
  g_tls = t;
  g_tls_size = size;
  g_tp = tp;
  return HC_OK;
}

}  // namespace hc_bm

#if defined(__arm__)
size_t hc_internal::TlsDataOffset() {
  return hc_internal::TlsRoundUp(hc_internal::kTlsTcbSize, hc_bm::g_tls.align);
}
#endif

extern "C" {

size_t hc_tls_size(void) { return hc_bm::g_tls_size; }

void* hc_tls_init(void* mem) {
  return hc_internal::TlsBuild(hc_bm::g_tls, mem);
}

void* hc_tls_get(void) { return hc_bm::g_tp; }

hc_status_t hc_tls_set(void* tp) {
  if (hc_bm::g_tls_size == 0) return HC_ENOTSUP;
  hc_bm::set_thread_pointer(tp);
  hc_bm::g_tp = tp;
  return HC_OK;
}

}  // extern "C"
