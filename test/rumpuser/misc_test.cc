// test/rumpuser/misc_test.cc -- the version handshake, memory, parameters,
// randomness, errno, daemonisation, signals
// that are ignored, and the unsupported sysproxy calls. Error values are
// NetBSD's numbers (rumpuser(3), RETURN VALUES), which differ from Linux's
// for EAGAIN, ETIMEDOUT, EOPNOTSUPP, EINPROGRESS...
//
// Portable (test/harness/hctest.h subset, no libc).
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"
#include "test/harness/hctest.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fixture.h"

namespace rumptest {
namespace {

constexpr int kNetbsdENOENT = 2;
constexpr int kNetbsdEINVAL = 22;
constexpr int kNetbsdERANGE = 34;
constexpr int kNetbsdEINPROGRESS = 36;  // Linux's is 115
constexpr int kNetbsdEOPNOTSUPP = 45;   // Linux's is 95

using RumpInit = RumpuserTest;
using RumpMemory = RumpuserTest;
using RumpParams = RumpuserTest;
using RumpRandom = RumpuserTest;
using RumpMisc = RumpuserTest;

bool Same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

bool StartsWith(const char* s, const char* prefix) {
  while (*prefix != '\0') {
    if (*s++ != *prefix++) return false;
  }
  return true;
}

TEST_F(RumpInit, VersionHandshake) {
  // A kernel built for another version is refused (the message goes to the
  // console; images_test checks its text).
  EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION - 1, Hyperup()), kNetbsdEINVAL);
  EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION + 1, Hyperup()), kNetbsdEINVAL);
  EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, nullptr), kNetbsdEINVAL);
  EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, Hyperup()), 0);
}

TEST_F(RumpInit, UpcallsAreCopiedAtInit) {
  // The kernel's table need not outlive rumpuser_init.
  rumpuser_hyperup copy = *Hyperup();
  EXPECT_EQ(rumpuser_init(RUMPUSER_VERSION, &copy), 0);
  copy.hyp_backend_unschedule = nullptr;
  copy.hyp_backend_schedule = nullptr;
  EXPECT_EQ(rumpuser_clock_sleep(RUMPUSER_CLOCK_RELWALL, 0, 1000), 0);
  EXPECT_EQ(Count().backend_unschedule, 1);
  EXPECT_EQ(Count().backend_schedule, 1);
}

// ---- Memory
// ---------------------------------------------------------------------

TEST_F(RumpMemory, MallocHonoursEveryAlignment) {
  static const size_t kSizes[] = {0,    1,    15,   16,    17,    100,   512,
                                  4000, 4096, 5000, 32768, 32769, 100000};
  for (int shift = 0; shift <= 17; ++shift) {
    const int align = shift == 0 ? 0 : 1 << shift;
    for (size_t len : kSizes) {
      void* p = nullptr;
      ASSERT_EQ(rumpuser_malloc(len, align, &p), 0)
          << "len " << len << " align " << align;
      ASSERT_NE(p, nullptr);
      const uintptr_t a = reinterpret_cast<uintptr_t>(p);
      EXPECT_EQ(a % 16, 0u) << "len " << len;
      if (align != 0) {
        EXPECT_EQ(a % align, 0u) << "len " << len;
      }
      uint8_t* b = static_cast<uint8_t*>(p);
      for (size_t i = 0; i < len; ++i) b[i] = static_cast<uint8_t>(i);
      size_t bad = len;
      for (size_t i = 0; i < len && bad == len; ++i) {
        if (b[i] != static_cast<uint8_t>(i)) bad = i;
      }
      EXPECT_EQ(bad, len) << "corrupted; len " << len;
      rumpuser_free(p, len);
    }
  }
  EXPECT_EQ(Count().backend_unschedule, 0);
}

