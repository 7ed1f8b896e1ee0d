// launcher/testdata/victim_execveat.cc -- tries to reuse the launcher's own
// exec rule: execveat(FD, "/bin/true", .., AT_EMPTY_PATH), FD = argv[1]
// (the launcher's exec descriptor number). An absolute path makes the
// kernel ignore FD, so only the path-pointer constraint stops it (see
// victim.h and launcher/runner.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static const char kPath[] = "/bin/true";
  static const char* const kArgv[] = {kPath, nullptr};
  long fd = 0;
  if (boot->argc > 1) {
    for (const char* p = boot->argv[1]; *p >= '0' && *p <= '9'; ++p) {
      fd = fd * 10 + (*p - '0');
    }
  }
  return hcall_victim::Run("execveat", [boot, fd] {
    return hc_linux::syscall5(hcall_victim::kNr.execveat, fd,
                              reinterpret_cast<long>(kPath),
                              reinterpret_cast<long>(kArgv),
                              reinterpret_cast<long>(boot->envp), 0x1000);
  });
}
