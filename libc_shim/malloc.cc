// libc_shim/malloc.cc -- the allocator, on pages from the hypercall ABI.
//
// Small blocks (up to kMaxSmall bytes, alignment 16): 40 size classes (16
// to 128 by 16, then four per power of two up to 32 KiB), carved from
// arenas (mappings of 1 MiB and more, growing) and kept on one LIFO free
// list per class after hcl_free; arena memory is never returned. Large
// blocks, and blocks with an alignment above 16, get a mapping of their
// own that hcl_free unmaps.
//
// Every block is preceded by a 16-byte header: a tag (the block's address
// XOR a "live" or a "free" key, so stale or foreign bytes almost never
// match) and the class, or for a large block the address of its mapping.
// hcl_free checks, before it reads anything, that a small pointer lies in
// an arena and that a large one is registered (an open-addressing set of
// the large blocks), then checks the tag: a freed tag is a double free,
// anything else an invalid pointer. Both abort the image with
//   "hcl_free: double free of 0x..." / "hcl_free: invalid pointer 0x..."
// on handle 2.
//
// Pages come from the capability table's map_pages (counted against the
// manifest's max_mapped_bytes) once the table is set up, else straight
// from hc_page_map (hosted tests).
#include <stddef.h>
#include <stdint.h>

#include "capability/table.h"
#include "format/text.h"
#include "hcl/errno.h"
#include "hcl/stdio.h"
#include "hcl/stdlib.h"
#include "hcl/string.h"
#include "hypercall/hypercall.h"
#include "libc_shim/internal/shim.h"

