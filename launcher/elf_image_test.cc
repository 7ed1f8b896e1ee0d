// launcher/elf_image_test.cc -- platform detection from ELF files: the
// hcall note, the fallback rules, --platform, and broken files.
#include "launcher/elf_image.h"

#include <string>

#include "gtest/gtest.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"
#include "launcher/testdata/fake_elf.h"

namespace hcall::launcher {
namespace {

using testing::BuildFakeElf;
using testing::FakeElf;

TEST(ElfImage, NoteSaysLinuxOrBaremetalAndAbi) {
  FakeElf f;
  f.note_kind = "linux";
  f.abi_version = 1;
  absl::StatusOr<ImageInfo> info = InspectImage(BuildFakeElf(f));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_TRUE(info->has_note);
  EXPECT_EQ(info->os, Os::kLinux);
  EXPECT_EQ(info->abi_version, 1u);
  EXPECT_EQ(info->cpu, Cpu::kX86_64);

  for (const char* cpu : {"x86_64", "aarch64", "arm"}) {
    info = InspectImage(testing::FakeBaremetalImage(cpu));
    ASSERT_TRUE(info.ok()) << info.status();
    EXPECT_EQ(info->os, Os::kBaremetal) << cpu;
    EXPECT_STREQ(CpuName(info->cpu), cpu);
  }
}

TEST(ElfImage, NoteWinsOverFallback) {
  FakeElf f;  // linked like a Linux image, but says bare metal
  f.note_kind = "baremetal";
  absl::StatusOr<ImageInfo> info = InspectImage(BuildFakeElf(f));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->os, Os::kBaremetal);
}

TEST(ElfImage, FallbackRules) {
  FakeElf linux_static;  // ET_EXEC at 0x400000, no interpreter
  absl::StatusOr<ImageInfo> info = InspectImage(BuildFakeElf(linux_static));
  ASSERT_TRUE(info.ok());
  EXPECT_TRUE(info->os_known);
  EXPECT_EQ(info->os, Os::kLinux);
  EXPECT_FALSE(info->has_note);

  FakeElf pvh;
  pvh.loads = {{0x100000, 0x1000}};
  pvh.pvh_note = true;
  info = InspectImage(BuildFakeElf(pvh));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->os, Os::kBaremetal);

  FakeElf virt;
  virt.machine = testing::kEmAarch64;
  virt.loads = {{0x40200000, 0x1000}};
  info = InspectImage(BuildFakeElf(virt));
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->os, Os::kBaremetal);

  FakeElf dynamic;
  dynamic.interp = "/lib64/ld-linux-x86-64.so.2";
  info = InspectImage(BuildFakeElf(dynamic));
  ASSERT_TRUE(info.ok());
  EXPECT_FALSE(info->os_known);
  EXPECT_EQ(info->interp, "/lib64/ld-linux-x86-64.so.2");
  absl::StatusOr<const Platform*> p = ResolvePlatform(*info, "", "dyn");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(ExitCodeOf(p.status()), kExitPlatform);
  EXPECT_NE(p.status().message().find("--platform=linux_x86_64"),
            std::string::npos)
      << p.status();
  p = ResolvePlatform(*info, "linux_x86_64", "dyn");
  ASSERT_TRUE(p.ok());
  EXPECT_STREQ((*p)->name, "linux_x86_64");
}

TEST(ElfImage, PlatformMismatchIsAnError) {
  absl::StatusOr<ImageInfo> info =
      InspectImage(testing::FakeBaremetalImage("aarch64"));
  ASSERT_TRUE(info.ok());
  for (const char* wrong : {"linux_aarch64", "none_arm", "none_x86_64"}) {
    absl::StatusOr<const Platform*> p = ResolvePlatform(*info, wrong, "img");
    ASSERT_FALSE(p.ok()) << wrong;
    EXPECT_EQ(ExitCodeOf(p.status()), kExitPlatform);
  }
  absl::StatusOr<const Platform*> p = ResolvePlatform(*info, "bogus", "img");
  EXPECT_EQ(ExitCodeOf(p.status()), kExitPlatform);
  p = ResolvePlatform(*info, "none_aarch64", "img");
  ASSERT_TRUE(p.ok());
  EXPECT_STREQ((*p)->name, "none_aarch64");
}

TEST(ElfImage, BrokenFilesAreBadImages) {
  const std::string good = BuildFakeElf(FakeElf{});
  struct Case {
    std::string bytes;
    const char* message;
  } cases[] = {
      {"", "not an ELF file"},
      {"#!/bin/sh\necho hi\n", "not an ELF file but a script"},
      {"#!", "not an ELF file but a script"},
      {good.substr(0, 10), "not an ELF file"},
      {good.substr(0, 40), "truncated"},
      {good.substr(0, 80), "truncated"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<ImageInfo> info = InspectImage(c.bytes);
    ASSERT_FALSE(info.ok()) << c.message;
    EXPECT_EQ(ExitCodeOf(info.status()), kExitBadImage);
    EXPECT_NE(info.status().message().find(c.message), std::string::npos)
        << info.status();
  }
  FakeElf riscv;
  riscv.machine = 243;
  absl::StatusOr<ImageInfo> info = InspectImage(BuildFakeElf(riscv));
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find("machine 243"), std::string::npos);

  FakeElf odd_note;
  odd_note.note_kind = "windows";
  info = InspectImage(BuildFakeElf(odd_note));
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find("unknown backend"), std::string::npos);
}

}  // namespace
}  // namespace hcall::launcher
