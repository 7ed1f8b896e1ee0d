// rumpkernel/memory.cc -- rumpuser_malloc/free and anonmmap/unmap.
//
// rumpuser_free is given the length of the block, but not its alignment,
// so a block's size class cannot be recomputed from the arguments alone.
// The allocator therefore works in 64 KiB chunks aligned to 64 KiB: a
// chunk serves one power-of-two size class (16 B .. 32 KiB) and records it
// in a header at its start, so freeing a block reads the class from the
// chunk the block lies in. A block of class c is aligned to c, and a request
// (len, alignment) gets the class max(16, pow2(len), alignment). Requests
// above 32 KiB, or aligned to 64 KiB or more, get their own page mapping;
// such a block is told apart on free by its length (> 32 KiB) or by sitting
// at offset 0 of a 64 KiB-aligned address, where no chunk ever puts a block.
// Free blocks are kept per class; chunks are never given back.
//
// Pages come from the capability table's map_pages when the table is set
// up (the launcher's memory quota applies), else from hc_page_map.
#include <stddef.h>
#include <stdint.h>

#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

constexpr size_t kChunkSize = size_t{64} * 1024;
constexpr size_t kMaxSmall = kChunkSize / 2;  // largest class
constexpr int kMinShift = 4;                  // 16 B
constexpr int kMaxShift = 15;                 // 32 KiB
constexpr int kClasses = kMaxShift - kMinShift + 1;
constexpr size_t kHeaderSize = 64;
constexpr uint32_t kChunkMagic = 0x726d7063u;  // "rmpc"
constexpr size_t kChunksPerBatch = 16;

struct ChunkHeader {
  uint32_t magic;
  uint32_t shift;  // the class: blocks of 1 << shift bytes
};

struct FreeBlock {
  FreeBlock* next;
};

struct State {
  FreeBlock* free[kClasses];
  uint8_t* batch;     // unused chunks of the current batch
  size_t batch_left;  // how many
  size_t page_size;
};

State g_state;

size_t PageSize() {
  if (g_state.page_size == 0) g_state.page_size = hc_page_size();
  return g_state.page_size;
}

size_t RoundUp(size_t v, size_t to) { return (v + to - 1) & ~(to - 1); }

bool IsPowerOfTwo(size_t v) { return v != 0 && (v & (v - 1)) == 0; }

// 0 or a positive NetBSD errno.
int MapPages(size_t len, uint32_t prot, void** addr) {
  cap::Table& t = cap::process_table();
  if (t.initialized()) return NbErrnoFromCap(t.map_pages(len, prot, addr));
  return NbErrnoFromHc(hc_page_map(len, prot, addr));
}

void UnmapPages(void* addr, size_t len) {
  if (len == 0) return;
  cap::Table& t = cap::process_table();
  if (t.initialized()) {
    t.unmap_pages(addr, len);
  } else {
    hc_page_unmap(addr, len);
  }
}

// Maps (len) bytes (a multiple of the page size) aligned to (align) (a
// power of two, at least a page): over-maps and unmaps the slack.
int MapAligned(size_t len, size_t align, uint32_t prot, void** out) {
  if (align <= PageSize()) return MapPages(len, prot, out);
  if (len + align < len) return nb::kENOMEM;
  void* raw = nullptr;
  const int e = MapPages(len + align, prot, &raw);
  if (e != 0) return e;
  const uintptr_t base = reinterpret_cast<uintptr_t>(raw);
  const uintptr_t start = (base + align - 1) & ~(uintptr_t{align} - 1);
  UnmapPages(raw, start - base);
  UnmapPages(reinterpret_cast<void*>(start + len), base + align - start);
  *out = reinterpret_cast<void*>(start);
  return 0;
}

int ShiftFor(size_t len, size_t alignment) {
  size_t need = len > alignment ? len : alignment;
  int shift = kMinShift;
  while ((size_t{1} << shift) < need) ++shift;
  return shift;
}

