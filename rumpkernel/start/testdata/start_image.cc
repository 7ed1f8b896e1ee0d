// rumpkernel/start/testdata/start_image.cc -- an image on //rumpkernel/start
// :crt whose main() plays a rump kernel's life with the stand-in kernel.
// start_images_test.cc runs it through `hcall run` on every platform;
// argv[1] selects what happens. Output through the libc shim's stdout
// (buffered: lost unless flushed) and the kernel's rumpuser_putchar:
//   params     prints RUMP_MEMLIMIT, the NCPU parameter and FOO from
//              rumpuser_getparam; returns 0
//   exit       returns 7
//   panic      a kernel panic after unflushed output
//   reboot     rump_sys_reboot(0) after unflushed output
//   dump       rump_sys_reboot(RB_DUMP)
//   misuse     exits a mutex it does not hold: the rumpuser library panics
//   kill       the kernel sends itself SIGTERM
//   deadlock   waits on a condition variable nobody signals: the fiber
//              scheduler's deadlock report aborts the image
//   grants     hcall_rump_register_grants(), then prints what the kernel
//              registered
#include <stdint.h>

#include "hcl/stdio.h"
#include "rump/hcall_start.h"
#include "rump/rumpuser.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fake_kernel_pub.h"

namespace {

bool Same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

void KernelPrint(const char* s) {
  for (; *s != '\0'; ++s) rumpuser_putchar(*s);
}

const char* Param(const char* name) {
  static char buf[4][64];
  static int next = 0;
  char* b = buf[next++ & 3];
  if (rumpuser_getparam(name, b, sizeof(buf[0])) != 0) return "(none)";
  return b;
}

// Output that only a flush gets out: the shim's stdout is fully buffered
// when it is not a terminal, and the kernel's console buffers to '\n'.
void Unflushed() {
  hcl_printf("app: unflushed line\napp: partial");
  KernelPrint("kernel: partial ");
}

}  // namespace

int main(int argc, char** argv) {
  const char* mode = argc > 1 ? argv[1] : "";
  // rump_init(): the stand-in kernel boots and hands over its upcalls.
  rumptest::Reset(1);
  if (rumpuser_init(RUMPUSER_VERSION, rumptest::Hyperup()) != 0) return 1;
  if (Same(mode, "params")) {
    hcl_printf("memlimit=%s ncpu=%s foo=%s\n", Param("RUMP_MEMLIMIT"),
               Param(RUMPUSER_PARAM_NCPU), Param("FOO"));
    return 0;
  }
  if (Same(mode, "exit")) {
    hcl_printf("app: returning 7\n");
    return 7;
  }
  if (Same(mode, "panic")) {
    Unflushed();
    rumptest::KernelPanic("stand-in kernel panic");
  }
  if (Same(mode, "reboot")) {
    Unflushed();
    rump_sys_reboot(0, nullptr);
    return 1;
  }
  if (Same(mode, "dump")) {
    Unflushed();
    rump_sys_reboot(0x100, nullptr);
    return 1;
  }
  if (Same(mode, "misuse")) {
    Unflushed();
    rumpuser_mtx* m = nullptr;
    rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
    rumpuser_mutex_exit(m);
    return 1;
  }
  if (Same(mode, "kill")) {
    Unflushed();
    rumpuser_kill(RUMPUSER_PID_SELF, 15);
    return 1;
  }
  if (Same(mode, "deadlock")) {
    Unflushed();
    rumpuser_mtx* m = nullptr;
    rumpuser_cv* cv = nullptr;
    rumpuser_mutex_init(&m, RUMPUSER_MTX_KMUTEX);
    rumpuser_cv_init(&cv);
    rumpuser_mutex_enter(m);
    rumpuser_cv_wait(cv, m);
    return 1;
  }
  if (Same(mode, "grants")) {
    const int e = hcall_rump_register_grants();
    for (int i = 0; i < rumptest::EtfsCount(); ++i) {
      const rumptest::EtfsEntry& r = rumptest::Etfs(i);
      hcl_printf("etfs %s -> %s type %d\n", r.key, r.hostpath, r.ftype);
    }
    hcl_printf("register_grants=%d\n", e);
    return 0;
  }
  hcl_printf("unknown mode %s\n", mode);
  return 1;
}
