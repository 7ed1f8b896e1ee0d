// hypercall/baremetal/mmu_arm.cc -- the Cortex-A15's MMU on QEMU virt
// (AArch32, PL1), identity-mapped with LPAE long descriptors, and fault
// decoding.
//
// TTBCR.EAE = 1, T0SZ = 0: TTBR0 translates the whole 32-bit space, the
// walk starts at level 1 (4 entries of 1 GiB). The tables come from the
// page allocator (mmu_init runs after memory_init):
//   level 1          one page; entry 0 (0..1 GiB) and one per GiB of RAM
//   0..1 GiB         level 2: 0..128 MiB (flash, page 0) invalid, 128 MiB..
//                    1 GiB (GIC, PL011, PL031, fw_cfg, virtio-mmio) 2 MiB
//                    blocks of Device-nGnRnE (strongly ordered), never
//                    executable
//   RAM (1 GiB..)    level 2, then a level-3 table of 4 KiB pages for every
//                    2 MiB below ram.end, each page with boot_page_prot()
//                    (memory.cc); Normal write-back inner-shareable memory;
//                    above ram.end invalid
// The descriptors have the AArch64 stage-1 layout (AttrIndx, AP[2:1], SH,
// AF, PXN, XN). MAIR0: attribute 0 Device-nGnRnE, 1 Normal WB RA/WA.
// SCTLR: M, C, I and WXN (a writable page is never executable). DACR is
// ignored by the long-descriptor format. The tables are written with the
// MMU and caches off, so the walker finds them in memory; later updates go
// through the cache, which the walker (TTBCR IRGN0/ORGN0 = WB) sees. A
// change: store (STRD, single-copy atomic with LPAE), DSB ISHST, TLBIMVAAIS
// per page, BPIALLIS, DSB ISH, ISB; pages made executable have their lines
// cleaned to the point of unification (DCCMVAU) and the instruction cache
// invalidated (ICIMVAU).
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
constexpr uint64_t kNoExecPl1 = uint64_t{1} << 53;  // PXN
constexpr uint64_t kNoExec = uint64_t{1} << 54;     // XN
constexpr uint64_t kAddressMask = 0x000000fffffff000;

constexpr uint32_t kMair0 = 0x00 | (0xffu << 8);
constexpr uint32_t kTtbcr = (1u << 8) |   // IRGN0 WB RA/WA
                            (1u << 10) |  // ORGN0 WB RA/WA
                            (3u << 12) |  // SH0 inner shareable
                            (1u << 23) |  // EPD1: no TTBR1 walks
                            (1u << 31);   // EAE: long descriptors
constexpr uint32_t kSctlrM = 1u << 0;
constexpr uint32_t kSctlrC = 1u << 2;
constexpr uint32_t kSctlrI = 1u << 12;
constexpr uint32_t kSctlrWxn = 1u << 19;

uint64_t* g_level1;
bool g_on;

uint64_t page_entry(uintptr_t page, uint32_t prot) {
  if (prot == HC_PROT_NONE) return 0;
  uint64_t e =
      page | kValid | kTable | kAttrNormal | kInnerShareable | kAccessFlag;
  if ((prot & HC_PROT_WRITE) == 0) e |= kReadOnly;
  if ((prot & HC_PROT_EXEC) == 0) e |= kNoExecPl1 | kNoExec;
  return e;
}

uint64_t* next_table(uint64_t entry) {
  if ((entry & (kValid | kTable)) != (kValid | kTable)) return nullptr;
  return reinterpret_cast<uint64_t*>(
      static_cast<uintptr_t>(entry & kAddressMask));
}

// The level-3 entry of (addr), or nullptr.
uint64_t* pte(uintptr_t addr) {
  uint64_t* l2 = next_table(g_level1[(addr >> 30) & 3]);
  if (l2 == nullptr) return nullptr;
  uint64_t* l3 = next_table(l2[(addr >> 21) & 511]);
  if (l3 == nullptr) return nullptr;
  return l3 + ((addr >> 12) & 511);
}

