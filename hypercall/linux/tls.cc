// hypercall/linux/tls.cc -- thread-local storage on the Linux backends
// (hypercall.h, "Thread-local storage"): the image's PT_TLS template, found
// by the entry code through the auxiliary vector, the entry context's block
// and the thread pointer.
//
// Setting the thread pointer: x86_64 has no user-mode write of the fs base
// without FSGSBASE (which hcall does not assume), so it is arch_prctl
// (ARCH_SET_FS); arm's TPIDRURO is read-only in user mode, so it is the
// ARM-private set_tls call; aarch64 writes TPIDR_EL0 directly. Hosted
// programs never call tls_setup(): their libc owns the thread pointer, and
// hc_tls_size() stays 0.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/syscall.h"
#include "hypercall/tls_block.h"

namespace hc_linux {
namespace {

hc_internal::TlsTemplate g_tls;
size_t g_tls_size = 0;
void* g_tp = nullptr;

// An ELF program header, as the kernel's AT_PHDR points to them.
#if defined(__LP64__)
struct Phdr {
  uint32_t type;
  uint32_t flags;
  uint64_t offset;
  uint64_t vaddr;
  uint64_t paddr;
  uint64_t filesz;
  uint64_t memsz;
  uint64_t align;
};
#else
struct Phdr {
  uint32_t type;
  uint32_t offset;
  uint32_t vaddr;
  uint32_t paddr;
  uint32_t filesz;
  uint32_t memsz;
  uint32_t flags;
  uint32_t align;
};
#endif
constexpr uint32_t kPtTls = 7;

long set_thread_pointer(void* tp) {
#if defined(__x86_64__)
  constexpr long kArchSetFs = 0x1002;
  return syscall2(nr::kArchPrctl, kArchSetFs, reinterpret_cast<long>(tp));
#elif defined(__aarch64__)
  __asm__ volatile("msr tpidr_el0, %0" : : "r"(tp) : "memory");
  return 0;
#elif defined(__arm__)
  return syscall1(nr::kArmSetTls, reinterpret_cast<long>(tp));
#else
#error "unsupported CPU"
#endif
}

}  // namespace

hc_status_t tls_setup(const void* phdrs, size_t phnum) {
  if (phdrs == nullptr) return HC_OK;
  const Phdr* ph = static_cast<const Phdr*>(phdrs);
  for (size_t i = 0; i < phnum; ++i) {
    if (ph[i].type != kPtTls || ph[i].memsz == 0) continue;
    const size_t align = ph[i].align != 0 ? ph[i].align : 1;
    if ((align & (align - 1)) != 0 || ph[i].filesz > ph[i].memsz) {
      return HC_EINVAL;
    }
    hc_internal::TlsTemplate t;
    // A static, non-PIE image: the address is the link-time one.
    t.init = reinterpret_cast<const void*>(static_cast<uintptr_t>(ph[i].vaddr));
    t.init_size = static_cast<size_t>(ph[i].filesz);
    t.mem_size = static_cast<size_t>(ph[i].memsz);
    t.align = align;
    const size_t size = hc_internal::TlsBlockSize(t);
    const size_t page = hc_page_size();
    void* mem = nullptr;
    const hc_status_t s = hc_page_map((size + page - 1) & ~(page - 1),
                                      HC_PROT_READ | HC_PROT_WRITE, &mem);
    if (s != HC_OK) return s;
    void* tp = hc_internal::TlsBuild(t, mem);
    const long raw = set_thread_pointer(tp);
    if (is_error(raw)) return error_from_errno(raw);
    g_tls = t;
    g_tls_size = size;
    g_tp = tp;
    return HC_OK;
  }
  return HC_OK;
}

}  // namespace hc_linux

#if defined(__arm__)
size_t hc_internal::TlsDataOffset() {
  return hc_internal::TlsRoundUp(hc_internal::kTlsTcbSize,
                                 hc_linux::g_tls.align);
}
#endif

extern "C" size_t hc_tls_size(void) { return hc_linux::g_tls_size; }

extern "C" void* hc_tls_init(void* mem) {
  return hc_internal::TlsBuild(hc_linux::g_tls, mem);
}

extern "C" void* hc_tls_get(void) { return hc_linux::g_tp; }

extern "C" hc_status_t hc_tls_set(void* tp) {
  if (hc_linux::g_tls_size == 0) return HC_ENOTSUP;
  const long raw = hc_linux::set_thread_pointer(tp);
  if (hc_linux::is_error(raw)) return hc_linux::error_from_errno(raw);
  hc_linux::g_tp = tp;
  return HC_OK;
}
