// test/newlib_files/files_test.cc -- runs files.c through `hcall run`, as a
// user does, with a 64 KiB host file granted as "disk": on bare metal as a
// block device (--block, a virtio-blk device), on Linux as a file (--file).
// It checks the image's word (exit status 0 and "NEWLIB FILES OK") and the
// effect on the host: after the writable run the file holds the image's
// patterns exactly where pattern.h says and its own bytes everywhere else
// (same size); after the read-only run it is unchanged.
//   --launcher=PATH --files_image=PATH
// plus hc_image_driver_test's settings flags (--platform, and --emulator or
// --qemu, which say where QEMU is).
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/testdata/image_run.h"
#include "test/newlib_files/pattern.h"

namespace {

using hcall::testing::ImageRun;
using hcall::testing::RunImage;

std::string g_launcher;
std::string g_image;
std::string g_platform;
std::string g_qemu_dir;  // empty: the image runs natively

bool BareMetal() { return g_platform.rfind("none_", 0) == 0; }

std::string Directory(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

// A fresh disk holding the background pattern.
std::string MakeDisk(const std::string& name) {
  const char* dir = getenv("TEST_TMPDIR");
  const std::string path =
      std::string(dir != nullptr ? dir : "/tmp") + "/" + name + ".img";
  std::string bytes(FILES_DISK_SIZE, '\0');
  for (long i = 0; i < FILES_DISK_SIZE; ++i) {
    bytes[i] = static_cast<char>(files_background(i));
  }
  FILE* f = fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr) << path;
  if (f == nullptr) return path;
  EXPECT_EQ(fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
  EXPECT_EQ(fclose(f), 0);
  return path;
}

std::string ReadAll(const std::string& path) {
  std::string bytes;
  FILE* f = fopen(path.c_str(), "rb");
  if (f == nullptr) return bytes;
  char buf[8192];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), f)) > 0) bytes.append(buf, n);
  fclose(f);
  return bytes;
}

// `hcall run --GRANT disk=PATH:MODE IMAGE -- MODE KIND`.
ImageRun Hcall(const std::string& disk, const std::string& mode) {
  std::vector<std::string> args = {"run", "--timeout=150s"};
  if (!g_qemu_dir.empty()) args.push_back("--qemu_dir=" + g_qemu_dir);
  args.push_back(BareMetal() ? "--block" : "--file");
  args.push_back("disk=" + disk + ":" + mode);
  args.push_back(g_image);
  args.push_back("--");
  args.push_back(mode);
  args.push_back(BareMetal() ? "block" : "file");
  return RunImage(g_launcher, args, {}, {}, 180000);
}

std::string Describe(const ImageRun& r) {
  return "status " + std::to_string(r.status) + "\nstdout:\n" + r.out +
         "\nstderr:\n" + r.err;
}

// The seed of the range that holds (offset) after a writable run, or 0.
int SeedAt(long offset) {
  struct Range {
    long offset, length;
    int seed;
  };
  const Range ranges[] = {
      {FILES_R1_OFFSET, FILES_R1_LENGTH, 1},
      {FILES_R2_OFFSET, FILES_R2_LENGTH, 2},
      {FILES_R3_OFFSET, FILES_R3_LENGTH, 3},
      // Only a block device meets its end (files.c).
      {FILES_R4_OFFSET, BareMetal() ? FILES_R4_LENGTH : 0, 4},
  };
  for (const Range& r : ranges) {
    if (offset >= r.offset && offset < r.offset + r.length) return r.seed;
  }
  return 0;
}

// Every byte of (bytes) that differs from what it should be, at most 8.
std::string Mismatches(const std::string& bytes, bool written) {
  std::string report;
  int shown = 0;
  for (long i = 0; i < static_cast<long>(bytes.size()) && shown < 8; ++i) {
    const int seed = written ? SeedAt(i) : 0;
    const uint8_t want =
        seed == 0 ? files_background(i) : files_pattern(i, seed);
    if (static_cast<uint8_t>(bytes[i]) != want) {
      report += "offset " + std::to_string(i) + ": " +
                std::to_string(static_cast<uint8_t>(bytes[i])) + ", want " +
                std::to_string(want) + "\n";
      ++shown;
    }
  }
  return report;
}

TEST(NewlibFiles, WritesLandOnTheHostFileAndNothingElseChanges) {
  const std::string disk = MakeDisk("rw");
  const ImageRun r = Hcall(disk, "rw");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_NE(r.out.find("NEWLIB FILES OK\n"), std::string::npos) << Describe(r);
  const std::string bytes = ReadAll(disk);
  EXPECT_EQ(bytes.size(), static_cast<size_t>(FILES_DISK_SIZE));
  EXPECT_EQ(Mismatches(bytes, true), "");
}

TEST(NewlibFiles, ReadOnlyGrantRefusesEveryWriteAndStaysUnchanged) {
  const std::string disk = MakeDisk("ro");
  const ImageRun r = Hcall(disk, "ro");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_NE(r.out.find("NEWLIB FILES OK\n"), std::string::npos) << Describe(r);
  const std::string bytes = ReadAll(disk);
  EXPECT_EQ(bytes.size(), static_cast<size_t>(FILES_DISK_SIZE));
  EXPECT_EQ(Mismatches(bytes, false), "");
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!hcall::testing::ParseDriverFlags(
          "files_test", argc, argv,
          {{"--launcher", &g_launcher}, {"--files_image", &g_image}})) {
    return 2;
  }
  if (g_launcher.empty() || g_image.empty()) {
    fprintf(stderr, "files_test: pass --launcher and --files_image\n");
    return 2;
  }
  // The launcher finds QEMU itself, in the directory the rule names.
  const hcall::testing::DriverSettings& settings = hcall::testing::Settings();
  g_platform = settings.platform;
  if (!settings.emulator.empty()) g_qemu_dir = Directory(settings.emulator);
  if (!settings.qemu.empty()) {
    g_qemu_dir = Directory(settings.qemu.substr(0, settings.qemu.find(' ')));
  }
  return RUN_ALL_TESTS();
}
