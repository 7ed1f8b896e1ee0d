// test/rumpuser/host_grants.cc -- see host_grants.h.
#include "test/rumpuser/host_grants.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "capability/manifest.h"
#include "capability/table.h"

namespace rumptest {

namespace cap = hcall::cap;

int InstallGrants(const HostGrant* grants, size_t count, uint64_t max_mapped) {
  std::vector<cap::Grant> g;
  g.push_back(cap::Grant{"stdin", 5, cap::kKindConsole,
                         cap::kRightRead | cap::kRightStat, 0, 0, 0, 0});
  g.push_back(cap::Grant{"stdout", 6, cap::kKindConsole,
                         cap::kRightWrite | cap::kRightStat, 1, 1, 0, 0});
  g.push_back(cap::Grant{"stderr", 6, cap::kKindConsole,
                         cap::kRightWrite | cap::kRightStat, 2, 2, 0, 0});
  for (size_t i = 0; i < count; ++i) {
    const HostGrant& h = grants[i];
    g.push_back(cap::Grant{h.name, static_cast<uint32_t>(strlen(h.name)),
                           h.kind, h.rights, h.fd, cap::kNoPreopen,
                           h.block_size, h.size});
  }
  const cap::ManifestLimits limits{64, max_mapped};
  std::vector<uint8_t> buf(cap::manifest_size(g.data(), g.size()));
  cap::ManifestError err;
  const int64_t n = cap::write_manifest(limits, g.data(), g.size(), buf.data(),
                                        buf.size(), &err);
  if (n < 0) {
    fprintf(stderr, "host_grants: %s\n", err.message);
    return static_cast<int>(n);
  }
  cap::Manifest m;
  if (cap::parse_manifest(buf.data(), static_cast<size_t>(n), &m, &err) != 0) {
    fprintf(stderr, "host_grants: %s\n", err.message);
    return -1;
  }
  cap::Table& t = cap::process_table();
  if (t.initialized()) t.release();
  return t.init(m);
}

void RemoveGrants() {
  cap::Table& t = cap::process_table();
  if (t.initialized()) t.release();
}

int MakeTempFile(uint64_t size, uint8_t (*pattern)(uint64_t), char* path) {
  const char* dir = getenv("TEST_TMPDIR");
  snprintf(path, 256, "%s/rumpuser_XXXXXX", dir != nullptr ? dir : "/tmp");
  const int fd = mkstemp(path);
  if (fd < 0) return -1;
  std::vector<uint8_t> bytes(size);
  for (uint64_t i = 0; i < size; ++i) bytes[i] = pattern(i);
  if (pwrite(fd, bytes.data(), size, 0) != static_cast<ssize_t>(size)) {
    close(fd);
    return -1;
  }
  return fd;
}

}  // namespace rumptest
