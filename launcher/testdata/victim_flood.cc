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

constexpr long kSigUnblock = 1;

void* g_loop[5];  // __builtin_setjmp's buffer

void OnAbort(int) {
  static uint32_t abrt[2] = {1u << (hcall_victim::kSigAbrt - 1), 0};
  hc_linux::syscall4(hcall_victim::kNr.rt_sigprocmask, kSigUnblock,
                     reinterpret_cast<long>(abrt), 0, 8);
  __builtin_longjmp(g_loop, 1);
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  const char* arg = hcall_victim::FirstArg(boot);
  if (arg[0] == 'p') {
    for (;;) hcall_victim::Print("VICTIM flood: a line\n");
  }
  if (hcall_victim::SetAbortAction(OnAbort) != 0) {
    hcall_victim::Print("rt_sigaction failed\n");
    return 1;
  }
  hcall_victim::Print("VICTIM flood: signals\n");
  __builtin_setjmp(g_loop);
  for (;;) hcall_victim::SendSelfAbort();
}
