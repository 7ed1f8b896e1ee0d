// launcher/testdata/victim_socket.cc -- creates a socket (socket(AF_INET,
// SOCK_STREAM, 0)) (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  (void)boot;
  return hcall_victim::Run("socket", [] {
    return hc_linux::syscall3(hcall_victim::kNr.socket, 2, 1, 0);
  });
}
