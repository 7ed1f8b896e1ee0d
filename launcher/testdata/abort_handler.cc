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

void OnAbort(int) {
  hcall_victim::Print("HANDLED SIGABRT\n");
  hc_exit(42);
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  const char* arg = hcall_victim::FirstArg(boot);
  const bool ignore = arg[0] == 'i';
  const long set = hcall_victim::SetAbortAction(
      ignore ? reinterpret_cast<void (*)(int)>(1) : OnAbort);  // 1: SIG_IGN
  if (set != 0) {
    hcall_victim::Print("rt_sigaction failed\n");
    return 1;
  }
  hcall_victim::SendSelfAbort();
  if (ignore) {
    hcall_victim::Print("IGNORED SIGABRT\n");
    return 43;
  }
  hcall_victim::Print("SIGABRT was not delivered\n");
  return 2;
}
