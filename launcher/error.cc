// launcher/error.cc -- see error.h.
#include "launcher/error.h"

#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "launcher/exit_codes.h"

namespace hcall::launcher {
namespace {

constexpr char kExitCodePayload[] = "hcall.launcher/exit_code";

}  // namespace

absl::Status LaunchError(int exit_code, absl::string_view message) {
  absl::Status status(absl::StatusCode::kFailedPrecondition, message);
  status.SetPayload(kExitCodePayload, absl::Cord(std::to_string(exit_code)));
  return status;
}

int ExitCodeOf(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  const auto payload = status.GetPayload(kExitCodePayload);
  int code = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &code))
    return kExitInternal;
  return code;
}

}  // namespace hcall::launcher
