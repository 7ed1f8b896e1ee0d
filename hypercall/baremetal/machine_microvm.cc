// hypercall/baremetal/machine_microvm.cc -- QEMU "microvm"
// (qemu-system-x86_64 -M microvm) booted through PVH: RAM from the PVH
// start_info memory map, the virtio-mmio windows, fw_cfg on I/O ports
// 0x510/0x511 and the MC146818 CMOS RTC (microvm's rtc=auto: present
// unless rtc=off). Addresses are those of hw/i386/microvm.c.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/cpu.h"
#include "hypercall/hypercall.h"

extern "C" char __image_end[];  // microvm_x86_64.ld: end of .bss, 4 KiB aligned

namespace hc_bm {
namespace {

// struct hvm_start_info (Xen's public/arch-x86/hvm/start_info.h), v1.
struct PvhStartInfo {
  uint32_t magic;
  uint32_t version;
  uint32_t flags;
  uint32_t nr_modules;
  uint64_t modlist_paddr;
  uint64_t cmdline_paddr;
  uint64_t rsdp_paddr;
  uint64_t memmap_paddr;  // version >= 1
  uint32_t memmap_entries;
  uint32_t reserved;
};
struct PvhMemmapEntry {
  uint64_t addr;
  uint64_t size;
  uint32_t type;
  uint32_t reserved;
};
constexpr uint32_t kPvhMagic = 0x336ec578;
constexpr uint32_t kMemmapRam = 1;

constexpr uintptr_t kVirtioBase = 0xfeb00000;
constexpr uintptr_t kVirtioStride = 0x200;
constexpr size_t kVirtioCount = 24;

constexpr uint16_t kFwCfgSelector = 0x510;
constexpr uint16_t kFwCfgData = 0x511;

constexpr uint16_t kCmosIndex = 0x70;
constexpr uint16_t kCmosData = 0x71;

uint8_t cmos(uint8_t reg) {
  outb(kCmosIndex, reg);  // bit 7 clear: NMI stays enabled
  return inb(kCmosData);
}

// Days from 1970-01-01 to (y, m, d) in the proleptic Gregorian calendar.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

hc_status_t machine_ram(uintptr_t boot_arg, RamRange* ram) {
  const PvhStartInfo* info = reinterpret_cast<const PvhStartInfo*>(boot_arg);
  if (info == nullptr || info->magic != kPvhMagic || info->version < 1 ||
      info->memmap_entries == 0) {
    return HC_EIO;
  }
  const PvhMemmapEntry* map =
      reinterpret_cast<const PvhMemmapEntry*>(info->memmap_paddr);
  const uint64_t image_end = reinterpret_cast<uintptr_t>(__image_end);
  for (uint32_t i = 0; i < info->memmap_entries; ++i) {
    const uint64_t end = map[i].addr + map[i].size;
    if (map[i].type == kMemmapRam && map[i].addr <= image_end &&
        image_end < end) {
      ram->start = image_end;
      // boot code identity-maps 4 GiB; RAM above that stays unused.
      ram->end = end > (uint64_t{1} << 32) ? (uint64_t{1} << 32) : end;
      return HC_OK;
    }
  }
  return HC_EIO;
}

// microvm's transports fill from the highest window down, like virt's.
size_t machine_virtio_count() { return kVirtioCount; }
uintptr_t machine_virtio_base(size_t index) {
  return kVirtioBase + (kVirtioCount - 1 - index) * kVirtioStride;
}

void fwcfg_select(uint16_t key) { outw(kFwCfgSelector, key); }

void fwcfg_read_bytes(void* buf, size_t len) {
  uint8_t* out = static_cast<uint8_t*>(buf);
  for (size_t i = 0; i < len; ++i) out[i] = inb(kFwCfgData);
}

int64_t rtc_seconds() {
  constexpr uint8_t kStatusA = 0x0a;
  constexpr uint8_t kStatusB = 0x0b;
  constexpr uint8_t kUpdateInProgress = 0x80;
  constexpr uint8_t kBinary = 0x04;
  constexpr uint8_t k24Hour = 0x02;
  if (cmos(kStatusB) == 0xff) return -1;  // no RTC: the bus floats
  uint8_t r[7], again[7];
  const uint8_t regs[7] = {0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x32};
  // Read until two consecutive reads agree, outside an update cycle.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    while ((cmos(kStatusA) & kUpdateInProgress) != 0) {
    }
    for (int i = 0; i < 7; ++i) r[i] = cmos(regs[i]);
    while ((cmos(kStatusA) & kUpdateInProgress) != 0) {
    }
    bool same = true;
    for (int i = 0; i < 7; ++i) {
      again[i] = cmos(regs[i]);
      same = same && again[i] == r[i];
    }
    if (same) break;
  }
  const uint8_t b = cmos(kStatusB);
  const bool pm = (b & k24Hour) == 0 && (r[2] & 0x80) != 0;
  r[2] &= 0x7f;
  if ((b & kBinary) == 0) {
    for (int i = 0; i < 7; ++i)
      r[i] = static_cast<uint8_t>((r[i] >> 4) * 10 + (r[i] & 15));
  }
  unsigned hour = r[2];
  if ((b & k24Hour) == 0) hour = (hour % 12) + (pm ? 12 : 0);
  const int64_t year = (r[6] != 0 ? r[6] : 20) * 100 + r[5];
  const int64_t days = days_from_civil(year, r[4], r[3]);
  return days * 86400 + hour * 3600 + r[1] * 60 + r[0];
}

}  // namespace hc_bm
