// launcher/testdata/victim_closed_stderr.cc -- for a launcher started with
// its stderr closed: reads its first grant (descriptor 3, a block grant)
// to the end with raw reads, which moves the file position its launcher's
// copy shares to the device's end, writes "GROWN" on its stderr, and
// crashes. Were a launcher descriptor 2 that same grant, the launcher's
// report of the crash (and, where it relays the image's stderr, "GROWN")
// would land in the block file, past its end. launcher_test checks that
// the file is unchanged.
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static char buf[4096];
  long total = 0;
  for (;;) {
    const long n = hc_linux::syscall3(hcall_victim::kNr.read, 3,
                                      reinterpret_cast<long>(buf), sizeof buf);
    if (n <= 0) break;
    total += n;
  }
  hcall_victim::Print("VICTIM closed_stderr: read ");
  hcall_victim::PrintSigned(total);
  hcall_victim::Print("\n");
  hc_write(HC_HANDLE_CONSOLE_ERR, "GROWN\n", 6);
  volatile int* volatile nowhere = nullptr;
  *nowhere = boot->argc;
  return 0;
}
