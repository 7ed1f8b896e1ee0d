// launcher/testdata/abort_handler.cc -- an image with its own SIGABRT
// handler (the one signal the filter lets an image catch). It installs the
// handler with a raw rt_sigaction, sends itself SIGABRT with tgkill, and
// the handler prints "HANDLED SIGABRT" and exits 42. Whatever process
// runs the image (pid 1 of its namespaces or not), the handler must run:
// launcher_test checks the exit status and the line. With the argument
// "ignore" it sets SIGABRT's action to SIG_IGN instead: the signal must
// then be ignored, as by any process, and the image prints "IGNORED
// SIGABRT" and exits 43.
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

#if defined(__x86_64__)
constexpr long kRtSigaction = 13, kTgkill = 234, kGetpid = 39;
#elif defined(__aarch64__)
constexpr long kRtSigaction = 134, kTgkill = 131, kGetpid = 172;
#elif defined(__arm__)
constexpr long kRtSigaction = 174, kTgkill = 268, kGetpid = 20;
#endif

constexpr int kSigAbrt = 6;
// x86_64 refuses to deliver a signal without a restorer; the handler
// never returns, so any address does.
constexpr unsigned long kSaRestorer = 0x04000000;

// The kernel's struct sigaction on all three CPUs.
struct KernelSigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(int);
  uint32_t mask[2];
};

void OnAbort(int) {
  hcall_victim::Print("HANDLED SIGABRT\n");
  hc_exit(42);
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  const char* arg = hcall_victim::FirstArg(boot);
  const bool ignore = arg[0] == 'i';
  static KernelSigaction act = {OnAbort, kSaRestorer, OnAbort, {0, 0}};
  if (ignore) act.handler = reinterpret_cast<void (*)(int)>(1);  // SIG_IGN
  const long set = hc_linux::syscall4(kRtSigaction, kSigAbrt,
                                      reinterpret_cast<long>(&act), 0, 8);
  if (set != 0) {
    hcall_victim::Print("rt_sigaction failed\n");
    return 1;
  }
  const long pid = hc_linux::syscall0(kGetpid);
  hc_linux::syscall3(kTgkill, pid, pid, kSigAbrt);
  if (ignore) {
    hcall_victim::Print("IGNORED SIGABRT\n");
    return 43;
  }
  hcall_victim::Print("SIGABRT was not delivered\n");
  return 2;
}
