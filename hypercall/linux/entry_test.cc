// Tests of the entry code (entry.cc) on fabricated initial stacks: argv,
// environ and auxv parsing, removal of the launcher's variables, seed and
// descriptor formats, manifest loading, the ABI version check, and the whole
// start sequence up to hc_main() and exit (in child processes).
#include "hypercall/linux/entry.h"

#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

constexpr uintptr_t kAtPagesz = 6;
constexpr uintptr_t kAtSysinfoEhdr = 33;
constexpr uintptr_t kAtUid = 11;

// The initial stack the kernel would build: argc, argv, NULL, envp, NULL,
// auxv pairs, AT_NULL.
class FakeStack {
 public:
  FakeStack(std::vector<std::string> args, std::vector<std::string> env,
            std::vector<std::pair<uintptr_t, uintptr_t>> auxv)
      : args_(std::move(args)), env_(std::move(env)) {
    words_.push_back(args_.size());
    for (std::string& a : args_)
      words_.push_back(reinterpret_cast<uintptr_t>(&a[0]));
    words_.push_back(0);
    for (std::string& e : env_)
      words_.push_back(reinterpret_cast<uintptr_t>(&e[0]));
    words_.push_back(0);
    for (const auto& pair : auxv) {
      words_.push_back(pair.first);
      words_.push_back(pair.second);
    }
    words_.push_back(0);
    words_.push_back(0);
  }
  uintptr_t* sp() { return words_.data(); }

 private:
  std::vector<std::string> args_;
  std::vector<std::string> env_;
  std::vector<uintptr_t> words_;
};

std::vector<std::pair<uintptr_t, uintptr_t>> real_auxv() {
  return {{kAtPagesz, getauxval(AT_PAGESZ)},
          {kAtSysinfoEhdr, getauxval(AT_SYSINFO_EHDR)}};
}

std::vector<std::string> env_list(char** envp) {
  std::vector<std::string> out;
  for (; *envp != nullptr; ++envp) out.push_back(*envp);
  return out;
}

struct Parsed {
  hc_status_t status;
  hc_boot_info boot;
  hc_linux::StartInfo start;
};

Parsed parse(FakeStack* stack) {
  Parsed p;
  std::memset(&p.boot, 0, sizeof(p.boot));
  p.status = hc_linux::parse_initial_stack(stack->sp(), &p.boot, &p.start);
  return p;
}

// A memfd holding (content), at a fresh descriptor.
int memfd_with(const std::string& content) {
  const int fd = memfd_create("hcall-manifest", 0);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, content.data(), content.size()),
            static_cast<ssize_t>(content.size()));
  return fd;
}

bool is_open(int fd) { return fcntl(fd, F_GETFD) != -1; }

class EntryTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(hc_linux::hosted_init(), HC_OK); }
};

TEST_F(EntryTest, ParsesArgumentsEnvironmentAndAuxiliaryVector) {
  FakeStack stack(
      {"image", "a", "b c"}, {"A=1", "B=2"},
      {{kAtUid, 1000}, {kAtPagesz, 16384}, {kAtSysinfoEhdr, 0x1234}});
  Parsed p = parse(&stack);
  ASSERT_EQ(p.status, HC_OK);
  EXPECT_EQ(p.boot.argc, 3);
  EXPECT_STREQ(p.boot.argv[0], "image");
  EXPECT_STREQ(p.boot.argv[2], "b c");
  EXPECT_EQ(p.boot.argv[3], nullptr);
  EXPECT_EQ(env_list(p.boot.envp), (std::vector<std::string>{"A=1", "B=2"}));
  EXPECT_EQ(p.start.config.page_size, 16384u);
  EXPECT_EQ(p.start.config.vdso_base, 0x1234u);
  EXPECT_EQ(p.start.config.seed_given, 0u);
  EXPECT_EQ(p.start.manifest_fd, -1);
  EXPECT_EQ(p.boot.flags, 0u);
  EXPECT_EQ(p.boot.seed, 0u);
}

TEST_F(EntryTest, NoArgumentsNoEnvironmentNoAuxv) {
  FakeStack stack({}, {}, {});
  Parsed p = parse(&stack);
  ASSERT_EQ(p.status, HC_OK);
  EXPECT_EQ(p.boot.argc, 0);
  EXPECT_EQ(p.boot.argv[0], nullptr);
  EXPECT_EQ(p.boot.envp[0], nullptr);
  EXPECT_EQ(p.start.config.page_size, 0u);
  EXPECT_EQ(p.start.config.vdso_base, 0u);
}

