// launcher/main.cc -- `hcall`, the host side of hcall: runs an image with
// exactly the files and block devices it is granted. The logic lives in
// the launcher library; this file only defines the flags and dispatches.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "launcher/cli.h"
#include "launcher/console.h"
#include "launcher/error.h"
#include "launcher/exit_codes.h"
#include "launcher/run_spec.h"
#include "launcher/runner.h"

// Listed for --help; main() takes their values out of argv itself (cli.h),
// because they repeat and keep their order.
ABSL_FLAG(std::vector<std::string>, file, {},
          "Grant a host file as NAME=HOSTPATH[:ro|:rw|:rwc|:rwt] (repeatable; "
          "default :ro). The launcher opens it (rwc: created, mode 0600, if "
          "missing; nothing else is ever created; rwt: as rwc, and emptied "
          "when the image is about to run, for an output a program writes "
          "with fopen(NAME, \"w\") on every run) and the image reaches it "
          "by NAME through the manifest, at descriptor 3, 4, ... in order. "
          "Example: --file config=./app.conf --file log=/tmp/app.log:rwc");
ABSL_FLAG(std::vector<std::string>, block, {},
          "Grant a block device (a regular file or a host block device) as "
          "NAME=HOSTPATH[:ro|:rw] (repeatable, manifest order kept, after "
          "every --file). Its size must be a positive multiple of its block "
          "size (512 for a file). Bare-metal images see them as virtio-blk "
          "devices in this order. Example: --block disk=./disk.img:rw");
ABSL_FLAG(std::vector<std::string>, env, {},
          "Set K=V in the image's environment (repeatable; the image gets "
          "nothing else from the host's environment). Under qemu-user QEMU "
          "itself runs with an empty environment and the guest gets these "
          "through QEMU's -E, which cannot carry a comma in a value. "
          "Example: --env LANG=C");
ABSL_FLAG(std::string, memory, "64M",
          "Memory for the image: bytes, or with K/M/G (powers of 1024). "
          "Linux images: the manifest's mappable limit, and RLIMIT_AS "
          "(this plus the image plus 32M) when run natively; under "
          "qemu-user a 64-bit guest's address space (QEMU -R: this plus "
          "the image plus 32M) and RLIMIT_DATA (that plus 256M for QEMU "
          "itself; a 32-bit guest: this plus 256M); bare metal: QEMU's -m. "
          "Example: --memory=256M");
ABSL_FLAG(std::string, deterministic, "",
          "--deterministic or --deterministic=SEED (decimal or 0x-hex): "
          "pass a seed to the image (HCALL_SEED; bare metal: fw_cfg "
          "opt/hcall/seed). A bare --deterministic uses the "
          "deterministic backend's default seed 0x6863616c6c2d3031. The "
          "image must be linked with the deterministic backend for a "
          "reproducible clock and randomness. Linux images also run without "
          "address-space randomisation, so that hc_page_map returns the "
          "same addresses on every run. Example: --deterministic=42");
ABSL_FLAG(std::string, sandbox, "strict",
          "strict | audit | off. strict: a seccomp filter (libseccomp) "
          "allows only what the Linux backend needs, with argument "
          "constraints; anything else kills the image and is reported as "
          "'sandbox: IMAGE attempted forbidden system call NAME' (exit "
          "159). audit: a forbidden call fails with EPERM, is reported, and "
          "the image goes on. off: no filter (descriptors are still only "
          "the granted ones). Under qemu-user (foreign-CPU Linux images) "
          "the filter applies to qemu, which needs more than the image: "
          "no network, no exec, no fork, no ptrace, no signals to other "
          "processes, files opened read-only only, writes only to granted "
          "descriptors; RWX guest memory is not refused (QEMU translates "
          "guest code). strict and audit also put every Linux image in its "
          "own namespaces (an empty root with only what QEMU needs) and "
          "under Landlock; --print-command lists the layers in force. "
          "Bare metal: QEMU's own -sandbox on (the VM is the boundary). "
          "Example: --sandbox=audit");
ABSL_FLAG(absl::Duration, timeout, absl::ZeroDuration(),
          "Kill the image after this long (0: never) and exit 124. "
          "Example: --timeout=30s");
ABSL_FLAG(bool, allow_exec_pages, false,
          "(also --allow-exec-pages) Native images under --sandbox=strict or "
          "audit: let the image make pages executable after it starts (map "
          "or protect them READ|EXEC; never WRITE and EXEC at once). Off by "
          "default: only the code loaded at exec can run. For JITs and rump "
          "kernels that load modules. Example: --allow_exec_pages");
ABSL_FLAG(bool, print_command, false,
          "(also --print-command) Show what would run: the platform, the "
          "descriptors and the exact command; run nothing. Grants are "
          "still opened and checked. Example: --print-command");
ABSL_FLAG(std::string, platform, "",
          "Expected platform (linux_x86_64, linux_aarch64, linux_arm, "
          "none_x86_64, none_aarch64, none_arm). The platform is read from "
          "the image; a mismatch is an error. Needed only for images "
          "without the .note.hcall note that the fallback cannot place. "
          "Example: --platform=none_aarch64");
ABSL_FLAG(std::string, qemu_dir, "",
          "(also --qemu-dir) Directory holding the qemu-* binaries (default: "
          "$PATH). Example: --qemu_dir=/usr/bin");

