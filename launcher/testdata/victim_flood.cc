// launcher/testdata/victim_flood.cc -- keeps its launcher busy forever
// (see victim.h): with the argument "print" it writes a line on stdout in
// a loop (a terminal's stdout reaches the launcher's relay); with "signal"
// it sends itself SIGABRT in a loop, caught by a handler that unblocks it
// and jumps back (no return, so no rt_sigreturn): each one is a stop the
// launcher, the tracer of a strict native image, must handle. Neither ever
// ends by itself: launcher_test checks that --timeout still ends it.
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

#if defined(__x86_64__)
constexpr long kRtSigaction = 13, kRtSigprocmask = 14, kTgkill = 234,
               kGetpid = 39;
#elif defined(__aarch64__)
constexpr long kRtSigaction = 134, kRtSigprocmask = 135, kTgkill = 131,
               kGetpid = 172;
#elif defined(__arm__)
constexpr long kRtSigaction = 174, kRtSigprocmask = 175, kTgkill = 268,
               kGetpid = 20;
#endif

constexpr int kSigAbrt = 6;
constexpr long kSigUnblock = 1;
constexpr unsigned long kSaRestorer = 0x04000000;

// The kernel's struct sigaction on all three CPUs.
struct KernelSigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(int);
  uint32_t mask[2];
};

void* g_loop[5];  // __builtin_setjmp's buffer

void OnAbort(int) {
  static uint32_t abrt[2] = {1u << (kSigAbrt - 1), 0};
  hc_linux::syscall4(kRtSigprocmask, kSigUnblock, reinterpret_cast<long>(abrt),
                     0, 8);
  __builtin_longjmp(g_loop, 1);
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  const char* arg = hcall_victim::FirstArg(boot);
  if (arg[0] == 'p') {
    for (;;) hcall_victim::Print("VICTIM flood: a line\n");
  }
  static KernelSigaction act = {OnAbort, kSaRestorer, OnAbort, {0, 0}};
  if (hc_linux::syscall4(kRtSigaction, kSigAbrt, reinterpret_cast<long>(&act),
                         0, 8) != 0) {
    hcall_victim::Print("rt_sigaction failed\n");
    return 1;
  }
  hcall_victim::Print("VICTIM flood: signals\n");
  static long pid;
  pid = hc_linux::syscall0(kGetpid);
  __builtin_setjmp(g_loop);
  for (;;) hc_linux::syscall3(kTgkill, pid, pid, kSigAbrt);
}