TEST_F(RumpMemory, BlocksDoNotOverlapAndAreReused) {
  void* p[64];
  for (int i = 0; i < 64; ++i) {
    ASSERT_EQ(rumpuser_malloc(48, 64, &p[i]), 0);
    uint8_t* b = static_cast<uint8_t*>(p[i]);
    for (int j = 0; j < 48; ++j) b[j] = static_cast<uint8_t>(i);
  }
  for (int i = 0; i < 64; ++i) {
    const uint8_t* b = static_cast<const uint8_t*>(p[i]);
    for (int j = 0; j < 48; ++j) ASSERT_EQ(b[j], i) << "block " << i;
  }
  void* last = p[63];
  rumpuser_free(last, 48);
  void* again = nullptr;
  ASSERT_EQ(rumpuser_malloc(40, 64, &again), 0);
  EXPECT_EQ(again, last) << "a freed block of the class is reused";
  p[63] = again;
  for (int i = 0; i < 64; ++i) rumpuser_free(p[i], i == 63 ? 40 : 48);
}

TEST_F(RumpMemory, MallocRejectsBadAlignmentAndLeavesNull) {
  // A failed call stores NULL, whatever *memp held (issue 16, bug 2).
  void* p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(rumpuser_malloc(16, 3, &p), kNetbsdEINVAL);
  EXPECT_EQ(p, nullptr);
  p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(rumpuser_malloc(16, -8, &p), kNetbsdEINVAL);
  EXPECT_EQ(p, nullptr);
  p = reinterpret_cast<void*>(0x1234);
  EXPECT_EQ(rumpuser_malloc(SIZE_MAX - 100, 0, &p), 12) << "ENOMEM";
  EXPECT_EQ(p, nullptr);
}

TEST_F(RumpMemory, AnonmmapGivesZeroedAlignedPages) {
  const size_t page = hc_page_size();
  for (int bit = 0; bit <= 21; bit += 3) {
    void* p = nullptr;
    ASSERT_EQ(rumpuser_anonmmap(nullptr, 3 * page + 1, bit, 0, &p), 0);
    const uintptr_t a = reinterpret_cast<uintptr_t>(p);
    EXPECT_EQ(a % page, 0u);
    EXPECT_EQ(a % (uintptr_t{1} << bit), 0u) << "alignbit " << bit;
    uint8_t* b = static_cast<uint8_t*>(p);
    for (size_t i = 0; i < 4 * page; i += 97) {
      EXPECT_EQ(b[i], 0) << "offset " << i;
      b[i] = 1;
    }
    rumpuser_unmap(p, 3 * page + 1);
  }
  void* p = nullptr;
  EXPECT_EQ(rumpuser_anonmmap(nullptr, 0, 0, 0, &p), kNetbsdEINVAL);
}

// ---- Parameters
// -----------------------------------------------------------------

TEST_F(RumpParams, DefaultsOneCpuAndAHostname) {
  hcall_rumpuser_config def = {1, nullptr, nullptr};
  ASSERT_EQ(hcall_rumpuser_configure(&def), 0);
  char buf[64];
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "1");
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
  EXPECT_TRUE(StartsWith(buf, "rump-")) << buf;
  // "rump-" five digits ".hcall"
  for (int i = 5; i < 10; ++i) {
    EXPECT_TRUE(buf[i] >= '0' && buf[i] <= '9') << buf;
  }
  EXPECT_STREQ(buf + 10, ".hcall");
}

