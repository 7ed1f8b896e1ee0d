// hypercall/baremetal/memory.cc -- the page allocator over the RAM the
// machine reports (machine_ram()): one bit per 4 KiB page, first fit.
// The bitmap sits at the start of the range. The MMU (mmu_<arch>.cc) maps
// pages in use with the protection asked for and leaves free pages
// unmapped; writable and executable at once is refused (HC_EACCES). Where
// the MMU does not enforce protections (kMmuEnforces false),
// hc_page_protect() returns HC_ENOTSUP after checking its arguments.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

extern "C" {
// The linker script (virt_<arch>.ld, microvm_x86_64.ld), page-aligned.
extern char __text_start[], __text_end[], __rodata_end[];
// start_<arch>_*.S: the page below the boot stack.
extern char __stack_guard[];
}

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

constexpr uint32_t kWriteExec = HC_PROT_WRITE | HC_PROT_EXEC;

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
      mmu_protect(addr, len, HC_PROT_READ | HC_PROT_WRITE);
      zero_pages(addr, len);
      return reinterpret_cast<void*>(addr);
    }
  }
  return nullptr;
}

bool page_is_free(uintptr_t addr) {
  if (addr < g_base || addr - g_base >= g_pages * kPageSize) return false;
  return !page_used((addr - g_base) / kPageSize);
}

uint32_t boot_page_prot(uintptr_t page) {
  constexpr uint32_t kRw = HC_PROT_READ | HC_PROT_WRITE;
  const auto at = [](const char* symbol) {
    return reinterpret_cast<uintptr_t>(symbol);
  };
  if (page == 0 || page == at(__stack_guard)) return HC_PROT_NONE;
  if (page < at(__text_start)) return kRw;
  if (page < at(__text_end)) return HC_PROT_READ | HC_PROT_EXEC;
  if (page < at(__rodata_end)) return HC_PROT_READ;
  if (page_is_free(page)) return HC_PROT_NONE;
  return kRw;  // data, bss, the bitmap, pages in use (the page tables too)
}

}  // namespace hc_bm

extern "C" {

size_t hc_page_size(void) { return hc_bm::kPageSize; }

hc_status_t hc_page_map(size_t len, uint32_t prot, void** addr) {
  if (!hc_bm::length_ok(len) || (prot & ~hc_bm::kKnownProt) != 0) {
    return HC_EINVAL;
  }
  if ((prot & hc_bm::kWriteExec) == hc_bm::kWriteExec) return HC_EACCES;
  void* pages = hc_bm::page_alloc(len);
  if (pages == nullptr) return HC_ENOMEM;
  if (prot != (HC_PROT_READ | HC_PROT_WRITE)) {
    hc_bm::mmu_protect(reinterpret_cast<uintptr_t>(pages), len, prot);
  }
  *addr = pages;
  return HC_OK;
}

hc_status_t hc_page_unmap(void* addr, size_t len) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(addr);
  if (a % hc_bm::kPageSize != 0 || !hc_bm::length_ok(len)) return HC_EINVAL;
  size_t first, end;
  hc_bm::clip(a, len, &first, &end);
  for (size_t i = first; i < end; ++i) hc_bm::set_page(i, false);
  if (end > first) {
    hc_bm::mmu_protect(hc_bm::g_base + first * hc_bm::kPageSize,
                       (end - first) * hc_bm::kPageSize, HC_PROT_NONE);
  }
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
  if ((prot & hc_bm::kWriteExec) == hc_bm::kWriteExec) return HC_EACCES;
  // Not done for an MMU that cannot enforce (README.md, "Not done yet").
  if (!hc_bm::kMmuEnforces) return HC_ENOTSUP;
  hc_bm::mmu_protect(a, len, prot);
  return HC_OK;
}

}  // extern "C"
