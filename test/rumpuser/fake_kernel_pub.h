// test/rumpuser/fake_kernel_pub.h -- the stand-in kernel's public calls
// that an image's start-up and main() use: rump_pub_etfs_register and
// rump_sys_reboot, with a kernel's behaviour towards rumpuser(3), and a
// panic. Declared with NetBSD's names and argument types (the enum of the
// etfs type is an int here). Portable.
#ifndef HCALL_TEST_RUMPUSER_FAKE_KERNEL_PUB_H_
#define HCALL_TEST_RUMPUSER_FAKE_KERNEL_PUB_H_

#include <stddef.h>
#include <stdint.h>

extern "C" {

// Registers host file (hostpath) under (key): checks it with
// rumpuser_getfileinfo (its error, or EINVAL (22) if a block device is
// registered as a regular file or the other way round) and records it.
// Returns 0, that error, or EEXIST (17) for a key already registered.
int rump_pub_etfs_register(const char* key, const char* hostpath, int ftype);

// What the kernel does on reboot: prints "rump kernel halting..." through
// rumpuser_putchar (without its newline, so that a lost buffer shows), then
// rumpuser_exit(RUMPUSER_PANIC) for RB_DUMP (0x100), sleeps forever for
// RB_HALT (0x8), else rumpuser_exit(0).
int rump_sys_reboot(int howto, char* bootstr);

}  // extern "C"

namespace rumptest {

struct EtfsEntry {
  char key[64];
  char hostpath[64];
  int ftype;
};

// The registrations so far (at most kMaxEtfs are kept).
constexpr int kMaxEtfs = 8;
int EtfsCount();
const EtfsEntry& Etfs(int i);

// A kernel panic: "panic: (what)" through rumpuser_putchar (no newline),
// then rumpuser_exit(RUMPUSER_PANIC).
[[noreturn]] void KernelPanic(const char* what);

}  // namespace rumptest

#endif  // HCALL_TEST_RUMPUSER_FAKE_KERNEL_PUB_H_
