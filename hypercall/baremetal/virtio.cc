// hypercall/baremetal/virtio.cc -- virtio-mmio transport (legacy version 1
// and version 2) and a polled split virtqueue. See virtio.h.
#include "hypercall/baremetal/virtio.h"

#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/mmio.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

// Register offsets (virtio 1.x, 4.2.2; "legacy" ones from 4.2.4).
constexpr uintptr_t kMagic = 0x000;
constexpr uintptr_t kVersion = 0x004;
constexpr uintptr_t kDeviceId = 0x008;
constexpr uintptr_t kDeviceFeatures = 0x010;
constexpr uintptr_t kDeviceFeaturesSel = 0x014;
constexpr uintptr_t kDriverFeatures = 0x020;
constexpr uintptr_t kDriverFeaturesSel = 0x024;
constexpr uintptr_t kLegacyGuestPageSize = 0x028;
constexpr uintptr_t kQueueSel = 0x030;
constexpr uintptr_t kQueueNumMax = 0x034;
constexpr uintptr_t kQueueNum = 0x038;
constexpr uintptr_t kLegacyQueueAlign = 0x03c;
constexpr uintptr_t kLegacyQueuePfn = 0x040;
constexpr uintptr_t kQueueReady = 0x044;
constexpr uintptr_t kQueueNotify = 0x050;
constexpr uintptr_t kInterruptStatus = 0x060;
constexpr uintptr_t kInterruptAck = 0x064;
constexpr uintptr_t kStatus = 0x070;
constexpr uintptr_t kQueueDescLow = 0x080;
constexpr uintptr_t kQueueDescHigh = 0x084;
constexpr uintptr_t kQueueDriverLow = 0x090;
constexpr uintptr_t kQueueDriverHigh = 0x094;
constexpr uintptr_t kQueueDeviceLow = 0x0a0;
constexpr uintptr_t kQueueDeviceHigh = 0x0a4;
constexpr uintptr_t kConfig = 0x100;

constexpr uint32_t kMagicValue = 0x74726976;  // "virt"

constexpr uint32_t kStatusAcknowledge = 1;
constexpr uint32_t kStatusDriver = 2;
constexpr uint32_t kStatusDriverOk = 4;
constexpr uint32_t kStatusFeaturesOk = 8;
constexpr uint32_t kStatusFailed = 128;

constexpr uint32_t kFeatureVersion1 = 1u << (32 - 32);  // bit 32, word 1

constexpr uint16_t kDescNext = 1;
constexpr uint16_t kDescWrite = 2;

uint32_t reg(uintptr_t base, uintptr_t off) { return mmio_read32(base + off); }
void set_reg(uintptr_t base, uintptr_t off, uint32_t v) {
  mmio_write32(base + off, v);
}

uint16_t volatile_read16(const uint16_t* p) {
  return *static_cast<const volatile uint16_t*>(p);
}

}  // namespace

uint32_t virtio_device_id(uintptr_t base) {
  if (reg(base, kMagic) != kMagicValue) return 0;
  const uint32_t version = reg(base, kVersion);
  if (version != 1 && version != 2) return 0;
  return reg(base, kDeviceId);
}