// Makes instruction fetches from [addr, addr+len) see the data written
// there.
void sync_icache(uintptr_t addr, size_t len) {
  uint32_t ctr;
  __asm__ volatile("mrc p15, 0, %0, c0, c0, 1" : "=r"(ctr));
  const uintptr_t dline = uintptr_t{4} << ((ctr >> 16) & 15);
  const uintptr_t iline = uintptr_t{4} << (ctr & 15);
  for (uintptr_t p = addr & ~(dline - 1); p < addr + len; p += dline) {
    __asm__ volatile("mcr p15, 0, %0, c7, c11, 1" ::"r"(p) : "memory");
  }
  __asm__ volatile("dsb ish" ::: "memory");
  for (uintptr_t p = addr & ~(iline - 1); p < addr + len; p += iline) {
    __asm__ volatile("mcr p15, 0, %0, c7, c5, 1" ::"r"(p) : "memory");
  }
  __asm__ volatile(
      "mcr p15, 0, %0, c7, c1, 6\n\t"  // BPIALLIS
      "dsb ish\n\t"
      "isb" ::"r"(0)
      : "memory");
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
        a | kValid | kAttrDevice | kAccessFlag | kNoExecPl1 | kNoExec;
  }
  for (size_t g = 0; g < gibs; ++g) {
    uint64_t* l2 = ram_l2 + 512 * g;
    g_level1[(kRamBase >> 30) + g] =
        reinterpret_cast<uintptr_t>(l2) | kValid | kTable;
    for (size_t i = 0; i < 512; ++i) {
      const uintptr_t region = kRamBase + g * kGiB + i * kBlock;
      if (region >= top || region < kRamBase) break;
      for (size_t j = 0; j < 512; ++j) {
        const uintptr_t page = region + j * kPageSize;
        l3[j] = page < ram.end ? page_entry(page, boot_page_prot(page)) : 0;
      }
      l2[i] = reinterpret_cast<uintptr_t>(l3) | kValid | kTable;
      l3 += 512;
    }
  }

  const uintptr_t ttbr0 = reinterpret_cast<uintptr_t>(g_level1);
  __asm__ volatile(
      "dsb ish\n\t"
      "mcr p15, 0, %0, c10, c2, 0\n\t"  // MAIR0
      "mcr p15, 0, %1, c2, c0, 2\n\t"   // TTBCR
      "mcrr p15, 0, %2, %3, c2\n\t"     // TTBR0 (64-bit)
      "isb\n\t"
      "mcr p15, 0, %3, c8, c7, 0\n\t"  // TLBIALL
      "mcr p15, 0, %3, c7, c5, 6\n\t"  // BPIALL
      "dsb ish\n\t"
      "isb" ::"r"(kMair0),
      "r"(kTtbcr), "r"(ttbr0), "r"(0)
      : "memory");
  uint32_t sctlr;
  __asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
  sctlr |= kSctlrM | kSctlrC | kSctlrI | kSctlrWxn;
  __asm__ volatile("mcr p15, 0, %0, c1, c0, 0\n\tisb" ::"r"(sctlr) : "memory");
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
        "mcr p15, 0, %0, c8, c3, 3" ::"r"(page)  // TLBIMVAAIS
        : "memory");
  }
  __asm__ volatile(
      "mcr p15, 0, %0, c7, c1, 6\n\t"  // BPIALLIS
      "dsb ish\n\t"
      "isb" ::"r"(0)
      : "memory");
  if ((prot & HC_PROT_EXEC) != 0) {
    // The data written through an earlier read+write mapping, to the
    // point of unification, through the new mapping (readable: PL1 can
    // read every valid page; the old one may have been HC_PROT_NONE).
    sync_icache(addr, len);
  }
}

namespace {

constexpr uint32_t kPsrThumb = 1u << 5;
constexpr uint32_t kFsrWrite = 1u << 11;  // WnR (both formats)
constexpr uint32_t kFsrLpae = 1u << 9;    // long-descriptor format

// The kind of a fault with status register (fsr), (abort) if no finer one.
const char* fault_kind(const char* abort, uintptr_t fsr, bool data) {
  if ((fsr & kFsrLpae) != 0) {
    const uint32_t status = fsr & 0x3f;
    switch (status & 0x3c) {
      case 0x04:
        return data ? "data abort (translation)"
                    : "prefetch abort (translation)";
      case 0x08:
        return data ? "data abort (access flag)"
                    : "prefetch abort (access flag)";
      case 0x0c:
        return data ? "data abort (permission)" : "prefetch abort (permission)";
      default:
        return status == 0x21 ? "data abort (alignment)" : abort;
    }
  }
  // Short-descriptor format (the MMU is off before mmu_init): FS[4] at
  // bit 10, FS[3:0].
  switch (((fsr >> 6) & 0x10u) | (fsr & 0xfu)) {
    case 0x01:
      return "data abort (alignment)";
    case 0x05:
    case 0x07:
      return data ? "data abort (translation)" : "prefetch abort (translation)";
    case 0x0d:
    case 0x0f:
      return data ? "data abort (permission)" : "prefetch abort (permission)";
    default:
      return abort;
  }
}

}  // namespace

// arm: (vector) 1 undef, 3 prefetch abort, 4 data abort (others are not
// faults); (a) the exception LR; (b), (c): for an undef SPSR and 0, for a
// prefetch abort IFSR and IFAR, for a data abort DFSR and DFAR.
bool fault_decode(uintptr_t vector, uintptr_t a, uintptr_t b, uintptr_t c,
                  FaultReport* report) {
  switch (vector) {
    case 1:  // LR = the next instruction
      report->kind = "undefined instruction";
      report->access = "execute";
      report->pc = a - ((b & kPsrThumb) != 0 ? 2 : 4);
      report->address = report->pc;
      return true;
    case 3:  // LR = the instruction + 4
      report->kind = fault_kind("prefetch abort", b, false);
      report->access = "execute";
      report->pc = a - 4;
      report->address = c;
      return true;
    case 4:  // LR = the instruction + 8
      report->kind = fault_kind("data abort", b, true);
      report->access = (b & kFsrWrite) != 0 ? "write" : "read";
      report->pc = a - 8;
      report->address = c;
      return true;
    default:
      return false;
  }
}

}  // namespace hc_bm
