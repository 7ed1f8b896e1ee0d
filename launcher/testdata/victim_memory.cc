// launcher/testdata/victim_memory.cc -- maps and touches memory with raw
// mmap calls, 16 MiB at a time, up to argv[1] MiB (1024 without one),
// bypassing the capability layer's own count, then prints how much it got
// ("VICTIM memory MAPPED <MiB> MiB"). The value returned is the failing
// mmap's (-12 for ENOMEM), or 0. launcher_test runs it with --memory=64M
// (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

constexpr long kChunk = 16l << 20;
long g_want_mib;

long MapAndTouch() {
  long mapped = 0;
  long ret = 0;
  while (mapped < g_want_mib) {
    // mmap(0, 16 MiB, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
    const long at =
        hc_linux::syscall6(hcall_victim::kNr.mmap, 0, kChunk, 3, 0x22, -1, 0);
    if (at < 0 && at > -4096) {
      ret = at;
      break;
    }
    char* bytes = reinterpret_cast<char*>(at);
    for (long i = 0; i < kChunk; i += 4096) bytes[i] = 1;
    mapped += kChunk >> 20;
  }
  hcall_victim::Print("VICTIM memory MAPPED ");
  hcall_victim::PrintSigned(mapped);
  hcall_victim::Print(" MiB\n");
  return ret;
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  g_want_mib = hcall_victim::ParseDecimal(hcall_victim::FirstArg(boot));
  if (g_want_mib == 0) g_want_mib = 1024;
  return hcall_victim::Run("memory", MapAndTouch);
}
