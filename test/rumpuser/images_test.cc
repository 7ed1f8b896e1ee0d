// test/rumpuser/images_test.cc -- runs rump_image.cc as the launcher would
// (boot manifest in a memfd named by HCALL_MANIFEST_FD, granted descriptors
// inherited) on each Linux platform, and checks on the host what it did:
// the bytes it wrote to its block device, its console output, its exit.
//   --rump_image=PATH
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "capability/console_manifest.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "gtest/gtest.h"
#include "hypercall/testdata/image_run.h"

namespace {

using hcall::testing::ImageRun;
using hcall::testing::RunImage;
namespace cap = hcall::cap;

std::string g_image;

constexpr size_t kDisk = 65536;

uint8_t HostPattern(uint64_t i) { return static_cast<uint8_t>(i * 7 + 3); }
uint8_t ImagePattern(uint64_t i) { return static_cast<uint8_t>(i * 13 + 1); }

// The console as 0, 1, 2, plus (disk_fd) as the block device "disk" when
// it is >= 0. Returns a memfd holding the manifest.
int ManifestFd(int disk_fd) {
  std::vector<cap::Grant> g;
  if (disk_fd >= 0) {
    g.push_back(cap::Grant{"disk", 4, cap::kKindBlock, cap::kRightsAll, disk_fd,
                           cap::kNoPreopen, 512, kDisk});
  }
  const int fd = cap::ConsoleManifestMemfd(g, "rumpuser-manifest");
  EXPECT_GE(fd, 0);
  return fd;
}

ImageRun RunMode(const std::string& mode, std::vector<std::string> env = {}) {
  const int mf = ManifestFd(-1);
  env.push_back("HCALL_MANIFEST_FD=" + std::to_string(mf));
  ImageRun r = RunImage(g_image, {mode}, env, {mf});
  close(mf);
  return r;
}

TEST(RumpImage, BlockIoReachesTheHostFile) {
  ASSERT_FALSE(g_image.empty()) << "pass --rump_image=PATH";
  const char* dir = getenv("TEST_TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/diskXXXXXX";
  const int disk = mkstemp(path.data());
  ASSERT_GE(disk, 0);
  std::vector<uint8_t> bytes(kDisk);
  for (size_t i = 0; i < kDisk; ++i) bytes[i] = HostPattern(i);
  ASSERT_EQ(pwrite(disk, bytes.data(), kDisk, 0), static_cast<ssize_t>(kDisk));
  const int mf = ManifestFd(disk);
  const ImageRun r =
      RunImage(g_image, {"disk"}, {"HCALL_MANIFEST_FD=" + std::to_string(mf)},
               {mf, disk});
  close(mf);
  EXPECT_TRUE(r.exited(0)) << "status " << r.status << " stderr: " << r.err;
  EXPECT_NE(r.err.find("rump_image: disk ok (2 completions)"),
            std::string::npos)
      << r.err;
  // The host sees the image's sectors 8..23 and its own everywhere else.
  std::vector<uint8_t> after(kDisk);
  ASSERT_EQ(pread(disk, after.data(), kDisk, 0), static_cast<ssize_t>(kDisk));
  for (size_t i = 0; i < kDisk; ++i) {
    const uint8_t want =
        (i >= 4096 && i < 4096 + 8192) ? ImagePattern(i - 4096) : bytes[i];
    ASSERT_EQ(after[i], want) << "byte " << i;
  }
  close(disk);
  unlink(path.c_str());
}

TEST(RumpImage, WrongVersionIsRefusedWithAMessage) {
  const ImageRun r = RunMode("version");
  EXPECT_TRUE(r.exited(3)) << "status " << r.status << " stderr: " << r.err;
  EXPECT_EQ(r.err,
            "rumpuser: version mismatch: the rump kernel wants hypercall "
            "interface 16, hcall implements 17\n");
}

TEST(RumpImage, ParametersComeFromTheBootEnvironment) {
  ImageRun r = RunMode("params", {"RUMP_NCPU=3", "RUMP_HOSTNAME=vm1"});
  EXPECT_TRUE(r.exited(0)) << r.err;
  EXPECT_EQ(r.err, "ncpu=3 hostname=vm1\n");
  r = RunMode("params");
  EXPECT_TRUE(r.exited(0)) << r.err;
  EXPECT_EQ(r.err.rfind("ncpu=1 hostname=rump-", 0), 0u) << r.err;
  EXPECT_NE(r.err.find(".hcall\n"), std::string::npos) << r.err;
}

TEST(RumpImage, ConsoleOutput) {
  const ImageRun r = RunMode("console");
  EXPECT_TRUE(r.exited(0)) << r.err;
  EXPECT_EQ(r.out, "putchar line\nunterminated");
  EXPECT_EQ(r.err, "[-42|    7|ab  |00BE|str|ab|z|-1234567890123|99|%]\n");
}

TEST(RumpImage, ExitPanicAndKill) {
  ImageRun r = RunMode("exit");
  EXPECT_TRUE(r.exited(42)) << r.status;
  r = RunMode("panic");
  EXPECT_TRUE(r.killed_by(SIGABRT)) << r.status;
  EXPECT_NE(r.err.find("rumpuser: the rump kernel panicked"),
            std::string::npos);
  r = RunMode("kill");
  EXPECT_TRUE(r.exited(128 + 15)) << r.status << " " << r.err;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!hcall::testing::ParseDriverFlags("images_test", argc, argv,
                                        {{"--rump_image", &g_image}})) {
    return 2;
  }
  return RUN_ALL_TESTS();
}
