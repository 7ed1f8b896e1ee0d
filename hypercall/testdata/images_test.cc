// Runs the test images as a launcher would and checks what they print and
// how they end:
//   --hello=PATH          hello.cc: "Hello from hcall\n", exit status 7,
//                         static with no interpreter and no dynamic section;
//   --hello_max_bytes=N   optional: the (stripped) hello image is < N bytes;
//   --deterministic=PATH  deterministic_image.cc: two runs print identical
//                         bytes, the 10 s sleep returns at once, the seed
//                         variable is honoured and a malformed one aborts;
//   --boot=PATH           boot_image.cc: argv, environ, manifest handed over,
//                         launcher variables removed, manifest handle closed.
// An image for another CPU runs under qemu-user: the --emulator the rule
// passes, or (by hand, without one) qemu-aarch64, qemu-arm or qemu-x86_64
// from PATH, chosen from its ELF header (image_run.h, EmulatorFor).
#include <elf.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/testdata/image_run.h"

namespace {

using hcall::testing::ImageRun;
using hcall::testing::RunImage;

// A run that prints nothing for this long has hung: fail it.
constexpr int kTimeoutMs = 30000;

std::string g_hello;
std::string g_deterministic;
std::string g_boot;
long g_hello_max_bytes = 0;

std::vector<unsigned char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

// The line of (text) that starts with (prefix), or "".
std::string line_with(const std::string& text, const std::string& prefix) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (text.compare(at, prefix.size(), prefix) == 0) {
      return text.substr(at, end - at);
    }
    at = end + 1;
  }
  return "";
}

// (text) without its "env: " lines, which are returned sorted in (env):
// qemu-user passes the environment to the image in a different order.
std::string split_env_lines(const std::string& text,
                            std::vector<std::string>* env) {
  std::string rest;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string line = text.substr(at, end - at);
    if (line.compare(0, 5, "env: ") == 0) {
      env->push_back(line);
    } else {
      rest += line;
    }
    at = end;
  }
  std::sort(env->begin(), env->end());
  return rest;
}

// A memfd holding (content), inheritable by the image under its number.
int manifest_fd(const std::string& content) {
  const int fd = memfd_create("hcall-test-manifest", MFD_CLOEXEC);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, content.data(), content.size()),
            static_cast<ssize_t>(content.size()));
  return fd;
}

TEST(HelloImage, PrintsTheGreetingAndExitsWith7) {
  ASSERT_FALSE(g_hello.empty()) << "pass --hello=PATH to this test";
  const ImageRun r = RunImage(g_hello, {}, {}, {}, kTimeoutMs);
  EXPECT_EQ(r.out, "Hello from hcall\n");
  EXPECT_TRUE(r.exited(7)) << "status " << r.status << " stderr: " << r.err;
}

TEST(HelloImage, IsStaticWithNoInterpreterOrDynamicSection) {
  ASSERT_FALSE(g_hello.empty()) << "pass --hello=PATH to this test";
  const std::vector<unsigned char> elf = read_file(g_hello);
  ASSERT_GE(elf.size(), sizeof(Elf32_Ehdr));
  ASSERT_EQ(std::memcmp(elf.data(), ELFMAG, SELFMAG), 0);
  std::vector<uint32_t> types;
  uint16_t e_type;
  if (elf[EI_CLASS] == ELFCLASS64) {
    Elf64_Ehdr eh;
    std::memcpy(&eh, elf.data(), sizeof(eh));
    e_type = eh.e_type;
    for (int i = 0; i < eh.e_phnum; ++i) {
      Elf64_Phdr ph;
      std::memcpy(&ph, elf.data() + eh.e_phoff + i * eh.e_phentsize,
                  sizeof(ph));
      types.push_back(ph.p_type);
    }
  } else {
    Elf32_Ehdr eh;
    std::memcpy(&eh, elf.data(), sizeof(eh));
    e_type = eh.e_type;
    for (int i = 0; i < eh.e_phnum; ++i) {
      Elf32_Phdr ph;
      std::memcpy(&ph, elf.data() + eh.e_phoff + i * eh.e_phentsize,
                  sizeof(ph));
      types.push_back(ph.p_type);
    }
  }
  EXPECT_EQ(e_type, ET_EXEC);
  for (uint32_t t : types) {
    EXPECT_NE(t, static_cast<uint32_t>(PT_INTERP)) << "needs a dynamic loader";
    EXPECT_NE(t, static_cast<uint32_t>(PT_DYNAMIC)) << "has a dynamic section";
    EXPECT_NE(t, static_cast<uint32_t>(PT_TLS)) << "uses thread-local storage";
  }
}

TEST(HelloImage, IsSmallEnough) {
  ASSERT_FALSE(g_hello.empty()) << "pass --hello=PATH to this test";
  if (g_hello_max_bytes == 0) GTEST_SKIP() << "no --hello_max_bytes given";
  struct stat st;
  ASSERT_EQ(stat(g_hello.c_str(), &st), 0);
  EXPECT_LT(st.st_size, g_hello_max_bytes);
  RecordProperty("hello_bytes", std::to_string(st.st_size));
}

