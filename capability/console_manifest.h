// capability/console_manifest.h -- for hosted image test drivers: the boot
// manifest the launcher would pass an image (stdin, stdout and stderr on
// the console as descriptors 0, 1 and 2, then the caller's grants), in a
// memfd the driver hands to the image. Uses glibc; never in an image.
#ifndef HCALL_CAPABILITY_CONSOLE_MANIFEST_H_
#define HCALL_CAPABILITY_CONSOLE_MANIFEST_H_

#include <vector>

#include "capability/manifest.h"

namespace hcall::cap {

// A memfd named (memfd_name) holding the console grants followed by
// (grants), with the launcher's default limits (16 descriptors, 1 GiB
// mapped). Returns the descriptor, or -1 with the reason on stderr.
int ConsoleManifestMemfd(const std::vector<Grant>& grants,
                         const char* memfd_name);

}  // namespace hcall::cap

#endif  // HCALL_CAPABILITY_CONSOLE_MANIFEST_H_
