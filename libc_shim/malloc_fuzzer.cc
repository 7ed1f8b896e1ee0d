// libFuzzer target: sequences of hcl_malloc / calloc / realloc /
// aligned_alloc / free read from the input (3 bytes per operation, at
// most 256), with
// every live block filled with its own byte and checked before it is
// freed or resized. Any corruption aborts. Blocks left at the end are
// freed, so the allocator's state carries over between inputs (as in a
// long-running image).
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcl/stdlib.h"
#include "hypercall/linux/hosted.h"

namespace {

struct Live {
  unsigned char* p;
  size_t size;
  unsigned char fill;
};

constexpr size_t kSlots = 64;
// Operations per input: keeps one input well under a millisecond or so.
constexpr size_t kMaxOps = 256;

void Check(const Live& b) {
  for (size_t i = 0; i < b.size; ++i) {
    if (b.p[i] != b.fill) {
      fprintf(stderr, "block %p of %zu corrupted at %zu\n",
              static_cast<void*>(b.p), b.size, i);
      abort();
    }
  }
}

size_t SizeFrom(uint8_t a, uint8_t b) {
  const size_t v = static_cast<size_t>(a) << 8 | b;
  switch (a >> 6) {
    case 0:
      return v & 63;
    case 1:
      return v & 1023;
    case 2:
      return v & 16383;
    default:
      return (v & 0x3fff) * 4;  // up to 64 KiB: large blocks too
  }
}

}  // namespace

// libFuzzer's entry point (no header declares it).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool ready = hc_linux::hosted_init() == 0;
  if (!ready) abort();
  Live live[kSlots] = {};
  for (size_t i = 0; i + 3 <= size && i < 3 * kMaxOps; i += 3) {
    const uint8_t op = data[i];
    Live& slot = live[op % kSlots];
    const size_t n = SizeFrom(data[i + 1], data[i + 2]);
    const unsigned char fill = static_cast<unsigned char>(i);
    switch (op >> 6) {
      case 0:
      case 1: {  // allocate into an empty slot, or free a full one
        if (slot.p != nullptr) {
          Check(slot);
          hcl_free(slot.p);
          slot.p = nullptr;
          break;
        }
        void* p;
        if (op & 1) {
          p = hcl_calloc(1, n);
          for (size_t k = 0; p != nullptr && k < n; ++k) {
            if (static_cast<unsigned char*>(p)[k] != 0) abort();
          }
        } else if (op & 2) {
          p = hcl_aligned_alloc(size_t{1} << (data[i + 1] % 14), n);
        } else {
          p = hcl_malloc(n);
        }
        if (p == nullptr) abort();
        if ((reinterpret_cast<uintptr_t>(p) & 15) != 0) abort();
        slot = Live{static_cast<unsigned char*>(p), n, fill};
        memset(p, fill, n);
        break;
      }
      case 2: {  // realloc
        if (slot.p == nullptr) break;
        Check(slot);
        unsigned char* q =
            static_cast<unsigned char*>(hcl_realloc(slot.p, n + 1));
        if (q == nullptr) abort();
        const size_t kept = n + 1 < slot.size ? n + 1 : slot.size;
        for (size_t k = 0; k < kept; ++k) {
          if (q[k] != slot.fill) abort();
        }
        slot = Live{q, n + 1, fill};
        memset(q, fill, n + 1);
        break;
      }
      default:  // usable size
        if (slot.p != nullptr && hcl_malloc_usable_size(slot.p) < slot.size) {
          abort();
        }
        break;
    }
  }
  for (Live& b : live) {
    if (b.p != nullptr) {
      Check(b);
      hcl_free(b.p);
    }
  }
  return 0;
}
