// launcher/testdata/victim_read_file.cc -- opens the host path given as
// argv[1] by itself (openat(AT_FDCWD, path, O_RDONLY)) and, if that worked,
// prints what it read ("VICTIM read_file READ <bytes>"). launcher_test
// passes a file it wrote and /proc/<hcall's pid>/environ, and checks that
// their contents never appear (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static const char* path;
  path = hcall_victim::FirstArg(boot);
  return hcall_victim::Run("read_file", [] {
    const long fd = hc_linux::syscall4(hcall_victim::kNr.openat, -100,
                                       reinterpret_cast<long>(path), 0, 0);
    if (fd < 0) return fd;
    static char buf[256];
    const long n = hc_linux::syscall3(
        hc_linux::nr::kRead, fd, reinterpret_cast<long>(buf), sizeof(buf) - 1);
    if (n > 0) {
      for (long i = 0; i < n; ++i) {
        if (buf[i] == '\0') buf[i] = ' ';  // environ: one line
      }
      buf[n] = '\0';
      hcall_victim::Print("VICTIM read_file READ ");
      hcall_victim::Print(buf);
      hcall_victim::Print("\n");
    }
    return fd;
  });
}
