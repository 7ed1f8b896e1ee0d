// launcher/testdata/victim_kill.cc -- sends SIGKILL to the host process
// whose pid is argv[1] (kill(pid, SIGKILL)); launcher_test checks that
// its sibling `sleep` is still alive afterwards (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static long pid;
  pid = hcall_victim::ParseDecimal(hcall_victim::FirstArg(boot));
  return hcall_victim::Run("kill", [] {
    return hc_linux::syscall2(hcall_victim::kNr.kill, pid, 9);
  });
}