TEST_F(EntryTest, RemovesTheLauncherVariablesAndKeepsTheOrder) {
  FakeStack stack({"image"},
                  {"A=1", "HCALL_SEED=42", "HCALL_SEEDLING=3", "B=2",
                   "HCALL_MANIFEST_FD=5", "HCALL_SEED", "C=3"},
                  real_auxv());
  Parsed p = parse(&stack);
  ASSERT_EQ(p.status, HC_OK);
  EXPECT_EQ(env_list(p.boot.envp),
            (std::vector<std::string>{"A=1", "HCALL_SEEDLING=3", "B=2",
                                      "HCALL_SEED", "C=3"}));
  EXPECT_EQ(p.boot.envp[5], nullptr);
  EXPECT_EQ(p.boot.envp[6], nullptr);  // freed slots are cleared
  EXPECT_EQ(p.boot.envp[7], nullptr);
  EXPECT_EQ(p.start.manifest_fd, 5);
  EXPECT_EQ(p.start.config.seed, 42u);
  EXPECT_EQ(p.start.config.seed_given, 1u);
  EXPECT_EQ(p.boot.seed, 42u);
  EXPECT_EQ(p.boot.flags, HC_BOOT_SEED_GIVEN);
  EXPECT_EQ(p.start.config.page_size, getauxval(AT_PAGESZ));
}

TEST_F(EntryTest, SeedIsDecimalOrHexadecimal) {
  const std::pair<const char*, uint64_t> good[] = {
      {"0", 0},
      {"1234", 1234},
      {"0x1F", 31},
      {"0XaB", 171},
      {"007", 7},
      {"18446744073709551615", UINT64_MAX},
      {"0xffffffffffffffff", UINT64_MAX},
  };
  for (const auto& g : good) {
    FakeStack stack({"i"}, {std::string("HCALL_SEED=") + g.first}, {});
    Parsed p = parse(&stack);
    EXPECT_EQ(p.status, HC_OK) << g.first;
    EXPECT_EQ(p.start.config.seed, g.second) << g.first;
    EXPECT_EQ(p.start.config.seed_given, 1u);
  }
}

TEST_F(EntryTest, MalformedSeedIsInvalidAndStillRemoved) {
  for (const char* bad : {"", "0x", "-1", "+1", " 1", "12a", "1.5", "0x1g",
                          "18446744073709551616", "0x10000000000000000",
                          "99999999999999999999999"}) {
    FakeStack stack({"i"}, {"A=1", std::string("HCALL_SEED=") + bad}, {});
    Parsed p = parse(&stack);
    EXPECT_EQ(p.status, HC_EINVAL) << '"' << bad << '"';
    EXPECT_STREQ(p.start.bad_variable, "HCALL_SEED");
    EXPECT_EQ(env_list(p.boot.envp), (std::vector<std::string>{"A=1"}));
  }
}

TEST_F(EntryTest, ManifestDescriptorIsDecimalOnly) {
  for (const auto& g : std::vector<std::pair<const char*, int32_t>>{
           {"0", 0}, {"9", 9}, {"2147483647", INT32_MAX}}) {
    FakeStack stack({"i"}, {std::string("HCALL_MANIFEST_FD=") + g.first}, {});
    Parsed p = parse(&stack);
    EXPECT_EQ(p.status, HC_OK) << g.first;
    EXPECT_EQ(p.start.manifest_fd, g.second);
  }
  for (const char* bad : {"", "0x5", "-1", "2147483648", "5 ", "x"}) {
    FakeStack stack({"i"}, {std::string("HCALL_MANIFEST_FD=") + bad}, {});
    Parsed p = parse(&stack);
    EXPECT_EQ(p.status, HC_EINVAL) << '"' << bad << '"';
    EXPECT_STREQ(p.start.bad_variable, "HCALL_MANIFEST_FD");
    EXPECT_EQ(p.boot.envp[0], nullptr);
  }
}

TEST_F(EntryTest, LoadsTheManifestIntoReadOnlyPagesAndClosesIt) {
  std::string content(2 * hc_page_size() + 3, '\0');
  for (size_t i = 0; i < content.size(); ++i)
    content[i] = static_cast<char>(i * 7);
  const int fd = memfd_with(content);
  hc_boot_info boot;
  std::memset(&boot, 0, sizeof(boot));
  ASSERT_EQ(hc_linux::load_manifest(fd, &boot), HC_OK);
  EXPECT_FALSE(is_open(fd));
  ASSERT_NE(boot.manifest, nullptr);
  EXPECT_EQ(boot.manifest_len, content.size());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(boot.manifest) & (hc_page_size() - 1),
            0u);
  EXPECT_EQ(std::memcmp(boot.manifest, content.data(), content.size()), 0);
  char* writable = const_cast<char*>(static_cast<const char*>(boot.manifest));
  EXPECT_DEATH(*reinterpret_cast<volatile char*>(writable) = 1, "");
}

