// hypercall/baremetal/virtio.h -- the virtio-mmio transport and a split
// virtqueue, shared by every machine (virtio 1.x section 4.2, and the
// legacy interface of QEMU's default "force-legacy=true").
//
// The driver polls: one request at a time, submitted and then waited for
// on the used ring; device interrupts are never enabled. Physical
// addresses equal virtual ones (no MMU on Arm, identity map on x86_64).
#ifndef HCALL_HYPERCALL_BAREMETAL_VIRTIO_H_
#define HCALL_HYPERCALL_BAREMETAL_VIRTIO_H_

#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hc_bm {

constexpr uint32_t kVirtioDeviceBlock = 2;
constexpr uint32_t kVirtioDeviceRng = 4;

constexpr uint16_t kQueueSize = 8;  // descriptors per queue

struct VirtqDesc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};

// One queue's memory in the legacy layout (also valid for version 2):
// descriptors, then the available ring, then at the next 4 KiB boundary
// the used ring.
struct alignas(4096) VirtqMemory {
  VirtqDesc desc[kQueueSize];
  uint16_t avail_flags;
  uint16_t avail_idx;
  uint16_t avail_ring[kQueueSize];
  uint16_t used_event;
  uint8_t pad[4096 - sizeof(VirtqDesc) * kQueueSize - 6 - 2 * kQueueSize];
  uint16_t used_flags;
  uint16_t used_idx;
  struct {
    uint32_t id;
    uint32_t len;
  } used_ring[kQueueSize];
  uint16_t avail_event;
};
static_assert(offsetof(VirtqMemory, used_flags) == 4096, "used ring at 4 KiB");

// A buffer of a request: (device_writes) for buffers the device fills.
struct VirtioBuffer {
  const void* addr;
  uint32_t len;
  bool device_writes;
};

struct VirtioDevice {
  uintptr_t base;
  uint32_t version;   // 1 legacy, 2 modern
  uint64_t features;  // negotiated, device-specific bits 0..31
  uint16_t last_used;
  VirtqMemory* queue;
};

// The device id at transport (base), or 0 if it holds no device.
uint32_t virtio_device_id(uintptr_t base);

// Resets the device at (base), accepts the feature bits of (wanted) it
// offers, sets up queue 0 in (queue) and starts the device. Returns 0, or
// HC_EIO if the device refuses.
hc_status_t virtio_start(uintptr_t base, uint32_t wanted, VirtqMemory* queue,
                         VirtioDevice* dev);

// 32-bit device configuration field at byte (offset).
uint32_t virtio_config32(const VirtioDevice& dev, uint32_t offset);

// Submits a chain of (count) buffers (at most kQueueSize), notifies the
// device and waits for it to finish. Stores the bytes the device wrote in
// (*written). Returns 0, or HC_EIO.
hc_status_t virtio_transfer(VirtioDevice* dev, const VirtioBuffer* bufs,
                            size_t count, uint32_t* written);

}  // namespace hc_bm

#endif  // HCALL_HYPERCALL_BAREMETAL_VIRTIO_H_
