// test/newlib_differential/differential_test.cc -- runs differential.c
// built on newlib (an image, booted as a launcher would: the boot manifest
// in a memfd, the file granted read-write as "data") and built on glibc
// (static; natively or under qemu-user, as HCALL_EMULATOR says), each on
// its own copies of the same files with TZ=UTC, and requires the same
// output line for line, the same status and the same file contents
// afterwards (but for FULL: glibc truncates it, newlib refuses to).
//   --newlib=PATH  the image
//   --glibc=PATH   the glibc program
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
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

std::string g_newlib;
std::string g_glibc;

constexpr char kContents[] = "line one\nline two\n3.25 42 word\n";

// The boot manifest: the console as 0, 1, 2 and the files (fds) granted
// read-write (every right) as "data", "empty" and "full". Returns a memfd.
int ManifestFd(const int (&fds)[3]) {
  using namespace hcall::cap;
  const int fd = ConsoleManifestMemfd(
      {
          {"data", 4, kKindFile, kRightsAll, fds[0], kNoPreopen, 0, 0},
          {"empty", 5, kKindFile, kRightsAll, fds[1], kNoPreopen, 0, 0},
          {"full", 4, kKindFile, kRightsAll, fds[2], kNoPreopen, 0, 0},
      },
      "differential-manifest");
  EXPECT_GE(fd, 0);
  return fd;
}

// A new file holding (contents); returns its path.
std::string NewFile(const std::string& tag, const char* contents = kContents) {
  const char* dir = getenv("TEST_TMPDIR");
  const std::string path =
      std::string(dir != nullptr ? dir : "/tmp") + "/differential_" + tag;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  return path;
}

