// launcher/run_spec_test.cc -- flag values into a RunSpec, and the argv
// preparation of cli.h.
#include "launcher/run_spec.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "launcher/cli.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

TEST(ParseGrant, NamePathAndMode) {
  absl::StatusOr<GrantSpec> g = ParseGrant("data=/tmp/x:rw", false);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->name, "data");
  EXPECT_EQ(g->host_path, "/tmp/x");
  EXPECT_EQ(g->access, Access::kReadWrite);
  g = ParseGrant("data=/tmp/x", false);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->access, Access::kReadOnly);
  g = ParseGrant("d=a:b:ro", true);  // only a known suffix is a mode
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->host_path, "a:b");
  g = ParseGrant("d=a:b/c", true);  // a colon inside the path
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->host_path, "a:b/c");
  // A word after the last colon of a path that does not exist is a
  // mistyped mode (launcher_test covers the path that exists).
  g = ParseGrant("d=a:b", true);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(ExitCodeOf(g.status()), kExitUsage);
  EXPECT_EQ(g.status().message(),
            "--block d=a:b: unknown mode b (ro, rw); and a: No such file or "
            "directory");
  g = ParseGrant("log=out.txt:rwc", false);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->access, Access::kReadWriteCreate);
  g = ParseGrant("log=out.txt:rwt", false);
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->access, Access::kReadWriteTruncate);
  EXPECT_EQ(g->host_path, "out.txt");
  g = ParseGrant("d=x.img:rwt", true);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(),
            "--block d=x.img:rwt: a block device cannot be emptied (:rwt is "
            "for --file); use :ro or :rw");
}

TEST(ParseGrant, MalformedIsUsage) {
  for (const char* bad : {"noequals", "=path", "name=", "name=:ro"}) {
    absl::StatusOr<GrantSpec> g = ParseGrant(bad, false);
    ASSERT_FALSE(g.ok()) << bad;
    EXPECT_EQ(ExitCodeOf(g.status()), kExitUsage) << bad;
  }
  EXPECT_EQ(ExitCodeOf(ParseGrant("d=x:rwc", true).status()), kExitUsage);
  EXPECT_EQ(
      ExitCodeOf(ParseGrant(std::string(256, 'n') + "=x", false).status()),
      kExitUsage);
}

TEST(ParseSize, Units) {
  EXPECT_EQ(*ParseSize("4096"), 4096u);
  EXPECT_EQ(*ParseSize("64M"), 64u << 20);
  EXPECT_EQ(*ParseSize("1G"), 1u << 30);
  EXPECT_EQ(*ParseSize("512k"), 512u << 10);
  EXPECT_EQ(*ParseSize("2MiB"), 2u << 20);
  for (const char* bad : {"", "0", "-1M", "abc", "12Q", "2T", "M"}) {
    EXPECT_EQ(ExitCodeOf(ParseSize(bad).status()), kExitUsage) << bad;
  }
}

TEST(ParseSeed, DecimalAndHex) {
  EXPECT_EQ(*ParseSeed("42"), 42u);
  EXPECT_EQ(*ParseSeed("0x2a"), 42u);
  EXPECT_EQ(*ParseSeed("18446744073709551615"), UINT64_MAX);
  for (const char* bad : {"", "x", "0x", "-1", "18446744073709551616", "1e3"}) {
    EXPECT_EQ(ExitCodeOf(ParseSeed(bad).status()), kExitUsage) << bad;
  }
}

TEST(BuildRunSpec, OrderAndDefaults) {
  RawFlags raw;
  raw.files = {"b=/b", "a=/a:rw"};
  raw.blocks = {"d1=/d1", "d0=/d0:rw"};
  raw.env = {"K=V", "EMPTY="};
  absl::StatusOr<RunSpec> spec = BuildRunSpec(raw, "img", {"x"});
  ASSERT_TRUE(spec.ok()) << spec.status();
  ASSERT_EQ(spec->grants.size(), 4u);
  EXPECT_EQ(spec->grants[0].name, "b");
  EXPECT_EQ(spec->grants[1].name, "a");
  EXPECT_EQ(spec->grants[2].name, "d1");
  EXPECT_EQ(spec->grants[3].name, "d0");
  EXPECT_EQ(spec->env[1].first, "EMPTY");
  EXPECT_EQ(spec->memory_bytes, 64u << 20);
  EXPECT_EQ(spec->sandbox, SandboxMode::kStrict);
  EXPECT_FALSE(spec->deterministic);
  raw.deterministic = "default";
  spec = BuildRunSpec(raw, "img", {});
  ASSERT_TRUE(spec.ok());
  EXPECT_TRUE(spec->deterministic);
  EXPECT_EQ(spec->seed, kDefaultSeed);
}

TEST(BuildRunSpec, DuplicatesAndBadValues) {
  RawFlags dup;
  dup.files = {"x=/a"};
  dup.blocks = {"x=/b"};
  EXPECT_EQ(ExitCodeOf(BuildRunSpec(dup, "img", {}).status()),
            kExitDuplicateName);
  RawFlags console;
  console.files = {"stdout=/a"};
  EXPECT_EQ(ExitCodeOf(BuildRunSpec(console, "img", {}).status()),
            kExitDuplicateName);
  RawFlags sandbox;
  sandbox.sandbox = "loose";
  EXPECT_EQ(ExitCodeOf(BuildRunSpec(sandbox, "img", {}).status()), kExitUsage);
  RawFlags env;
  env.env = {"NOVALUE"};
  EXPECT_EQ(ExitCodeOf(BuildRunSpec(env, "img", {}).status()), kExitUsage);
  env.env = {"HCALL_SEED=1"};
  EXPECT_EQ(ExitCodeOf(BuildRunSpec(env, "img", {}).status()), kExitUsage);
  RawFlags timeout;
  timeout.timeout = absl::Seconds(-1);
  EXPECT_EQ(ExitCodeOf(BuildRunSpec(timeout, "img", {}).status()), kExitUsage);
}

TEST(Preparse, RepeatableFlagsKeepOrder) {
  absl::StatusOr<PreparsedArgs> p =
      Preparse({"hcall", "run", "--file", "a=/a", "--block=d=/d", "--file=b=/b",
                "-env", "K=V", "--deterministic", "--print-command", "img",
                "--", "--file", "x"});
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->files, (std::vector<std::string>{"a=/a", "b=/b"}));
  EXPECT_EQ(p->blocks, (std::vector<std::string>{"d=/d"}));
  EXPECT_EQ(p->env, (std::vector<std::string>{"K=V"}));
  EXPECT_EQ(p->rest, (std::vector<std::string>{
                         "hcall", "run", "--deterministic=default",
                         "--print_command", "img", "--", "--file", "x"}));
  EXPECT_EQ(ExitCodeOf(Preparse({"hcall", "run", "--file"}).status()),
            kExitUsage);
}

}  // namespace
}  // namespace hcall::launcher
