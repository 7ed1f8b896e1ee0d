// rumpkernel/exit.cc -- how an image with a rump kernel ends: the exit
// configuration (hcall_rumpuser_set_exit), the flush before every end,
// rumpuser_kill with NetBSD's default dispositions, and rumpuser_exit.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

// How the image ends (hcall_rumpuser_set_exit).
hcall_rumpuser_exit_config g_exit = {nullptr, -1};
bool g_flushing = false;

// NetBSD's default dispositions: signals that end a process.
bool Terminates(int sig) {
  switch (sig) {
    case 1:   // SIGHUP
    case 2:   // SIGINT
    case 9:   // SIGKILL
    case 13:  // SIGPIPE
    case 14:  // SIGALRM
    case 15:  // SIGTERM
    case 26:  // SIGVTALRM
    case 27:  // SIGPROF
    case 30:  // SIGUSR1
    case 31:  // SIGUSR2
      return true;
    default:
      return false;
  }
}

// Signals that end a process with a core dump.
bool Dumps(int sig) {
  switch (sig) {
    case 3:   // SIGQUIT
    case 4:   // SIGILL
    case 5:   // SIGTRAP
    case 6:   // SIGABRT
    case 7:   // SIGEMT
    case 8:   // SIGFPE
    case 10:  // SIGBUS
    case 11:  // SIGSEGV
    case 12:  // SIGSYS
    case 24:  // SIGXCPU
    case 25:  // SIGXFSZ
      return true;
    default:
      return false;
  }
}

}  // namespace

void FlushBeforeEnd() {
  if (g_flushing) return;
  g_flushing = true;
  // The image's streams first: what it printed there usually came first.
  if (g_exit.flush != nullptr) g_exit.flush();
  FlushPutchar();
  g_flushing = false;
}

void EndAsPanic() {
  if (g_exit.panic_status >= 0) hc_exit(g_exit.panic_status);
  hc_abort();
}

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int hcall_rumpuser_set_exit(
    const hcall_rumpuser_exit_config* config) {
  if (config == nullptr) {
    g_exit = {nullptr, -1};
    return 0;
  }
  if (config->panic_status < -1 || config->panic_status > 255) {
    return nb::kEINVAL;
  }
  g_exit = *config;
  return 0;
}

extern "C" void hcall_rumpuser_flush(void) { FlushBeforeEnd(); }

extern "C" int rumpuser_kill(int64_t pid, int sig) {
  (void)pid;  // one process: every pid is this image
  if (Dumps(sig)) {
    FlushBeforeEnd();
    hc_abort();
  }
  if (Terminates(sig)) {
    FlushBeforeEnd();
    hc_exit(128 + sig);
  }
  return 0;  // ignored by default (SIGCHLD, SIGWINCH, ...) or stopping
}

extern "C" void rumpuser_exit(int value) {
  FlushBeforeEnd();
  if (value == RUMPUSER_PANIC) {
    WriteErrorString("rumpuser: the rump kernel panicked\n");
    EndAsPanic();
  }
  hc_exit(value);
}
