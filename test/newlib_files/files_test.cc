// test/newlib_files/files_test.cc -- runs files.c through `hcall run`, as a
// user does, with a 64 KiB host file granted as "disk": on bare metal as a
// block device (--block, a virtio-blk device), on Linux as a file (--file)
// and as a block device (--block: the image sees a block device there too).
// It checks the image's word (exit status 0 and "NEWLIB FILES OK") and the
// effect on the host: after the writable run the file holds the image's
// patterns exactly where pattern.h says and its own bytes everywhere else
// (same size); after the read-only run it is unchanged.
// It also runs stdin.c with its console input from a host file: on bare
// metal the launcher's QEMU reads it into the serial port and the backend
// polls the UART (^D is the end of input there, for good; CR becomes LF).
//   --launcher=PATH --files_image=PATH --stdin_image=PATH
// plus hc_image_driver_test's settings flags (--platform, and --emulator or
// --qemu, which say where QEMU is).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
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

// `hcall run --GRANT disk=PATH:MODE FILES_IMAGE -- MODE KIND`: a block
// grant with (block), else a file grant (bare metal has only the first).
ImageRun Hcall(const std::string& disk, const std::string& mode, bool block) {
  return Launch({block ? "--block" : "--file", "disk=" + disk + ":" + mode},
                g_image, {mode, block ? "block" : "file"});
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

// The seed of the range that holds (offset) after a writable run of a block
// grant (block) or a file grant, or 0.
int SeedAt(long offset, bool block) {
  struct Range {
    long offset, length;
    int seed;
  };
  const Range ranges[] = {
      {FILES_R1_OFFSET, FILES_R1_LENGTH, 1},
      {FILES_R2_OFFSET, FILES_R2_LENGTH, 2},
      {FILES_R3_OFFSET, FILES_R3_LENGTH, 3},
      // Only a block device meets its end (files.c).
      {FILES_R4_OFFSET, block ? FILES_R4_LENGTH : 0, 4},
  };
  for (const Range& r : ranges) {
    if (offset >= r.offset && offset < r.offset + r.length) return r.seed;
  }
  return 0;
}

// Every byte of (bytes) that differs from what it should be after a run
// that (written) to a block grant (block) or a file grant, at most 8.
std::string Mismatches(const std::string& bytes, bool written, bool block) {
  std::string report;
  int shown = 0;
  for (long i = 0; i < static_cast<long>(bytes.size()) && shown < 8; ++i) {
    const int seed = written ? SeedAt(i, block) : 0;
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
  const ImageRun r = Hcall(disk, "rw", BareMetal());
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_NE(r.out.find("NEWLIB FILES OK\n"), std::string::npos) << Describe(r);
  const std::string bytes = ReadAll(disk);
  EXPECT_EQ(bytes.size(), static_cast<size_t>(FILES_DISK_SIZE));
  EXPECT_EQ(Mismatches(bytes, true, BareMetal()), "");
}

TEST(NewlibFiles, ReadOnlyGrantRefusesEveryWriteAndStaysUnchanged) {
  const std::string disk = MakeDisk("ro");
  const ImageRun r = Hcall(disk, "ro", BareMetal());
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_NE(r.out.find("NEWLIB FILES OK\n"), std::string::npos) << Describe(r);
  const std::string bytes = ReadAll(disk);
  EXPECT_EQ(bytes.size(), static_cast<size_t>(FILES_DISK_SIZE));
  EXPECT_EQ(Mismatches(bytes, false, BareMetal()), "");
}

// A Linux image given the host file with --block sees what a bare-metal
// one sees (the two tests above): fstat and stat say a block device of the
// file's size with 512-byte sectors, and a write stops at the device's end.
TEST(NewlibFiles, LinuxBlockGrantOfAFileIsABlockDevice) {
  if (BareMetal()) {
    GTEST_SKIP() << "the tests above grant the disk with --block here";
  }
  const std::string disk = MakeDisk("block");
  const ImageRun r = Hcall(disk, "rw", true);
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_NE(r.out.find("ok: fstat: a block device\n"), std::string::npos)
      << Describe(r);
  EXPECT_NE(r.out.find("NEWLIB FILES OK\n"), std::string::npos) << Describe(r);
  const std::string bytes = ReadAll(disk);
  EXPECT_EQ(bytes.size(), static_cast<size_t>(FILES_DISK_SIZE));
  EXPECT_EQ(Mismatches(bytes, true, true), "");
}

// What `stdin lines` prints for the lines one, two, three and the end of
// its input: the second pass after clearerr() meets the end at once.
constexpr char kThreeLinesThenTheEndForGood[] =
    "line 1: one\n"
    "line 2: two\n"
    "line 3: three\n"
    "end of input after 3 lines, 13 bytes\n"
    "end of input after 0 lines, 0 bytes\n"
    "NEWLIB STDIN OK\n";

TEST(NewlibConsole, LinesAndAnEndOfInputInMidLine) {
  if (!BareMetal()) {
    GTEST_SKIP() << "^D and CR are the bare-metal console's; a Linux image's "
                    "stdin is the host's descriptor";
  }
  // CR and LF both end a line; ^D ends the input, even in mid-line, for
  // good: what follows it is never read, and the second pass sees the end
  // at once.
  const ImageRun r = WithInput(
      "one\rtwo\nthree\x04"
      "four\n",
      "lines");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_EQ(r.out, kThreeLinesThenTheEndForGood) << Describe(r);
}

// The end of hcall's own stdin is the end of the image's input, and it
// stays: an image that reads to the end twice finishes, as it does on a
// pipe on Linux (on bare metal hcall sends one ^D when its stdin ends; a
// read after it used to wait for ever).
TEST(NewlibConsole, ReadingToTheEndTwiceFinishes) {
  const ImageRun r = WithInput("one\ntwo\nthree", "lines");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  EXPECT_EQ(r.out, kThreeLinesThenTheEndForGood) << Describe(r);
}

TEST(NewlibConsole, BulkInputArrivesWhole) {
  // 16 KiB of text without CR or ^D (thousands of UART reads on bare metal,
  // about 4 s there). Its end is the end of the image's input: on bare
  // metal hcall sends a ^D when its own input ends.
  std::string text;
  for (int i = 0; text.size() < 16 * 1024; ++i) {
    text += "input line " + std::to_string(i) + " of the console test\n";
  }
  const ImageRun r = WithInput(text, "bulk");
  EXPECT_TRUE(r.exited(0)) << Describe(r);
  char want[64];
  snprintf(want, sizeof(want), "bulk: %zu bytes, fnv1a 0x%08x\n", text.size(),
           Fnv1a(text));
  EXPECT_EQ(r.out, std::string(want) + "NEWLIB STDIN OK\n") << Describe(r);
  printf("%zu bytes of console input in %.2f s (boot included)\n", text.size(),
         r.seconds);
}

// Ctrl-C while the image waits for input: hcall passes SIGINT on (on bare
// metal to QEMU, which stops the machine by exiting 0, which semihosting
// would otherwise take for the image's own status) and reports the signal:
// 130, never 0 or the launcher's internal error.
TEST(NewlibConsole, InterruptWhileReadingIsReportedAsTheSignal) {
  int in[2], out[2], err[2];
  ASSERT_EQ(pipe(in), 0);
  ASSERT_EQ(pipe(out), 0);
  ASSERT_EQ(pipe(err), 0);
  std::vector<std::string> args = {g_launcher, "run", "--timeout=60s"};
  if (!g_qemu_dir.empty()) args.push_back("--qemu_dir=" + g_qemu_dir);
  args.insert(args.end(), {g_stdin_image, "--", "lines"});
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // One line in; the input stays open, so the image then waits for more.
  ASSERT_EQ(write(in[1], "partial\n", 8), 8);
  std::string seen;
  const time_t give_up = time(nullptr) + 60;
  while (seen.find("line 1: partial\n") == std::string::npos &&
         time(nullptr) < give_up) {
    struct pollfd p = {out[0], POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    char buf[256];
    const ssize_t n = read(out[0], buf, sizeof(buf));
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
  }
  EXPECT_NE(seen.find("line 1: partial\n"), std::string::npos) << seen;
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int st = 0;
  ASSERT_EQ(waitpid(pid, &st, 0), pid);
  close(in[1]);
  std::string errors;
  char buf[512];
  ssize_t n;
  while ((n = read(err[0], buf, sizeof(buf))) > 0) errors.append(buf, n);
  while ((n = read(out[0], buf, sizeof(buf))) > 0) seen.append(buf, n);
  close(out[0]);
  close(err[0]);
  ASSERT_TRUE(WIFEXITED(st)) << errors;
  EXPECT_EQ(WEXITSTATUS(st), 128 + SIGINT) << errors;
  EXPECT_NE(errors.find("signal 2 (SIGINT) (passed on by hcall"),
            std::string::npos)
      << errors;
  EXPECT_EQ(seen.find("NEWLIB STDIN OK"), std::string::npos) << seen;
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
