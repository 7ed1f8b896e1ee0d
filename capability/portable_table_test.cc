// capability/portable_table_test.cc -- the descriptor table on every
// platform's real backend (GoogleTest on Linux, hctest on bare metal): a
// table set up from a manifest written here, open by name against the
// grants' rights, checked calls that reach the backend (the console) or
// are refused before it, attenuation, revocation, dup/close, the
// descriptor limit and the mapping quota. table_test.cc covers the rest
// on Linux, with host files.
#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "test/harness/hctest.h"

namespace hcall::cap {
namespace {

// A handle no backend has open: its checked calls reach the backend and
// come back as HC_EBADH.
constexpr hc_handle_t kNoSuchHandle = 40;

// The grants: the console preopened as 0, 1, 2; "out", the console output
// again (write and stat); "in", the console input again (read and stat;
// never read here: on bare metal a read waits for input); "nothing", a
// file on a handle that does not exist, with every right.
const Grant kGrants[] = {
    {"stdin", 5, kKindConsole, kRightRead | kRightStat, HC_HANDLE_CONSOLE_IN, 0,
     0, 0},
    {"stdout", 6, kKindConsole, kRightWrite | kRightStat, HC_HANDLE_CONSOLE_OUT,
     1, 0, 0},
    {"stderr", 6, kKindConsole, kRightWrite | kRightStat, HC_HANDLE_CONSOLE_ERR,
     2, 0, 0},
    {"out", 3, kKindConsole, kRightWrite | kRightStat, HC_HANDLE_CONSOLE_OUT,
     kNoPreopen, 0, 0},
    {"in", 2, kKindConsole, kRightRead | kRightStat, HC_HANDLE_CONSOLE_IN,
     kNoPreopen, 0, 0},
    {"nothing", 7, kKindFile, kRightsAll, kNoSuchHandle, kNoPreopen, 0, 0},
};
constexpr size_t kGrantCount = sizeof(kGrants) / sizeof(kGrants[0]);

alignas(8) uint8_t g_manifest_bytes[1024];
Table g_table;

constexpr char kLine[] = "[capability] a checked write reached the console\n";
constexpr size_t kLineLength = sizeof(kLine) - 1;

class PortableTable : public ::testing::Test {
 public:
  // Sets g_table up from the grants with (max_fds) descriptors and
  // (max_mapped) mappable bytes.
  void Init(uint32_t max_fds, uint64_t max_mapped) {
    ManifestError err;
    const int64_t n = write_manifest(ManifestLimits{max_fds, max_mapped},
                                     kGrants, kGrantCount, g_manifest_bytes,
                                     sizeof(g_manifest_bytes), &err);
    ASSERT_GT(n, 0) << err.message;
    Manifest m;
    ASSERT_EQ(
        parse_manifest(g_manifest_bytes, static_cast<size_t>(n), &m, &err), 0)
        << err.message;
    ASSERT_EQ(g_table.init(m), 0);
  }
  void SetUp() override { Init(16, 1 << 20); }
  void TearDown() override {
    EXPECT_TRUE(g_table.consistent());
    g_table.release();
  }
};

TEST_F(PortableTable, PreopensAndGrantsComeFromTheManifest) {
  Table& t = g_table;
  EXPECT_EQ(t.grant_count(), kGrantCount);
  EXPECT_EQ(t.max_descriptors(), 16u);
  EXPECT_EQ(t.rights(0), static_cast<int64_t>(kRightRead | kRightStat));
  EXPECT_EQ(t.rights(1), static_cast<int64_t>(kRightWrite | kRightStat));
  EXPECT_EQ(t.rights(3), -HCALL_EBADF);  // not preopened
  // The first free descriptor is the lowest one.
  EXPECT_EQ(t.open("out", kOpenWriteOnly), 3);
  EXPECT_EQ(t.grant_of(3), 3);
}

TEST_F(PortableTable, OpenByNameOnlyWithTheGrantsRights) {
  Table& t = g_table;
  EXPECT_EQ(t.open("missing", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t.open("ou", kOpenWriteOnly), -HCALL_ENOENT);
  EXPECT_EQ(t.open("", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t.open("missing", kOpenWriteOnly | kOpenCreate), -HCALL_EACCES);
  EXPECT_EQ(t.open("out", kOpenReadOnly), -HCALL_EACCES);  // no read right
  EXPECT_EQ(t.open("out", kOpenReadWrite), -HCALL_EACCES);
  EXPECT_EQ(t.open("in", kOpenWriteOnly), -HCALL_EACCES);
  EXPECT_EQ(t.open("out", kOpenWriteOnly | kOpenTruncate), -HCALL_EINVAL);
  EXPECT_EQ(t.open("out", kOpenWriteOnly | kOpenCreate | kOpenExclusive),
            -HCALL_EEXIST);
  const int out = t.open("out", kOpenWriteOnly);
  ASSERT_EQ(out, 3);
  EXPECT_EQ(t.rights(out), static_cast<int64_t>(kRightWrite | kRightStat));
}

TEST_F(PortableTable, CheckedCallsReachTheBackendOrAreRefusedBeforeIt) {
  Table& t = g_table;
  const int out = t.open("out", kOpenWriteOnly);
  ASSERT_EQ(out, 3);
  EXPECT_EQ(t.write(out, kLine, kLineLength),
            static_cast<int64_t>(kLineLength));
  struct hc_stat st;
  EXPECT_EQ(t.fstat(out, &st), 0);
  char c = 0;
  EXPECT_EQ(t.read(out, &c, 1), -HCALL_EACCES);
  EXPECT_EQ(t.pwrite(out, kLine, kLineLength, 0), -HCALL_EACCES);
  EXPECT_EQ(t.fsync(out), -HCALL_EACCES);
  EXPECT_EQ(t.write(0, kLine, kLineLength), -HCALL_EACCES);  // stdin
  EXPECT_EQ(t.write(9, kLine, kLineLength), -HCALL_EBADF);   // not open
  EXPECT_EQ(t.write(-1, kLine, kLineLength), -HCALL_EBADF);
  // A read-only descriptor can read and stat, not write.
  const int in = t.open("in", kOpenReadOnly);
  ASSERT_EQ(in, 4);
  EXPECT_EQ(t.fstat(in, &st), 0);
  EXPECT_EQ(t.write(in, kLine, kLineLength), -HCALL_EACCES);
  // Every right, but the backend has no such handle: its error, mapped.
  const int nothing = t.open("nothing", kOpenReadWrite);
  ASSERT_EQ(nothing, 5);
  EXPECT_EQ(t.fstat(nothing, &st), -HCALL_EBADF);
  EXPECT_EQ(t.pread(nothing, &c, 1, 0), -HCALL_EBADF);
}

TEST_F(PortableTable, AttenuationNarrowsAndRevocationReachesEveryDescendant) {
  Table& t = g_table;
  const int out = t.open("out", kOpenWriteOnly);
  ASSERT_EQ(out, 3);
  EXPECT_EQ(t.attenuate(out, kRightRead), -HCALL_EACCES);  // never amplifies
  const int stat_only = t.attenuate(out, kRightStat);
  ASSERT_EQ(stat_only, 4);
  const int stat_dup = t.dup(stat_only);
  ASSERT_EQ(stat_dup, 5);
  struct hc_stat st;
  EXPECT_EQ(t.write(stat_only, kLine, kLineLength), -HCALL_EACCES);
  EXPECT_EQ(t.fstat(stat_dup, &st), 0);
  const int sibling = t.open("out", kOpenWriteOnly);  // independent
  ASSERT_EQ(sibling, 6);

  EXPECT_EQ(t.revoke(out), 0);
  EXPECT_EQ(t.write(out, kLine, kLineLength), -HCALL_EREVOKED);
  EXPECT_EQ(t.fstat(stat_only, &st), -HCALL_EREVOKED);
  EXPECT_EQ(t.fstat(stat_dup, &st), -HCALL_EREVOKED);
  EXPECT_EQ(t.revoke(out), -HCALL_EREVOKED);
  EXPECT_EQ(t.write(sibling, kLine, kLineLength),
            static_cast<int64_t>(kLineLength));
  EXPECT_EQ(t.fstat(1, &st), 0);  // the preopened stdout is untouched

  // Revoked descriptors still close; then their numbers are reused.
  EXPECT_EQ(t.close(stat_only), 0);
  EXPECT_EQ(t.close(stat_only), -HCALL_EBADF);
  EXPECT_EQ(t.open("in", kOpenReadOnly), stat_only);
}

TEST_F(PortableTable, Dup2AndTheDescriptorLimit) {
  Table& t = g_table;
  EXPECT_EQ(t.dup2(1, 10), 10);
  EXPECT_EQ(t.write(10, kLine, kLineLength), static_cast<int64_t>(kLineLength));
  EXPECT_EQ(t.dup2(1, 16), -HCALL_EBADF);  // past max_descriptors
  EXPECT_EQ(t.dup2(7, 11), -HCALL_EBADF);  // 7 is not open
  int opened = 0;
  while (t.open("in", kOpenReadOnly) >= 0) ++opened;
  EXPECT_EQ(opened, 16 - 4);  // 0, 1, 2 and 10 were taken
  EXPECT_EQ(t.open("in", kOpenReadOnly), -HCALL_EMFILE);
  EXPECT_EQ(t.dup(1), -HCALL_EMFILE);
  EXPECT_EQ(t.close(5), 0);
  EXPECT_EQ(t.dup(1), 5);
}

TEST_F(PortableTable, MappingsCountAgainstTheQuota) {
  Table& t = g_table;
  t.release();
  Init(16, 2 * hc_page_size());
  const size_t page = hc_page_size();
  void* a = nullptr;
  void* b = nullptr;
  ASSERT_EQ(t.map_pages(page, HC_PROT_READ | HC_PROT_WRITE, &a), 0);
  static_cast<volatile uint8_t*>(a)[page - 1] = 7;
  EXPECT_EQ(t.mapped_bytes(), page);
  EXPECT_EQ(t.map_pages(2 * page, HC_PROT_READ | HC_PROT_WRITE, &b),
            -HCALL_ENOMEM);
  EXPECT_EQ(t.mapped_bytes(), page);
  ASSERT_EQ(t.map_pages(page, HC_PROT_READ, &b), 0);
  EXPECT_EQ(t.mapped_bytes(), 2 * page);
  EXPECT_EQ(t.unmap_pages(a, page), 0);
  EXPECT_EQ(t.unmap_pages(b, page), 0);
  EXPECT_EQ(t.mapped_bytes(), 0u);
  EXPECT_EQ(t.unmap_pages(b, page), -HCALL_EINVAL);  // more than is mapped
}

TEST_F(PortableTable, InitTwiceIsRefusedAndReleaseAllowsIt) {
  Table& t = g_table;
  Manifest m;
  ManifestError err;
  const size_t n = manifest_size(kGrants, kGrantCount);
  ASSERT_EQ(parse_manifest(g_manifest_bytes, n, &m, &err), 0) << err.message;
  EXPECT_EQ(t.init(m), -HCALL_EINVAL);
  t.release();
  EXPECT_FALSE(t.initialized());
  EXPECT_EQ(t.init(m), 0);
  EXPECT_EQ(t.open("out", kOpenWriteOnly), 3);
}

}  // namespace
}  // namespace hcall::cap
