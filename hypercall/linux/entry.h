// hypercall/linux/entry.h -- the entry code of Linux images: from the
// initial process stack to hc_main(). See hypercall/README.md for the
// launcher contract (HCALL_MANIFEST_FD, HCALL_SEED).
//
// Only images link entry.cc and a start_<arch>_*.S; the pieces are declared
// here so that hosted tests can drive them with a fabricated stack.
#ifndef HCALL_HYPERCALL_LINUX_ENTRY_H_
#define HCALL_HYPERCALL_LINUX_ENTRY_H_

#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/linux.h"

namespace hc_linux {

// Environment variables the launcher sets and the entry code consumes.
constexpr const char kManifestFdVariable[] = "HCALL_MANIFEST_FD";
constexpr const char kSeedVariable[] = "HCALL_SEED";

// What parse_initial_stack() found besides the boot information.
struct StartInfo {
  struct hc_linux_config config;  // vDSO, page size, seed
  int32_t manifest_fd;            // -1 if HCALL_MANIFEST_FD is not set
  const char* bad_variable;       // set when a variable is malformed
  const void* phdrs;              // AT_PHDR: the image's program headers,
  uintptr_t phnum;                // AT_PHNUM of them (nullptr/0 if absent)
};

// Reads the initial stack at (sp) (argc, argv, envp, auxv): fills argc,
// argv, envp and seed/flags of (boot), all of (start), and removes the
// launcher's variables from envp in place (the remaining entries keep their
// order). The other fields of (boot) are left alone. Returns 0, or HC_EINVAL
// if HCALL_MANIFEST_FD is not a decimal descriptor number or HCALL_SEED not a
// decimal or 0x-hexadecimal 64-bit number; then start->bad_variable names
// it (the variables are still removed).
hc_status_t parse_initial_stack(uintptr_t* sp, struct hc_boot_info* boot,
                                StartInfo* start);

// Reads the whole object (fd) names into fresh pages, makes them read-only,
// stores them in boot->manifest / boot->manifest_len, and closes (fd) in
// every case. An empty object gives manifest NULL, length 0. Needs an
// initialised backend. Returns 0, an error of hc_stat / hc_page_map /
// hc_pread, or HC_ENOTSUP if (fd) is not a regular file (memfd included).
hc_status_t load_manifest(int32_t fd, struct hc_boot_info* boot);

// Writes a message naming both versions to the console's error handle and
// aborts unless (image_version) equals HC_ABI_VERSION.
void check_abi_version(uint32_t image_version);

}  // namespace hc_linux

// Called by _start with the initial stack pointer. Builds the boot
// information, initialises the backend, checks the image's ABI version,
// loads the manifest, calls hc_main() and exits with its result. Aborts
// with a message on the console's error handle if any step fails.
extern "C" __attribute__((visibility("hidden"), noreturn)) void hc_linux_start(
    uintptr_t* sp);

#endif  // HCALL_HYPERCALL_LINUX_ENTRY_H_
