// launcher/elf_image.cc -- see elf_image.h. Reads ELF32 and ELF64,
// little-endian only (every hcall CPU is), field by field with explicit
// bounds checks: the image is untrusted input.
#include "launcher/elf_image.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "hypercall/note.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

constexpr uint16_t kEmArm = 40;
constexpr uint16_t kEmX86_64 = 62;
constexpr uint16_t kEmAarch64 = 183;
constexpr uint16_t kEtExec = 2;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtDynamic = 2;
constexpr uint32_t kPtInterp = 3;
constexpr uint32_t kPtNote = 4;
constexpr uint32_t kShtNote = 7;
constexpr uint32_t kXenElfnotePhys32Entry = 18;
constexpr uint64_t kVirtRamStart = 0x40000000;
constexpr uint64_t kVirtRamEnd = 0x80000000;

class Reader {
 public:
  explicit Reader(absl::string_view bytes) : bytes_(bytes) {}
  bool Fits(uint64_t offset, uint64_t len) const {
    return offset <= bytes_.size() && len <= bytes_.size() - offset;
  }
  uint64_t U(uint64_t offset, int width) const {
    uint64_t v = 0;
    for (int i = width - 1; i >= 0; --i) {
      v = (v << 8) | static_cast<unsigned char>(bytes_[offset + i]);
    }
    return v;
  }
  absl::string_view Slice(uint64_t offset, uint64_t len) const {
    return bytes_.substr(offset, len);
  }

 private:
  absl::string_view bytes_;
};

absl::Status Bad(absl::string_view what) {
  return LaunchError(kExitBadImage, what);
}

// Walks the notes in [offset, offset+len) of the file.
absl::Status ScanNotes(const Reader& r, uint64_t offset, uint64_t len,
                       ImageInfo* info) {
  if (!r.Fits(offset, len))
    return Bad("truncated: a note area is past the end");
  uint64_t at = offset;
  const uint64_t end = offset + len;
  while (end - at >= 12) {
    const uint64_t namesz = r.U(at, 4);
    const uint64_t descsz = r.U(at + 4, 4);
    const uint64_t type = r.U(at + 8, 4);
    const uint64_t name_at = at + 12;
    const uint64_t desc_at = name_at + ((namesz + 3) & ~uint64_t{3});
    const uint64_t next = desc_at + ((descsz + 3) & ~uint64_t{3});
    if (namesz > len || descsz > len || next > end) {
      return Bad("truncated: a note is longer than its area");
    }
    const absl::string_view name = r.Slice(name_at, namesz);
    if (name == absl::string_view("hcall\0", 6) &&
        type == hcall::note::kHcallNotePlatform) {
      if (descsz != 16) {
        return Bad(absl::StrCat("the hcall note has ", descsz,
                                " bytes of description, not 16"));
      }
      const absl::string_view kind = r.Slice(desc_at, 12);
      const std::string kind_text(kind.data(), strnlen(kind.data(), 12));
      if (kind_text == "linux") {
        info->os = Os::kLinux;
      } else if (kind_text == "baremetal") {
        info->os = Os::kBaremetal;
      } else {
        return Bad(absl::StrCat("the hcall note names an unknown backend \"",
                                kind_text, "\""));
      }
      info->os_known = true;
      info->has_note = true;
      info->abi_version = static_cast<uint32_t>(r.U(desc_at + 12, 4));
      info->detected_by = "the .note.hcall note";
    } else if (name == absl::string_view("Xen\0", 4) &&
               type == kXenElfnotePhys32Entry) {
      info->has_pvh_note = true;
    }
    at = next;
  }
  return absl::OkStatus();
}

void Fallback(ImageInfo* info) {
  if (info->os_known) return;
  uint64_t lowest = UINT64_MAX;
  for (const LoadSegment& s : info->loads) lowest = std::min(lowest, s.vaddr);
  if (info->cpu == Cpu::kX86_64 && info->has_pvh_note) {
    info->os = Os::kBaremetal;
    info->os_known = true;
    info->detected_by = "no hcall note; a Xen PVH entry note (bare metal)";
  } else if (info->cpu != Cpu::kX86_64 && lowest >= kVirtRamStart &&
             lowest < kVirtRamEnd) {
    info->os = Os::kBaremetal;
    info->os_known = true;
    info->detected_by = "no hcall note; linked in the QEMU virt RAM window";
  } else if (!info->has_interp && !info->has_dynamic &&
             lowest < kVirtRamStart && !info->loads.empty()) {
    info->os = Os::kLinux;
    info->os_known = true;
    info->detected_by = "no hcall note; a static executable (Linux)";
  }
}

