// launcher/testdata/victim_execve.cc -- runs another program
// (execve("/bin/true")) (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  static const char kPath[] = "/bin/true";
  static const char* const kArgv[] = {kPath, nullptr};
  return hcall_victim::Run("execve", [boot] {
    return hc_linux::syscall3(
        hcall_victim::kNr.execve, reinterpret_cast<long>(kPath),
        reinterpret_cast<long>(kArgv), reinterpret_cast<long>(boot->envp));
  });
}
