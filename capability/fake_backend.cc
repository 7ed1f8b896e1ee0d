// capability/fake_backend.cc -- see fake_backend.h.
#include "capability/fake_backend.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hypercall/hypercall.h"

namespace hcall::cap::fake {
namespace {

size_t g_mapped = 0;

bool handle_ok(hc_handle_t h) { return h >= 0 && h < kFakeHandles; }

// Reads every byte of (buf), so a bad buffer is an ASan report here.
void touch(const void* buf, size_t len) {
  const volatile uint8_t* p = static_cast<const volatile uint8_t*>(buf);
  uint8_t sum = 0;
  for (size_t i = 0; i < len; ++i) sum = static_cast<uint8_t>(sum + p[i]);
  (void)sum;
}

}  // namespace

size_t mapped_bytes() { return g_mapped; }

}  // namespace hcall::cap::fake

using hcall::cap::fake::handle_ok;
using hcall::cap::fake::kFakeByte;
using hcall::cap::fake::kFakePageSize;
using hcall::cap::fake::touch;

extern "C" {

size_t hc_page_size(void) { return kFakePageSize; }

hc_status_t hc_page_map(size_t len, uint32_t prot, void** addr) {
  if (len == 0 || len % kFakePageSize != 0 ||
      (prot & ~(HC_PROT_READ | HC_PROT_WRITE | HC_PROT_EXEC)) != 0) {
    return HC_EINVAL;
  }
  void* p = aligned_alloc(kFakePageSize, len);
  if (p == nullptr) return HC_ENOMEM;
  memset(p, 0, len);
  hcall::cap::fake::g_mapped += len;
  *addr = p;
  return HC_OK;
}

hc_status_t hc_page_unmap(void* addr, size_t len) {
  if (len == 0 || len % kFakePageSize != 0 ||
      reinterpret_cast<uintptr_t>(addr) % kFakePageSize != 0) {
    return HC_EINVAL;
  }
  free(addr);
  hcall::cap::fake::g_mapped -= len;
  return HC_OK;
}

hc_status_t hc_page_protect(void* addr, size_t len, uint32_t prot) {
  (void)addr;
  (void)len;
  (void)prot;
  return HC_ENOTSUP;
}

hc_ssize_t hc_write(hc_handle_t handle, const void* buf, size_t len) {
  if (!handle_ok(handle)) return HC_EBADH;
  touch(buf, len);
  return static_cast<hc_ssize_t>(len);
}

hc_ssize_t hc_read(hc_handle_t handle, void* buf, size_t len) {
  if (!handle_ok(handle)) return HC_EBADH;
  memset(buf, kFakeByte, len);
  return static_cast<hc_ssize_t>(len);
}

hc_ssize_t hc_pread(hc_handle_t handle, void* buf, size_t len,
                    uint64_t offset) {
  if (!handle_ok(handle)) return HC_EBADH;
  if (offset > static_cast<uint64_t>(INT64_MAX)) return HC_EINVAL;
  memset(buf, kFakeByte, len);
  return static_cast<hc_ssize_t>(len);
}

hc_ssize_t hc_pwrite(hc_handle_t handle, const void* buf, size_t len,
                     uint64_t offset) {
  if (!handle_ok(handle)) return HC_EBADH;
  if (offset > static_cast<uint64_t>(INT64_MAX)) return HC_EINVAL;
  touch(buf, len);
  return static_cast<hc_ssize_t>(len);
}

hc_status_t hc_fsync(hc_handle_t handle) {
  return handle_ok(handle) ? HC_OK : HC_EBADH;
}

hc_status_t hc_stat(hc_handle_t handle, struct hc_stat* st) {
  if (!handle_ok(handle)) return HC_EBADH;
  st->kind = HC_KIND_FILE;
  st->block_size = 512;
  st->size = 0;
  return HC_OK;
}

hc_status_t hc_isatty(hc_handle_t handle) {
  if (!handle_ok(handle)) return HC_EBADH;
  return handle < 3 ? 1 : 0;
}

void hc_exit(int32_t status) { _Exit(status & 255); }

void hc_abort(void) { abort(); }

}  // extern "C"
