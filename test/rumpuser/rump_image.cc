// test/rumpuser/rump_image.cc -- an image that plays a rump kernel through
// rumpuser(3) under the real launcher contract (boot manifest, granted
// descriptors, no libc). images_test.cc runs it; argv[1] selects:
//   disk      getfileinfo of the block grant "disk", then block I/O on it:
//             reads sectors the host wrote and checks them, writes new ones
//             (RUMPUSER_BIO_SYNC), syncfd; prints "rump_image: disk ok"
//   params    prints the NCPU and HOSTNAME parameters (RUMP_NCPU and
//             RUMP_HOSTNAME come from the environment)
//   console   putchar and dprintf output for the host to compare
//   version   rumpuser_init with version 16: must fail; exits 3 if it does
//   exit      rumpuser_exit(42)
//   panic     rumpuser_exit(RUMPUSER_PANIC): aborts
//   kill      rumpuser_kill(RUMPUSER_PID_SELF, SIGTERM): exits 128 + 15
#include <stddef.h>
#include <stdint.h>

#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"
#include "test/rumpuser/fake_kernel.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

bool Same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

uint8_t HostPattern(uint64_t i) { return static_cast<uint8_t>(i * 7 + 3); }
uint8_t ImagePattern(uint64_t i) { return static_cast<uint8_t>(i * 13 + 1); }

struct Completion {
  rumpuser_mtx* m;
  rumpuser_cv* cv;
  int done;
  size_t bytes;
  int error;
};

void BioDone(void* arg, size_t bytes, int error) {
  Completion* c = static_cast<Completion*>(arg);
  rumpuser_mutex_enter(c->m);
  c->bytes = bytes;
  c->error = error;
  ++c->done;
  rumpuser_cv_signal(c->cv);
  rumpuser_mutex_exit(c->m);
}

// One request, waited for; 0 or a message.
const char* Bio(int fd, int op, uint8_t* buf, size_t len, int64_t off) {
  Completion c = {nullptr, nullptr, 0, 0, -1};
  rumpuser_mutex_init(&c.m, RUMPUSER_MTX_KMUTEX);
  rumpuser_cv_init(&c.cv);
  rumpuser_bio(fd, op, buf, len, off, BioDone, &c);
  rumpuser_mutex_enter(c.m);
  while (c.done == 0) rumpuser_cv_wait(c.cv, c.m);
  rumpuser_mutex_exit(c.m);
  rumpuser_cv_destroy(c.cv);
  rumpuser_mutex_destroy(c.m);
  if (c.error != 0) return "bio failed";
  if (c.bytes != len) return "bio short";
  return nullptr;
}

int Fail(const char* what) {
  rumpuser_dprintf("rump_image: FAILED: %s\n", what);
  return 1;
}

int Disk() {
  uint64_t size = 0;
  int type = -1;
  if (rumpuser_getfileinfo("disk", &size, &type) != 0) return Fail("info");
  if (type != RUMPUSER_FT_BLK) return Fail("not a block device");
  if (size != 65536) return Fail("size");
  int fd = -1;
  if (rumpuser_open("disk", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd) != 0) {
    return Fail("open");
  }
  static uint8_t buf[8192];
  if (const char* e = Bio(fd, RUMPUSER_BIO_READ, buf, 4096, 0)) return Fail(e);
  for (uint64_t i = 0; i < 4096; ++i) {
    if (buf[i] != HostPattern(i)) return Fail("read the wrong bytes");
  }
  for (uint64_t i = 0; i < 8192; ++i) buf[i] = ImagePattern(i);
  if (const char* e =
          Bio(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, buf, 8192, 4096)) {
    return Fail(e);
  }
  if (rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC, 0, 0) !=
      0) {
    return Fail("syncfd");
  }
  if (rumpuser_close(fd) != 0) return Fail("close");
  const rumptest::Counters& c = rumptest::Count();
  if (c.conflicts != 0 || c.nlocks_mismatch != 0 || c.not_scheduled != 0 ||
      c.schedule != c.unschedule || c.newlwp != 1) {
    return Fail("upcall protocol");
  }
  rumpuser_dprintf("rump_image: disk ok (%d completions)\n", c.schedule - 1);
  return 0;
}

int Params() {
  char ncpu[16];
  char host[64];
  if (rumpuser_getparam(RUMPUSER_PARAM_NCPU, ncpu, sizeof(ncpu)) != 0 ||
      rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, host, sizeof(host)) != 0) {
    return Fail("getparam");
  }
  rumpuser_dprintf("ncpu=%s hostname=%s\n", ncpu, host);
  return 0;
}

int Console() {
  for (const char* p = "putchar line\n"; *p != '\0'; ++p) rumpuser_putchar(*p);
  rumpuser_dprintf("[%d|%5u|%-4x|%04X|%s|%.2s|%c|%lld|%zu|%%]\n", -42, 7u,
                   0xabu, 0xbeu, "str", "abc", 'z', -1234567890123LL,
                   static_cast<size_t>(99));
  for (const char* p = "unterminated"; *p != '\0'; ++p) rumpuser_putchar(*p);
  rumpuser_exit(0);  // flushes the partial line
}

}  // namespace

extern "C" int hc_main(const hc_boot_info* boot) {
  hcall::cap::boot(boot);
  if (hcall_rumpuser_configure_from_boot(boot) != 0) return Fail("configure");
  const char* mode = boot->argc > 1 ? boot->argv[1] : "";
  if (Same(mode, "version")) {
    return rumpuser_init(RUMPUSER_VERSION - 1, rumptest::Hyperup()) == 22 ? 3
                                                                          : 1;
  }
  rumptest::Reset(1);
  if (rumpuser_init(RUMPUSER_VERSION, rumptest::Hyperup()) != 0) {
    return Fail("init");
  }
  if (Same(mode, "disk")) return Disk();
  if (Same(mode, "params")) return Params();
  if (Same(mode, "console")) return Console();
  if (Same(mode, "exit")) rumpuser_exit(42);
  if (Same(mode, "panic")) rumpuser_exit(RUMPUSER_PANIC);
  if (Same(mode, "kill")) {
    rumpuser_kill(RUMPUSER_PID_SELF, 15);
    return Fail("still alive after SIGTERM");
  }
  return Fail("unknown mode");
}
