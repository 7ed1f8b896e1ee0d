// launcher/qemu_root.cc -- see qemu_root.h.
#include "launcher/qemu_root.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

#if defined(__x86_64__)
constexpr const char* kTriple = "x86_64-linux-gnu";
#elif defined(__aarch64__)
constexpr const char* kTriple = "aarch64-linux-gnu";
#elif defined(__arm__)
constexpr const char* kTriple = "arm-linux-gnueabihf";
#else
#error "launcher/qemu_root.cc: unknown host CPU"
#endif

// The dynamic loader's system directories, in its search order.
std::vector<std::string> SystemDirs() {
  return {absl::StrCat("/lib/", kTriple), absl::StrCat("/usr/lib/", kTriple),
          "/lib", "/usr/lib"};
}

absl::Status Unreadable(const std::string& path, absl::string_view why) {
  return LaunchError(kExitNoQemu,
                     absl::StrCat(path, ": ", why,
                                  " (needed by qemu-user, for the image's "
                                  "root)"));
}

// (size) bytes at (offset) of (fd); false if the file is shorter.
bool ReadAt(int fd, uint64_t offset, void* out, size_t size) {
  return pread(fd, out, size, static_cast<off_t>(offset)) ==
         static_cast<ssize_t>(size);
}

// The file offset of virtual address (vaddr), through the PT_LOADs.
bool FileOffset(const std::vector<ElfW(Phdr)>& phdrs, uint64_t vaddr,
                uint64_t* offset) {
  for (const ElfW(Phdr) & p : phdrs) {
    if (p.p_type == PT_LOAD && vaddr >= p.p_vaddr &&
        vaddr < p.p_vaddr + p.p_filesz) {
      *offset = vaddr - p.p_vaddr + p.p_offset;
      return true;
    }
  }
  return false;
}

struct Dynamic {
  std::string interpreter;
  std::vector<std::string> needed;
};

// A NUL-terminated string of at most (max) bytes at (offset).
std::string StringAt(int fd, uint64_t offset, size_t max) {
  std::string s(max, '\0');
  const ssize_t n = pread(fd, s.data(), max, static_cast<off_t>(offset));
  s.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return s.substr(0, s.find('\0'));
}

// PT_INTERP and the DT_NEEDED names of the host-CPU ELF file open at (fd);
// only the headers, the dynamic section and the names are read.
bool ParseDynamic(int fd, Dynamic* out) {
  ElfW(Ehdr) eh;
  if (!ReadAt(fd, 0, &eh, sizeof(eh)) ||
      memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
      eh.e_phentsize != sizeof(ElfW(Phdr))) {
    return false;
  }
  std::vector<ElfW(Phdr)> phdrs(eh.e_phnum);
  if (!ReadAt(fd, eh.e_phoff, phdrs.data(),
              phdrs.size() * sizeof(ElfW(Phdr)))) {
    return false;
  }
  std::vector<ElfW(Dyn)> dyn;
  for (const ElfW(Phdr) & p : phdrs) {
    if (p.p_type == PT_INTERP) {
      out->interpreter = StringAt(fd, p.p_offset, p.p_filesz);
    }
    if (p.p_type != PT_DYNAMIC) continue;
    dyn.resize(p.p_filesz / sizeof(ElfW(Dyn)));
    if (!ReadAt(fd, p.p_offset, dyn.data(), dyn.size() * sizeof(ElfW(Dyn)))) {
      return false;
    }
  }
  uint64_t strtab = 0;
  for (const ElfW(Dyn) & d : dyn) {
    if (d.d_tag == DT_STRTAB && !FileOffset(phdrs, d.d_un.d_ptr, &strtab)) {
      return false;
    }
  }
  for (const ElfW(Dyn) & d : dyn) {
    if (d.d_tag == DT_NULL) break;
    if (d.d_tag != DT_NEEDED) continue;
    if (strtab == 0) return false;
    std::string name = StringAt(fd, strtab + d.d_un.d_val, 256);
    if (name.empty()) return false;
    out->needed.push_back(std::move(name));
  }
  return true;
}

}  // namespace

absl::StatusOr<QemuFiles> FindQemuFiles(const std::string& qemu) {
  QemuFiles files;
  std::vector<std::string> queue = {qemu};
  std::vector<std::string> seen_names;
  for (size_t i = 0; i < queue.size(); ++i) {
    const int fd = open(queue[i].c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Unreadable(queue[i], strerror(errno));
    Dynamic dyn;
    const bool parsed = ParseDynamic(fd, &dyn);
    close(fd);
    if (!parsed) {
      return Unreadable(queue[i], "not an ELF file of the host's CPU");
    }
    if (i == 0) files.interpreter = dyn.interpreter;
    for (const std::string& name : dyn.needed) {
      if (std::find(seen_names.begin(), seen_names.end(), name) !=
          seen_names.end()) {
        continue;
      }
      seen_names.push_back(name);
      std::string found;
      for (const std::string& dir : SystemDirs()) {
        const std::string path = absl::StrCat(dir, "/", name);
        if (access(path.c_str(), R_OK) == 0) {
          found = path;
          break;
        }
      }
      if (found.empty()) {
        return Unreadable(name, "not found in the system library directories");
      }
      // The interpreter is bound at its own path already.
      if (found != files.interpreter) {
        files.libraries.push_back(found);
        queue.push_back(found);
      }
    }
  }
  return files;
}

}  // namespace hcall::launcher
