// launcher/run_spec.cc -- see run_spec.h.
#include "launcher/run_spec.h"

#include <stdint.h>
#include <sys/stat.h>

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

absl::Status Usage(absl::string_view message) {
  return LaunchError(kExitUsage, message);
}

bool Exists(absl::string_view path) {
  struct stat st;
  return lstat(std::string(path).c_str(), &st) == 0;
}

// A short word after the last colon: what a mistyped mode looks like.
bool LooksLikeMode(absl::string_view text) {
  if (text.empty() || text.size() > 4) return false;
  for (char c : text) {
    if (!absl::ascii_isalpha(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<GrantSpec> ParseGrant(absl::string_view text, bool is_block) {
  GrantSpec g;
  g.is_block = is_block;
  g.flag = absl::StrCat(is_block ? "--block " : "--file ", text);
  const size_t eq = text.find('=');
  if (eq == absl::string_view::npos || eq == 0) {
    return Usage(absl::StrCat(g.flag, ": expected NAME=HOSTPATH[:ro|:rw",
                              is_block ? "" : "|:rwc|:rwt", "]"));
  }
  g.name = std::string(text.substr(0, eq));
  absl::string_view path = text.substr(eq + 1);
  const size_t colon = path.rfind(':');
  if (colon != absl::string_view::npos) {
    const absl::string_view mode = path.substr(colon + 1);
    if (mode == "ro") {
      g.access = Access::kReadOnly;
      path = path.substr(0, colon);
    } else if (mode == "rw") {
      g.access = Access::kReadWrite;
      path = path.substr(0, colon);
    } else if (mode == "rwc" || mode == "rwt") {
      if (is_block) {
        return Usage(absl::StrCat(g.flag, ": a block device cannot be ",
                                  mode == "rwc" ? "created" : "emptied", " (:",
                                  mode, " is for --file); use :ro or :rw"));
      }
      g.access =
          mode == "rwc" ? Access::kReadWriteCreate : Access::kReadWriteTruncate;
      path = path.substr(0, colon);
    } else if (LooksLikeMode(mode) && !Exists(path)) {
      // "x:RW": a path with a colon in its name is still allowed, but only
      // when it exists.
      const std::string modes = is_block ? "ro, rw" : "ro, rw, rwc, rwt";
      const absl::string_view before = path.substr(0, colon);
      return Usage(absl::StrCat(
          g.flag, ": unknown mode ", mode, " (", modes, ")",
          Exists(before)
              ? ""
              : absl::StrCat("; and ", before, ": No such file or directory")));
    }
  }
  if (path.empty()) return Usage(absl::StrCat(g.flag, ": empty host path"));
  if (g.name.size() > 255) {
    return Usage(absl::StrCat(g.flag, ": the name is longer than 255 bytes"));
  }
  if (g.name.find('\0') != std::string::npos) {
    return Usage(absl::StrCat(g.flag, ": the name contains a NUL byte"));
  }
  g.host_path = std::string(path);
  return g;
}

absl::StatusOr<uint64_t> ParseSize(absl::string_view text) {
  absl::string_view digits = absl::StripAsciiWhitespace(text);
  uint64_t unit = 1;
  absl::string_view rest = digits;
  if (!absl::ConsumeSuffix(&rest, "iB")) absl::ConsumeSuffix(&rest, "B");
  if (!rest.empty()) {
    switch (absl::ascii_toupper(rest.back())) {
      case 'K':
        unit = 1ull << 10;
        break;
      case 'M':
        unit = 1ull << 20;
        break;
      case 'G':
        unit = 1ull << 30;
        break;
      case 'T':
        unit = 1ull << 40;
        break;
      default:
        break;
    }
    if (unit != 1) rest.remove_suffix(1);
  }
  uint64_t value = 0;
  if (rest.empty() || !absl::SimpleAtoi(rest, &value) || rest[0] == '-' ||
      rest[0] == '+') {
    return Usage(absl::StrCat("--memory=", text,
                              ": expected a size such as 64M, 1G, 1T or 4096"));
  }
  if (value == 0 || value > (1ull << 40) / unit) {
    return Usage(
        absl::StrCat("--memory=", text, ": must be above 0 and at most 1 TiB"));
  }
  return value * unit;
}

absl::StatusOr<uint64_t> ParseSeed(absl::string_view text) {
  uint64_t value = 0;
  absl::string_view hex = text;
  bool ok;
  if (absl::ConsumePrefix(&hex, "0x") || absl::ConsumePrefix(&hex, "0X")) {
    ok = !hex.empty() && hex.size() <= 16 &&
         hex.find_first_not_of("0123456789abcdefABCDEF") ==
             absl::string_view::npos &&
         absl::SimpleHexAtoi(hex, &value);
  } else {
    ok = !text.empty() &&
         text.find_first_not_of("0123456789") == absl::string_view::npos &&
         absl::SimpleAtoi(text, &value);
  }
  if (!ok) {
    return Usage(absl::StrCat("--deterministic=", text,
                              ": the seed must be a decimal or 0x-hexadecimal "
                              "64-bit number"));
  }
  return value;
}

absl::StatusOr<RunSpec> BuildRunSpec(const RawFlags& flags,
                                     const std::string& image,
                                     const std::vector<std::string>& args) {
  RunSpec spec;
  spec.image = image;
  spec.args = args;
  if (image.empty()) return Usage("run: missing IMAGE");
  std::set<std::string> names(std::begin(kConsoleNames),
                              std::end(kConsoleNames));
  for (int pass = 0; pass < 2; ++pass) {
    const bool is_block = pass == 1;
    for (const std::string& text : is_block ? flags.blocks : flags.files) {
      absl::StatusOr<GrantSpec> g = ParseGrant(text, is_block);
      if (!g.ok()) return g.status();
      if (!names.insert(g->name).second) {
        return LaunchError(
            kExitDuplicateName,
            absl::StrCat(g->flag, ": the name \"", g->name,
                         "\" is already granted (names are unique; stdin, "
                         "stdout and stderr are the console's)"));
      }
      spec.grants.push_back(*std::move(g));
    }
  }
  if (spec.grants.size() > kMaxGrants) {
    return Usage(absl::StrCat(
        spec.grants.size(), " grants: at most ", kMaxGrants,
        " --file and --block grants together (each adds rules to the seccomp "
        "filter, and the kernel bounds a filter's size)"));
  }
  const size_t blocks = flags.blocks.size();
  if (blocks > kMaxBlockGrants) {
    return Usage(absl::StrCat(
        blocks, " --block grants: at most ", kMaxBlockGrants,
        " (each adds about 30 instructions to the filter's bounded-write "
        "guard, and the kernel caps a filter at 4096)"));
  }
  for (const std::string& kv : flags.env) {
    const size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Usage(absl::StrCat("--env ", kv, ": expected K=V"));
    }
    const std::string key = kv.substr(0, eq);
    if (absl::StartsWith(key, "HCALL_")) {
      return Usage(absl::StrCat("--env ", kv,
                                ": HCALL_* variables belong to the launcher"));
    }
    spec.env.emplace_back(key, kv.substr(eq + 1));
  }
  absl::StatusOr<uint64_t> memory = ParseSize(flags.memory);
  if (!memory.ok()) return memory.status();
  spec.memory_bytes = *memory;
  if (!flags.deterministic.empty()) {
    spec.deterministic = true;
    if (flags.deterministic == "default") {
      spec.seed = kDefaultSeed;
    } else {
      absl::StatusOr<uint64_t> seed = ParseSeed(flags.deterministic);
      if (!seed.ok()) return seed.status();
      spec.seed = *seed;
    }
  }
  if (flags.sandbox == "strict") {
    spec.sandbox = SandboxMode::kStrict;
  } else if (flags.sandbox == "audit") {
    spec.sandbox = SandboxMode::kAudit;
  } else if (flags.sandbox == "off") {
    spec.sandbox = SandboxMode::kOff;
  } else {
    return Usage(absl::StrCat("--sandbox=", flags.sandbox,
                              ": expected strict, audit or off"));
  }
  if (flags.timeout < absl::ZeroDuration()) {
    return Usage("--timeout: must not be negative");
  }
  spec.timeout = flags.timeout;
  spec.print_command = flags.print_command;
  spec.allow_exec_pages = flags.allow_exec_pages;
  spec.platform = flags.platform;
  spec.qemu_dir = flags.qemu_dir;
  return spec;
}

}  // namespace hcall::launcher
