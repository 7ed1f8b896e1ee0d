// test/rumpuser/host_grants.h -- hosted programs (tests, benchmarks): grant
// host descriptors to the process's capability table under names, as the
// launcher's boot manifest would, so that rumpuser_open and friends find
// them. Uses glibc; never in an image.
#ifndef HCALL_TEST_RUMPUSER_HOST_GRANTS_H_
#define HCALL_TEST_RUMPUSER_HOST_GRANTS_H_

#include <stddef.h>
#include <stdint.h>

namespace rumptest {

struct HostGrant {
  const char* name;
  uint32_t kind;        // hcall::cap::kKind*
  int fd;               // the host descriptor (stays the caller's)
  uint32_t rights;      // hcall::cap::Rights
  uint64_t size;        // block devices: bytes
  uint32_t block_size;  // block devices: sector size
};

// Sets hcall::cap::process_table() up (again) with the console as
// descriptors 0, 1 and 2 followed by (count) grants, and (max_mapped)
// bytes of memory quota (Table::map_pages). Returns 0 or a negative error
// (the reason is printed).
int InstallGrants(const HostGrant* grants, size_t count,
                  uint64_t max_mapped = uint64_t{1} << 32);

// Releases the table.
void RemoveGrants();

// A file of (size) bytes under TEST_TMPDIR (or /tmp), byte i = pattern(i);
// returns its path in (path) (capacity 256) and an O_RDWR descriptor.
int MakeTempFile(uint64_t size, uint8_t (*pattern)(uint64_t), char* path);

}  // namespace rumptest

#endif  // HCALL_TEST_RUMPUSER_HOST_GRANTS_H_
