// launcher/exit_codes.h -- the exit statuses of `hcall` itself.
//
// `hcall run` exits with the image's own status when the image exits, with
// 128+N when a signal N ends it, and with one of the codes below when the
// launcher refuses to start it or stops it. The table is printed by --help
// and documented in launcher/README.md; keep the three in step.
#ifndef HCALL_LAUNCHER_EXIT_CODES_H_
#define HCALL_LAUNCHER_EXIT_CODES_H_

namespace hcall::launcher {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 64,          // malformed command line or flag value
  kExitBadImage = 65,       // not an ELF file, truncated, unreadable, not
                            // executable, or not an hcall image
  kExitNoInput = 66,        // a granted host path is missing or unreadable
  kExitNotAFile = 67,       // a directory (or other non-file) where a file
                            // or block device is needed
  kExitDuplicateName = 68,  // two grants share a name
  kExitBadBlockSize = 69,   // block device size not a multiple of its
                            // block size (or zero)
  kExitNoQemu = 70,         // the image's CPU needs a QEMU that is not
                            // installed
  kExitPlatform = 71,       // platform unknown, undetectable, or not the
                            // one --platform names
  kExitInternal = 72,       // the launcher itself failed (fork, seccomp...)
  kExitTimeout = 124,       // --timeout expired; the image was killed
  kExitSandboxKill = 159,   // 128+SIGSYS: the seccomp filter killed it
};

}  // namespace hcall::launcher

#endif  // HCALL_LAUNCHER_EXIT_CODES_H_