TEST_F(RumpParams, ConfiguredValuesAndTheEnvironment) {
  char* env[] = {const_cast<char*>("RUMP_VERBOSE=1"),
                 const_cast<char*>("RUMPUSER_X=a-long-value"),
                 const_cast<char*>("EMPTY="), nullptr};
  hcall_rumpuser_config c = {4, "kernel7", env};
  ASSERT_EQ(hcall_rumpuser_configure(&c), 0);
  char buf[16];
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "4");
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "kernel7");
  // Truncated to the buffer, as NetBSD's snprintf does.
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, 4), 0);
  EXPECT_STREQ(buf, "ker");
  EXPECT_EQ(rumpuser_getparam("RUMP_VERBOSE", buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "1");
  EXPECT_EQ(rumpuser_getparam("EMPTY", buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "");
  EXPECT_EQ(rumpuser_getparam("RUMPUSER_X", buf, 8), kNetbsdERANGE);
  EXPECT_EQ(rumpuser_getparam("RUMP_VERBOS", buf, sizeof(buf)), kNetbsdENOENT);
  EXPECT_EQ(rumpuser_getparam("NOPE", buf, sizeof(buf)), kNetbsdENOENT);
  // An unknown mandatory parameter.
  EXPECT_EQ(rumpuser_getparam("_RUMPUSER_NOPE", buf, sizeof(buf)),
            kNetbsdEINVAL);
  c = {5000, nullptr, nullptr};
  EXPECT_EQ(hcall_rumpuser_configure(&c), kNetbsdEINVAL);
  EXPECT_EQ(hcall_rumpuser_configure(nullptr), kNetbsdEINVAL);
}

TEST_F(RumpParams, FromBootReadsRumpNcpuAndRumpHostname) {
  char* env[] = {const_cast<char*>("RUMP_NCPU=3"),
                 const_cast<char*>("RUMP_HOSTNAME=box"), nullptr};
  hc_boot_info boot;  // only envp is read
  boot.envp = env;
  ASSERT_EQ(hcall_rumpuser_configure_from_boot(&boot), 0);
  char buf[16];
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "3");
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_HOSTNAME, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "box");
  EXPECT_EQ(rumpuser_getparam("RUMP_NCPU", buf, sizeof(buf)), 0);
  char* host[] = {const_cast<char*>("RUMP_NCPU=host"), nullptr};
  boot.envp = host;
  ASSERT_EQ(hcall_rumpuser_configure_from_boot(&boot), 0);
  EXPECT_EQ(rumpuser_getparam(RUMPUSER_PARAM_NCPU, buf, sizeof(buf)), 0);
  EXPECT_STREQ(buf, "1");
  char* bad[] = {const_cast<char*>("RUMP_NCPU=2x"), nullptr};
  boot.envp = bad;
  EXPECT_EQ(hcall_rumpuser_configure_from_boot(&boot), kNetbsdEINVAL);
  hcall_rumpuser_config def = {1, nullptr, nullptr};
  hcall_rumpuser_configure(&def);
}

// ---- Randomness
// -----------------------------------------------------------------

TEST_F(RumpRandom, HardFillsTheWholeBuffer) {
  uint8_t buf[300];
  for (uint8_t& b : buf) b = 0;
  size_t got = 0;
  EXPECT_EQ(rumpuser_getrandom(buf, sizeof(buf), RUMPUSER_RANDOM_HARD, &got),
            0);
  EXPECT_EQ(got, sizeof(buf));
  int zeros = 0;
  for (uint8_t b : buf) zeros += b == 0;
  EXPECT_LT(zeros, 20) << "300 random bytes, mostly zero";
  EXPECT_EQ(rumpuser_getrandom(buf, sizeof(buf), 0, &got), 0);
  EXPECT_EQ(got, sizeof(buf));
}

TEST_F(RumpRandom, NowaitReturnsWhatIsAvailable) {
  uint8_t buf[64];
  size_t got = 0;
  EXPECT_EQ(
      rumpuser_getrandom(buf, sizeof(buf),
                         RUMPUSER_RANDOM_HARD | RUMPUSER_RANDOM_NOWAIT, &got),
      0);
  EXPECT_GE(got, 1u);
  EXPECT_LE(got, sizeof(buf));
  EXPECT_EQ(rumpuser_getrandom(buf, 0, RUMPUSER_RANDOM_NOWAIT, &got), 0);
  EXPECT_EQ(got, 0u);
  EXPECT_EQ(rumpuser_getrandom(buf, sizeof(buf), 0x10, &got), kNetbsdEINVAL);
  EXPECT_EQ(Count().backend_unschedule, 0);
}

