// hypercall/baremetal/mmu_x86_64.cc -- the image's page protections on
// x86_64 (4-level paging, set up for long mode by _start in
// start_x86_64_sysv_elf_gas.S with 2 MiB pages), and page-fault decoding.
//
// mmu_init() keeps _start's PML4, PDPT and four page directories (.bss,
// hc_bm_boot_pd) and replaces every 2 MiB entry that covers RAM below
// ram.end with a page table of 4 KiB pages from the allocator, each page
// with boot_page_prot() (memory.cc: page 0 and the boot stack's guard page
// absent, text read+execute, rodata read-only, the rest read+write
// no-execute, free allocator pages absent; below the image, PVH start_info
// and the firmware's tables read+write).
// 2 MiB regions between ram.end and 3 GiB become not present; 3..4 GiB
// (LAPIC, IOAPIC, virtio-mmio) stays 2 MiB pages, uncached, no-execute.
// EFER.NXE and CR0.WP (ring 0 obeys read-only pages) are set by _start.
// x86 cannot express write-only or execute-only: WRITE and EXEC imply READ.
// Instruction fetches see stores without maintenance on x86; changes are
// made visible with INVLPG per page.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

// start_x86_64_sysv_elf_gas.S: four page directories for 0..4 GiB.
extern "C" uint64_t hc_bm_boot_pd[4 * 512];

namespace hc_bm {

const bool kMmuEnforces = true;

namespace {

constexpr uint64_t kPresent = 1u << 0;
constexpr uint64_t kWritable = 1u << 1;
constexpr uint64_t kNoExecute = uint64_t{1} << 63;
constexpr uint64_t kAddressMask = 0x000ffffffffff000;
constexpr uint64_t kLargePage = 1u << 7;
constexpr uintptr_t kLargeSize = 2 * 1024 * 1024;
constexpr uintptr_t kDeviceStart = uintptr_t{3} << 30;  // uncached by _start

bool g_on;  // mmu_init() has switched to the 4 KiB tables

uint64_t entry(uintptr_t page, uint32_t prot) {
  if (prot == HC_PROT_NONE) return 0;
  uint64_t e = page | kPresent;
  if (prot & HC_PROT_WRITE) e |= kWritable;
  if ((prot & HC_PROT_EXEC) == 0) e |= kNoExecute;
  return e;
}

// The page table entry of (addr), or nullptr where none exists.
uint64_t* pte(uintptr_t addr) {
  if (addr >= kDeviceStart) return nullptr;
  const uint64_t pde = hc_bm_boot_pd[addr / kLargeSize];
  if ((pde & kPresent) == 0 || (pde & kLargePage) != 0) return nullptr;
  return reinterpret_cast<uint64_t*>(pde & kAddressMask) +
         (addr / kPageSize) % 512;
}

}  // namespace

hc_status_t mmu_init(const RamRange& ram) {
  const uintptr_t top = ram.end < kDeviceStart ? ram.end : kDeviceStart;
  const size_t tables = (top + kLargeSize - 1) / kLargeSize;
  // All tables first, so that the entries below see them as pages in use.
  uint64_t* table = static_cast<uint64_t*>(page_alloc(tables * kPageSize));
  if (table == nullptr) return HC_ENOMEM;
  for (uintptr_t region = 0; region < kDeviceStart; region += kLargeSize) {
    uint64_t pde = 0;
    if (region < top) {
      for (size_t i = 0; i < 512; ++i) {
        const uintptr_t page = region + i * kPageSize;
        table[i] = page < top ? entry(page, boot_page_prot(page)) : 0;
      }
      pde = reinterpret_cast<uintptr_t>(table) | kPresent | kWritable;
      table += 512;
    }
    hc_bm_boot_pd[region / kLargeSize] = pde;
  }
  // Reloading CR3 flushes every non-global translation.
  uintptr_t cr3;
  __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
  __asm__ volatile("mov %0, %%cr3" ::"r"(cr3) : "memory");
  g_on = true;
  return HC_OK;
}

void mmu_protect(uintptr_t addr, size_t len, uint32_t prot) {
  if (!g_on) return;  // boot allocations before mmu_init: identity 2 MiB
  for (uintptr_t page = addr; page < addr + len; page += kPageSize) {
    uint64_t* e = pte(page);
    if (e == nullptr) continue;
    *e = entry(page, prot);
    __asm__ volatile("invlpg (%0)" ::"r"(page) : "memory");
  }
}

// x86_64: (vector) 0..31, (a) error code, (b) RIP, (c) CR2.
bool fault_decode(uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c,
                  FaultReport* report) {
  constexpr uintptr_t kPfPresent = 1u << 0;
  constexpr uintptr_t kPfWrite = 1u << 1;
  constexpr uintptr_t kPfFetch = 1u << 4;
  report->pc = b;
  switch (vector) {
    case 14:  // #PF
      report->kind = (a & kPfPresent) != 0 ? "page fault (protection)"
                                           : "page fault (not present)";
      report->access = (a & kPfFetch)   ? "execute"
                       : (a & kPfWrite) ? "write"
                                        : "read";
      report->address = c;
      return true;
    case 6:  // #UD
      report->kind = "undefined instruction";
      report->access = "execute";
      report->address = b;
      return true;
    default:
      return false;
  }
}

}  // namespace hc_bm
