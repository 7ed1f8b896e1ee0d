// launcher/testdata/victim_connect.cc -- connects to TCP port argv[1] on
// 127.0.0.1 (socket(AF_INET, SOCK_STREAM, 0), then connect);
// launcher_test listens there and checks that no connection arrived. The
// value returned is socket's when it fails, else connect's (see victim.h).
#include "launcher/testdata/victim.h"

HC_DEFINE_IMAGE_ABI_VERSION;

extern "C" int hc_main(const struct hc_boot_info* boot) {
  static long port;
  port = hcall_victim::ParseDecimal(hcall_victim::FirstArg(boot));
  return hcall_victim::Run("connect", [] {
    const long fd = hc_linux::syscall3(hcall_victim::kNr.socket, 2, 1, 0);
    if (fd < 0) return fd;
    // struct sockaddr_in for 127.0.0.1:port, in network byte order.
    static unsigned char addr[16] = {2, 0};
    addr[2] = static_cast<unsigned char>(port >> 8);
    addr[3] = static_cast<unsigned char>(port & 0xff);
    addr[4] = 127;
    addr[7] = 1;
    return hc_linux::syscall3(hcall_victim::kNr.connect, fd,
                              reinterpret_cast<long>(addr), sizeof(addr));
  });
}
