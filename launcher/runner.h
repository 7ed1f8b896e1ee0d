// launcher/runner.h -- `hcall run` and `hcall inspect`.
//
// How a Linux image is started (native or under qemu-user), and why the
// seccomp filter is in force before its first instruction:
//
//  1. The launcher (parent) opens the grants, the image (or the qemu
//     binary, its interpreter and libraries: qemu_root.h) O_CLOEXEC, and
//     writes the manifest into a sealed memfd.
//  2. Sandboxed launches: clone() into new user, mount, pid, net, ipc and
//     uts namespaces (isolation.h). The clone is the namespaces' init: it
//     maps its ids, builds the image's empty read-only root (nothing for a
//     native image; for qemu-user its interpreter, libraries and the image
//     at /image), pivots into it and starts the image's process with
//     clone(CLONE_VM | CLONE_VFORK) (it shares the init's memory until its
//     exec: no page tables copied), then only waits for it and reports its
//     wait status ("S<status>" on a pipe; the launcher ends on that report
//     and does not wait for the kernel to tear the namespaces down). The
//     image's process announces itself on a UNIX socket with
//     SCM_CREDENTIALS, so the launcher learns its pid as the kernel
//     translates it. That is how audit mode and qemu-user images start.
//     A native image under strict (unless hcall is itself traced) is itself pid
//     1 of its namespaces (no init, no announcement): the launcher builds its
//     filter first (its pid there is 1) and clones it with CLONE_VM |
//     CLONE_VFORK and the namespace flags; it maps its ids, enters its root and
//     goes on with steps 3-5 while the launcher waits for its exec (no page
//     tables copied, no copy-on-write faults, no go-ahead). Where the kernel
//     refuses the namespaces the launcher forks the image directly (and says so
//     once); under --sandbox=off (and for bare metal) it starts it with
//     CLONE_VM | CLONE_VFORK and no go-ahead.
//  3. The image's process puts the grants at 3, 4, ... (manifest order), the
//     manifest at 3+n, the executable at 4+n (O_CLOEXEC), a sync pipe at
//     5+n and a report pipe at 6+n (both O_CLOEXEC), and closes every
//     other descriptor (close_range). It maps one read-only page holding ""
//     at a low address no PT_LOAD of the image covers (the "exec path").
//  4. It sets PR_SET_NO_NEW_PRIVS, restricts itself with Landlock where the
//     kernel has it (only the executable, and for qemu-user what qemu must
//     read to start, may be read; nothing written, created or removed; no
//     TCP; signals and abstract sockets scoped), sets RLIMIT_AS (native:
//     --memory plus 32 MiB) and loads the seccomp filter
//     (seccomp_policy.h). The launcher builds the filter (libseccomp, then
//     BPF) while the init sets up the namespaces (the image's pid there is
//     2, checked against its announcement) and sends it with the
//     go-ahead on the sync pipe: no library code runs in the child.
//  5. The only exec the filter allows is execveat(4+n, <exec path>, argv,
//     envp, AT_EMPTY_PATH): that descriptor number, that pointer, that
//     flag. The kernel applies the filter to the new program from its
//     first instruction (filters survive execve). Afterwards the
//     descriptor is closed (O_CLOEXEC) and the image can create no new
//     descriptor (open, dup, socket... are not allowed), so the number
//     stays closed; the path pointer is a page the image cannot map (mmap
//     must have address 0 and exactly MAP_PRIVATE|MAP_ANONYMOUS, RLIMIT_AS
//     keeps the allocator far from low memory, mremap/brk are forbidden),
//     so an absolute path cannot be slipped in through that pointer
//     either: every later execveat fails or kills.
//  6. Strict mode: the parent traces the image (PTRACE_SEIZE with
//     PTRACE_O_TRACEEXIT, nothing else; a native image as pid 1 asks for it
//     with PTRACE_TRACEME before its exec, and the launcher sets the options at
//     the exec's SIGTRAP stop, before the image's first instruction, and
//     unblocks its signals, which it kept blocked until then so that no signal
//     stops it while the launcher waits for its exec), so when the filter kills
//     the image it reads the system call number from the registers at the exit
//     stop and names it. A native image as pid 1 would ignore signals it has no
//     handler for (it can set none but SIGABRT's, which hc_abort resets): as
//     its tracer the launcher sees each one and, where the default action ends
//     a process, ends the image with SIGKILL and reports that signal; it takes
//     the image's status at the exit stop, without waiting for the kernel to
//     tear the namespaces down. Audit mode: the filter's default action is
//     SECCOMP_RET_USER_NOTIF; the parent takes the listener descriptor with
//     pidfd_getfd before the exec, answers every forbidden call with EPERM and
//     reports it. Signals the launcher receives go to the image.
#ifndef HCALL_LAUNCHER_RUNNER_H_
#define HCALL_LAUNCHER_RUNNER_H_

#include <string>

#include "absl/status/statusor.h"
#include "launcher/run_spec.h"

namespace hcall::launcher {

// Runs (spec). Returns the exit code `hcall` should end with: the image's
// own status, 128+N for a signal, kExitSandboxKill / kExitTimeout (after
// printing the report on stderr), or 0 for --print-command. A failure to
// start returns an error status carrying its exit code (error.h).
absl::StatusOr<int> Run(const RunSpec& spec);

// `hcall inspect IMAGE`: the lines describing the image (platform, ABI
// version, size). (platform) is --platform or "".
absl::StatusOr<std::string> Inspect(const std::string& image,
                                    const std::string& platform);

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_RUNNER_H_