hc_status_t virtio_start(uintptr_t base, uint32_t wanted, VirtqMemory* queue,
                         VirtioDevice* dev) {
  const uint32_t version = reg(base, kVersion);
  set_reg(base, kStatus, 0);  // reset
  set_reg(base, kStatus, kStatusAcknowledge);
  set_reg(base, kStatus, kStatusAcknowledge | kStatusDriver);
  uint32_t status = kStatusAcknowledge | kStatusDriver;

  set_reg(base, kDeviceFeaturesSel, 0);
  const uint32_t features = reg(base, kDeviceFeatures) & wanted;
  set_reg(base, kDriverFeaturesSel, 0);
  set_reg(base, kDriverFeatures, features);
  if (version == 2) {
    set_reg(base, kDeviceFeaturesSel, 1);
    if ((reg(base, kDeviceFeatures) & kFeatureVersion1) == 0) {
      set_reg(base, kStatus, kStatusFailed);
      return HC_EIO;
    }
    set_reg(base, kDriverFeaturesSel, 1);
    set_reg(base, kDriverFeatures, kFeatureVersion1);
    status |= kStatusFeaturesOk;
    set_reg(base, kStatus, status);
    if ((reg(base, kStatus) & kStatusFeaturesOk) == 0) {
      set_reg(base, kStatus, kStatusFailed);
      return HC_EIO;
    }
  }

  set_reg(base, kQueueSel, 0);
  const uint32_t max = reg(base, kQueueNumMax);
  if (max < kQueueSize || (version == 2 && reg(base, kQueueReady) != 0)) {
    set_reg(base, kStatus, kStatusFailed);
    return HC_EIO;
  }
  for (uint8_t* p = reinterpret_cast<uint8_t*>(queue);
       p < reinterpret_cast<uint8_t*>(queue + 1); ++p) {
    *p = 0;
  }
  set_reg(base, kQueueNum, kQueueSize);
  const uint64_t addr = reinterpret_cast<uintptr_t>(queue);
  if (version == 1) {
    set_reg(base, kLegacyGuestPageSize, 4096);
    set_reg(base, kLegacyQueueAlign, 4096);
    set_reg(base, kLegacyQueuePfn, static_cast<uint32_t>(addr >> 12));
  } else {
    const uint64_t avail = reinterpret_cast<uintptr_t>(&queue->avail_flags);
    const uint64_t used = reinterpret_cast<uintptr_t>(&queue->used_flags);
    set_reg(base, kQueueDescLow, static_cast<uint32_t>(addr));
    set_reg(base, kQueueDescHigh, static_cast<uint32_t>(addr >> 32));
    set_reg(base, kQueueDriverLow, static_cast<uint32_t>(avail));
    set_reg(base, kQueueDriverHigh, static_cast<uint32_t>(avail >> 32));
    set_reg(base, kQueueDeviceLow, static_cast<uint32_t>(used));
    set_reg(base, kQueueDeviceHigh, static_cast<uint32_t>(used >> 32));
    set_reg(base, kQueueReady, 1);
  }
  status |= kStatusDriverOk;
  set_reg(base, kStatus, status);

  dev->base = base;
  dev->version = version;
  dev->features = features;
  dev->last_used = 0;
  dev->queue = queue;
  return HC_OK;
}

uint32_t virtio_config32(const VirtioDevice& dev, uint32_t offset) {
  return reg(dev.base, kConfig + offset);
}

hc_status_t virtio_transfer(VirtioDevice* dev, const VirtioBuffer* bufs,
                            size_t count, uint32_t* written) {
  VirtqMemory* q = dev->queue;
  for (size_t i = 0; i < count; ++i) {
    q->desc[i].addr = reinterpret_cast<uintptr_t>(bufs[i].addr);
    q->desc[i].len = bufs[i].len;
    q->desc[i].flags =
        static_cast<uint16_t>((bufs[i].device_writes ? kDescWrite : 0) |
                              (i + 1 < count ? kDescNext : 0));
    q->desc[i].next = static_cast<uint16_t>(i + 1);
  }
  const uint16_t idx = q->avail_idx;
  q->avail_ring[idx % kQueueSize] = 0;  // the chain starts at descriptor 0
  memory_barrier();                     // descriptors before the index
  *static_cast<volatile uint16_t*>(&q->avail_idx) =
      static_cast<uint16_t>(idx + 1);
  memory_barrier();  // index before the notification
  set_reg(dev->base, kQueueNotify, 0);

  while (volatile_read16(&q->used_idx) == dev->last_used) {
  }
  memory_barrier();  // the used element after its index
  const uint32_t slot = dev->last_used % kQueueSize;
  *written = q->used_ring[slot].len;
  dev->last_used = static_cast<uint16_t>(dev->last_used + 1);
  // Interrupts are never enabled in the CPU; acknowledge the device's
  // "used buffer" notification so its line does not stay raised.
  set_reg(dev->base, kInterruptAck, reg(dev->base, kInterruptStatus));
  return HC_OK;
}

}  // namespace hc_bm
