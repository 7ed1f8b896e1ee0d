// rumpkernel/daemonize.cc -- rumpuser_daemonize_begin/_done: there is
// nothing to detach from, so they only keep the call order honest.
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

bool g_daemonizing = false;

}  // namespace
}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int rumpuser_daemonize_begin(void) {
  if (g_daemonizing) return nb::kEINPROGRESS;
  // The launcher supervises the image and owns its console: there is no
  // parent to leave behind and no terminal to detach from.
  g_daemonizing = true;
  return 0;
}

extern "C" int rumpuser_daemonize_done(int error) {
  (void)error;  // nobody waits for the result
  if (!g_daemonizing) return nb::kENOENT;
  g_daemonizing = false;
  return 0;
}
