// hypercall/linux/process.cc -- hc_exit and hc_abort on Linux.
//
// hc_exit ends every thread of the process (exit_group). hc_abort makes
// SIGABRT fatal again whatever the image or its host did (default action,
// unblocked), then sends it to the calling thread with tgkill, so the
// launcher sees "killed by SIGABRT" (and a core dump if enabled).
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/syscall.h"

namespace hc_linux {
namespace {

constexpr long kSigabrt = 6;
constexpr long kSigUnblock = 1;   // rt_sigprocmask how, asm-generic
constexpr long kSigsetBytes = 8;  // the kernel's sigset_t: 64 signals
constexpr int32_t kAbortFallbackStatus = 127;

// The kernel's struct sigaction for rt_sigaction on x86_64, aarch64 and arm:
// handler, flags, restorer, then a 64-bit mask. All zero means SIG_DFL.
struct KernelSigaction {
  unsigned long handler;
  unsigned long flags;
  unsigned long restorer;
  uint64_t mask;
};

[[noreturn]] void exit_group(int32_t status) {
  for (;;) syscall1(nr::kExitGroup, status);
}

}  // namespace
}  // namespace hc_linux

extern "C" void hc_exit(int32_t status) { hc_linux::exit_group(status); }

extern "C" void hc_abort(void) {
  hc_linux::KernelSigaction dfl;
  dfl.handler = 0;  // SIG_DFL
  dfl.flags = 0;
  dfl.restorer = 0;
  dfl.mask = 0;
  hc_linux::syscall4(hc_linux::nr::kRtSigaction, hc_linux::kSigabrt,
                     reinterpret_cast<long>(&dfl), 0, hc_linux::kSigsetBytes);
  const uint64_t abrt = uint64_t{1} << (hc_linux::kSigabrt - 1);
  hc_linux::syscall4(hc_linux::nr::kRtSigprocmask, hc_linux::kSigUnblock,
                     reinterpret_cast<long>(&abrt), 0, hc_linux::kSigsetBytes);
  const long pid = hc_linux::syscall0(hc_linux::nr::kGetpid);
  const long tid = hc_linux::syscall0(hc_linux::nr::kGettid);
  hc_linux::syscall3(hc_linux::nr::kTgkill, pid, tid, hc_linux::kSigabrt);
  // Not reached: the signal is fatal and pending signals are delivered on
  // return from tgkill. Never return, whatever happens.
  hc_linux::exit_group(hc_linux::kAbortFallbackStatus);
}