namespace hcall::libc {
namespace {

constexpr size_t kHeaderSize = 16;
constexpr size_t kMaxSmall = 32768;
constexpr size_t kClassCount = 40;
constexpr size_t kMinArena = size_t{1} << 20;
constexpr size_t kMaxArenas = 256;

constexpr uintptr_t kLiveKey = static_cast<uintptr_t>(0x6c6976656d656d21ull);
constexpr uintptr_t kFreeKey = static_cast<uintptr_t>(0x667265656d656d3full);
constexpr uintptr_t kLargeClass = ~uintptr_t{0};

// The 16 bytes just below every block. A large block also keeps the
// address of its mapping in the word below its Tag.
struct alignas(16) Tag {
  uintptr_t tag;
  uintptr_t info;
#if __SIZEOF_POINTER__ == 4
  uintptr_t pad[2];
#endif
};
static_assert(sizeof(Tag) == kHeaderSize, "16-byte block header");

// Stored at the start of a large block's mapping.
struct LargeInfo {
  uintptr_t length;  // of the mapping
  uintptr_t size;    // usable bytes from the block's address
};

constexpr size_t class_size(size_t idx) {
  return idx < 8 ? (idx + 1) * 16
                 : (5 + ((idx - 8) & 3)) << (((idx - 8) >> 2) + 5);
}

inline size_t class_of(size_t n) {
  if (n <= 128) return n == 0 ? 0 : (n - 1) >> 4;
  const size_t m = n - 1;
  const unsigned b =
      static_cast<unsigned>(sizeof(size_t) * 8 - 1 - __builtin_clzl(m));
  return 8 + (b - 7) * 4 + ((m >> (b - 2)) & 3);
}

struct Arena {
  uintptr_t start;
  uintptr_t end;
};

struct State {
  void* free_lists[kClassCount];
  uintptr_t bump;  // next free byte of the newest arena
  uintptr_t bump_end;
  Arena arenas[kMaxArenas];
  size_t arena_count;
  uintptr_t last_start;  // the newest arena, checked first by free
  uintptr_t last_end;
  size_t page_size;
  // The set of live large blocks (their user addresses), open addressing
  // with linear probing, power-of-two capacity, in its own mapping.
  uintptr_t* large;
  size_t large_cap;
  size_t large_count;
};

State g;

Tag* tag_of(void* p) { return reinterpret_cast<Tag*>(p) - 1; }

int map(size_t len, void** addr) {
  cap::Table& t = cap::process_table();
  if (t.initialized())
    return t.map_pages(len, HC_PROT_READ | HC_PROT_WRITE, addr);
  return cap::from_hc(hc_page_map(len, HC_PROT_READ | HC_PROT_WRITE, addr)) < 0
             ? -1
             : 0;
}

void unmap(void* addr, size_t len) {
  cap::Table& t = cap::process_table();
  if (t.initialized()) {
    t.unmap_pages(addr, len);
  } else {
    hc_page_unmap(addr, len);
  }
}

size_t page_size() {
  if (g.page_size == 0) g.page_size = hc_page_size();
  return g.page_size;
}

size_t round_pages(size_t n) {
  const size_t ps = page_size();
  return (n + ps - 1) & ~(ps - 1);
}

// "hcl_free: (what) 0x...", built with format::TextOut (which images
// already link) rather than hcl_snprintf (the whole printf engine).
[[noreturn]] void report(const char* what, const void* p) {
  char line[96];
  hcall::format::Sink sink{line, sizeof(line) - 1, 0, 0, nullptr, nullptr};
  hcall::format::TextOut(&sink)
      .Str("hcl_free: ")
      .Str(what)
      .Str(" ")
      .Hex(reinterpret_cast<uintptr_t>(p))
      .Str("\n");
  line[sink.pos] = '\0';
  fatal(line);
}

// ---- The large-block set -------------------------------------------------

inline size_t slot_of(uintptr_t p, size_t cap) {
  return static_cast<size_t>((p >> 4) *
                             static_cast<uintptr_t>(0x9E3779B97F4A7C15ull)) &
         (cap - 1);
}

bool large_insert_raw(uintptr_t* table, size_t cap, uintptr_t p) {
  for (size_t i = slot_of(p, cap);; i = (i + 1) & (cap - 1)) {
    if (table[i] == 0) {
      table[i] = p;
      return true;
    }
  }
}

bool large_insert(uintptr_t p) {
  if ((g.large_count + 1) * 2 > g.large_cap) {
    const size_t cap =
        g.large_cap == 0 ? page_size() / sizeof(uintptr_t) : g.large_cap * 2;
    void* mem;
    if (map(cap * sizeof(uintptr_t), &mem) != 0) return false;
    uintptr_t* table = static_cast<uintptr_t*>(mem);
    for (size_t i = 0; i < g.large_cap; ++i) {
      if (g.large[i] != 0) large_insert_raw(table, cap, g.large[i]);
    }
    if (g.large != nullptr) unmap(g.large, g.large_cap * sizeof(uintptr_t));
    g.large = table;
    g.large_cap = cap;
  }
  large_insert_raw(g.large, g.large_cap, p);
  ++g.large_count;
  return true;
}

bool large_contains(uintptr_t p) {
  if (g.large_cap == 0) return false;
  for (size_t i = slot_of(p, g.large_cap);; i = (i + 1) & (g.large_cap - 1)) {
    if (g.large[i] == p) return true;
    if (g.large[i] == 0) return false;
  }
}

void large_erase(uintptr_t p) {
  const size_t mask = g.large_cap - 1;
  size_t i = slot_of(p, g.large_cap);
  while (g.large[i] != p) i = (i + 1) & mask;
  // Backward-shift deletion keeps every probe chain unbroken.
  size_t j = i;
  for (;;) {
    j = (j + 1) & mask;
    if (g.large[j] == 0) break;
    const size_t home = slot_of(g.large[j], g.large_cap);
    // Move (j) into the hole (i) unless its home lies cyclically in (i, j].
    const bool home_in_range =
        i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (!home_in_range) {
      g.large[i] = g.large[j];
      i = j;
    }
  }
  g.large[i] = 0;
  --g.large_count;
}

// ---- Allocation
// --------------------------------------------------------------

void* alloc_large(size_t size, size_t align) {
  if (align < kHeaderSize) align = kHeaderSize;
  // Room for LargeInfo + Tag below the block, and for aligning it.
  const size_t below = sizeof(LargeInfo) + sizeof(uintptr_t) + kHeaderSize;
  size_t need;
  if (__builtin_add_overflow(size, below + align, &need) ||
      need > (SIZE_MAX >> 1)) {
    hcl_errno = HCL_ENOMEM;
    return nullptr;
  }
  const size_t length = round_pages(need);
  void* mem;
  if (map(length, &mem) != 0) {
    hcl_errno = HCL_ENOMEM;
    return nullptr;
  }
  const uintptr_t base = reinterpret_cast<uintptr_t>(mem);
  const uintptr_t user = (base + below + align - 1) & ~(uintptr_t{align} - 1);
  LargeInfo* info = reinterpret_cast<LargeInfo*>(base);
  info->length = length;
  info->size = base + length - user;
  Tag* t = tag_of(reinterpret_cast<void*>(user));
  t->tag = user ^ kLiveKey;
  t->info = kLargeClass;
  // The base is found again from the tag's neighbour word.
  reinterpret_cast<uintptr_t*>(t)[-1] = base;
  if (!large_insert(user)) {
    unmap(mem, length);
    hcl_errno = HCL_ENOMEM;
    return nullptr;
  }
  return reinterpret_cast<void*>(user);
}

bool new_arena(size_t need) {
  if (g.arena_count == kMaxArenas) return false;
  size_t len = kMinArena << (g.arena_count < 6 ? g.arena_count : 6);
  if (len < need) len = round_pages(need);
  void* mem;
  if (map(len, &mem) != 0) return false;
  const uintptr_t start = reinterpret_cast<uintptr_t>(mem);
  g.arenas[g.arena_count++] = Arena{start, start + len};
  g.last_start = start;
  g.last_end = start + len;
  g.bump = start;
  g.bump_end = start + len;
  return true;
}

void* alloc_small(size_t idx) {
  void* p = g.free_lists[idx];
  if (p != nullptr) {
    g.free_lists[idx] = *static_cast<void**>(p);
    tag_of(p)->tag = reinterpret_cast<uintptr_t>(p) ^ kLiveKey;
    return p;
  }
  const size_t block = kHeaderSize + class_size(idx);
  if (g.bump_end - g.bump < block && !new_arena(block)) {
    hcl_errno = HCL_ENOMEM;
    return nullptr;
  }
  const uintptr_t user = g.bump + kHeaderSize;
  g.bump += block;
  Tag* t = tag_of(reinterpret_cast<void*>(user));
  t->tag = user ^ kLiveKey;
  t->info = idx;
  return reinterpret_cast<void*>(user);
}

// Whether (p) can be a block of an arena: its header lies inside one.
bool in_arena(uintptr_t p) {
  if (p >= g.last_start + kHeaderSize && p < g.last_end) return true;
  for (size_t i = 0; i < g.arena_count; ++i) {
    if (p >= g.arenas[i].start + kHeaderSize && p < g.arenas[i].end) {
      return true;
    }
  }
  return false;
}

// The tag of (p), checked: aborts on a pointer hcl_malloc did not return
// or that was freed. Sets (*large).
Tag* checked_tag(void* p, bool* large) {
  const uintptr_t u = reinterpret_cast<uintptr_t>(p);
  if ((u & 15) != 0) report("invalid pointer", p);
  if (in_arena(u)) {
    Tag* t = tag_of(p);
    if (t->tag == (u ^ kLiveKey) && t->info < kClassCount) {
      *large = false;
      return t;
    }
    if (t->tag == (u ^ kFreeKey)) report("double free of", p);
    report("invalid pointer", p);
  }
  if (!large_contains(u)) report("invalid pointer (or double free of)", p);
  *large = true;
  return tag_of(p);
}

size_t usable(Tag* t, bool large) {
  if (!large) return class_size(t->info);
  const uintptr_t base = reinterpret_cast<uintptr_t*>(t)[-1];
  return reinterpret_cast<LargeInfo*>(base)->size;
}

void free_checked(void* p, Tag* t, bool large) {
  if (!large) {
    t->tag = reinterpret_cast<uintptr_t>(p) ^ kFreeKey;
    *static_cast<void**>(p) = g.free_lists[t->info];
    g.free_lists[t->info] = p;
    return;
  }
  const uintptr_t base = reinterpret_cast<uintptr_t*>(t)[-1];
  large_erase(reinterpret_cast<uintptr_t>(p));
  unmap(reinterpret_cast<void*>(base),
        reinterpret_cast<LargeInfo*>(base)->length);
}

}  // namespace

void fatal(const char* s) {
  hc_write(HC_HANDLE_CONSOLE_ERR, s, hcl_strlen(s));
  hc_abort();
}

}  // namespace hcall::libc

