// launcher/command_test.cc -- qemu command composition.
#include "launcher/command.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

OpenedGrant Block(const std::string& name, const std::string& path,
                  Access access) {
  OpenedGrant g;
  g.spec.name = name;
  g.spec.host_path = path;
  g.spec.access = access;
  g.spec.is_block = true;
  return g;
}

TEST(Command, QemuSystemPerPlatform) {
  RunSpec spec;
  spec.image = "img.elf";
  spec.args = {"a b", "c"};
  spec.memory_bytes = 128ull << 20;
  const std::vector<OpenedGrant> grants = {
      Block("root", "disk,1.img", Access::kReadOnly),
      Block("data", "data.img", Access::kReadWrite)};
  for (const char* name : {"none_x86_64", "none_aarch64", "none_arm"}) {
    const Platform* p = FindPlatform(name);
    ASSERT_NE(p, nullptr);
    absl::StatusOr<std::vector<std::string>> cmd = ComposeQemuSystem(
        spec, *p, p->qemu, spec.image, grants, BaremetalBootArgs(spec, "M"));
    ASSERT_TRUE(cmd.ok()) << cmd.status();
    const std::string line = ShellJoin(*cmd);
    EXPECT_EQ((*cmd)[0], p->qemu);
    EXPECT_NE(line.find("-m 128M"), std::string::npos) << line;
    EXPECT_EQ(line.find("64M"), std::string::npos) << line;
    const size_t blk0 = line.find(
        "-drive file=disk,,1.img,format=raw,if=none,id=blk0,readonly=on "
        "-device virtio-blk-device,drive=blk0");
    const size_t blk1 = line.find(
        "-drive file=data.img,format=raw,if=none,id=blk1 -device "
        "virtio-blk-device,drive=blk1");
    EXPECT_NE(blk0, std::string::npos) << line;
    EXPECT_NE(blk1, std::string::npos) << line;
    EXPECT_LT(blk0, blk1);
    EXPECT_NE(line.find("-device virtio-rng-device"), std::string::npos);
    EXPECT_NE(line.find("-serial stdio"), std::string::npos);
    EXPECT_NE(line.find("-kernel img.elf"), std::string::npos);
    EXPECT_NE(line.find("-device virtio-rng-device -fw_cfg "
                        "name=opt/hcall/manifest,file=/dev/fd/3 -fw_cfg "
                        "name=opt/hcall/args,file=/dev/fd/4"),
              std::string::npos)
        << line;
  }
  const Platform* x86 = FindPlatform("none_x86_64");
  absl::StatusOr<std::vector<std::string>> cmd =
      ComposeQemuSystem(spec, *x86, "q", "i", {}, BaremetalBootArgs(spec, ""));
  ASSERT_TRUE(cmd.ok());
  EXPECT_NE(ShellJoin(*cmd).find("isa-debug-exit,iobase=0xf4,iosize=0x04"),
            std::string::npos);
}

TEST(Command, BootArgsGoThroughFwCfg) {
  RunSpec spec;
  spec.image = "img";
  spec.args = {"a b", ""};
  BaremetalBoot boot = BaremetalBootArgs(spec, "MANIFEST");
  EXPECT_EQ(boot.qemu_args,
            (std::vector<std::string>{
                "-fw_cfg", "name=opt/hcall/manifest,file=/dev/fd/3", "-fw_cfg",
                "name=opt/hcall/args,file=/dev/fd/4"}));
  ASSERT_EQ(boot.blobs.size(), 2u);
  EXPECT_EQ(boot.blobs[0].second, "MANIFEST");
  EXPECT_EQ(boot.blobs[1].second, std::string("img\0a b\0\0", 9));
  spec.deterministic = true;
  spec.seed = 42;
  spec.env = {{"K", "V"}, {"E", ""}};
  boot = BaremetalBootArgs(spec, "M");
  ASSERT_EQ(boot.blobs.size(), 3u);
  EXPECT_EQ(boot.blobs[2].first, 5);
  EXPECT_EQ(boot.blobs[2].second, std::string("K=V\0E=\0", 7));
  EXPECT_EQ(boot.qemu_args.back(), "name=opt/hcall/seed,string=42");
}

TEST(Command, AtMostEightBlockDevices) {
  RunSpec spec;
  spec.image = "img";
  std::vector<OpenedGrant> grants;
  for (int i = 0; i < 9; ++i) {
    grants.push_back(Block(absl::StrCat("b", i), "x.img", Access::kReadOnly));
  }
  const Platform* p = FindPlatform("none_arm");
  absl::StatusOr<std::vector<std::string>> cmd = ComposeQemuSystem(
      spec, *p, "q", "i", grants, BaremetalBootArgs(spec, ""));
  ASSERT_FALSE(cmd.ok());
  EXPECT_EQ(ExitCodeOf(cmd.status()), kExitUsage);
}

TEST(Command, Helpers) {
  EXPECT_EQ(QemuMemory(64ull << 20), "64M");
  EXPECT_EQ(QemuMemory(2ull << 30), "2G");
  EXPECT_EQ(QemuMemory(1536ull << 10), "1536K");
  EXPECT_EQ(ShellJoin({"a", "b c", "it's", ""}), "a 'b c' 'it'\\''s' ''");
  absl::StatusOr<std::string> q =
      FindQemu(*FindPlatform("linux_aarch64"), "/nonexistent", "img");
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(ExitCodeOf(q.status()), kExitNoQemu);
  EXPECT_NE(q.status().message().find("qemu-aarch64"), std::string::npos);
}

}  // namespace
}  // namespace hcall::launcher