// The CPU of an ELF e_machine value hcall runs.
absl::StatusOr<Cpu> MachineCpu(uint64_t machine) {
  switch (machine) {
    case kEmX86_64:
      return Cpu::kX86_64;
    case kEmAarch64:
      return Cpu::kAarch64;
    case kEmArm:
      return Cpu::kArm;
    default:
      return Bad(absl::StrCat("ELF machine ", machine,
                              " is not x86_64, aarch64 or arm"));
  }
}

// The loadable segments, the interpreter, the dynamic segment and the
// notes, from (phnum) program headers at (phoff).
absl::Status ScanProgramHeaders(const Reader& r, bool is64, uint64_t phoff,
                                uint64_t phnum, ImageInfo* info) {
  const int w = is64 ? 8 : 4;  // address width
  const uint64_t phentsize = is64 ? 56 : 32;
  for (uint64_t i = 0; i < phnum; ++i) {
    const uint64_t ph = phoff + i * phentsize;
    const uint64_t p_type = r.U(ph, 4);
    const uint64_t offset = r.U(ph + (is64 ? 8 : 4), w);
    const uint64_t vaddr = r.U(ph + (is64 ? 16 : 8), w);
    const uint64_t filesz = r.U(ph + (is64 ? 32 : 16), w);
    const uint64_t memsz = r.U(ph + (is64 ? 40 : 20), w);
    if (p_type == kPtLoad) {
      if (!r.Fits(offset, filesz)) {
        return Bad("truncated: a loadable segment is past the end");
      }
      info->loads.push_back({vaddr, memsz});
      info->memory_size += memsz;
    } else if (p_type == kPtInterp) {
      info->has_interp = true;
      if (r.Fits(offset, filesz)) {
        const absl::string_view path = r.Slice(offset, filesz);
        info->interp = std::string(path.substr(0, path.find('\0')));
      }
    } else if (p_type == kPtDynamic) {
      info->has_dynamic = true;
    } else if (p_type == kPtNote) {
      absl::Status s = ScanNotes(r, offset, filesz, info);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

// The notes in SHT_NOTE sections, for files whose program headers carry
// none (only when the section headers are whole and of the right size).
absl::Status ScanSectionNotes(const Reader& r, bool is64, ImageInfo* info) {
  const int w = is64 ? 8 : 4;
  const uint64_t shoff = r.U(is64 ? 40 : 32, w);
  const uint64_t shentsize = r.U(is64 ? 58 : 46, 2);
  const uint64_t shnum = r.U(is64 ? 60 : 48, 2);
  if (shnum == 0 || shentsize != (is64 ? 64u : 40u) ||
      !r.Fits(shoff, shnum * shentsize) || info->has_note) {
    return absl::OkStatus();
  }
  for (uint64_t i = 0; i < shnum; ++i) {
    const uint64_t sh = shoff + i * shentsize;
    if (r.U(sh + 4, 4) != kShtNote) continue;
    const uint64_t offset = r.U(sh + (is64 ? 24 : 16), w);
    const uint64_t size = r.U(sh + (is64 ? 32 : 20), w);
    absl::Status s = ScanNotes(r, offset, size, info);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ImageInfo> InspectImage(absl::string_view bytes) {
  const Reader r(bytes);
  ImageInfo info;
  info.file_size = bytes.size();
  if (!r.Fits(0, 16) || bytes.substr(0, 4) !=
                            "\x7f"
                            "ELF") {
    if (bytes.substr(0, 2) == "#!") {
      return Bad(
          "not an ELF file but a script (an hc_image NAME's `bazel run` "
          "script is NAME.sh; give hcall the image, NAME_elf)");
    }
    return Bad("not an ELF file");
  }
  const int elf_class = static_cast<unsigned char>(bytes[4]);
  if (elf_class != 1 && elf_class != 2) return Bad("unknown ELF class");
  if (bytes[5] != 1) return Bad("not a little-endian ELF file");
  const bool is64 = elf_class == 2;
  const uint64_t ehsize = is64 ? 64 : 52;
  if (!r.Fits(0, ehsize)) return Bad("truncated: the ELF header is cut short");
  const uint64_t type = r.U(16, 2);
  absl::StatusOr<Cpu> cpu = MachineCpu(r.U(18, 2));
  if (!cpu.ok()) return cpu.status();
  info.cpu = *cpu;
  if ((info.cpu == Cpu::kArm) == is64) {
    return Bad("the ELF class does not match the machine");
  }
  const int w = is64 ? 8 : 4;  // address width
  info.entry = r.U(24, w);
  const uint64_t phoff = r.U(is64 ? 32 : 28, w);
  const uint64_t phentsize = r.U(is64 ? 54 : 42, 2);
  const uint64_t phnum = r.U(is64 ? 56 : 44, 2);
  if (phnum == 0) return Bad("no program headers: not an executable");
  if (phentsize != (is64 ? 56u : 32u)) {
    return Bad("unexpected program header size");
  }
  if (!r.Fits(phoff, phnum * phentsize)) {
    return Bad("truncated: the program headers are past the end");
  }
  absl::Status s = ScanProgramHeaders(r, is64, phoff, phnum, &info);
  if (s.ok()) s = ScanSectionNotes(r, is64, &info);
  if (!s.ok()) return s;
  if (type != kEtExec && !info.has_note) info.has_dynamic = true;  // PIE/.so
  Fallback(&info);
  return info;
}

absl::StatusOr<ImageInfo> InspectImageFile(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    const int error = errno;
    // An hc_image built for a platform other than the host's is not in
    // bazel-bin/ but in the transition's bazel-out/k8-*-ST-<hash>/bin/.
    const bool cross_hint = error == ENOENT &&
                            absl::StartsWith(path, "bazel-bin/") &&
                            absl::EndsWith(path, "_elf");
    return LaunchError(
        kExitBadImage,
        absl::StrCat(path, ": ", strerror(error),
                     cross_hint ? " (an image built for a platform other than "
                                  "the host's is under bazel-out/k8-*-ST-*/bin/"
                                  ": `bazel build` prints its path)"
                                : ""));
  }
  if (S_ISDIR(st.st_mode)) {
    return LaunchError(kExitNotAFile,
                       absl::StrCat(path, ": is a directory, not an image"));
  }
  if (!S_ISREG(st.st_mode)) {
    return LaunchError(kExitNotAFile,
                       absl::StrCat(path, ": is not a regular file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return LaunchError(kExitBadImage,
                       absl::StrCat(path, ": ", strerror(errno)));
  }
  std::ostringstream data;
  data << in.rdbuf();
  absl::StatusOr<ImageInfo> info = InspectImage(data.str());
  if (!info.ok()) {
    return LaunchError(kExitBadImage,
                       absl::StrCat(path, ": ", info.status().message()));
  }
  return info;
}

absl::Status CheckRunnable(const ImageInfo& info, const std::string& path) {
  if (!info.has_note) {
    return LaunchError(
        kExitBadImage,
        absl::StrCat(path,
                     ": not an hcall image: no .note.hcall note (every "
                     "hcall backend adds one; build images with hc_image)"));
  }
  if (access(path.c_str(), X_OK) != 0) {
    return LaunchError(
        kExitBadImage,
        absl::StrCat(path, ": not executable (", strerror(errno),
                     "); give it execute permission: chmod +x ", path));
  }
  return absl::OkStatus();
}

absl::StatusOr<const Platform*> ResolvePlatform(const ImageInfo& info,
                                                absl::string_view requested,
                                                absl::string_view image_name) {
  const Platform* wanted = nullptr;
  if (!requested.empty()) {
    wanted = FindPlatform(requested);
    if (wanted == nullptr) {
      return LaunchError(
          kExitPlatform,
          absl::StrCat("--platform=", requested,
                       ": unknown platform (linux_x86_64, linux_aarch64, "
                       "linux_arm, none_x86_64, none_aarch64, none_arm)"));
    }
    if (wanted->cpu != info.cpu) {
      return LaunchError(
          kExitPlatform,
          absl::StrCat("--platform=", requested, " does not match ", image_name,
                       ", an ", CpuName(info.cpu), " image"));
    }
  }
  if (!info.os_known) {
    if (wanted != nullptr) return wanted;
    return LaunchError(
        kExitPlatform,
        absl::StrCat(
            image_name, ": cannot tell whether this ", CpuName(info.cpu),
            " image is a Linux or a bare-metal image (no "
            ".note.hcall note); say which with --platform=linux_",
            CpuName(info.cpu), " or --platform=none_", CpuName(info.cpu)));
  }
  const Platform& found = PlatformFor(info.os, info.cpu);
  if (wanted != nullptr && wanted != &found) {
    return LaunchError(
        kExitPlatform,
        absl::StrCat("--platform=", requested, " does not match ", image_name,
                     ", a ", found.name, " image (", info.detected_by, ")"));
  }
  return &found;
}

}  // namespace hcall::launcher