TEST_F(EntryTest, EmptyManifestIsNone) {
  const int fd = memfd_with("");
  hc_boot_info boot;
  std::memset(&boot, 0, sizeof(boot));
  ASSERT_EQ(hc_linux::load_manifest(fd, &boot), HC_OK);
  EXPECT_FALSE(is_open(fd));
  EXPECT_EQ(boot.manifest, nullptr);
  EXPECT_EQ(boot.manifest_len, 0u);
}

TEST_F(EntryTest, ManifestMustBeAFileAndOpen) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  hc_boot_info boot;
  std::memset(&boot, 0, sizeof(boot));
  EXPECT_EQ(hc_linux::load_manifest(p[0], &boot), HC_ENOTSUP);
  EXPECT_FALSE(is_open(p[0]));
  close(p[1]);
  EXPECT_EQ(hc_linux::load_manifest(p[0], &boot), HC_EBADH);
  EXPECT_EQ(boot.manifest, nullptr);
}

TEST_F(EntryTest, AbiVersionCheck) {
  hc_linux::check_abi_version(HC_ABI_VERSION);  // returns
  EXPECT_EXIT(hc_linux::check_abi_version(HC_ABI_VERSION + 98),
              ::testing::KilledBySignal(SIGABRT),
              "image was built for hypercall ABI version 99 but this backend "
              "provides version 1");
}

// hc_main() for the start tests below: checks what the entry code passed and
// returns 42, or a small code naming the first mismatch.
std::string g_expected_manifest;

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  if (boot->abi_version != HC_ABI_VERSION) return 1;
  if (boot->size != sizeof(hc_boot_info)) return 2;
  if (boot->argc != 2 || std::strcmp(boot->argv[1], "go") != 0) return 3;
  for (char** e = boot->envp; *e != nullptr; ++e) {
    if (std::strncmp(*e, "HCALL_", 6) == 0) return 4;
  }
  if (boot->manifest_len != g_expected_manifest.size()) return 5;
  if (boot->manifest_len != 0 &&
      std::memcmp(boot->manifest, g_expected_manifest.data(),
                  g_expected_manifest.size()) != 0) {
    return 6;
  }
  for (uint64_t r : boot->reserved) {
    if (r != 0) return 7;
  }
  if ((boot->flags & HC_BOOT_SEED_GIVEN) == 0 || boot->seed != 0x99) return 8;
  return 42;
}

namespace {

TEST_F(EntryTest, StartCallsHcMainAndExitsWithItsResult) {
  g_expected_manifest = "disk0 block rw 3";
  const int fd = memfd_with(g_expected_manifest);
  FakeStack stack(
      {"image", "go"},
      {"HOME=/", "HCALL_MANIFEST_FD=" + std::to_string(fd), "HCALL_SEED=0x99"},
      real_auxv());
  EXPECT_EXIT(hc_linux_start(stack.sp()), ::testing::ExitedWithCode(42), "");
  close(fd);
}

TEST_F(EntryTest, StartAbortsOnAMalformedVariable) {
  FakeStack stack({"image", "go"}, {"HCALL_SEED=zz"}, real_auxv());
  EXPECT_EXIT(hc_linux_start(stack.sp()), ::testing::KilledBySignal(SIGABRT),
              "hcall: malformed launcher variable HCALL_SEED: HC_EINVAL");
}

TEST_F(EntryTest, StartAbortsWhenTheManifestCannotBeRead) {
  FakeStack stack({"image", "go"}, {"HCALL_MANIFEST_FD=977"}, real_auxv());
  EXPECT_EXIT(hc_linux_start(stack.sp()), ::testing::KilledBySignal(SIGABRT),
              "hcall: cannot read the boot manifest from HCALL_MANIFEST_FD: "
              "HC_EBADH");
}

TEST_F(EntryTest, StartAbortsOnABadPageSize) {
  FakeStack stack({"image", "go"}, {}, {{kAtPagesz, 1000}});
  EXPECT_EXIT(hc_linux_start(stack.sp()), ::testing::KilledBySignal(SIGABRT),
              "hcall: backend initialisation failed: HC_EINVAL");
}

}  // namespace