namespace {

constexpr char kUsage[] =
    R"(runs hcall images with exactly what they are granted.

usage:
  hcall run [flags] IMAGE [-- ARGS...]
  hcall inspect [--platform=P] IMAGE

example:
  hcall run --file data=./input.txt:ro --block disk=./disk.img:rw \
      --timeout=10s bazel-bin/samples/hello_elf -- one two

exit status of `hcall run`:
  the image's own exit status, or
  128+N   the image was killed by signal N (reported on stderr)
  159     the seccomp filter killed it (128+SIGSYS; "sandbox: ...")
  124     --timeout expired
  64      malformed command line or flag value
  65      the image is not an ELF file, is truncated or unreadable, is not
          executable, or is not an hcall image (no .note.hcall note)
  66      a granted host path is missing or unreadable
  67      a directory (or FIFO, socket) where an image, file or device is
          needed
  68      two grants share a name (stdin/stdout/stderr are taken)
  69      a block device's size is not a multiple of its block size
  70      the image's CPU needs a QEMU that is not installed
  71      the platform is unknown, undetectable, or not --platform's
  72      the launcher itself failed
  (78 comes from the image: its capability layer refused the manifest.)
)";

// Abseil prints --help (and --helpfull, ...) and then ends the process with
// status 1 from inside ParseCommandLine. Asking for help is not an error:
// while ParseCommandLine runs, this atexit handler turns that exit into 0.
bool g_parsing_help = false;
void HelpExitsZero() {
  if (!g_parsing_help) return;
  fflush(stdout);
  fflush(stderr);
  _exit(0);
}

bool AsksForHelp(const std::vector<std::string>& args) {
  for (size_t i = 1; i < args.size() && args[i] != "--"; ++i) {
    absl::string_view a = args[i];
    if (!absl::ConsumePrefix(&a, "--")) absl::ConsumePrefix(&a, "-");
    if (a == "help" || a == "helpfull" || a == "helpshort" ||
        a == "helppackage" || absl::StartsWith(a, "helpon=") ||
        absl::StartsWith(a, "helpmatch=") || a == "version") {
      return true;
    }
  }
  return false;
}

int Fail(const absl::Status& status) {
  fprintf(stderr, "hcall: %s\n", std::string(status.message()).c_str());
  return hcall::launcher::ExitCodeOf(status);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace hcall::launcher;  // NOLINT: a thin main
  if (!OpenMissingStandardDescriptors()) {
    fprintf(stderr,
            "hcall: cannot open /dev/null for a closed descriptor 0-2: %s\n",
            strerror(errno));
    return kExitInternal;
  }
  absl::SetProgramUsageMessage(kUsage);
  // --help lists the flags of this file (Abseil's default looks for a file
  // named after the program).
  absl::FlagsUsageConfig usage;
  usage.contains_help_flags = [](absl::string_view file) {
    return absl::EndsWith(file, "launcher/main.cc");
  };
  absl::SetFlagsUsageConfig(usage);
  std::vector<std::string> args(argv, argv + argc);
  absl::StatusOr<PreparsedArgs> pre = Preparse(args);
  if (!pre.ok()) return Fail(pre.status());
  const absl::Status flags_ok = CheckFlags(pre->rest);
  if (!flags_ok.ok()) return Fail(flags_ok);
  std::vector<char*> cargv;
  for (std::string& a : pre->rest) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  g_parsing_help = AsksForHelp(pre->rest);
  if (g_parsing_help) atexit(HelpExitsZero);
  std::vector<char*> positional =
      absl::ParseCommandLine(static_cast<int>(cargv.size()) - 1, cargv.data());
  g_parsing_help = false;
  if (positional.size() < 2) {
    fprintf(stderr, "hcall: missing command (run or inspect); see --help\n");
    return kExitUsage;
  }
  const std::string command = positional[1];
  if (command == "inspect") {
    if (positional.size() != 3) {
      fprintf(stderr, "hcall: usage: hcall inspect IMAGE\n");
      return kExitUsage;
    }
    absl::StatusOr<std::string> text =
        Inspect(positional[2], absl::GetFlag(FLAGS_platform));
    if (!text.ok()) return Fail(text.status());
    fputs(text->c_str(), stdout);
    return kExitOk;
  }
  if (command != "run") {
    fprintf(stderr, "hcall: unknown command \"%s\" (run or inspect)\n",
            command.c_str());
    return kExitUsage;
  }
  if (positional.size() < 3) {
    fprintf(stderr, "hcall: usage: hcall run [flags] IMAGE [-- ARGS...]\n");
    return kExitUsage;
  }
  RawFlags raw;
  raw.files = pre->files;
  raw.blocks = pre->blocks;
  raw.env = pre->env;
  raw.memory = absl::GetFlag(FLAGS_memory);
  raw.deterministic = absl::GetFlag(FLAGS_deterministic);
  raw.sandbox = absl::GetFlag(FLAGS_sandbox);
  raw.timeout = absl::GetFlag(FLAGS_timeout);
  raw.print_command = absl::GetFlag(FLAGS_print_command);
  raw.allow_exec_pages = absl::GetFlag(FLAGS_allow_exec_pages);
  raw.platform = absl::GetFlag(FLAGS_platform);
  raw.qemu_dir = absl::GetFlag(FLAGS_qemu_dir);
  const std::vector<std::string> image_args(positional.begin() + 3,
                                            positional.end());
  absl::StatusOr<RunSpec> spec = BuildRunSpec(raw, positional[2], image_args);
  if (!spec.ok()) return Fail(spec.status());
  absl::StatusOr<int> code = Run(*spec);
  if (!code.ok()) return Fail(code.status());
  return *code;
}
