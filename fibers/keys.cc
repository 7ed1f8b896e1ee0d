// fibers/keys.cc -- fiber-specific values (KeyCreate, SetSpecific, ...):
// one page of key slots for the process, and per fiber a block of
// kMaxKeys values taken on its first non-null SetSpecific.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "fibers/internal/scheduler.h"
#include "fibers/internal/state.h"
#include "hypercall/hypercall.h"

namespace hcall::fibers {
namespace internal {
namespace {

void GiveKeyBlock(void** block) {
  block[0] = g.free_blocks;
  g.free_blocks = block;
}

}  // namespace

void** TakeKeyBlock() {
  if (g.free_blocks == nullptr) {
    void* page;
    if (hc_page_map(g.page_size, HC_PROT_READ | HC_PROT_WRITE, &page) < 0) {
      return nullptr;
    }
    char* p = static_cast<char*>(page);
    for (size_t off = 0; off + kKeyBlockBytes <= g.page_size;
         off += kKeyBlockBytes) {
      void** block = reinterpret_cast<void**>(p + off);
      block[0] = g.free_blocks;
      g.free_blocks = block;
    }
  }
  void** block = g.free_blocks;
  g.free_blocks = static_cast<void**>(block[0]);
  for (uint32_t i = 0; i < kMaxKeys; ++i) block[i] = nullptr;
  return block;
}

bool KeyValid(Key key) {
  return key < kMaxKeys && g.keys != nullptr && g.keys[key].in_use != 0;
}

void RunKeyDestructors(Fiber* self) {
  if (self->keys == nullptr) return;
  for (int round = 0; round < kDestructorRounds; ++round) {
    bool called = false;
    for (Key k = 0; k < kMaxKeys; ++k) {
      void* value = self->keys[k];
      if (value == nullptr || !KeyValid(k) || g.keys[k].destructor == nullptr) {
        continue;
      }
      self->keys[k] = nullptr;
      g.keys[k].destructor(value);
      called = true;
    }
    if (!called) break;
  }
  GiveKeyBlock(self->keys);
  self->keys = nullptr;
}

}  // namespace internal

using internal::g;
using internal::Self;

Status KeyCreate(Key* key, void (*destructor)(void*)) {
  Self();
  if (key == nullptr) return kInvalid;
  if (g.keys == nullptr) {
    void* page;
    const hc_status_t s =
        hc_page_map(g.page_size, HC_PROT_READ | HC_PROT_WRITE, &page);
    if (s < 0) return kNoMemory;
    g.keys = static_cast<internal::KeySlot*>(page);  // zero-filled
  }
  for (Key k = 0; k < kMaxKeys; ++k) {
    if (g.keys[k].in_use == 0) {
      g.keys[k].in_use = 1;
      g.keys[k].destructor = destructor;
      *key = k;
      return kOk;
    }
  }
  return kAgain;
}

Status KeyDelete(Key key) {
  if (!internal::KeyValid(key)) return kInvalid;
  for (Fiber* f = g.all_head; f != nullptr; f = f->all_next) {
    if (f->keys != nullptr) f->keys[key] = nullptr;
  }
  g.keys[key].in_use = 0;
  g.keys[key].destructor = nullptr;
  return kOk;
}

void* GetSpecific(Key key) {
  Fiber* self = Self();
  if (!internal::KeyValid(key) || self->keys == nullptr) return nullptr;
  return self->keys[key];
}

Status SetSpecific(Key key, const void* value) {
  Fiber* self = Self();
  if (!internal::KeyValid(key)) return kInvalid;
  if (self->keys == nullptr) {
    if (value == nullptr) return kOk;
    self->keys = internal::TakeKeyBlock();
    if (self->keys == nullptr) return kNoMemory;
  }
  self->keys[key] = const_cast<void*>(value);
  return kOk;
}

}  // namespace hcall::fibers
