#include "capability/console_manifest.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "capability/rights.h"

namespace hcall::cap {

int ConsoleManifestMemfd(const std::vector<Grant>& grants,
                         const char* memfd_name) {
  std::vector<Grant> all = {
      {"stdin", 5, kKindConsole, kRightRead | kRightStat, 0, 0, 0, 0},
      {"stdout", 6, kKindConsole, kRightWrite | kRightStat, 1, 1, 0, 0},
      {"stderr", 6, kKindConsole, kRightWrite | kRightStat, 2, 2, 0, 0},
  };
  all.insert(all.end(), grants.begin(), grants.end());
  const ManifestLimits limits{16, uint64_t{1} << 30};
  std::vector<uint8_t> buf(manifest_size(all.data(), all.size()));
  ManifestError err;
  const int64_t n = write_manifest(limits, all.data(), all.size(), buf.data(),
                                   buf.size(), &err);
  if (n <= 0) {
    fprintf(stderr, "console manifest: %s\n", err.message);
    return -1;
  }
  const int fd = memfd_create(memfd_name, MFD_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "console manifest: memfd_create: %s\n", strerror(errno));
    return -1;
  }
  if (write(fd, buf.data(), static_cast<size_t>(n)) != n) {
    fprintf(stderr, "console manifest: write: %s\n", strerror(errno));
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace hcall::cap