using namespace hcall::libc;

extern "C" void* hcl_malloc(size_t size) {
  if (size <= kMaxSmall) return alloc_small(class_of(size));
  return alloc_large(size, kHeaderSize);
}

extern "C" void hcl_free(void* p) {
  if (p == nullptr) return;
  bool large;
  Tag* t = checked_tag(p, &large);
  free_checked(p, t, large);
}

extern "C" void* hcl_calloc(size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total)) {
    hcl_errno = HCL_ENOMEM;
    return nullptr;
  }
  void* p = hcl_malloc(total);
  // Fresh mappings are zero already; recycled small blocks are not.
  if (p != nullptr && total <= kMaxSmall) hcl_memset(p, 0, total);
  return p;
}

extern "C" void* hcl_realloc(void* p, size_t size) {
  if (p == nullptr) return hcl_malloc(size);
  bool large;
  Tag* t = checked_tag(p, &large);
  if (size == 0) {
    free_checked(p, t, large);
    return nullptr;
  }
  const size_t have = usable(t, large);
  if (!large && size <= have && class_of(size) == t->info) return p;
  if (large && size <= have && size > kMaxSmall) return p;
  void* q = hcl_malloc(size);
  if (q == nullptr) return nullptr;
  hcl_memcpy(q, p, have < size ? have : size);
  free_checked(p, t, large);
  return q;
}

extern "C" void* hcl_aligned_alloc(size_t alignment, size_t size) {
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    hcl_errno = HCL_EINVAL;
    return nullptr;
  }
  if (alignment <= kHeaderSize) return hcl_malloc(size);
  return alloc_large(size, alignment);
}

extern "C" int hcl_posix_memalign(void** out, size_t alignment, size_t size) {
  if (alignment < sizeof(void*) || (alignment & (alignment - 1)) != 0) {
    return HCL_EINVAL;
  }
  const int saved = hcl_errno;
  void* p = hcl_aligned_alloc(alignment, size);
  hcl_errno = saved;
  if (p == nullptr) return HCL_ENOMEM;
  *out = p;
  return 0;
}

extern "C" size_t hcl_malloc_usable_size(void* p) {
  if (p == nullptr) return 0;
  bool large;
  Tag* t = checked_tag(p, &large);
  return usable(t, large);
}