// Carves a fresh chunk into blocks of 1 << shift and puts them on the free
// list. 0 or ENOMEM.
int Refill(int shift) {
  if (g_state.batch_left == 0) {
    void* batch = nullptr;
    const int e = MapAligned(kChunkSize * kChunksPerBatch, kChunkSize,
                             HC_PROT_READ | HC_PROT_WRITE, &batch);
    if (e != 0) return e;
    g_state.batch = static_cast<uint8_t*>(batch);
    g_state.batch_left = kChunksPerBatch;
  }
  uint8_t* chunk = g_state.batch;
  g_state.batch += kChunkSize;
  --g_state.batch_left;
  ChunkHeader* h = reinterpret_cast<ChunkHeader*>(chunk);
  h->magic = kChunkMagic;
  h->shift = static_cast<uint32_t>(shift);
  const size_t size = size_t{1} << shift;
  const size_t first = RoundUp(kHeaderSize, size);
  FreeBlock** head = &g_state.free[shift - kMinShift];
  // Pushed from the end so that the list hands out ascending addresses.
  for (size_t off = kChunkSize - size; off >= first; off -= size) {
    FreeBlock* b = reinterpret_cast<FreeBlock*>(chunk + off);
    b->next = *head;
    *head = b;
    if (off == first) break;
  }
  return 0;
}

}  // namespace

void* Allocate(size_t len) {
  void* p = nullptr;
  if (rumpuser_malloc(len, 0, &p) != 0) Panic("out of memory");
  return p;
}

void Release(void* p, size_t len) { rumpuser_free(p, len); }

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int rumpuser_malloc(size_t len, int alignment, void** memp) {
  // A kernel allocating with waitok = false ignores the error and tests the
  // pointer: every failure must leave NULL behind, never the old value.
  *memp = nullptr;
  if (alignment < 0 ||
      (alignment != 0 && !IsPowerOfTwo(static_cast<size_t>(alignment)))) {
    return nb::kEINVAL;
  }
  const size_t align = static_cast<size_t>(alignment);
  if (len <= kMaxSmall && align <= kMaxSmall) {
    const int shift = ShiftFor(len, align);
    FreeBlock** head = &g_state.free[shift - kMinShift];
    if (*head == nullptr) {
      const int e = Refill(shift);
      if (e != 0) return e;
    }
    FreeBlock* b = *head;
    *head = b->next;
    b->next = nullptr;  // the rest of a reused block is not cleared
    *memp = b;
    return 0;
  }
  if (len > SIZE_MAX - PageSize()) return nb::kENOMEM;
  const size_t mapped = RoundUp(len == 0 ? 1 : len, PageSize());
  return MapAligned(mapped, align < PageSize() ? PageSize() : align,
                    HC_PROT_READ | HC_PROT_WRITE, memp);
}

extern "C" void rumpuser_free(void* mem, size_t len) {
  if (mem == nullptr) return;
  const uintptr_t p = reinterpret_cast<uintptr_t>(mem);
  if (len > kMaxSmall || (p & (kChunkSize - 1)) == 0) {
    UnmapPages(mem, RoundUp(len == 0 ? 1 : len, PageSize()));
    return;
  }
  const ChunkHeader* h =
      reinterpret_cast<const ChunkHeader*>(p & ~(uintptr_t{kChunkSize} - 1));
  if (h->magic != kChunkMagic || h->shift < kMinShift || h->shift > kMaxShift ||
      (p & ((uintptr_t{1} << h->shift) - 1)) != 0 ||
      len > (size_t{1} << h->shift)) {
    Panic("rumpuser_free: not a block of rumpuser_malloc, or a wrong length");
  }
  FreeBlock* b = static_cast<FreeBlock*>(mem);
  FreeBlock** head = &g_state.free[h->shift - kMinShift];
  b->next = *head;
  *head = b;
}

extern "C" int rumpuser_anonmmap(void* prefaddr, size_t size, int alignbit,
                                 int exec, void** memp) {
  (void)prefaddr;
  *memp = nullptr;  // as rumpuser_malloc: NULL on every failure
  if (size == 0 || alignbit < 0 ||
      alignbit >= static_cast<int>(sizeof(size_t) * 8 - 1)) {
    return nb::kEINVAL;
  }
  if (size > SIZE_MAX - PageSize()) return nb::kENOMEM;
  const size_t align = size_t{1} << alignbit;
  uint32_t prot = HC_PROT_READ | HC_PROT_WRITE;
  if (exec) prot |= HC_PROT_EXEC;
  return MapAligned(RoundUp(size, PageSize()),
                    align < PageSize() ? PageSize() : align, prot, memp);
}

extern "C" void rumpuser_unmap(void* addr, size_t len) {
  if (addr == nullptr || len == 0) return;
  UnmapPages(addr, RoundUp(len, PageSize()));
}
