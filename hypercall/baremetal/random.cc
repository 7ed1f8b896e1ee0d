// hypercall/baremetal/random.cc -- hc_getrandom from the first virtio-rng
// device; HC_ENOTSUP without one. The bytes are the host's (QEMU's
// default rng backend reads the host's getrandom()).
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/baremetal/virtio.h"
#include "hypercall/hypercall.h"

namespace hc_bm {
namespace {

constexpr size_t kMaxRequest = 4096;

VirtqMemory g_queue;
VirtioDevice g_rng;
bool g_present;

}  // namespace

void random_init() {
  for (size_t i = 0; i < machine_virtio_count(); ++i) {
    const uintptr_t base = machine_virtio_base(i);
    if (virtio_device_id(base) != kVirtioDeviceRng) continue;
    if (virtio_start(base, 0, &g_queue, &g_rng) == HC_OK) {
      g_present = true;
      return;
    }
  }
}

}  // namespace hc_bm

extern "C" hc_ssize_t hc_getrandom(void* buf, size_t len) {
  if (len == 0) return 0;
  if (!hc_bm::g_present) return HC_ENOTSUP;
  if (len > hc_bm::kMaxRequest) len = hc_bm::kMaxRequest;
  uint32_t written = 0;
  while (written == 0) {
    const hc_bm::VirtioBuffer b = {buf, static_cast<uint32_t>(len), true};
    const hc_status_t s =
        hc_bm::virtio_transfer(&hc_bm::g_rng, &b, 1, &written);
    if (s != HC_OK) return s;
  }
  if (written > len) written = static_cast<uint32_t>(len);
  return written;
}
