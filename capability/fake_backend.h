// capability/fake_backend.h -- a test double of the hypercall backend for
// the capability fuzzers (testonly; hosted code).
//
// It defines the hc_* functions the capability layer calls, with results a
// fuzzer's model can predict and no host side effects:
//   - handles 0..kFakeHandles-1 exist, others are HC_EBADH;
//   - hc_read / hc_write / hc_pread / hc_pwrite transfer all (len) bytes
//     (reads fill the buffer with kFakeByte; every byte of the buffer is
//     touched, so ASan sees a bad buffer); positioned calls return
//     HC_EINVAL for an offset above INT64_MAX;
//   - hc_fsync and hc_stat succeed; hc_isatty is 1 for handles 0..2;
//   - hc_page_map allocates with aligned_alloc (so ASan and LeakSanitizer
//     see the table's storage and any overflow of it), with the ABI's
//     argument checks; hc_page_unmap frees a whole earlier mapping;
//   - hc_exit and hc_abort end the process.
// The real tests link the real Linux backend instead.
#ifndef HCALL_CAPABILITY_FAKE_BACKEND_H_
#define HCALL_CAPABILITY_FAKE_BACKEND_H_

#include <stddef.h>
#include <stdint.h>

namespace hcall::cap::fake {

inline constexpr int kFakeHandles = 64;
inline constexpr uint8_t kFakeByte = 0xa5;
inline constexpr size_t kFakePageSize = 4096;

// Bytes currently mapped through hc_page_map (for leak checks).
size_t mapped_bytes();

}  // namespace hcall::cap::fake

#endif  // HCALL_CAPABILITY_FAKE_BACKEND_H_