// ---- errno, termination, daemonisation, sysproxy
// --------------------------------

TEST_F(RumpMisc, SeterrnoSetsTheFibersErrno) {
  rumpuser_seterrno(60);
  EXPECT_EQ(*hcall::fibers::ErrnoLocation(), 60);
  rumpuser_seterrno(0);
  EXPECT_EQ(*hcall::fibers::ErrnoLocation(), 0);
}

TEST_F(RumpMisc, SetExitChecksThePanicStatus) {
  hcall_rumpuser_exit_config c = {nullptr, 256};
  EXPECT_EQ(hcall_rumpuser_set_exit(&c), kNetbsdEINVAL);
  c.panic_status = -2;
  EXPECT_EQ(hcall_rumpuser_set_exit(&c), kNetbsdEINVAL);
  c.panic_status = 255;
  EXPECT_EQ(hcall_rumpuser_set_exit(&c), 0);
  EXPECT_EQ(hcall_rumpuser_set_exit(nullptr), 0);  // back to the defaults
  hcall_rumpuser_flush();                          // no hook: just the buffer
}

TEST_F(RumpMisc, KillIgnoresSignalsThatDoNotTerminate) {
  EXPECT_EQ(rumpuser_kill(RUMPUSER_PID_SELF, 20), 0);  // SIGCHLD
  EXPECT_EQ(rumpuser_kill(1234, 28), 0);               // SIGWINCH
}

TEST_F(RumpMisc, DaemonizeBeginThenDone) {
  EXPECT_EQ(rumpuser_daemonize_done(0), kNetbsdENOENT);
  EXPECT_EQ(rumpuser_daemonize_begin(), 0);
  EXPECT_EQ(rumpuser_daemonize_begin(), kNetbsdEINPROGRESS);
  EXPECT_EQ(rumpuser_daemonize_done(0), 0);
  EXPECT_EQ(rumpuser_daemonize_done(0), kNetbsdENOENT);
}

TEST_F(RumpMisc, SysproxyIsNotSupported) {
  EXPECT_EQ(rumpuser_sp_init("unix://x", "NetBSD", "10.0", "amd64"),
            kNetbsdEOPNOTSUPP);
  char b[4];
  size_t n = sizeof(b);
  EXPECT_EQ(rumpuser_sp_copyin(nullptr, b, b, 1), kNetbsdEOPNOTSUPP);
  EXPECT_EQ(rumpuser_sp_copyinstr(nullptr, b, b, &n), kNetbsdEOPNOTSUPP);
  EXPECT_EQ(rumpuser_sp_copyout(nullptr, b, b, 1), kNetbsdEOPNOTSUPP);
  EXPECT_EQ(rumpuser_sp_copyoutstr(nullptr, b, b, &n), kNetbsdEOPNOTSUPP);
  void* p = nullptr;
  EXPECT_EQ(rumpuser_sp_anonmmap(nullptr, 4096, &p), kNetbsdEOPNOTSUPP);
  EXPECT_EQ(rumpuser_sp_raise(nullptr, 2), kNetbsdEOPNOTSUPP);
  rumpuser_sp_fini(nullptr);
}

// ---- Console
// --------------------------------------------------------------------

TEST_F(RumpMisc, ConsoleCallsReturn) {
  // What they print is checked by images_test; here: they do not block.
  rumpuser_dprintf("rumpuser misc_test: %s %d %u %x %p %%\n", "dprintf", -5, 7u,
                   255u, static_cast<void*>(nullptr));
  for (const char* p = "rumpuser misc_test: putchar\n"; *p != '\0'; ++p) {
    rumpuser_putchar(*p);
  }
  EXPECT_EQ(Count().backend_unschedule, 0);
  EXPECT_TRUE(Same("a", "a"));
}

}  // namespace
}  // namespace rumptest
