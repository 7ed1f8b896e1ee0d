// hypercall/baremetal/machine_virt.cc -- QEMU "virt" (qemu-system-arm and
// qemu-system-aarch64 -M virt): RAM from the device tree, the virtio-mmio
// windows, fw_cfg over MMIO and the PL031 RTC. Addresses are those of
// hw/arm/virt.c's memory map, which does not change between machine
// versions.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/mmio.h"
#include "hypercall/hypercall.h"

extern "C" char __image_end[];  // virt_<arch>.ld: end of .bss, page-aligned

namespace hc_bm {
namespace {

// QEMU loads its device tree at the base of RAM for an ELF kernel linked
// above it (the linker scripts leave the first 2 MiB free).
constexpr uintptr_t kRamBase = 0x40000000;
constexpr uintptr_t kVirtioBase = 0x0a000000;
constexpr uintptr_t kVirtioStride = 0x200;
constexpr size_t kVirtioCount = 32;
constexpr uintptr_t kFwCfgData = 0x09020000;
constexpr uintptr_t kFwCfgSelector = 0x09020008;  // big-endian 16-bit
constexpr uintptr_t kPl031Data = 0x09010000;

// Flattened device tree (devicetree specification v0.3, chapter 5).
constexpr uint32_t kFdtMagic = 0xd00dfeed;
constexpr uint32_t kFdtBeginNode = 1;
constexpr uint32_t kFdtEndNode = 2;
constexpr uint32_t kFdtProp = 3;
constexpr uint32_t kFdtNop = 4;
constexpr uint32_t kFdtEnd = 9;

uint32_t be32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
         (uint32_t{p[2]} << 8) | p[3];
}

bool str_eq(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

bool is_memory_node(const char* name) {
  const char kMemory[] = "memory";
  for (size_t i = 0; i < 6; ++i) {
    if (name[i] != kMemory[i]) return false;
  }
  return name[6] == '\0' || name[6] == '@';
}

uint64_t read_cells(const uint8_t* p, uint32_t cells) {
  uint64_t v = 0;
  for (uint32_t i = 0; i < cells; ++i) v = (v << 32) | be32(p + 4 * i);
  return v;
}

// Finds the first /memory node's first (base, size) pair.
bool fdt_memory(const uint8_t* fdt, uint64_t* base, uint64_t* size) {
  if (be32(fdt) != kFdtMagic) return false;
  const uint32_t total = be32(fdt + 4);
  const uint8_t* p = fdt + be32(fdt + 8);
  const uint8_t* end = fdt + total;
  const char* strings = reinterpret_cast<const char*>(fdt + be32(fdt + 12));
  uint32_t address_cells = 2;
  uint32_t size_cells = 1;
  int depth = 0;
  bool in_memory = false;
  while (p + 4 <= end) {
    const uint32_t token = be32(p);
    p += 4;
    if (token == kFdtBeginNode) {
      const char* name = reinterpret_cast<const char*>(p);
      size_t len = 0;
      while (name[len] != '\0') ++len;
      p += (len + 4) & ~size_t{3};
      ++depth;
      in_memory = depth == 2 && is_memory_node(name);
    } else if (token == kFdtEndNode) {
      --depth;
      in_memory = false;
    } else if (token == kFdtProp) {
      const uint32_t len = be32(p);
      const char* name = strings + be32(p + 4);
      const uint8_t* value = p + 8;
      p += 8 + ((len + 3) & ~uint32_t{3});
      if (depth == 1 && len == 4 && str_eq(name, "#address-cells")) {
        address_cells = be32(value);
      } else if (depth == 1 && len == 4 && str_eq(name, "#size-cells")) {
        size_cells = be32(value);
      } else if (in_memory && str_eq(name, "reg") && address_cells <= 2 &&
                 size_cells <= 2 && len >= 4 * (address_cells + size_cells)) {
        *base = read_cells(value, address_cells);
        *size = read_cells(value + 4 * address_cells, size_cells);
        return true;
      }
    } else if (token == kFdtEnd) {
      break;
    } else if (token != kFdtNop) {
      break;
    }
  }
  return false;
}

}  // namespace

hc_status_t machine_ram(uintptr_t boot_arg, RamRange* ram) {
  (void)boot_arg;
  uint64_t base = 0;
  uint64_t size = 0;
  if (!fdt_memory(reinterpret_cast<const uint8_t*>(kRamBase), &base, &size)) {
    return HC_EIO;
  }
  const uintptr_t image_end = reinterpret_cast<uintptr_t>(__image_end);
  uint64_t top = base + size;
  if (top > UINTPTR_MAX) top = UINTPTR_MAX & ~uintptr_t{kPageSize - 1};
  if (image_end < base || image_end >= top) return HC_EIO;
  ram->start = image_end;
  ram->end = static_cast<uintptr_t>(top);
  return HC_OK;
}

// virt creates its transports so that the first -device lands in the
// highest window: scanning downwards follows the command line.
size_t machine_virtio_count() { return kVirtioCount; }
uintptr_t machine_virtio_base(size_t index) {
  return kVirtioBase + (kVirtioCount - 1 - index) * kVirtioStride;
}

void fwcfg_select(uint16_t key) {
  mmio_write16(kFwCfgSelector, static_cast<uint16_t>((key >> 8) | (key << 8)));
}

void fwcfg_read_bytes(void* buf, size_t len) {
  uint8_t* out = static_cast<uint8_t*>(buf);
  for (size_t i = 0; i < len; ++i) out[i] = mmio_read8(kFwCfgData);
}

int64_t rtc_seconds() { return mmio_read32(kPl031Data); }

}  // namespace hc_bm

namespace hc_bm {

// The exception vectors are installed by _start (VBAR); nothing else to do.
void trap_init() {}

}  // namespace hc_bm
