// launcher/cli.cc -- see cli.h.
#include "launcher/cli.h"

#include <string>
#include <vector>

#include "absl/flags/commandlineflag.h"
#include "absl/flags/reflection.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {

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
      out.rest.push_back("--deterministic=default");
    } else if (absl::StartsWith(a, "print-command")) {
      out.rest.push_back(absl::StrCat("--print_command", a.substr(13)));
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
    if (!flag->ParseFrom(value, &error)) {
      return LaunchError(kExitUsage,
                         absl::StrCat("--", name, "=", value, ": ", error));
    }
  }
  return absl::OkStatus();
}

}  // namespace hcall::launcher
