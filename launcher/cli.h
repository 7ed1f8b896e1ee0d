// launcher/cli.h -- what main.cc does to argv before Abseil sees it.
//
// Abseil replaces a repeated flag's value instead of appending to it, and
// wants a value for a string flag; hcall's grammar needs both. So the
// repeatable flags (--file, --block, --env) are taken out of argv here, in
// order, a bare --deterministic becomes --deterministic=default, and
// --print-command / --qemu-dir are accepted for --print_command /
// --qemu_dir. Everything after "--" is left alone.
#ifndef HCALL_LAUNCHER_CLI_H_
#define HCALL_LAUNCHER_CLI_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace hcall::launcher {

struct PreparsedArgs {
  std::vector<std::string> files, blocks, env;  // in command-line order
  std::vector<std::string> rest;                // argv for Abseil
};

// kExitUsage if a repeatable flag lacks its value.
absl::StatusOr<PreparsedArgs> Preparse(const std::vector<std::string>& argv);

// Checks every flag in (argv) (Preparse's `rest`, up to a "--") the way
// absl::ParseCommandLine will: an unknown flag, a missing value or a value
// the flag's type rejects is kExitUsage with a message naming the flag.
// Abseil itself would end the process with status 1 instead. Abseil's own
// flags (--help, --version, --flagfile, ...) are left to Abseil.
absl::Status CheckFlags(const std::vector<std::string>& argv);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_CLI_H_
