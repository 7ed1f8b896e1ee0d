// hypercall/tls_block.h -- the layout of a TLS block, per CPU ABI, for the
// backends' hc_tls_size()/hc_tls_init(). Each backend finds the image's
// TLS template its own way (the PT_TLS program header on Linux, symbols of
// the linker script on bare metal) and builds blocks with these helpers.
// Not public API.
//
// The offsets must be the ones the static linker (GNU ld) used for the
// local-exec and initial-exec accesses it resolved:
//   x86_64 (variant II): the block ends at the thread pointer (tp); a
//     variable at offset v of the template is at tp - round_up(memsz, align)
//     + v. The thread control block starts at tp (aligned to 16 at least);
//     its first word holds tp itself (code reads %fs:0 to learn the thread
//     pointer). Its other words are zero (64 bytes: the stack-protector
//     slot %fs:0x28 reads 0, hcall code is built without it).
//   aarch64 (variant I): tp points to a 16-byte control block (zeroed); the
//     block starts at tp + round_up(16, align).
//   arm (variant I): the same with an 8-byte control block.
// (align) is the PT_TLS alignment, which ld also gives the first TLS section.
#ifndef HCALL_HYPERCALL_TLS_BLOCK_H_
#define HCALL_HYPERCALL_TLS_BLOCK_H_

#include <stddef.h>
#include <stdint.h>

namespace hc_internal {

// The image's TLS template: (init, init_size) is .tdata, mem_size covers
// .tdata and .tbss, align is a power of two. mem_size == 0: no TLS.
struct TlsTemplate {
  const void* init = nullptr;
  size_t init_size = 0;
  size_t mem_size = 0;
  size_t align = 1;
};

#if defined(__x86_64__)
constexpr size_t kTlsTcbSize = 64;
#elif defined(__aarch64__)
constexpr size_t kTlsTcbSize = 16;
#elif defined(__arm__)
constexpr size_t kTlsTcbSize = 8;
#else
#error "hcall TLS: unsupported CPU"
#endif

// Memory given to TlsBuild() is aligned to this.
constexpr size_t kTlsMemAlign = 16;

inline size_t TlsRoundUp(size_t n, size_t to) {
  return (n + to - 1) & ~(to - 1);
}

// Alignment of tp.
inline size_t TlsBaseAlign(const TlsTemplate& t) {
  return t.align > kTlsMemAlign ? t.align : kTlsMemAlign;
}

// Bytes TlsBuild() writes into, a multiple of kTlsMemAlign; 0 without TLS.
inline size_t TlsBlockSize(const TlsTemplate& t) {
  if (t.mem_size == 0) return 0;
  const size_t slack = TlsBaseAlign(t) - kTlsMemAlign;
#if defined(__x86_64__)
  const size_t bytes =
      slack + TlsRoundUp(t.mem_size, TlsBaseAlign(t)) + kTlsTcbSize;
#else
  const size_t bytes = slack + TlsRoundUp(kTlsTcbSize, t.align) + t.mem_size;
#endif
  return TlsRoundUp(bytes, kTlsMemAlign);
}

// Variant I (arm): the offset of the TLS data from the thread pointer in the
// running image, for __tls_get_addr (tls_get_addr_arm.cc). Defined by the
// backend linked into the image (its tls.cc).
#if defined(__arm__)
size_t TlsDataOffset();
#endif

// Fills the TlsBlockSize(t) bytes at (mem) (aligned to kTlsMemAlign) with a
// fresh block and returns its thread pointer value.
inline void* TlsBuild(const TlsTemplate& t, void* mem) {
  if (t.mem_size == 0) return nullptr;
  // A byte at a time, no memset/memcpy: this runs before any libc exists.
  uint8_t* bytes = static_cast<uint8_t*>(mem);
  const size_t total = TlsBlockSize(t);
  for (size_t i = 0; i < total; ++i) bytes[i] = 0;
  const uintptr_t start = reinterpret_cast<uintptr_t>(mem);
#if defined(__x86_64__)
  const size_t data_span = TlsRoundUp(t.mem_size, t.align);
  const uintptr_t tp = TlsRoundUp(start + data_span, TlsBaseAlign(t));
  uint8_t* data = reinterpret_cast<uint8_t*>(tp - data_span);
  *reinterpret_cast<uintptr_t*>(tp) = tp;  // the TCB's self pointer
#else
  const uintptr_t tp = TlsRoundUp(start, TlsBaseAlign(t));
  uint8_t* data =
      reinterpret_cast<uint8_t*>(tp + TlsRoundUp(kTlsTcbSize, t.align));
#endif
  const uint8_t* init = static_cast<const uint8_t*>(t.init);
  for (size_t i = 0; i < t.init_size; ++i) data[i] = init[i];
  return reinterpret_cast<void*>(tp);
}

}  // namespace hc_internal

#endif  // HCALL_HYPERCALL_TLS_BLOCK_H_
