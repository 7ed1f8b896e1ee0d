// hypercall/baremetal/mmu_aarch64.cc -- stage-1 translation at EL1 on
// QEMU virt (Cortex-A53), identity-mapped, and fault decoding.
//
// 4 KiB granule, 39-bit addresses (TCR_EL1.T0SZ = 25: the walk starts at
// level 1), TTBR0_EL1 only (TTBR1 walks disabled). The tables come from
// the page allocator (mmu_init runs after memory_init):
//   level 1          one table; entry 0 (0..1 GiB) and one per GiB of RAM
//   0..1 GiB         level 2: 0..128 MiB (flash, page 0) invalid, 128 MiB..
//                    1 GiB (GIC, PL011, PL031, fw_cfg, virtio-mmio, PCIe
//                    windows) 2 MiB blocks of Device-nGnRnE, never
//                    executable
//   RAM (1 GiB..)    level 2, then a level-3 table of 4 KiB pages for every
//                    2 MiB below ram.end, each page with boot_page_prot()
//                    (memory.cc); Normal write-back inner-shareable memory;
//                    above ram.end invalid
// MAIR_EL1: attribute 0 Device-nGnRnE, 1 Normal WB RA/WA. SCTLR_EL1: M, C,
// I and WXN (a writable page is never executable, whatever its XN bits).
// The tables are written with the MMU and caches off, so the walker
// (cacheable, TCR IRGN0/ORGN0 = WB) finds them in memory; later updates go
// through the cache, which the walker sees on ARMv8 (inner-shareable WB).
// A change: store, DSB ISHST, TLBI VAE1IS per page, DSB ISH, ISB; pages
// made executable have their lines cleaned to the point of unification
// (DC CVAU) and the instruction cache invalidated (IC IVAU).
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace hc_bm {

const bool kMmuEnforces = true;

namespace {

constexpr uintptr_t kRamBase = 0x40000000;
constexpr uintptr_t kDeviceStart = 0x08000000;  // GIC; below: flash
constexpr uintptr_t kGiB = uintptr_t{1} << 30;
constexpr uintptr_t kBlock = uintptr_t{2} << 20;

constexpr uint64_t kValid = 1u << 0;
constexpr uint64_t kTable = 1u << 1;  // level 1/2: table; level 3: page
constexpr uint64_t kAttrDevice = 0u << 2;
constexpr uint64_t kAttrNormal = 1u << 2;
constexpr uint64_t kReadOnly = 1u << 7;             // AP[2]
constexpr uint64_t kInnerShareable = 3u << 8;       // SH
constexpr uint64_t kAccessFlag = 1u << 10;          // AF
constexpr uint64_t kNoExecEl1 = uint64_t{1} << 53;  // PXN
constexpr uint64_t kNoExecEl0 = uint64_t{1} << 54;  // UXN
constexpr uint64_t kAddressMask = 0x0000fffffffff000;

constexpr uint64_t kMair = 0x00 | (0xffu << 8);
constexpr uint64_t kTcr = 25 |                  // T0SZ: 39-bit addresses
                          (1u << 8) |           // IRGN0 WB RA/WA
                          (1u << 10) |          // ORGN0 WB RA/WA
                          (3u << 12) |          // SH0 inner shareable
                          (0u << 14) |          // TG0 4 KiB
                          (1u << 23) |          // EPD1: no TTBR1 walks
                          (uint64_t{2} << 32);  // IPS 40 bits
constexpr uint64_t kSctlrM = 1u << 0;
constexpr uint64_t kSctlrC = 1u << 2;
constexpr uint64_t kSctlrI = 1u << 12;
constexpr uint64_t kSctlrWxn = 1u << 19;

uint64_t* g_level1;
bool g_on;

uint64_t page_entry(uintptr_t page, uint32_t prot) {
  if (prot == HC_PROT_NONE) return 0;
  uint64_t e = page | kValid | kTable | kAttrNormal | kInnerShareable |
               kAccessFlag | kNoExecEl0;
  if ((prot & HC_PROT_WRITE) == 0) e |= kReadOnly;
  if ((prot & HC_PROT_EXEC) == 0) e |= kNoExecEl1;
  return e;
}

uint64_t* next_table(uint64_t entry) {
  if ((entry & (kValid | kTable)) != (kValid | kTable)) return nullptr;
  return reinterpret_cast<uint64_t*>(entry & kAddressMask);
}

// The level-3 entry of (addr), or nullptr.
uint64_t* pte(uintptr_t addr) {
  uint64_t* l2 = next_table(g_level1[(addr >> 30) & 511]);
  if (l2 == nullptr) return nullptr;
  uint64_t* l3 = next_table(l2[(addr >> 21) & 511]);
  if (l3 == nullptr) return nullptr;
  return l3 + ((addr >> 12) & 511);
}

// Makes instruction fetches from [addr, addr+len) see the data written
// there.
void sync_icache(uintptr_t addr, size_t len) {
  uint64_t ctr;
  __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
  const uintptr_t dline = uintptr_t{4} << ((ctr >> 16) & 15);
  const uintptr_t iline = uintptr_t{4} << (ctr & 15);
  for (uintptr_t p = addr & ~(dline - 1); p < addr + len; p += dline) {
    __asm__ volatile("dc cvau, %0" ::"r"(p) : "memory");
  }
  __asm__ volatile("dsb ish" ::: "memory");
  for (uintptr_t p = addr & ~(iline - 1); p < addr + len; p += iline) {
    __asm__ volatile("ic ivau, %0" ::"r"(p) : "memory");
  }
  __asm__ volatile("dsb ish\n\tisb" ::: "memory");
}

}  // namespace

hc_status_t mmu_init(const RamRange& ram) {
  if (ram.end <= kRamBase) return HC_ENOMEM;
  // Every table first, so that the entries below see them as pages in use.
  const uintptr_t top = (ram.end + kBlock - 1) & ~(kBlock - 1);
  const size_t gibs = (top - kRamBase + kGiB - 1) / kGiB;
  const size_t l3_count = (top - kRamBase) / kBlock;
  uint64_t* tables =
      static_cast<uint64_t*>(page_alloc((2 + gibs + l3_count) * kPageSize));
  if (tables == nullptr) return HC_ENOMEM;
  g_level1 = tables;
  uint64_t* device_l2 = tables + 512;
  uint64_t* ram_l2 = device_l2 + 512;
  uint64_t* l3 = ram_l2 + 512 * gibs;

  g_level1[0] = reinterpret_cast<uintptr_t>(device_l2) | kValid | kTable;
  for (uintptr_t a = kDeviceStart; a < kRamBase; a += kBlock) {
    device_l2[a / kBlock] =
        a | kValid | kAttrDevice | kAccessFlag | kNoExecEl1 | kNoExecEl0;
  }
  for (size_t g = 0; g < gibs; ++g) {
    uint64_t* l2 = ram_l2 + 512 * g;
    g_level1[(kRamBase >> 30) + g] =
        reinterpret_cast<uintptr_t>(l2) | kValid | kTable;
    for (size_t i = 0; i < 512; ++i) {
      const uintptr_t region = kRamBase + g * kGiB + i * kBlock;
      if (region >= top) break;
      for (size_t j = 0; j < 512; ++j) {
        const uintptr_t page = region + j * kPageSize;
        l3[j] = page < ram.end ? page_entry(page, boot_page_prot(page)) : 0;
      }
      l2[i] = reinterpret_cast<uintptr_t>(l3) | kValid | kTable;
      l3 += 512;
    }
  }

  __asm__ volatile(
      "dsb ish\n\t"
      "tlbi vmalle1\n\t"
      "dsb ish\n\t"
      "msr mair_el1, %0\n\t"
      "msr tcr_el1, %1\n\t"
      "msr ttbr0_el1, %2\n\t"
      "isb" ::"r"(kMair),
      "r"(kTcr), "r"(reinterpret_cast<uintptr_t>(g_level1))
      : "memory");
  uint64_t sctlr;
  __asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
  sctlr |= kSctlrM | kSctlrC | kSctlrI | kSctlrWxn;
  __asm__ volatile("msr sctlr_el1, %0\n\tisb" ::"r"(sctlr) : "memory");
  g_on = true;
  return HC_OK;
}

void mmu_protect(uintptr_t addr, size_t len, uint32_t prot) {
  if (!g_on) return;  // boot allocations before mmu_init: MMU off
  for (uintptr_t page = addr; page < addr + len; page += kPageSize) {
    uint64_t* e = pte(page);
    if (e == nullptr) continue;
    *e = page_entry(page, prot);
    __asm__ volatile(
        "dsb ishst\n\t"
        "tlbi vae1is, %0" ::"r"(page >> 12)
        : "memory");
  }
  __asm__ volatile("dsb ish\n\tisb" ::: "memory");
  if ((prot & HC_PROT_EXEC) != 0) {
    // The data written through an earlier read+write mapping, to the
    // point of unification, through the new mapping (readable: EL1 can
    // read every valid page; the old one may have been HC_PROT_NONE).
    sync_icache(addr, len);
  }
}

namespace {

// The kind of a data (data) or instruction abort with fault status (fsc).
const char* abort_kind(uint32_t fsc, bool data) {
  switch (fsc & 0x3c) {
    case 0x04:
      return data ? "data abort (translation)"
                  : "instruction abort (translation)";
    case 0x08:
      return data ? "data abort (access flag)"
                  : "instruction abort (access flag)";
    case 0x0c:
      return data ? "data abort (permission)"
                  : "instruction abort (permission)";
    default:
      if (fsc == 0x21) return "data abort (alignment)";
      return data ? "data abort" : "instruction abort";
  }
}

}  // namespace

// aarch64: (vector) 0..15, (a) ESR_EL1, (b) ELR_EL1, (c) FAR_EL1.
bool fault_decode(uintptr_t, uintptr_t a, uintptr_t b, uintptr_t c,
                  FaultReport* report) {
  const uint32_t ec = static_cast<uint32_t>(a >> 26) & 0x3f;
  const uint32_t fsc = static_cast<uint32_t>(a) & 0x3f;
  report->pc = b;
  switch (ec) {
    case 0x24:  // data abort from EL0
    case 0x25:  // data abort from EL1
      report->kind = abort_kind(fsc, true);
      report->access = (a & (1u << 6)) != 0 ? "write" : "read";  // WnR
      report->address = c;
      return true;
    case 0x20:  // instruction abort from EL0
    case 0x21:  // instruction abort from EL1
      report->kind = abort_kind(fsc, false);
      report->access = "execute";
      report->address = c;
      return true;
    case 0x00:  // unknown reason: an undefined instruction
      report->kind = "undefined instruction";
      report->access = "execute";
      report->address = b;
      return true;
    case 0x3c:  // BRK (what __builtin_trap() compiles to)
      report->kind = "breakpoint instruction";
      report->access = "execute";
      report->address = b;
      return true;
    default:
      return false;
  }
}

}  // namespace hc_bm
