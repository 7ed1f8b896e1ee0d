// launcher/command.cc -- see command.h.
#include "launcher/command.h"

#include <stdlib.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {

absl::StatusOr<std::string> FindQemu(const Platform& platform,
                                     const std::string& qemu_dir,
                                     absl::string_view image_name) {
  std::vector<std::string> dirs;
  if (!qemu_dir.empty()) {
    dirs.push_back(qemu_dir);
  } else {
    const char* path = getenv("PATH");
    dirs = absl::StrSplit(path != nullptr ? path : "/usr/bin:/bin", ':',
                          absl::SkipEmpty());
  }
  for (const std::string& dir : dirs) {
    const std::string candidate = absl::StrCat(dir, "/", platform.qemu);
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  const bool user = platform.os == Os::kLinux;
  return LaunchError(
      kExitNoQemu,
      absl::StrCat(image_name, " is a ", platform.name, " image; running it ",
                   "needs ", platform.qemu, ", which is not installed",
                   qemu_dir.empty() ? "" : absl::StrCat(" in ", qemu_dir),
                   " (Debian: apt-get install ",
                   user ? "qemu-user" : "qemu-system", ")"));
}

std::string QemuMemory(uint64_t bytes) {
  if (bytes % (1ull << 30) == 0) return absl::StrCat(bytes >> 30, "G");
  if (bytes % (1ull << 20) == 0) return absl::StrCat(bytes >> 20, "M");
  if (bytes % (1ull << 10) == 0) return absl::StrCat(bytes >> 10, "K");
  return absl::StrCat(bytes, "B");
}

BaremetalBoot BaremetalBootArgs(const RunSpec& spec,
                                const std::string& manifest) {
  BaremetalBoot boot;
  auto add = [&boot](const char* name, int fd, std::string bytes) {
    boot.qemu_args.push_back("-fw_cfg");
    boot.qemu_args.push_back(
        absl::StrCat("name=opt/hcall/", name, ",file=/dev/fd/", fd));
    boot.blobs.emplace_back(fd, std::move(bytes));
  };
  add("manifest", kBaremetalManifestFd, manifest);
  std::string args = spec.image + '\0';
  for (const std::string& a : spec.args) args += a + '\0';
  add("args", kBaremetalArgsFd, args);
  if (!spec.env.empty()) {
    std::string env;
    for (const auto& [k, v] : spec.env) env += k + "=" + v + '\0';
    add("env", kBaremetalEnvFd, env);
  }
  if (spec.deterministic) {
    boot.qemu_args.push_back("-fw_cfg");
    boot.qemu_args.push_back(
        absl::StrCat("name=opt/hcall/seed,string=", spec.seed));
  }
  return boot;
}

absl::StatusOr<std::vector<std::string>> ComposeQemuSystem(
    const RunSpec& spec, const Platform& platform, const std::string& qemu,
    const std::string& image_path, const std::vector<OpenedGrant>& grants,
    const BaremetalBoot& boot) {
  std::vector<std::string> cmd = {qemu};
  for (size_t i = 0; i < platform.qemu_args.size(); ++i) {
    cmd.push_back(platform.qemu_args[i]);
    if (platform.qemu_args[i] == "-m" && i + 1 < platform.qemu_args.size()) {
      cmd.push_back(QemuMemory(spec.memory_bytes));
      ++i;
    }
  }
  if (spec.sandbox != SandboxMode::kOff) {
    // QEMU's own seccomp filter (it cannot run under the image profile).
    cmd.push_back("-sandbox");
    cmd.push_back(
        "on,obsolete=deny,elevateprivileges=deny,spawn=deny,"
        "resourcecontrol=deny");
  }
  cmd.push_back("-kernel");
  cmd.push_back(image_path);
  int index = 0;
  for (const OpenedGrant& g : grants) {
    if (!g.spec.is_block) continue;
    if (index == kBaremetalMaxBlocks) {
      return LaunchError(kExitUsage,
                         absl::StrCat(g.spec.flag,
                                      ": a bare-metal image "
                                      "takes at most ",
                                      kBaremetalMaxBlocks, " block devices"));
    }
    const std::string id = absl::StrCat("blk", index++);
    // QEMU's option syntax doubles a comma inside a value.
    const std::string file =
        absl::StrReplaceAll(g.spec.host_path, {{",", ",,"}});
    cmd.push_back("-drive");
    cmd.push_back(
        absl::StrCat("file=", file, ",format=raw,if=none,id=", id,
                     g.spec.access == Access::kReadOnly ? ",readonly=on" : ""));
    cmd.push_back("-device");
    cmd.push_back(absl::StrCat("virtio-blk-device,drive=", id));
  }
  cmd.push_back("-device");
  cmd.push_back("virtio-rng-device");
  cmd.insert(cmd.end(), boot.qemu_args.begin(), boot.qemu_args.end());
  return cmd;
}

std::string ShellJoin(const std::vector<std::string>& argv) {
  std::vector<std::string> quoted;
  for (const std::string& a : argv) {
    if (!a.empty() && a.find_first_not_of(
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                          "0123456789_-+=/.,:@%") == std::string::npos) {
      quoted.push_back(a);
    } else {
      quoted.push_back(
          absl::StrCat("'", absl::StrReplaceAll(a, {{"'", "'\\''"}}), "'"));
    }
  }
  return absl::StrJoin(quoted, " ");
}

}  // namespace hcall::launcher
