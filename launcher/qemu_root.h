// launcher/qemu_root.h -- the host files qemu-user must read to start: its
// ELF interpreter and the closure of its DT_NEEDED shared libraries, as
// the dynamic loader finds them without an ld.so.cache (the system
// directories of the host's multiarch layout). The launcher puts exactly
// these (and the image) into the otherwise empty root of a qemu-user
// launch, and Landlock allows reading exactly these.
#ifndef HCALL_LAUNCHER_QEMU_ROOT_H_
#define HCALL_LAUNCHER_QEMU_ROOT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace hcall::launcher {

struct QemuFiles {
  std::string interpreter;             // PT_INTERP path; "" for static
  std::vector<std::string> libraries;  // absolute paths, load order
};

// Reads (qemu) and its libraries. kExitNoQemu naming the file when one
// cannot be read or a needed library is not in any system directory.
absl::StatusOr<QemuFiles> FindQemuFiles(const std::string& qemu);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_QEMU_ROOT_H_
