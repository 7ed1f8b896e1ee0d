// hypercall/note.h -- the ELF note that tells the launcher which
// backend an image was linked with (Linux user space or bare metal) and the
// hypercall ABI version it speaks.
//
// Layout (an ordinary ELF note, in a section of type SHT_NOTE named
// ".note.hcall", 4-byte aligned, byte order of the image):
//
//   offset size  field
//   0      4     namesz = 6              ("hcall" and its NUL)
//   4      4     descsz = 16
//   8      4     type   = 1              (kHcallNotePlatform)
//   12     8     name   = "hcall\0\0\0"  (padded to 4; 8 bytes)
//   20     12    desc[0..11]  backend kind, ASCII, NUL-padded:
//                             "linux" or "baremetal"
//   32     4     desc[12..15] HC_ABI_VERSION (u32, image byte order)
//
// Each backend defines the note once, in one of its .cc files, with this
// line at file scope (kind: kHcallNoteLinux or kHcallNoteBaremetal):
//
//   [[gnu::used, gnu::section(".note.hcall"), gnu::aligned(4)]] extern const
//       hcall::note::HcallNote hc_platform_note = hcall::note::kHcallNoteLinux;
//
// GCC gives sections named ".note*" the type SHT_NOTE; `used` keeps it
// through --gc-sections; the default Linux linker script puts it into a
// PT_NOTE segment. A bare-metal linker script must keep it in an allocated
// output section (KEEP(*(.note.hcall))), ideally covered by a PT_NOTE
// program header; the launcher also finds it through the section headers.
//
// Freestanding: includes only hypercall/hypercall.h (and through it
// <stdint.h>). No macros.
#ifndef HCALL_HYPERCALL_NOTE_H_
#define HCALL_HYPERCALL_NOTE_H_

#include <stdint.h>

#include "hypercall/hypercall.h"

namespace hcall::note {

inline constexpr uint32_t kHcallNotePlatform = 1;  // note type

struct HcallNote {
  uint32_t namesz;
  uint32_t descsz;
  uint32_t type;
  char name[8];   // "hcall", NUL-padded
  char kind[12];  // "linux" or "baremetal", NUL-padded
  uint32_t abi_version;
};

static_assert(sizeof(HcallNote) == 36, "the note is 36 bytes");
static_assert(__builtin_offsetof(HcallNote, name) == 12, "note layout");
static_assert(__builtin_offsetof(HcallNote, kind) == 20, "note layout");
static_assert(__builtin_offsetof(HcallNote, abi_version) == 32, "note layout");

inline constexpr HcallNote kHcallNoteLinux = {
    6, 16, kHcallNotePlatform, "hcall", "linux", HC_ABI_VERSION};
inline constexpr HcallNote kHcallNoteBaremetal = {
    6, 16, kHcallNotePlatform, "hcall", "baremetal", HC_ABI_VERSION};

}  // namespace hcall::note

#endif  // HCALL_HYPERCALL_NOTE_H_
