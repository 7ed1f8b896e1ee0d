// libc_shim/cxx/new.cc -- the C++ runtime calls that C++17 code in a
// libc = "shim" image makes without including any header: the replaceable
// global operator new and delete (plain, array, sized and over-aligned
// forms) on the shim's allocator, and __cxa_pure_virtual. Images are built
// with -fno-exceptions: a new that cannot allocate says so on stderr and
// aborts (status 128 + SIGABRT) instead of throwing std::bad_alloc.
#include <stddef.h>

#include "hcl/stdio.h"
#include "hcl/stdlib.h"

// <new>'s std::align_val_t, which the compiler passes to the aligned forms
// (same type and mangling as libstdc++'s; no libstdc++ header is available).
namespace std {
enum class align_val_t : size_t {};
}  // namespace std

namespace {

[[noreturn]] void OutOfMemory(size_t size) {
  hcl_fprintf(hcl_stderr, "operator new: out of memory (%zu bytes)\n", size);
  hcl_abort();
}

void* Allocate(size_t size) {
  void* p = hcl_malloc(size == 0 ? 1 : size);
  if (p == nullptr) OutOfMemory(size);
  return p;
}

void* AllocateAligned(size_t size, std::align_val_t align) {
  void* p = nullptr;
  if (hcl_posix_memalign(&p, static_cast<size_t>(align),
                         size == 0 ? 1 : size) != 0) {
    OutOfMemory(size);
  }
  return p;
}

}  // namespace

void* operator new(size_t size) { return Allocate(size); }
void* operator new[](size_t size) { return Allocate(size); }
void* operator new(size_t size, std::align_val_t align) {
  return AllocateAligned(size, align);
}
void* operator new[](size_t size, std::align_val_t align) {
  return AllocateAligned(size, align);
}

void operator delete(void* p) noexcept { hcl_free(p); }
void operator delete[](void* p) noexcept { hcl_free(p); }
void operator delete(void* p, size_t) noexcept { hcl_free(p); }
void operator delete[](void* p, size_t) noexcept { hcl_free(p); }
void operator delete(void* p, std::align_val_t) noexcept { hcl_free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { hcl_free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept {
  hcl_free(p);
}
void operator delete[](void* p, size_t, std::align_val_t) noexcept {
  hcl_free(p);
}

// A call of a pure virtual function (through a base-class constructor or
// destructor) lands here.
extern "C" [[noreturn]] void __cxa_pure_virtual();
extern "C" void __cxa_pure_virtual() {
  hcl_fputs("pure virtual method called\n", hcl_stderr);
  hcl_abort();
}
