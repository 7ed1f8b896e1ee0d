// launcher/error.h -- launcher errors: an absl::Status that carries the
// exit code (launcher/exit_codes.h) `hcall` ends with when it reports it.
#ifndef HCALL_LAUNCHER_ERROR_H_
#define HCALL_LAUNCHER_ERROR_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace hcall::launcher {

// A failed status whose message is (message), printed as
// "hcall: <message>", and whose exit code is (exit_code).
absl::Status LaunchError(int exit_code, absl::string_view message);

// The exit code carried by (status): kExitOk for an ok status,
// kExitInternal for a status not made by LaunchError.
int ExitCodeOf(const absl::Status& status);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_ERROR_H_
