// launcher/elf_image.h -- what the launcher reads from an image file: its
// CPU (ELF e_machine), whether it is a Linux or a bare-metal image (the
// ".note.hcall" note of hypercall/note.h, or the fallback rules
// below), its ABI version, its loadable segments and its size.
//
// Fallback when the image carries no hcall note (backends that predate it):
//   - x86_64 with a Xen PVH entry note (name "Xen", type 18)   -> bare metal
//   - aarch64/arm whose lowest PT_LOAD is in the QEMU virt RAM window
//     [0x40000000, 0x80000000)                                  -> bare metal
//   - otherwise an ET_EXEC without PT_INTERP and PT_DYNAMIC (a static,
//     non-PIE executable) linked below 0x40000000               -> linux
//   - anything else: undetectable; the caller asks for --platform.
#ifndef HCALL_LAUNCHER_ELF_IMAGE_H_
#define HCALL_LAUNCHER_ELF_IMAGE_H_

#include <stdint.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "launcher/platform.h"

namespace hcall::launcher {

struct LoadSegment {
  uint64_t vaddr;
  uint64_t memsz;
};

struct ImageInfo {
  Cpu cpu = Cpu::kX86_64;
  bool os_known = false;  // false: neither the note nor the fallback decided
  Os os = Os::kLinux;
  bool has_note = false;     // the image carries a .note.hcall note
  uint32_t abi_version = 0;  // from the note; 0 without one
  std::string detected_by;   // how `os` was decided, for `hcall inspect`
  uint64_t file_size = 0;
  uint64_t memory_size = 0;  // sum of the PT_LOAD p_memsz
  uint64_t entry = 0;
  bool has_interp = false;
  std::string interp;  // PT_INTERP path, if any
  bool has_dynamic = false;
  bool has_pvh_note = false;
  std::vector<LoadSegment> loads;
};

// Parses the ELF image (bytes). Fails with kExitBadImage naming the problem
// (not an ELF file, not little-endian, unknown machine, truncated headers or
// notes, class that does not fit the machine).
absl::StatusOr<ImageInfo> InspectImage(absl::string_view bytes);

// Reads and parses the file at (path): kExitBadImage if it cannot be read,
// kExitNotAFile if it is a directory or not a regular file.
absl::StatusOr<ImageInfo> InspectImageFile(const std::string& path);

// The platform of (info), checked against (requested) (a platform name, or
// "" for none): kExitPlatform if neither decides, if (requested) is not a
// platform, or if it contradicts what the image says.
// What `hcall run` requires of an inspected image at (path): the hcall
// note (kExitBadImage "not an hcall image" without it: a program built for
// glibc would only die at its first system call) and execute permission
// (kExitBadImage, the same on every platform, QEMU ones included).
absl::Status CheckRunnable(const ImageInfo& info, const std::string& path);

absl::StatusOr<const Platform*> ResolvePlatform(const ImageInfo& info,
                                                absl::string_view requested,
                                                absl::string_view image_name);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_ELF_IMAGE_H_
