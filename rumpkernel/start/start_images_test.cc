// rumpkernel/start/start_images_test.cc -- runs testdata/start_image.cc
// through `hcall run`, as a user does, on each platform (natively, under
// qemu-user, or under qemu-system), and checks how a rump image ends: exit
// statuses, the output that must survive each end, RUMP_MEMLIMIT from
// --memory, the RUMP_* environment, grants registered by name.
//   --launcher=PATH --start_image=PATH
// plus hc_image_driver_test's settings flags: --platform names the platform;
// --emulator (qemu-user) or --qemu (qemu-system) says where QEMU is.
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/testdata/image_run.h"

namespace {

using hcall::testing::ImageRun;
using hcall::testing::RunImage;

std::string g_launcher;
std::string g_image;
std::string g_platform;
std::string g_qemu_dir;  // empty: the image runs natively

bool BareMetal() { return g_platform.rfind("none_", 0) == 0; }

// What the launcher reports for an image that aborted: SIGABRT on Linux;
// on bare metal Arm semihosting relays 134, x86_64's isa-debug-exit 127.
int AbortStatus() { return g_platform == "none_x86_64" ? 127 : 134; }

// (status) as the launcher relays it: isa-debug-exit (none_x86_64) carries
// 0..127 only, and the backend relays 127 for anything above.
int Relayed(int status) {
  return g_platform == "none_x86_64" && status > 127 ? 127 : status;
}

struct Outcome {
  ImageRun r;
  std::string all;  // stdout then stderr (one serial console on bare metal)
};

Outcome Hcall(const std::string& mode, std::vector<std::string> flags = {}) {
  std::vector<std::string> args = {"run", "--memory=64M", "--timeout=120s"};
  if (!g_qemu_dir.empty()) args.push_back("--qemu_dir=" + g_qemu_dir);
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(g_image);
  args.push_back("--");
  args.push_back(mode);
  Outcome run;
  run.r = RunImage(g_launcher, args, {}, {}, 120000);
  run.all = run.r.out + run.r.err;
  return run;
}

std::string Describe(const Outcome& run) {
  return "status " + std::to_string(run.r.status) + "\nstdout:\n" + run.r.out +
         "\nstderr:\n" + run.r.err;
}

bool Has(const Outcome& run, const std::string& text) {
  return run.all.find(text) != std::string::npos;
}

// Both buffers that only a flush gets out.
void ExpectFlushed(const Outcome& run) {
  EXPECT_TRUE(Has(run, "app: unflushed line\napp: partial")) << Describe(run);
  EXPECT_TRUE(Has(run, "kernel: partial")) << Describe(run);
}

TEST(RumpStart, MemlimitComesFromMemoryAndEnvironmentFromEnv) {
  Outcome run = Hcall("params", {"--env", "RUMP_NCPU=2", "--env", "FOO=bar"});
  EXPECT_TRUE(run.r.exited(0)) << Describe(run);
  // 3/4 of --memory=64M.
  EXPECT_TRUE(Has(run, "memlimit=50331648 ncpu=2 foo=bar\n")) << Describe(run);
  run = Hcall("params", {"--env", "RUMP_MEMLIMIT=12m"});
  EXPECT_TRUE(run.r.exited(0)) << Describe(run);
  EXPECT_TRUE(Has(run, "memlimit=12m ncpu=1 foo=(none)\n")) << Describe(run);
}

TEST(RumpStart, MalformedRumpNcpuIsAConfigurationError) {
  const Outcome run = Hcall("params", {"--env", "RUMP_NCPU=two"});
  EXPECT_TRUE(run.r.exited(78)) << Describe(run);
  EXPECT_TRUE(Has(run, "hcall: rump: malformed RUMP_NCPU")) << Describe(run);
}

TEST(RumpStart, MainsResultIsTheStatus) {
  const Outcome run = Hcall("exit");
  EXPECT_TRUE(run.r.exited(7)) << Describe(run);
  EXPECT_TRUE(Has(run, "app: returning 7\n")) << Describe(run);
}

TEST(RumpStart, KernelPanicExits100WithEverythingFlushed) {
  const Outcome run = Hcall("panic");
  EXPECT_TRUE(run.r.exited(100)) << Describe(run);
  ExpectFlushed(run);
  EXPECT_TRUE(Has(run, "kernel: partial panic: stand-in kernel panic"))
      << Describe(run);
  EXPECT_TRUE(Has(run, "rumpuser: the rump kernel panicked\n"))
      << Describe(run);
}

TEST(RumpStart, RebootExits0WithEverythingFlushed) {
  const Outcome run = Hcall("reboot");
  EXPECT_TRUE(run.r.exited(0)) << Describe(run);
  ExpectFlushed(run);
  EXPECT_TRUE(Has(run, "kernel: partial rump kernel halting..."))
      << Describe(run);
}

TEST(RumpStart, RebootWithDumpIsAPanic) {
  const Outcome run = Hcall("dump");
  EXPECT_TRUE(run.r.exited(100)) << Describe(run);
  ExpectFlushed(run);
}

TEST(RumpStart, MisuseCaughtByTheLibraryIsAPanic) {
  const Outcome run = Hcall("misuse");
  EXPECT_TRUE(run.r.exited(100)) << Describe(run);
  ExpectFlushed(run);
  EXPECT_TRUE(Has(run, "rumpuser: panic: ")) << Describe(run);
}

TEST(RumpStart, KillWithSigtermExits143Flushed) {
  const Outcome run = Hcall("kill");
  EXPECT_TRUE(run.r.exited(Relayed(128 + 15))) << Describe(run);
  ExpectFlushed(run);
}

TEST(RumpStart, DeadlockReportFlushesFirst) {
  const Outcome run = Hcall("deadlock");
  EXPECT_TRUE(run.r.exited(AbortStatus())) << Describe(run);
  ExpectFlushed(run);
  EXPECT_TRUE(Has(run, "hcall fibers: deadlock")) << Describe(run);
}

TEST(RumpStart, GrantsAreRegisteredByName) {
  const char* tmp = getenv("TEST_TMPDIR");
  const std::string dir = tmp != nullptr ? tmp : "/tmp";
  const std::string disk = dir + "/start_disk.img";
  const std::string notes = dir + "/start_notes.txt";
  for (const std::string& path : {disk, notes}) {
    const int fd = open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
    ASSERT_GE(fd, 0) << path;
    ASSERT_EQ(ftruncate(fd, 65536), 0);
    close(fd);
  }
  std::vector<std::string> flags = {"--block", "disk=" + disk};
  // Bare-metal images get block devices only.
  if (!BareMetal()) flags.insert(flags.begin(), {"--file", "notes=" + notes});
  const Outcome run = Hcall("grants", flags);
  EXPECT_TRUE(run.r.exited(0)) << Describe(run);
  EXPECT_TRUE(Has(run, "etfs /dev/disk -> disk type 1\n")) << Describe(run);
  if (!BareMetal()) {
    EXPECT_TRUE(Has(run, "etfs /notes -> notes type 0\n")) << Describe(run);
  }
  EXPECT_TRUE(Has(run, "register_grants=0\n")) << Describe(run);
}

std::string Directory(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!hcall::testing::ParseDriverFlags(
          "start_images_test", argc, argv,
          {{"--launcher", &g_launcher}, {"--start_image", &g_image}})) {
    return 2;
  }
  if (g_launcher.empty() || g_image.empty()) {
    fprintf(stderr, "start_images_test: pass --launcher and --start_image\n");
    return 2;
  }
  // The platform and its QEMU come as flags (ParseDriverFlags). The
  // launcher finds QEMU itself, in the directory the rule gives us; the
  // launcher itself runs natively (RunImage runs a host-CPU binary so).
  const hcall::testing::DriverSettings& settings = hcall::testing::Settings();
  g_platform = settings.platform.empty() ? "linux_x86_64" : settings.platform;
  if (!settings.emulator.empty()) g_qemu_dir = Directory(settings.emulator);
  if (!settings.qemu.empty()) {
    g_qemu_dir = Directory(settings.qemu.substr(0, settings.qemu.find(' ')));
  }
  return RUN_ALL_TESTS();
}
