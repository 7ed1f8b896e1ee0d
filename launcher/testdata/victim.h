// launcher/testdata/victim.h -- shared part of the sandbox victim images.
//
// Each victim_<action>.cc is an hcall image (hypercall ABI and the Linux
// backend's raw system call helpers only) that makes one system call the
// launcher's filter forbids. It prints "VICTIM <action>: attempting", makes
// the call, and, if the call returned (audit mode, or --sandbox=off),
// prints "VICTIM <action> CONTINUED ret=<raw result>" and exits 0. Under
// --sandbox=strict the launcher must kill it before that second line and
// name the call. launcher_test.cc runs them.
#ifndef HCALL_LAUNCHER_TESTDATA_VICTIM_H_
#define HCALL_LAUNCHER_TESTDATA_VICTIM_H_

#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/syscall.h"

namespace hcall_victim {

// System call numbers the victims make raw (syscall.h has only the
// backend's own).
struct Numbers {
  long openat, socket, execve, execveat, clone, ptrace, mmap, write, mprotect,
      kill, connect, read, getpid, rt_sigaction, rt_sigprocmask, tgkill;
};

#if defined(__x86_64__)
inline constexpr Numbers kNr = {257, 41, 59, 322, 56, 101, 9,  1,
                                10,  62, 42, 0,   39, 13,  14, 234};
#elif defined(__aarch64__)
inline constexpr Numbers kNr = {56,  198, 221, 281, 220, 117, 222, 64,
                                226, 129, 203, 63,  172, 134, 135, 131};
#elif defined(__arm__)
inline constexpr Numbers kNr = {322, 281, 11,  387, 120, 26,  192, 4,  // mmap2
                                125, 37,  283, 3,   20,  174, 175, 268};
#endif

inline void Print(const char* text) {
  size_t len = 0;
  while (text[len] != '\0') ++len;
  hc_write(HC_HANDLE_CONSOLE_OUT, text, len);
}

inline void PrintSigned(long value) {
  char out[hcall::format::kDigitsBufferSize];
  hcall::format::Signed(value, out);
  Print(out);
}

// The decimal number (text); 0 for anything else.
inline long ParseDecimal(const char* text) {
  long value = 0;
  for (; text != nullptr && *text >= '0' && *text <= '9'; ++text) {
    value = value * 10 + (*text - '0');
  }
  return value;
}

// argv[1] of the image, or "" without one.
inline const char* FirstArg(const struct hc_boot_info* boot) {
  return boot->argc > 1 ? boot->argv[1] : "";
}

// Announces (action), runs (attempt) and reports its result.
template <typename Attempt>
int Run(const char* action, Attempt attempt) {
  Print("VICTIM ");
  Print(action);
  Print(": attempting\n");
  const long ret = attempt();
  Print("VICTIM ");
  Print(action);
  Print(" CONTINUED ret=");
  PrintSigned(ret);
  Print("\n");
  return 0;
}

// ---- SIGABRT, the one signal whose action an image's filter lets it set

inline constexpr int kSigAbrt = 6;

// Sets SIGABRT's action to (handler) (or SIG_IGN: reinterpret_cast of 1)
// with a raw rt_sigaction; its result. The kernel's struct sigaction is
// the same on all three CPUs. x86_64 refuses to deliver a signal without a
// restorer; the victims' handlers never return, so any address does.
inline long SetAbortAction(void (*handler)(int)) {
  struct KernelSigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(int);
    uint32_t mask[2];
  };
  constexpr unsigned long kSaRestorer = 0x04000000;
  static KernelSigaction act;
  act = {handler, kSaRestorer, handler, {0, 0}};
  return hc_linux::syscall4(kNr.rt_sigaction, kSigAbrt,
                            reinterpret_cast<long>(&act), 0, 8);
}

// Sends SIGABRT to this process's thread (tgkill of its own pid).
inline void SendSelfAbort() {
  const long pid = hc_linux::syscall0(kNr.getpid);
  hc_linux::syscall3(kNr.tgkill, pid, pid, kSigAbrt);
}

}  // namespace hcall_victim

#endif  // HCALL_LAUNCHER_TESTDATA_VICTIM_H_
