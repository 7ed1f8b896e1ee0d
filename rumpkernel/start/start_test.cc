// rumpkernel/start/start_test.cc -- hcall_rump_start and
// hcall_rump_register_grants in one process: the capability table from a
// manifest with a 64 MiB quota, RUMP_MEMLIMIT derived from it, the RUMP_*
// environment, the flush hook, and the grants registered with the stand-in
// kernel. How an image ends (exit statuses, flushes) is start_images_test.
//
// Portable (test/harness/hctest.h subset, no libc). hcall_rump_start boots
// the capability table, which a process does once: one test does it.
#include <stddef.h>
#include <stdint.h>

#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "rump/hcall_start.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fake_kernel_pub.h"

namespace {

namespace cap = hcall::cap;

constexpr uint64_t kMiB = uint64_t{1} << 20;

int g_flushes = 0;
void CountFlush() { ++g_flushes; }

bool Same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

TEST(RumpStart, MemlimitIsThreeQuartersOfTheQuotaInPages) {
  EXPECT_EQ(hcall_rump_memlimit_for(0), 0u);
  EXPECT_EQ(hcall_rump_memlimit_for(4096), 0u);
  EXPECT_EQ(hcall_rump_memlimit_for(10000), 4096u);
  EXPECT_EQ(hcall_rump_memlimit_for(64 * kMiB), 48 * kMiB);
  EXPECT_EQ(hcall_rump_memlimit_for(uint64_t{1} << 40), uint64_t{3} << 38);
  EXPECT_EQ(hcall_rump_memlimit_for(100 * kMiB + 1), 75 * kMiB);
}

TEST(RumpStart, BootsConfiguresAndRegistersGrants) {
  const cap::Grant grants[] = {
      {"stdin", 5, cap::kKindConsole, cap::kRightRead | cap::kRightStat,
       HC_HANDLE_CONSOLE_IN, 0, 0, 0},
      {"stdout", 6, cap::kKindConsole, cap::kRightWrite | cap::kRightStat,
       HC_HANDLE_CONSOLE_OUT, 1, 0, 0},
      {"stderr", 6, cap::kKindConsole, cap::kRightWrite | cap::kRightStat,
       HC_HANDLE_CONSOLE_ERR, 2, 0, 0},
      {"disk", 4, cap::kKindBlock, cap::kRightsAll, 3, cap::kNoPreopen, 512,
       65536},
      // No STAT right: rumpuser_getfileinfo calls it REG without the host.
      {"notes", 5, cap::kKindFile, cap::kRightRead | cap::kRightPread, 4,
       cap::kNoPreopen, 0, 0},
  };
  static uint8_t manifest[1024];
  const cap::ManifestLimits limits = {16, 64 * kMiB};
  cap::ManifestError err;
  const int64_t len =
      cap::write_manifest(limits, grants, sizeof(grants) / sizeof(grants[0]),
                          manifest, sizeof(manifest), &err);
  ASSERT_GT(len, 0) << err.message;
  static char ncpu[] = "RUMP_NCPU=2";
  static char other[] = "OTHER=x";
  static char* env[] = {ncpu, other, nullptr};
  static char arg0[] = "start_test";
  static char* argv[] = {arg0, nullptr};
  hc_boot_info boot = {};
  boot.abi_version = HC_ABI_VERSION;
  boot.size = sizeof(boot);
  boot.argc = 1;
  boot.argv = argv;
  boot.envp = env;
  boot.manifest = manifest;
  boot.manifest_len = static_cast<uint64_t>(len);

  hcall_rump_start(&boot, &CountFlush);

  // The capability table, with the quota as its memory limit.
  ASSERT_TRUE(cap::process_table().initialized());
  EXPECT_EQ(cap::process_table().max_mapped_bytes(), 64 * kMiB);
  // RUMP_MEMLIMIT beside the boot environment, which is left alone.
  EXPECT_EQ(hcall_rump_memlimit(), 48 * kMiB);
  char buf[32];
  EXPECT_EQ(rumpuser_getparam("RUMP_MEMLIMIT", buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "50331648");
  EXPECT_EQ(rumpuser_getparam("OTHER", buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "x");
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "2");
  EXPECT_EQ(env[2], nullptr);
  // The flush hook runs when the kernel's side flushes before an end.
  hcall_rumpuser_flush();
  EXPECT_EQ(g_flushes, 1);

  // The kernel is booted (rump_init -> rumpuser_init), then main()
  // registers the grants.
  rumptest::Reset(1);
  ASSERT_EQ(rumpuser_init(RUMPUSER_VERSION, rumptest::Hyperup()), 0);
  EXPECT_EQ(hcall_rump_register_grants(), 0);
  ASSERT_EQ(rumptest::EtfsCount(), 2);
  EXPECT_STREQ(rumptest::Etfs(0).key, "/dev/disk");
  EXPECT_STREQ(rumptest::Etfs(0).hostpath, "disk");
  EXPECT_EQ(rumptest::Etfs(0).ftype, 1);  // RUMP_ETFS_BLK
  EXPECT_STREQ(rumptest::Etfs(1).key, "/notes");
  EXPECT_STREQ(rumptest::Etfs(1).hostpath, "notes");
  EXPECT_EQ(rumptest::Etfs(1).ftype, 0);  // RUMP_ETFS_REG
  // A second time every key exists: the kernel's first error comes back,
  // and every grant was tried.
  EXPECT_EQ(hcall_rump_register_grants(), 17);
  EXPECT_EQ(rumptest::EtfsCount(), 2);
  EXPECT_TRUE(Same(rumptest::Etfs(1).key, "/notes"));
}

}  // namespace
