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
// An image for another CPU runs under qemu-user (qemu-aarch64, qemu-arm,
// qemu-x86_64 from PATH), chosen from its ELF header; set HCALL_EMULATOR to
// override (an empty value runs images directly).
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

namespace {

std::string g_hello;
std::string g_deterministic;
std::string g_boot;
long g_hello_max_bytes = 0;

std::vector<unsigned char> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<unsigned char>(std::istreambuf_iterator<char>(in), {});
}

uint16_t elf_machine(const std::string& path) {
  const std::vector<unsigned char> bytes = read_file(path);
  if (bytes.size() < 20 || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0) {
    return 0;
  }
  return static_cast<uint16_t>(bytes[18] | (bytes[19] << 8));
}

// The command prefix that runs (image) on this host.
std::vector<std::string> emulator_for(const std::string& image) {
  if (const char* forced = getenv("HCALL_EMULATOR")) {
    if (*forced == '\0') return {};
    return {forced};
  }
  const uint16_t machine = elf_machine(image);
  if (machine == elf_machine("/proc/self/exe")) return {};
  switch (machine) {
    case EM_AARCH64:
      return {"qemu-aarch64"};
    case EM_ARM:
      return {"qemu-arm"};
    case EM_X86_64:
      return {"qemu-x86_64"};
    default:
      return {};
  }
}

struct ImageRun {
  std::string out;
  std::string err;
  int status = -1;
  double seconds = 0;

  bool exited(int code) const {
    return WIFEXITED(status) && WEXITSTATUS(status) == code;
  }
  bool killed_by(int sig) const {
    return WIFSIGNALED(status) && WTERMSIG(status) == sig;
  }
};

double now_seconds() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<double>(t.tv_sec) + t.tv_nsec / 1e9;
}

// Runs (image) with arguments (args) and exactly the environment (env);
// (inherit_fd), if not -1, stays open in the image under its number.
ImageRun run_image(const std::string& image,
                   const std::vector<std::string>& args,
                   const std::vector<std::string>& env, int inherit_fd = -1) {
  std::vector<std::string> argv_strings = emulator_for(image);
  // A bare file name would be looked up in PATH.
  argv_strings.push_back(image.find('/') == std::string::npos ? "./" + image
                                                              : image);
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(&s[0]);
  argv.push_back(nullptr);
  std::vector<std::string> env_strings = env;
  if (const char* path = getenv("PATH")) {
    env_strings.push_back(std::string("PATH=") + path);
  }
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(&s[0]);
  envp.push_back(nullptr);

  int out[2], err[2];
  ImageRun result;
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) return result;
  const double start = now_seconds();
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    dup2(err[1], 2);
    if (inherit_fd >= 0) fcntl(inherit_fd, F_SETFD, 0);
    execvpe(argv[0], argv.data(), envp.data());
    _exit(126);
  }
  close(out[1]);
  close(err[1]);
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_pipes = 2;
  while (open_pipes > 0) {
    if (poll(fds, 2, 30000) <= 0) break;  // 30 s: a hung image fails
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      const ssize_t n = read(fds[i].fd, buf, sizeof(buf));
      if (n > 0) {
        sinks[i]->append(buf, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_pipes;
      }
    }
  }
  if (open_pipes > 0) kill(pid, SIGKILL);
  waitpid(pid, &result.status, 0);
  result.seconds = now_seconds() - start;
  for (const pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  return result;
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
  const ImageRun r = run_image(g_hello, {}, {});
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
  const ImageRun a = run_image(g_deterministic, {}, {});
  const ImageRun b = run_image(g_deterministic, {}, {});
  EXPECT_TRUE(a.exited(0)) << a.out << a.err;
  EXPECT_TRUE(b.exited(0)) << b.out << b.err;
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("\nDETERMINISTIC OK\n"), std::string::npos) << a.out;
  EXPECT_EQ(line_with(a.out, "monotonic elapsed ns:"),
            "monotonic elapsed ns: 10000000000");
  EXPECT_EQ(line_with(a.out, "realtime after:"),
            "realtime after: 946684810.000000000");
  // Both runs, emulator start-up included, well under the 10 s slept.
  EXPECT_LT(a.seconds, 5.0);
  EXPECT_LT(b.seconds, 5.0);
}

TEST(DeterministicImage, LauncherSeedChangesOnlyTheRandomBytes) {
  ASSERT_FALSE(g_deterministic.empty())
      << "pass --deterministic=PATH to this test";
  const ImageRun plain = run_image(g_deterministic, {}, {});
  const ImageRun seeded1 =
      run_image(g_deterministic, {}, {"HCALL_SEED=0x1234"});
  const ImageRun seeded2 = run_image(g_deterministic, {}, {"HCALL_SEED=4660"});
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
  const ImageRun r = run_image(g_deterministic, {}, {"HCALL_SEED=0xzz"});
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
  const ImageRun r = run_image(g_boot, {fd_text, "two words"},
                               {"HCTEST_A=1", "HCALL_MANIFEST_FD=" + fd_text,
                                "HCTEST_B=x=y", "HCALL_SEED=77"},
                               fd);
  close(fd);
  EXPECT_TRUE(r.exited(0)) << r.out << r.err;
  const std::string expected =
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
  const ImageRun r = run_image(g_boot, {}, {"HCTEST_ONLY=1"});
  EXPECT_TRUE(r.exited(0)) << r.out << r.err;
  EXPECT_EQ(r.out,
            "argc: 1\n"
            "env: HCTEST_ONLY=1\n"
            "launcher variables visible: 0\n"
            "seed: none\n"
            "manifest: none\n"
            "BOOT OK\n");
}

TEST(BootImage, UnreadableManifestAbortsWithAMessage) {
  ASSERT_FALSE(g_boot.empty()) << "pass --boot=PATH to this test";
  const ImageRun r = run_image(g_boot, {}, {"HCALL_MANIFEST_FD=911"});
  EXPECT_TRUE(r.killed_by(SIGABRT)) << "status " << r.status;
  EXPECT_NE(r.err.find("hcall: cannot read the boot manifest from "
                       "HCALL_MANIFEST_FD: HC_EBADH"),
            std::string::npos)
      << r.err;
}

bool take_flag(const char* arg, const char* name, std::string* value) {
  const size_t n = std::strlen(name);
  if (std::strncmp(arg, name, n) != 0 || arg[n] != '=') return false;
  *value = arg + n + 1;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    std::string max_bytes;
    if (take_flag(argv[i], "--hello", &g_hello) ||
        take_flag(argv[i], "--deterministic", &g_deterministic) ||
        take_flag(argv[i], "--boot", &g_boot)) {
      continue;
    }
    if (take_flag(argv[i], "--hello_max_bytes", &max_bytes)) {
      g_hello_max_bytes = std::strtol(max_bytes.c_str(), nullptr, 10);
      continue;
    }
    fprintf(stderr, "images_test: unknown argument %s\n", argv[i]);
    return 2;
  }
  return RUN_ALL_TESTS();
}
