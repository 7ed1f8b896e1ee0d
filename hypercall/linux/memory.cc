// hypercall/linux/memory.cc -- page size, page map / unmap / protect on
// Linux: anonymous private mmap, munmap and mprotect.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/syscall.h"

namespace hc_linux {
namespace {

constexpr uint64_t kDefaultPageSize = 4096;
constexpr uint32_t kProtMask = HC_PROT_READ | HC_PROT_WRITE | HC_PROT_EXEC;

// Set by memory_init(); constant-initialised so hosted programs that forget
// hc_linux_init() still get a sane value.
size_t g_page_size = kDefaultPageSize;

bool length_ok(size_t len) {
  return len != 0 && (len & (g_page_size - 1)) == 0;
}

bool address_ok(const void* addr) {
  return (reinterpret_cast<uintptr_t>(addr) & (g_page_size - 1)) == 0;
}

}  // namespace

hc_status_t memory_init(uint64_t page_size) {
  if (page_size == 0) page_size = kDefaultPageSize;
  if (page_size < kDefaultPageSize || (page_size & (page_size - 1)) != 0 ||
      page_size > (static_cast<uint64_t>(SIZE_MAX) >> 1)) {
    return HC_EINVAL;
  }
  g_page_size = static_cast<size_t>(page_size);
  return HC_OK;
}

}  // namespace hc_linux

using hc_linux::address_ok;
using hc_linux::length_ok;

extern "C" size_t hc_page_size(void) { return hc_linux::g_page_size; }

extern "C" hc_status_t hc_page_map(size_t len, uint32_t prot, void** addr) {
  if (!length_ok(len) || (prot & ~hc_linux::kProtMask) != 0) return HC_EINVAL;
  const long ret = hc_linux::sys_mmap_anon(len, prot);
  if (hc_linux::is_error(ret)) return hc_linux::error_from_errno(ret);
  *addr = reinterpret_cast<void*>(ret);
  return HC_OK;
}

extern "C" hc_status_t hc_page_unmap(void* addr, size_t len) {
  if (!address_ok(addr) || !length_ok(len)) return HC_EINVAL;
  const long ret =
      hc_linux::syscall2(hc_linux::nr::kMunmap, reinterpret_cast<long>(addr),
                         static_cast<long>(len));
  if (hc_linux::is_error(ret)) return hc_linux::error_from_errno(ret);
  return HC_OK;
}

extern "C" hc_status_t hc_page_protect(void* addr, size_t len, uint32_t prot) {
  if (!address_ok(addr) || !length_ok(len) ||
      (prot & ~hc_linux::kProtMask) != 0) {
    return HC_EINVAL;
  }
  const long ret =
      hc_linux::syscall3(hc_linux::nr::kMprotect, reinterpret_cast<long>(addr),
                         static_cast<long>(len), prot);
  if (hc_linux::is_error(ret)) return hc_linux::error_from_errno(ret);
  return HC_OK;
}
