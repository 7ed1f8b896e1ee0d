// hypercall/baremetal/memory.cc -- the page allocator over the RAM the
// machine reports (machine_ram()): one bit per 4 KiB page, first fit.
// The bitmap sits at the start of the range. No MMU is programmed, so
// every page is readable, writable and executable whatever (prot) says,
// and hc_page_protect() returns HC_ENOTSUP after checking its arguments.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr uint32_t kKnownProt = HC_PROT_READ | HC_PROT_WRITE | HC_PROT_EXEC;

uintptr_t g_base;    // first allocatable page
size_t g_pages;      // number of allocatable pages
uint32_t* g_bitmap;  // bit set = page mapped
size_t g_hint;       // no free run starts below this page

bool page_used(size_t i) { return (g_bitmap[i / 32] >> (i % 32)) & 1u; }
void set_page(size_t i, bool used) {
  if (used) {
    g_bitmap[i / 32] |= 1u << (i % 32);
  } else {
    g_bitmap[i / 32] &= ~(1u << (i % 32));
  }
}

void zero_pages(uintptr_t addr, size_t len) {
  uint64_t* p = reinterpret_cast<uint64_t*>(addr);
  for (size_t i = 0; i < len / sizeof(uint64_t); ++i) p[i] = 0;
}

bool length_ok(size_t len) { return len != 0 && len % kPageSize == 0; }

// Pages of [addr, addr+len) inside the managed range: [*first, *end).
void clip(uintptr_t addr, size_t len, size_t* first, size_t* end) {
  const uintptr_t top = g_base + g_pages * kPageSize;
  uintptr_t lo = addr < g_base ? g_base : addr;
  uintptr_t hi = (addr + len < addr || addr + len > top) ? top : addr + len;
  if (hi < lo) hi = lo;
  *first = (lo - g_base) / kPageSize;
  *end = (hi - g_base) / kPageSize;
}

}  // namespace

hc_status_t memory_init(const RamRange& ram) {
  const uintptr_t start = (ram.start + kPageSize - 1) & ~(kPageSize - 1);
  const uintptr_t end = ram.end & ~(kPageSize - 1);
  if (end <= start) return HC_ENOMEM;
  const size_t total = (end - start) / kPageSize;
  const size_t bitmap_bytes = (total + 31) / 32 * 4;
  const size_t bitmap_pages = (bitmap_bytes + kPageSize - 1) / kPageSize;
  if (bitmap_pages >= total) return HC_ENOMEM;
  g_bitmap = reinterpret_cast<uint32_t*>(start);
  g_base = start + bitmap_pages * kPageSize;
  g_pages = total - bitmap_pages;
  zero_pages(start, bitmap_pages * kPageSize);
  g_hint = 0;
  return HC_OK;
}

void* page_alloc(size_t len) {
  const size_t want = len / kPageSize;
  size_t run = 0;
  for (size_t i = g_hint; i < g_pages; ++i) {
    run = page_used(i) ? 0 : run + 1;
    if (run == want) {
      const size_t first = i + 1 - want;
      for (size_t j = first; j <= i; ++j) set_page(j, true);
      if (first == g_hint) g_hint = i + 1;
      const uintptr_t addr = g_base + first * kPageSize;
      zero_pages(addr, len);
      return reinterpret_cast<void*>(addr);
    }
  }
  return nullptr;
}

}  // namespace hc_bm

extern "C" {

size_t hc_page_size(void) { return hc_bm::kPageSize; }

hc_status_t hc_page_map(size_t len, uint32_t prot, void** addr) {
  if (!hc_bm::length_ok(len) || (prot & ~hc_bm::kKnownProt) != 0) {
    return HC_EINVAL;
  }
  void* pages = hc_bm::page_alloc(len);
  if (pages == nullptr) return HC_ENOMEM;
  *addr = pages;
  return HC_OK;
}

hc_status_t hc_page_unmap(void* addr, size_t len) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  if (a % hc_bm::kPageSize != 0 || !hc_bm::length_ok(len)) return HC_EINVAL;
  size_t first, end;
  hc_bm::clip(a, len, &first, &end);
  for (size_t i = first; i < end; ++i) hc_bm::set_page(i, false);
  if (first < hc_bm::g_hint) hc_bm::g_hint = first;
  return HC_OK;
}

hc_status_t hc_page_protect(void* addr, size_t len, uint32_t prot) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  if (a % hc_bm::kPageSize != 0 || !hc_bm::length_ok(len) ||
      (prot & ~hc_bm::kKnownProt) != 0) {
    return HC_EINVAL;
  }
  size_t first, end;
  hc_bm::clip(a, len, &first, &end);
  if ((end - first) * hc_bm::kPageSize != len) return HC_ENOMEM;
  for (size_t i = first; i < end; ++i) {
    if (!hc_bm::page_used(i)) return HC_ENOMEM;
  }
  return HC_ENOTSUP;  // no MMU is set up: protections cannot be enforced
}

}  // extern "C"
