// launcher/prefault.cc -- maps `hcall`'s own pages in a few system calls
// before its static initialisers run, instead of one page fault per page.
//
// On a host where a page fault is expensive (a paravirtualised guest: about
// 12 us for an anonymous page and 25-40 us for a file page, against about
// 0.7 us and 0.1-0.4 us per page to populate the same ranges with
// MADV_POPULATE_*), `hcall run` took about 110 page faults in its own memory
// before the image's first instruction: its text and read-only data, its
// data and bss, and the heap its initialisers and the launch use. This maps
// them up front (launcher/README.md, "Launch time", has the measurement). A
// kernel without MADV_POPULATE_* (before 5.14) answers EINVAL and nothing
// changes; nothing here can fail the launcher.
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>

#include "absl/synchronization/mutex.h"

#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

namespace hcall::launcher {
namespace {

uintptr_t PageDown(uintptr_t a, uintptr_t page) { return a & ~(page - 1); }
uintptr_t PageUp(uintptr_t a, uintptr_t page) {
  return (a + page - 1) & ~(page - 1);
}

void Populate(uintptr_t begin, uintptr_t end, int advice) {
  if (end > begin) {
    madvise(reinterpret_cast<void*>(begin), end - begin, advice);
  }
}

// Every PT_LOAD segment of the executable: read-only ones (text, rodata,
// and the RELRO part of the data segment, which glibc has made read-only
// by now) are populated for reading, the rest of the writable segment
// (data and bss) for writing.
int PopulateSegments(struct dl_phdr_info* info, size_t, void* data) {
  const uintptr_t page = *static_cast<uintptr_t*>(data);
  if (info->dlpi_name != nullptr && info->dlpi_name[0] != '\0') return 0;
  uintptr_t relro_begin = 0;
  uintptr_t relro_end = 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type == PT_GNU_RELRO) {
      relro_begin = PageDown(info->dlpi_addr + ph.p_vaddr, page);
      relro_end = PageDown(info->dlpi_addr + ph.p_vaddr + ph.p_memsz, page);
    }
  }
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    const uintptr_t begin = PageDown(info->dlpi_addr + ph.p_vaddr, page);
    const uintptr_t end =
        PageUp(info->dlpi_addr + ph.p_vaddr + ph.p_memsz, page);
    if ((ph.p_flags & PF_W) == 0) {
      Populate(begin, end, MADV_POPULATE_READ);
      continue;
    }
    uintptr_t writable = begin;
    if (relro_end > begin && relro_begin < end) {
      Populate(begin, relro_end, MADV_POPULATE_READ);
      writable = relro_end;
    }
    Populate(writable, end, MADV_POPULATE_WRITE);
  }
  return 1;  // only the executable
}

constexpr size_t kHeapBytes = 256 << 10;

// Runs from .preinit_array: after the C library's own start-up (TLS,
// RELRO), before any static initialiser of hcall, Abseil or libstdc++.
void PrefaultAtStart(int, char**, char**) {
  uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  if (page == 0 || (page & (page - 1)) != 0) return;
  dl_iterate_phdr(PopulateSegments, &page);
  // The heap: C library start-up has made the main arena already; its
  // first 256 KiB are what hcall's initialisers and a launch use. A larger
  // top pad makes the arena that large now, in one brk.
  mallopt(M_TOP_PAD, kHeapBytes);
  void* grow[4] = {};
  for (void*& block : grow) {
    if (mallinfo2().arena >= kHeapBytes) break;
    block = malloc(kHeapBytes / 4);  // below the mmap threshold (128 KiB)
  }
  for (void* block : grow) free(block);
  const uintptr_t heap_end = reinterpret_cast<uintptr_t>(sbrk(0));
  const size_t arena = mallinfo2().arena;
  if (heap_end != static_cast<uintptr_t>(-1) && arena > 0) {
    const uintptr_t begin = PageUp(heap_end - arena, page);
    Populate(begin, PageDown(std::min(begin + kHeapBytes, heap_end), page),
             MADV_POPULATE_WRITE);
  }
  // Abseil's mutexes record a lock graph to detect deadlocks in builds
  // without NDEBUG (Debian's): eleven pages of graph for a program with
  // one thread.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

// Not const: .preinit_array is a writable section.
[[gnu::used, gnu::section(".preinit_array")]] void (*prefault_at_start)(
    int, char**, char**) = PrefaultAtStart;

}  // namespace
}  // namespace hcall::launcher