TEST(DeterministicImage, TwoRunsGiveIdenticalBytesAndSleepReturnsAtOnce) {
  ASSERT_FALSE(g_deterministic.empty())
      << "pass --deterministic=PATH to this test";
  const ImageRun a = RunImage(g_deterministic, {}, {}, {}, kTimeoutMs);
  const ImageRun b = RunImage(g_deterministic, {}, {}, {}, kTimeoutMs);
  EXPECT_TRUE(a.exited(0)) << a.out << a.err;
  EXPECT_TRUE(b.exited(0)) << b.out << b.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("\nDETERMINISTIC OK\n"), std::string::npos) << a.out;
  EXPECT_EQ(line_with(a.out, "monotonic elapsed ns:"),
            "monotonic elapsed ns: 10000000000");
  EXPECT_EQ(line_with(a.out, "realtime after:"),
            "realtime after: 946684810.000000000");
  // A run that really slept could not end in under the 10 s slept, however
  // idle the host; one that did not ends long before, however busy.
  EXPECT_LT(a.seconds, 10.0);
  EXPECT_LT(b.seconds, 10.0);
}

TEST(DeterministicImage, LauncherSeedChangesOnlyTheRandomBytes) {
  ASSERT_FALSE(g_deterministic.empty())
      << "pass --deterministic=PATH to this test";
  const ImageRun plain = RunImage(g_deterministic, {}, {}, {}, kTimeoutMs);
  const ImageRun seeded1 =
      RunImage(g_deterministic, {}, {"HCALL_SEED=0x1234"}, {}, kTimeoutMs);
  const ImageRun seeded2 =
      RunImage(g_deterministic, {}, {"HCALL_SEED=4660"}, {}, kTimeoutMs);
  EXPECT_TRUE(seeded1.exited(0)) << seeded1.err;
  EXPECT_EQ(seeded1.out, seeded2.out);  // 0x1234 == 4660
  EXPECT_EQ(line_with(seeded1.out, "seed:"), "seed: given");
  EXPECT_EQ(line_with(plain.out, "seed:"), "seed: default");
  EXPECT_NE(line_with(seeded1.out, "random:"), line_with(plain.out, "random:"));
  EXPECT_EQ(line_with(seeded1.out, "monotonic after:"),
            line_with(plain.out, "monotonic after:"));
}

TEST(DeterministicImage, MalformedSeedAbortsWithAMessage) {
  ASSERT_FALSE(g_deterministic.empty())
      << "pass --deterministic=PATH to this test";
  const ImageRun r =
      RunImage(g_deterministic, {}, {"HCALL_SEED=0xzz"}, {}, kTimeoutMs);
  EXPECT_TRUE(r.killed_by(SIGABRT)) << "status " << r.status;
  EXPECT_NE(r.err.find("hcall: malformed launcher variable HCALL_SEED"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(BootImage, HandsOverArgumentsEnvironmentAndManifest) {
  ASSERT_FALSE(g_boot.empty()) << "pass --boot=PATH to this test";
  const std::string manifest = "console out handle=1\ndisk0 block rw\n";
  const int fd = manifest_fd(manifest);
  const std::string fd_text = std::to_string(fd);
  const ImageRun r = RunImage(g_boot, {fd_text, "two words"},
                              {"HCTEST_A=1", "HCALL_MANIFEST_FD=" + fd_text,
                               "HCTEST_B=x=y", "HCALL_SEED=77"},
                              {fd}, kTimeoutMs);
  close(fd);
  EXPECT_TRUE(r.exited(0)) << r.out << r.err;
  const std::string expected =
      "constructors: 12\n"
      "argc: 3\n"
      "argv: " +
      fd_text +
      "\n"
      "argv: two words\n"
      "launcher variables visible: 0\n"
      "seed: 77\n"
      "manifest: " +
      std::to_string(manifest.size()) + " bytes: " + manifest +
      "\n"
      "handle " +
      fd_text +
      ": closed\n"
      "BOOT OK\n";
  std::vector<std::string> env;
  EXPECT_EQ(split_env_lines(r.out, &env), expected);
  EXPECT_EQ(env, (std::vector<std::string>{"env: HCTEST_A=1\n",
                                           "env: HCTEST_B=x=y\n"}));
}

TEST(BootImage, NoManifestVariableMeansNoManifest) {
  ASSERT_FALSE(g_boot.empty()) << "pass --boot=PATH to this test";
  const ImageRun r = RunImage(g_boot, {}, {"HCTEST_ONLY=1"}, {}, kTimeoutMs);
  EXPECT_TRUE(r.exited(0)) << r.out << r.err;
  EXPECT_EQ(r.out,
            "constructors: 12\n"
            "argc: 1\n"
            "env: HCTEST_ONLY=1\n"
            "launcher variables visible: 0\n"
            "seed: none\n"
            "manifest: none\n"
            "BOOT OK\n");
}

TEST(BootImage, UnreadableManifestAbortsWithAMessage) {
  ASSERT_FALSE(g_boot.empty()) << "pass --boot=PATH to this test";
  const ImageRun r =
      RunImage(g_boot, {}, {"HCALL_MANIFEST_FD=911"}, {}, kTimeoutMs);
  EXPECT_TRUE(r.killed_by(SIGABRT)) << "status " << r.status;
  EXPECT_NE(r.err.find("hcall: cannot read the boot manifest from "
                       "HCALL_MANIFEST_FD: HC_EBADH"),
            std::string::npos)
      << r.err;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::string max_bytes;
  if (!hcall::testing::ParseDriverFlags("images_test", argc, argv,
                                        {{"--hello", &g_hello},
                                         {"--deterministic", &g_deterministic},
                                         {"--boot", &g_boot},
                                         {"--hello_max_bytes", &max_bytes}})) {
    return 2;
  }
  if (!max_bytes.empty()) {
    g_hello_max_bytes = std::strtol(max_bytes.c_str(), nullptr, 10);
  }
  return RUN_ALL_TESTS();
}
