// hypercall/baremetal/block.cc -- block handles on virtio-blk devices.
//
// The devices found on the machine's virtio-mmio transports, in the order
// the machine lists them (machine_virtio_base(): the order of -device on
// QEMU's command line), become handles 3, 4, ... (at most kMaxDevices).
// Byte ranges that do not cover whole 512-byte sectors go through a
// one-sector bounce buffer (read-modify-write); whole sectors are moved
// straight from or to the caller's buffer.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/virtio.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr size_t kMaxDevices = 8;
constexpr uint32_t kSector = 512;
constexpr uint32_t kMaxSectorsPerRequest = 256;  // 128 KiB

// Feature bits (virtio 1.x, 5.2.3).
constexpr uint32_t kFeatureReadOnly = 1u << 5;
constexpr uint32_t kFeatureBlockSize = 1u << 6;
constexpr uint32_t kFeatureFlush = 1u << 9;

// Configuration fields.
constexpr uint32_t kConfigCapacity = 0;  // u64, in 512-byte sectors
constexpr uint32_t kConfigBlockSize = 20;

// Request types and status.
constexpr uint32_t kTypeIn = 0;
constexpr uint32_t kTypeOut = 1;
constexpr uint32_t kTypeFlush = 4;
constexpr uint8_t kStatusOk = 0;

struct RequestHeader {
  uint32_t type;
  uint32_t reserved;
  uint64_t sector;
};

struct Disk {
  VirtioDevice dev;
  uint64_t size;  // bytes
  uint32_t block_size;
  uint64_t position;  // for hc_read / hc_write
};

VirtqMemory g_queues[kMaxDevices];
Disk g_disks[kMaxDevices];
size_t g_count;

RequestHeader g_header;
uint8_t g_status;
alignas(16) uint8_t g_bounce[kSector];

Disk& disk(hc_handle_t handle) {
  return g_disks[static_cast<size_t>(handle - kFirstBlockHandle)];
}

// One virtio-blk request; (data) may be null for a flush.
hc_status_t request(Disk* d, uint32_t type, uint64_t sector, void* data,
                    uint32_t len) {
  g_header.type = type;
  g_header.reserved = 0;
  g_header.sector = sector;
  g_status = 0xff;
  VirtioBuffer bufs[3];
  size_t n = 0;
  bufs[n++] = {&g_header, sizeof(g_header), false};
  if (data != nullptr) bufs[n++] = {data, len, type == kTypeIn};
  bufs[n++] = {&g_status, 1, true};
  uint32_t written = 0;
  const hc_status_t s = virtio_transfer(&d->dev, bufs, n, &written);
  if (s != HC_OK) return s;
  return g_status == kStatusOk ? HC_OK : HC_EIO;
}

void copy(uint8_t* to, const uint8_t* from, size_t len) {
  for (size_t i = 0; i < len; ++i) to[i] = from[i];
}

hc_ssize_t transfer(hc_handle_t handle, uint8_t* buf, size_t len,
                    uint64_t offset, bool write) {
  Disk& d = disk(handle);
  if (write && (d.dev.features & kFeatureReadOnly) != 0) return HC_EACCES;
  if (len == 0) return 0;
  if (offset >= d.size) return write ? HC_ENOSPC : 0;
  if (len > d.size - offset) len = static_cast<size_t>(d.size - offset);
  size_t done = 0;
  hc_status_t status = HC_OK;
  while (done < len && status == HC_OK) {
    const uint64_t at = offset + done;
    const uint64_t sector = at / kSector;
    const uint32_t within = static_cast<uint32_t>(at % kSector);
    const size_t left = len - done;
    if (within == 0 && left >= kSector) {
      size_t sectors = left / kSector;
      if (sectors > kMaxSectorsPerRequest) sectors = kMaxSectorsPerRequest;
      const uint32_t bytes = static_cast<uint32_t>(sectors * kSector);
      status =
          request(&d, write ? kTypeOut : kTypeIn, sector, buf + done, bytes);
      if (status == HC_OK) done += bytes;
    } else {
      size_t part = kSector - within;
      if (part > left) part = left;
      status = request(&d, kTypeIn, sector, g_bounce, kSector);
      if (status == HC_OK && write) {
        copy(g_bounce + within, buf + done, part);
        status = request(&d, kTypeOut, sector, g_bounce, kSector);
      } else if (status == HC_OK) {
        copy(buf + done, g_bounce + within, part);
      }
      if (status == HC_OK) done += part;
    }
  }
  if (done > 0) return static_cast<hc_ssize_t>(done);
  return status;
}

}  // namespace

void block_init() {
  const uint32_t wanted = kFeatureReadOnly | kFeatureBlockSize | kFeatureFlush;
  for (size_t i = 0; i < machine_virtio_count() && g_count < kMaxDevices; ++i) {
    const uintptr_t base = machine_virtio_base(i);
    if (virtio_device_id(base) != kVirtioDeviceBlock) continue;
    Disk& d = g_disks[g_count];
    if (virtio_start(base, wanted, &g_queues[g_count], &d.dev) != HC_OK) {
      console_puts("hcall: virtio-blk device failed to start at ");
      console_put_hex(base);
      console_puts("\n");
      continue;
    }
    const uint64_t sectors =
        virtio_config32(d.dev, kConfigCapacity) |
        (uint64_t{virtio_config32(d.dev, kConfigCapacity + 4)} << 32);
    d.size = sectors * kSector;
    d.block_size = kSector;
    if ((d.dev.features & kFeatureBlockSize) != 0) {
      const uint32_t bs = virtio_config32(d.dev, kConfigBlockSize);
      if (bs >= kSector && (bs & (bs - 1)) == 0) d.block_size = bs;
    }
    d.position = 0;
    ++g_count;
  }
}

bool block_valid(hc_handle_t handle) {
  return handle >= kFirstBlockHandle &&
         static_cast<size_t>(handle - kFirstBlockHandle) < g_count;
}

hc_status_t block_stat(hc_handle_t handle, struct hc_stat* st) {
  const Disk& d = disk(handle);
  st->kind = HC_KIND_BLOCK;
  st->block_size = d.block_size;
  st->size = d.size;
  return HC_OK;
}

hc_ssize_t block_pread(hc_handle_t handle, void* buf, size_t len,
                       uint64_t offset) {
  return transfer(handle, static_cast<uint8_t*>(buf), len, offset, false);
}

hc_ssize_t block_pwrite(hc_handle_t handle, const void* buf, size_t len,
                        uint64_t offset) {
  // The device only reads from (buf) for a write request.
  return transfer(handle,
                  const_cast<uint8_t*>(static_cast<const uint8_t*>(buf)), len,
                  offset, true);
}

hc_status_t block_fsync(hc_handle_t handle) {
  Disk& d = disk(handle);
  // Without VIRTIO_BLK_F_FLUSH the device writes through: nothing to do.
  if ((d.dev.features & kFeatureFlush) == 0) return HC_OK;
  return request(&d, kTypeFlush, 0, nullptr, 0);
}

uint64_t* block_position(hc_handle_t handle) { return &disk(handle).position; }

}  // namespace hc_bm
