// launcher/cli.cc -- see cli.h.
#include "launcher/cli.h"

#include <unistd.h>

#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

// A decimal or 0x-hexadecimal number, as --deterministic=SEED takes.
bool LooksLikeSeed(absl::string_view text) {
  absl::string_view digits = text;
  const bool hex =
      absl::ConsumePrefix(&digits, "0x") || absl::ConsumePrefix(&digits, "0X");
  if (digits.empty()) return false;
  for (char c : digits) {
    if (!(hex ? absl::ascii_isxdigit(static_cast<unsigned char>(c))
              : absl::ascii_isdigit(static_cast<unsigned char>(c)))) {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<PreparsedArgs> Preparse(const std::vector<std::string>& argv) {
  PreparsedArgs out;
  bool dashes = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (dashes || i == 0) {
      out.rest.push_back(arg);
      continue;
    }
    if (arg == "--") {
      dashes = true;
      out.rest.push_back(arg);
      continue;
    }
    absl::string_view a = arg;
    if (!absl::ConsumePrefix(&a, "--")) absl::ConsumePrefix(&a, "-");
    if (a.size() == arg.size()) {  // not a flag
      out.rest.push_back(arg);
      continue;
    }
    bool handled = false;
    for (auto [name, list] :
         {std::pair<const char*, std::vector<std::string>*>{"file", &out.files},
          {"block", &out.blocks},
          {"env", &out.env}}) {
      absl::string_view v = a;
      if (!absl::ConsumePrefix(&v, name)) continue;
      if (v.empty()) {
        if (i + 1 >= argv.size()) {
          return LaunchError(kExitUsage,
                             absl::StrCat("--", name, ": missing value"));
        }
        list->push_back(argv[++i]);
        handled = true;
      } else if (v[0] == '=') {
        list->push_back(std::string(v.substr(1)));
        handled = true;
      }
      break;
    }
    if (handled) continue;
    if (a == "deterministic") {
      // "--deterministic 42": the seed was meant, unless a file of that
      // name is the image.
      if (i + 1 < argv.size() && LooksLikeSeed(argv[i + 1]) &&
          access(argv[i + 1].c_str(), F_OK) != 0) {
        return LaunchError(
            kExitUsage,
            absl::StrCat("--deterministic ", argv[i + 1],
                         ": did you mean --deterministic=", argv[i + 1],
                         "? (a bare --deterministic takes no value)"));
      }
      out.rest.push_back("--deterministic=default");
    } else if (absl::StartsWith(a, "print-command")) {
      out.rest.push_back(absl::StrCat("--print_command", a.substr(13)));
    } else if (absl::StartsWith(a, "allow-exec-pages")) {
      out.rest.push_back(absl::StrCat("--allow_exec_pages", a.substr(16)));
    } else if (absl::StartsWith(a, "qemu-dir")) {
      out.rest.push_back(absl::StrCat("--qemu_dir", a.substr(8)));
    } else {
      out.rest.push_back(arg);
    }
  }
  return out;
}

absl::Status CheckFlags(const std::vector<std::string>& argv) {
  static constexpr absl::string_view kAbseilFlags[] = {
      "help",     "helpfull",  "helpshort",  "helppackage",
      "helpon",   "helpmatch", "version",    "only_check_args",
      "flagfile", "fromenv",   "tryfromenv", "undefok"};
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") break;
    absl::string_view a = arg;
    if (!absl::ConsumePrefix(&a, "--") && !absl::ConsumePrefix(&a, "-")) {
      continue;  // the command, the image
    }
    if (a.empty()) continue;
    absl::string_view name = a;
    absl::string_view value;
    const size_t eq = a.find('=');
    const bool has_value = eq != absl::string_view::npos;
    if (has_value) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
    }
    bool builtin = false;
    for (absl::string_view b : kAbseilFlags) builtin = builtin || name == b;
    if (builtin) continue;
    absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    if (flag == nullptr) {
      // --noNAME turns a boolean flag off.
      absl::string_view positive = name;
      if (!has_value && absl::ConsumePrefix(&positive, "no")) {
        const absl::CommandLineFlag* b = absl::FindCommandLineFlag(positive);
        if (b != nullptr && b->IsOfType<bool>()) continue;
      }
      return LaunchError(
          kExitUsage, absl::StrCat("--", name, ": unknown flag; see --help"));
    }
    if (!has_value) {
      if (flag->IsOfType<bool>()) continue;
      if (i + 1 >= argv.size()) {
        return LaunchError(kExitUsage,
                           absl::StrCat("--", name, ": missing value"));
      }
      value = argv[++i];
    }
    std::string error;
    // A plain number other than 0 lacks its unit (Abseil would only say
    // "Illegal value").
    if (name == "timeout" && value != "0" && !value.empty() &&
        value.find_first_not_of("0123456789") == absl::string_view::npos) {
      return LaunchError(
          kExitUsage, absl::StrCat("--timeout=", value, ": add a unit: ", value,
                                   "s (or ms, m, h)"));
    }
    if (!flag->ParseFrom(value, &error)) {
      return LaunchError(kExitUsage,
                         absl::StrCat("--", name, "=", value, ": ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace hcall::launcher
