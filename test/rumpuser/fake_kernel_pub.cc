// test/rumpuser/fake_kernel_pub.cc -- see fake_kernel_pub.h.
#include "test/rumpuser/fake_kernel_pub.h"

#include <stddef.h>
#include <stdint.h>

#include "rump/rumpuser.h"

namespace rumptest {
namespace {

constexpr int kEtfsReg = 0;
constexpr int kEtfsBlk = 1;
constexpr int kRbHalt = 0x8;
constexpr int kRbDump = 0x100;

EtfsEntry g_etfs[kMaxEtfs];
int g_etfs_count = 0;

void Copy(char* to, size_t size, const char* from) {
  size_t i = 0;
  for (; i + 1 < size && from[i] != '\0'; ++i) to[i] = from[i];
  to[i] = '\0';
}

bool Same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

void Print(const char* s) {
  for (; *s != '\0'; ++s) rumpuser_putchar(*s);
}

}  // namespace

int EtfsCount() { return g_etfs_count; }

const EtfsEntry& Etfs(int i) { return g_etfs[i]; }

[[noreturn]] void KernelPanic(const char* what) {
  Print("panic: ");
  Print(what);
  rumpuser_exit(RUMPUSER_PANIC);
  __builtin_unreachable();
}

}  // namespace rumptest

using namespace rumptest;

extern "C" int rump_pub_etfs_register(const char* key, const char* hostpath,
                                      int ftype) {
  uint64_t size = 0;
  int type = -1;
  const int e = rumpuser_getfileinfo(hostpath, &size, &type);
  if (e != 0) return e;
  if ((ftype == kEtfsBlk) != (type == RUMPUSER_FT_BLK)) return 22;
  if (ftype != kEtfsBlk && ftype != kEtfsReg) return 22;
  for (int i = 0; i < g_etfs_count && i < kMaxEtfs; ++i) {
    if (Same(g_etfs[i].key, key)) return 17;
  }
  if (g_etfs_count < kMaxEtfs) {
    EtfsEntry& r = g_etfs[g_etfs_count];
    Copy(r.key, sizeof(r.key), key);
    Copy(r.hostpath, sizeof(r.hostpath), hostpath);
    r.ftype = ftype;
  }
  ++g_etfs_count;
  return 0;
}

extern "C" int rump_sys_reboot(int howto, char* bootstr) {
  (void)bootstr;
  Print("rump kernel halting...");
  if (howto & kRbDump) rumpuser_exit(RUMPUSER_PANIC);
  if (howto & kRbHalt) {
    for (;;) rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 10, 0);
  }
  rumpuser_exit(0);
  return 0;
}
