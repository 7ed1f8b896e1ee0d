// test/newlib_files/files_test.cc -- runs files.c through `hcall run`, as a
// user does, with a 64 KiB host file granted as "disk": on bare metal as a
// block device (--block, a virtio-blk device), on Linux as a file (--file).
// It checks the image's word (exit status 0 and "NEWLIB FILES OK") and the
// effect on the host: after the writable run the file holds the image's
// patterns exactly where pattern.h says and its own bytes everywhere else
// (same size); after the read-only run it is unchanged.
// It also runs stdin.c with its console input from a host file: on bare
// metal the launcher's QEMU reads it into the serial port and the backend
// polls the UART (^D is the end of input there, CR becomes LF).
//   --launcher=PATH --files_image=PATH --stdin_image=PATH
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
std::string g_stdin_image;
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

// `hcall run FLAGS... IMAGE -- ARGS...`.
ImageRun Launch(const std::vector<std::string>& flags, const std::string& image,
                const std::vector<std::string>& image_args) {
  std::vector<std::string> args = {"run", "--timeout=60s"};
  if (!g_qemu_dir.empty()) args.push_back("--qemu_dir=" + g_qemu_dir);
  args.insert(args.end(), flags.begin(), flags.end());
  args.push_back(image);
  args.push_back("--");
  args.insert(args.end(), image_args.begin(), image_args.end());
  return RunImage(g_launcher, args, {}, {}, 90000);
}

// `hcall run --GRANT disk=PATH:MODE FILES_IMAGE -- MODE KIND`.
ImageRun Hcall(const std::string& disk, const std::string& mode) {
  return Launch(
      {BareMetal() ? "--block" : "--file", "disk=" + disk + ":" + mode},
      g_image, {mode, BareMetal() ? "block" : "file"});
}

// STDIN_IMAGE (mode) run with (input) as its standard input, which the
// launcher passes on (to QEMU's serial port on bare metal).
ImageRun WithInput(const std::string& input, const std::string& mode) {
  const char* dir = getenv("TEST_TMPDIR");
  const std::string path =
      std::string(dir != nullptr ? dir : "/tmp") + "/input_" + mode;
  FILE* f = fopen(path.c_str(), "wb");
  EXPECT_NE(f, nullptr) << path;
  if (f == nullptr) return ImageRun{};
  EXPECT_EQ(fwrite(input.data(), 1, input.size(), f), input.size());
  EXPECT_EQ(fclose(f), 0);
  // The image inherits the driver's descriptor 0 through RunImage.
  const int in = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const int saved = dup(0);
  EXPECT_GE(in, 0);
  EXPECT_GE(saved, 0);
  dup2(in, 0);
  close(in);
  const ImageRun r = Launch({}, g_stdin_image, {mode});
  dup2(saved, 0);
  close(saved);
  return r;
}

uint32_t Fnv1a(const std::string& bytes) {
  uint32_t hash = 2166136261u;
  for (char c : bytes) hash = (hash ^ static_cast<uint8_t>(c)) * 16777619u;
  return hash;
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

TEST(NewlibConsole, LinesEndOfInputAndInputAfterIt) {
  if (!BareMetal()) {
    GTEST_SKIP() << "^D and CR are the bare-metal console's; a Linux image's "
                    "stdin is the host's descriptor";
  }
  // CR and LF both end a line; ^D ends the input, even in mid-line, and
  // the input goes on after it.
  const ImageRun r = WithInput(
      "one\rtwo\nthree\x04"
      "four\n\x04",
      "lines");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_EQ(r.out,
            "line 1: one\n"
            "line 2: two\n"
            "line 3: three\n"
            "end of input after 3 lines, 13 bytes\n"
            "line 1: four\n"
            "end of input after 1 lines, 5 bytes\n"
            "NEWLIB STDIN OK\n")
      << Describe(r);
}

TEST(NewlibConsole, BulkInputArrivesWhole) {
  // 16 KiB of text without CR or ^D (thousands of UART reads on bare metal,
  // about 4 s there); on bare metal ^D ends it.
  std::string text;
  for (int i = 0; text.size() < 16 * 1024; ++i) {
    text += "input line " + std::to_string(i) + " of the console test\n";
  }
  const ImageRun r = WithInput(BareMetal() ? text + "\x04" : text, "bulk");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  char want[64];
  snprintf(want, sizeof(want), "bulk: %zu bytes, fnv1a 0x%08x\n", text.size(),
           Fnv1a(text));
  EXPECT_EQ(r.out, std::string(want) + "NEWLIB STDIN OK\n") << Describe(r);
  printf("%zu bytes of console input in %.2f s (boot included)\n", text.size(),
         r.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!hcall::testing::ParseDriverFlags("files_test", argc, argv,
                                        {{"--launcher", &g_launcher},
                                         {"--files_image", &g_image},
                                         {"--stdin_image", &g_stdin_image}})) {
    return 2;
  }
  if (g_launcher.empty() || g_image.empty() || g_stdin_image.empty()) {
    fprintf(stderr,
            "files_test: pass --launcher, --files_image and --stdin_image\n");
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
