// hypercall/baremetal/io.cc -- the handle calls: console handles 0..2 on
// the UART, block devices from kFirstBlockHandle on (block.cc).
//
//   handle 0  console input: hc_read reads the UART, polled (console.cc:
//             waits for a byte; ^D is the end of input; CR becomes LF),
//             hc_write returns HC_EACCES
//   handle 1, 2  console output and error output: written to the UART
//             byte for byte (no "\n" -> "\r\n" translation); hc_read
//             returns HC_EACCES
//   handle 3.. virtio-blk devices; hc_read/hc_write use a per-handle
//             position starting at 0
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"

namespace {

using hc_bm::block_valid;

constexpr uint64_t kMaxOffset = uint64_t{INT64_MAX};
constexpr uint32_t kConsoleBlockSize = 64;

bool is_console(hc_handle_t h) {
  return h >= HC_HANDLE_CONSOLE_IN && h <= HC_HANDLE_CONSOLE_ERR;
}

}  // namespace

extern "C" {

hc_status_t hc_stat(hc_handle_t handle, struct hc_stat* st) {
  if (is_console(handle)) {
    st->kind = HC_KIND_CHAR;
    st->block_size = kConsoleBlockSize;
    st->size = 0;
    return HC_OK;
  }
  if (!block_valid(handle)) return HC_EBADH;
  return hc_bm::block_stat(handle, st);
}

hc_ssize_t hc_write(hc_handle_t handle, const void* buf, size_t len) {
  if (is_console(handle)) {
    if (handle == HC_HANDLE_CONSOLE_IN) return HC_EACCES;
    hc_bm::console_write(static_cast<const char*>(buf), len);
    return static_cast<hc_ssize_t>(len);
  }
  if (!block_valid(handle)) return HC_EBADH;
  uint64_t* pos = hc_bm::block_position(handle);
  const hc_ssize_t done = hc_bm::block_pwrite(handle, buf, len, *pos);
  if (done > 0) *pos += static_cast<uint64_t>(done);
  return done;
}

hc_ssize_t hc_read(hc_handle_t handle, void* buf, size_t len) {
  if (is_console(handle)) {
    if (handle != HC_HANDLE_CONSOLE_IN) return HC_EACCES;
    return hc_bm::console_read(static_cast<char*>(buf), len);
  }
  if (!block_valid(handle)) return HC_EBADH;
  uint64_t* pos = hc_bm::block_position(handle);
  const hc_ssize_t done = hc_bm::block_pread(handle, buf, len, *pos);
  if (done > 0) *pos += static_cast<uint64_t>(done);
  return done;
}

hc_ssize_t hc_pread(hc_handle_t handle, void* buf, size_t len,
                    uint64_t offset) {
  if (is_console(handle)) {
    return handle == HC_HANDLE_CONSOLE_IN ? HC_ENOTSUP : HC_EACCES;
  }
  if (!block_valid(handle)) return HC_EBADH;
  if (offset > kMaxOffset) return HC_EINVAL;
  return hc_bm::block_pread(handle, buf, len, offset);
}

hc_ssize_t hc_pwrite(hc_handle_t handle, const void* buf, size_t len,
                     uint64_t offset) {
  if (is_console(handle)) {
    return handle == HC_HANDLE_CONSOLE_IN ? HC_EACCES : HC_ENOTSUP;
  }
  if (!block_valid(handle)) return HC_EBADH;
  if (offset > kMaxOffset) return HC_EINVAL;
  return hc_bm::block_pwrite(handle, buf, len, offset);
}

hc_status_t hc_fsync(hc_handle_t handle) {
  if (is_console(handle)) return HC_ENOTSUP;
  if (!block_valid(handle)) return HC_EBADH;
  return hc_bm::block_fsync(handle);
}

hc_status_t hc_isatty(hc_handle_t handle) {
  if (is_console(handle)) return 1;  // a serial terminal
  return block_valid(handle) ? 0 : HC_EBADH;
}

}  // extern "C"