// Where newlib and glibc differ, knowingly: the line each prints and why.
// The newlib line must stay exactly this (a change either way is seen);
// README.md, "C library", lists the same.
struct KnownDifference {
  const char* glibc;
  const char* newlib;
  const char* why;
};
constexpr KnownDifference kKnownDifferences[] = {
    {"printf %a of a subnormal: 0x0.0000000000001p-1022 0x0.000p-1022 "
     "0X0.0000000000001P-1022",
     "printf %a of a subnormal: 0x1p-1074 0x1.000p-1074 0X1P-1074",
     "both conform: the leading hex digit of a subnormal is unspecified"},
    {"sscanf [0x1.8p1]: 1 4008000000000000 n=7; float 1 4008000000000000 n=7",
     "sscanf [0x1.8p1]: 1 0000000000000000 n=1; float 1 0000000000000000 n=1",
     "newlib 3.3.0's scanf has no hexadecimal floating input (C99 7.21.6.2; "
     "strtod has it)"},
    {"sscanf [1e]: 1 3ff0000000000000 n=2; float 1 3ff0000000000000 n=2",
     "sscanf [1e]: 1 3ff0000000000000 n=1; float 1 3ff0000000000000 n=1",
     "an exponent without digits: glibc consumes the 'e', newlib pushes it "
     "back"},
    {"sscanf [0x]: 0 0000000000000000 n=-1; float 0 0000000000000000 n=-1",
     "sscanf [0x]: 1 0000000000000000 n=1; float 1 0000000000000000 n=1",
     "\"0x\" without hex digits: glibc reports a matching failure, newlib "
     "converts the 0"},
    {"strtod [0x1p-1074]: 0000000000000001 0 end 9; strtof 0000000000000000 "
     "ERANGE",
     "strtod [0x1p-1074]: 0000000000000001 0 end 9; strtof 0000000000000000 0",
     "underflow: whether errno is ERANGE is implementation-defined (C11 "
     "7.22.1.3p10); newlib leaves it"},
    {"strtod [1e-320]: 00000000000007e8 ERANGE end 6; strtof 0000000000000000 "
     "ERANGE",
     "strtod [1e-320]: 00000000000007e8 0 end 6; strtof 0000000000000000 0",
     "as for 0x1p-1074"},
    {"strtod [2.2250738585072011e-308]: 000fffffffffffff ERANGE end 23; "
     "strtof 0000000000000000 ERANGE",
     "strtod [2.2250738585072011e-308]: 000fffffffffffff 0 end 23; strtof "
     "0000000000000000 0",
     "as for 0x1p-1074"},
    {"modes: a+: ok reads [first]", "modes: a+: ok reads EOF",
     "where \"a+\" starts reading is the library's choice: glibc at the "
     "start, newlib (BSD stdio) at the end"},
    {"modes: w on a file with contents: ok",
     "modes: w on a file with contents: EINVAL",
     "the hypercall ABI cannot truncate: newlib's system layer opens \"w\" "
     "only where there is nothing to truncate (an empty file)"},
    {"strftime %Z with TZ=UTC: UTC", "strftime %Z with TZ=UTC: GMT",
     "\"UTC\" is not a POSIX TZ (no offset): newlib ignores it and keeps "
     "its default, GMT; glibc reads the zone file (both at offset 0)"},
    {"tgamma: inf -inf 1.77245385091 1 nan 1 362880 9.51350769867 "
     "2.28803779534 0.000530397706352 9.32096310408e+156 9999999999.42 inf "
     "inf nan inf nan nan",
     "tgamma: inf inf 1.77245385091 1 inf 1 362880 9.51350769867 "
     "2.28803779534 0.000530397706352 9.32096310408e+156 9999999999.42 inf "
     "inf inf inf inf nan",
     "newlib's tgamma gives +inf for -0 (Annex F: -inf), for -1 and for -inf "
     "(glibc: NaN, a domain error)"},
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Differential, NewlibImageAndGlibcPrintTheSame) {
  ASSERT_FALSE(g_newlib.empty()) << "pass --newlib=PATH";
  ASSERT_FALSE(g_glibc.empty()) << "pass --glibc=PATH";

  const std::string glibc_file = NewFile("glibc");
  const std::string glibc_empty = NewFile("glibc_empty", "");
  const std::string glibc_full = NewFile("glibc_full");
  const ImageRun glibc =
      RunImage(g_glibc, {glibc_file, glibc_empty, glibc_full}, {"TZ=UTC"});
  ASSERT_TRUE(glibc.exited(0))
      << "glibc status " << glibc.status << " stderr: " << glibc.err;

  const std::string newlib_file = NewFile("newlib");
  const std::string newlib_empty = NewFile("newlib_empty", "");
  const std::string newlib_full = NewFile("newlib_full");
  int fds[3];
  const std::string* paths[3] = {&newlib_file, &newlib_empty, &newlib_full};
  for (int i = 0; i < 3; ++i) {
    fds[i] = open(paths[i]->c_str(), O_RDWR | O_CLOEXEC);
    ASSERT_GE(fds[i], 0);
  }
  const int mf = ManifestFd(fds);
  const ImageRun newlib =
      RunImage(g_newlib, {"data", "empty", "full"},
               {"TZ=UTC", "HCALL_MANIFEST_FD=" + std::to_string(mf)},
               {mf, fds[0], fds[1], fds[2]});
  close(mf);
  for (int fd : fds) close(fd);
  ASSERT_TRUE(newlib.exited(0))
      << "newlib status " << newlib.status << " stderr: " << newlib.err;
  EXPECT_EQ(newlib.err, "");
  EXPECT_EQ(glibc.err, "");

  // Both ran to the end; then every line, each difference reported.
  const std::vector<std::string> want = Lines(glibc.out);
  const std::vector<std::string> got = Lines(newlib.out);
  ASSERT_FALSE(want.empty());
  EXPECT_EQ(want.back(), "DIFFERENTIAL DONE");
  EXPECT_EQ(want.size(), got.size());
  int differences = 0;
  for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
    if (want[i] == got[i]) continue;
    bool known = false;
    for (const KnownDifference& k : kKnownDifferences) {
      known = known || (want[i] == k.glibc && got[i] == k.newlib);
    }
    if (known) continue;
    ADD_FAILURE() << "line " << i + 1 << "\n  glibc:  " << want[i]
                  << "\n  newlib: " << got[i];
    if (++differences == 30) break;
  }
  EXPECT_EQ(ReadFile(newlib_file), ReadFile(glibc_file));
  EXPECT_EQ(ReadFile(newlib_empty), ReadFile(glibc_empty));
  // newlib refused to truncate it (glibc emptied its copy).
  EXPECT_EQ(ReadFile(newlib_full), kContents);
  EXPECT_EQ(ReadFile(glibc_full), "");
  for (const std::string* p : {&glibc_file, &glibc_empty, &glibc_full,
                               &newlib_file, &newlib_empty, &newlib_full}) {
    unlink(p->c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (!hcall::testing::ParseDriverFlags(
          "differential_test", argc, argv,
          {{"--newlib", &g_newlib}, {"--glibc", &g_glibc}})) {
    return 2;
  }
  return RUN_ALL_TESTS();
}
