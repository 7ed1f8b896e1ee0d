// libc_shim/testdata/images_test.cc -- runs the libc-free images built on
// the shim's standard names as a launcher would (boot manifest in a memfd
// named by HCALL_MANIFEST_FD, granted files as inherited descriptors) and
// checks what they print and how they end:
//   --wc=PATH          testdata/wc.cc: counts a granted file; the numbers
//                      must equal the host's `LC_ALL=C wc -l -w -c`;
//   --shim_image=PATH  testdata/shim_image.cc: exit/atexit/flush order,
//                      environ, threads, formatted output, exit status 5,
//                      the double-free abort, open() of an unknown name.
// An image for another CPU runs under qemu-user: the --emulator the rule
// passes, or one chosen from its ELF header (image_run.h, EmulatorFor).
#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
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

std::string g_wc;
std::string g_shim_image;

// The boot manifest: the console preopened as 0, 1, 2, plus (file_fd)
// granted read-only as (name) when (file_fd) >= 0. Returns a memfd.
int ManifestFd(const std::string& name, int file_fd) {
  using namespace hcall::cap;
  std::vector<Grant> grants;
  if (file_fd >= 0) {
    grants.push_back(Grant{name.c_str(), static_cast<uint32_t>(name.size()),
                           kKindFile, kRightRead | kRightPread | kRightStat,
                           file_fd, kNoPreopen, 0, 0});
  }
  const int fd = ConsoleManifestMemfd(grants, "libc-shim-manifest");
  EXPECT_GE(fd, 0);
  return fd;
}

std::string WriteTemp(const std::string& content) {
  const char* dir = getenv("TEST_TMPDIR");
  std::string templ =
      std::string(dir != nullptr ? dir : "/tmp") + "/hcl_wc_XXXXXX";
  std::vector<char> t(templ.begin(), templ.end());
  t.push_back('\0');
  const int fd = mkstemp(t.data());
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, content.data(), content.size()),
            static_cast<ssize_t>(content.size()));
  close(fd);
  return t.data();
}

// "LINES WORDS BYTES" from the host's wc in the C locale.
std::string HostWc(const std::string& path) {
  const std::string cmd = "LC_ALL=C wc -l -w -c < '" + path + "'";
  FILE* p = popen(cmd.c_str(), "r");
  unsigned long long l = 0, w = 0, c = 0;
  EXPECT_EQ(fscanf(p, "%llu %llu %llu", &l, &w, &c), 3);
  pclose(p);
  return std::to_string(l) + " " + std::to_string(w) + " " + std::to_string(c);
}

void CheckWc(const std::string& content) {
  ASSERT_FALSE(g_wc.empty()) << "pass --wc=PATH";
  const std::string path = WriteTemp(content);
  const int file = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(file, 0);
  const int mf = ManifestFd("input", file);
  const ImageRun r = RunImage(
      g_wc, {"input"}, {"HCALL_MANIFEST_FD=" + std::to_string(mf)}, {mf, file});
  close(mf);
  close(file);
  EXPECT_TRUE(r.exited(0)) << "status " << r.status << " stderr: " << r.err;
  EXPECT_EQ(r.out, HostWc(path) + " input\n");
  unlink(path.c_str());
}

TEST(WordCount, PlainText) {
  CheckWc("the quick brown fox\njumps over\n\nthe lazy dog\n");
}

TEST(WordCount, EmptyFile) { CheckWc(""); }

TEST(WordCount, NoTrailingNewlineAndAllWhiteSpace) {
  CheckWc("  \t one\vtwo\fthree\r\nfour");
}

TEST(WordCount, BinaryBytesAndControlCharacters) {
  std::string s;
  std::mt19937 rng(9);
  for (int i = 0; i < 5000; ++i) s += static_cast<char>(rng() & 0xff);
  CheckWc(s);
}

TEST(WordCount, LargeFileOverManyReads) {
  std::string s;
  std::mt19937 rng(10);
  static const char* const kWords[] = {"alpha",       "be",   "c",
                                       "delta\t",     "  ",   "\n",
                                       "eps\x01ilon", "\x7f", "z\n\n"};
  while (s.size() < 700000) s += kWords[rng() % 9], s += ' ';
  CheckWc(s);
}

TEST(WordCount, UnknownNameFails) {
  ASSERT_FALSE(g_wc.empty()) << "pass --wc=PATH";
  const int mf = ManifestFd("", -1);
  const ImageRun r = RunImage(
      g_wc, {"input"}, {"HCALL_MANIFEST_FD=" + std::to_string(mf)}, {mf});
  close(mf);
  EXPECT_TRUE(r.exited(1)) << r.status;
  EXPECT_EQ(r.err, "wc: input: No such file or directory\n");
}

TEST(WordCount, NoManifestIsABootFailure) {
  ASSERT_FALSE(g_wc.empty()) << "pass --wc=PATH";
  const ImageRun r = RunImage(g_wc, {"input"}, {}, {});
  EXPECT_TRUE(r.exited(78)) << r.status;
  EXPECT_NE(r.err.find("hcall: bad boot manifest"), std::string::npos) << r.err;
}

TEST(ShimImage, ExitRunsAtexitThenFlushesAndKeepsTheStatus) {
  ASSERT_FALSE(g_shim_image.empty()) << "pass --shim_image=PATH";
  const int mf = ManifestFd("", -1);
  const ImageRun r = RunImage(
      g_shim_image, {},
      {"SHIM_TEST=hello", "HCALL_MANIFEST_FD=" + std::to_string(mf)}, {mf});
  close(mf);
  EXPECT_TRUE(r.exited(5)) << "status " << r.status << " stderr: " << r.err;
  EXPECT_EQ(r.out,
            "getenv: hello\n"
            "environ SHIM_ entries: 2\n"
            "threads sum: 1000\n"
            "slept enough: yes\n"
            "snprintf: ab    |+0042|0xff|(nil)\n"
            "strtol: -31\n"
            "SHIM IMAGE OK\n"
            "unflushed tail atexit 2\n"
            "atexit 1\n");
  EXPECT_EQ(r.err, "");
}

TEST(ShimImage, DoubleFreeAbortsWithTheAllocatorsMessage) {
  ASSERT_FALSE(g_shim_image.empty()) << "pass --shim_image=PATH";
  const int mf = ManifestFd("", -1);
  const ImageRun r =
      RunImage(g_shim_image, {"double-free"},
               {"HCALL_MANIFEST_FD=" + std::to_string(mf)}, {mf});
  close(mf);
  EXPECT_TRUE(r.killed_by(SIGABRT)) << "status " << r.status;
  EXPECT_NE(r.err.find("hcl_free: double free of 0x"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(ShimImage, OpenOfAnUnknownNameSetsErrno) {
  ASSERT_FALSE(g_shim_image.empty()) << "pass --shim_image=PATH";
  const int mf = ManifestFd("", -1);
  const ImageRun r =
      RunImage(g_shim_image, {"bad-name"},
               {"HCALL_MANIFEST_FD=" + std::to_string(mf)}, {mf});
  close(mf);
  EXPECT_TRUE(r.exited(0)) << r.status;
  EXPECT_EQ(r.out, "open: -1 errno 2 (No such file or directory)\n");
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (!hcall::testing::ParseDriverFlags(
          "images_test", argc, argv,
          {{"--wc", &g_wc}, {"--shim_image", &g_shim_image}})) {
    return 2;
  }
  return RUN_ALL_TESTS();
}
