// hypercall/linux/entry.cc -- the entry code of Linux images (linux and
// deterministic backends): parses the initial stack, builds struct
// hc_boot_info, initialises the backend, checks the ABI version, loads the
// launcher's manifest and calls hc_main().
#include "hypercall/linux/entry.h"

#include <stddef.h>
#include <stdint.h>

#include "format/digits.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux.h"
#include "hypercall/linux/syscall.h"
#include "hypercall/note.h"
#include "hypercall/status_name.h"

namespace hc_linux {
// Tells the launcher that this image runs on the Linux backend, and its ABI
// version (hypercall/note.h). Linux and deterministic images both link it.
[[gnu::used, gnu::section(".note.hcall"),
  gnu::aligned(4)]] extern const hcall::note::HcallNote hc_platform_note =
    hcall::note::kHcallNoteLinux;

namespace {

// Auxiliary vector types.
constexpr uintptr_t kAtNull = 0;
constexpr uintptr_t kAtPhdr = 3;
constexpr uintptr_t kAtPhnum = 5;
constexpr uintptr_t kAtPagesz = 6;
constexpr uintptr_t kAtSysinfoEhdr = 33;

// If (entry) is "(name)=value", returns value; otherwise nullptr.
const char* match_variable(const char* entry, const char* name) {
  while (*name != '\0') {
    if (*entry != *name) return nullptr;
    ++entry;
    ++name;
  }
  return *entry == '=' ? entry + 1 : nullptr;
}

int digit_value(char c, unsigned base) {
  if (c >= '0' && c <= '9') return c - '0';
  if (base == 16 && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (base == 16 && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses all of (text) as an unsigned number not above (max): decimal, or
// hexadecimal after "0x" / "0X" if (allow_hex). No sign, no spaces.
bool parse_number(const char* text, bool allow_hex, uint64_t max,
                  uint64_t* out) {
  unsigned base = 10;
  if (allow_hex && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text += 2;
  }
  if (*text == '\0') return false;
  uint64_t value = 0;
  for (; *text != '\0'; ++text) {
    const int d = digit_value(*text, base);
    if (d < 0) return false;
    // No division: 64-bit division is a library call on 32-bit arm.
    if (__builtin_mul_overflow(value, uint64_t{base}, &value) ||
        __builtin_add_overflow(value, static_cast<uint64_t>(d), &value) ||
        value > max) {
      return false;
    }
  }
  *out = value;
  return true;
}

void write_text(const char* text) {
  size_t len = 0;
  while (text[len] != '\0') ++len;
  hc_write(HC_HANDLE_CONSOLE_ERR, text, len);
}

void write_unsigned(uint32_t value) {
  char text[hcall::format::kDigitsBufferSize];
  hcall::format::Decimal(value, text);
  write_text(text);
}

[[noreturn]] void fail(const char* what, const char* detail,
                       hc_status_t status) {
  write_text("hcall: ");
  write_text(what);
  if (detail != nullptr) {
    write_text(" ");
    write_text(detail);
  }
  if (status < 0) {
    write_text(": ");
    write_text(hcall::StatusName(status));
  }
  write_text("\n");
  hc_abort();
}

}  // namespace

hc_status_t parse_initial_stack(uintptr_t* sp, struct hc_boot_info* boot,
                                StartInfo* start) {
  const uintptr_t argc = sp[0];
  char** argv = reinterpret_cast<char**>(sp + 1);
  char** envp = argv + argc + 1;

  start->config.vdso_base = 0;
  start->config.page_size = 0;
  start->config.seed = 0;
  start->config.seed_given = 0;
  start->config.reserved = 0;
  start->manifest_fd = -1;
  start->bad_variable = nullptr;
  start->phdrs = nullptr;
  start->phnum = 0;

  // Drop the launcher's variables, keeping the order of the others.
  hc_status_t status = HC_OK;
  char** keep = envp;
  char** env = envp;
  for (; *env != nullptr; ++env) {
    uint64_t value;
    if (const char* fd = match_variable(*env, kManifestFdVariable)) {
      if (parse_number(fd, false, INT32_MAX, &value)) {
        start->manifest_fd = static_cast<int32_t>(value);
      } else {
        status = HC_EINVAL;
        start->bad_variable = kManifestFdVariable;
      }
    } else if (const char* seed = match_variable(*env, kSeedVariable)) {
      if (parse_number(seed, true, UINT64_MAX, &value)) {
        start->config.seed = value;
        start->config.seed_given = 1;
      } else {
        status = HC_EINVAL;
        start->bad_variable = kSeedVariable;
      }
    } else {
      *keep++ = *env;
    }
  }
  // The auxiliary vector starts after envp's original terminator; clear the
  // slots freed by the removal.
  const uintptr_t* auxv = reinterpret_cast<const uintptr_t*>(env + 1);
  while (keep <= env) *keep++ = nullptr;

  for (; auxv[0] != kAtNull; auxv += 2) {
    if (auxv[0] == kAtPagesz) {
      start->config.page_size = auxv[1];
    } else if (auxv[0] == kAtSysinfoEhdr) {
      start->config.vdso_base = auxv[1];
    } else if (auxv[0] == kAtPhdr) {
      start->phdrs = reinterpret_cast<const void*>(auxv[1]);
    } else if (auxv[0] == kAtPhnum) {
      start->phnum = auxv[1];
    }
  }

  boot->argc = static_cast<int32_t>(argc);
  boot->argv = argv;
  boot->envp = envp;
  boot->seed = start->config.seed;
  boot->flags = start->config.seed_given != 0 ? HC_BOOT_SEED_GIVEN : 0u;
  return status;
}

hc_status_t load_manifest(int32_t fd, struct hc_boot_info* boot) {
  struct hc_stat st;
  hc_status_t status = hc_stat(fd, &st);
  void* pages = nullptr;
  size_t map_len = 0;
  uint64_t done = 0;
  if (status == HC_OK && st.kind != HC_KIND_FILE) status = HC_ENOTSUP;
  if (status == HC_OK && st.size > SIZE_MAX - hc_page_size()) {
    status = HC_ENOMEM;
  }
  if (status == HC_OK && st.size != 0) {
    const size_t mask = hc_page_size() - 1;
    map_len = (static_cast<size_t>(st.size) + mask) & ~mask;
    status = hc_page_map(map_len, HC_PROT_READ | HC_PROT_WRITE, &pages);
    while (status == HC_OK && done < st.size) {
      const hc_ssize_t got =
          hc_pread(fd, static_cast<char*>(pages) + done,
                   static_cast<size_t>(st.size - done), done);
      if (got < 0) {
        status = static_cast<hc_status_t>(got);
      } else if (got == 0) {
        break;  // the object shrank; keep what was there
      } else {
        done += static_cast<uint64_t>(got);
      }
    }
    if (status == HC_OK) {
      status = hc_page_protect(pages, map_len, HC_PROT_READ);
    }
    if (status != HC_OK && pages != nullptr) hc_page_unmap(pages, map_len);
  }
  syscall1(nr::kClose, fd);
  if (status != HC_OK) return status;
  boot->manifest = done != 0 ? pages : nullptr;
  boot->manifest_len = done;
  return HC_OK;
}

void check_abi_version(uint32_t image_version) {
  if (image_version == HC_ABI_VERSION) return;
  write_text("hcall: the image was built for hypercall ABI version ");
  write_unsigned(image_version);
  write_text(" but this backend provides version ");
  write_unsigned(HC_ABI_VERSION);
  write_text("\n");
  hc_abort();
}

}  // namespace hc_linux

// Defined by //hypercall/linux:entry (constructors.cc); absent, and so
// skipped, when a hosted test drives hc_linux_start().
extern "C" __attribute__((weak)) void hc_linux_run_constructors();

extern "C" void hc_linux_start(uintptr_t* sp) {
  struct hc_boot_info boot;
  boot.abi_version = HC_ABI_VERSION;
  boot.size = sizeof(boot);
  boot.manifest = nullptr;
  boot.manifest_len = 0;
  for (uint64_t& r : boot.reserved) r = 0;

  hc_linux::StartInfo start;
  const hc_status_t parsed = hc_linux::parse_initial_stack(sp, &boot, &start);
  const hc_status_t init = hc_linux_init(&start.config);
  if (init != HC_OK)
    hc_linux::fail("backend initialisation failed", nullptr, init);
  hc_linux::check_abi_version(hc_image_abi_version);
  // Thread-local variables work from the first constructor on.
  const hc_status_t tls = hc_linux::tls_setup(start.phdrs, start.phnum);
  if (tls != HC_OK) {
    hc_linux::fail("cannot set up thread-local storage", nullptr, tls);
  }
  if (parsed != HC_OK) {
    hc_linux::fail("malformed launcher variable", start.bad_variable, parsed);
  }
  if (start.manifest_fd >= 0) {
    const hc_status_t loaded =
        hc_linux::load_manifest(start.manifest_fd, &boot);
    if (loaded != HC_OK) {
      hc_linux::fail("cannot read the boot manifest from",
                     hc_linux::kManifestFdVariable, loaded);
    }
  }
  if (hc_linux_run_constructors != nullptr) hc_linux_run_constructors();
  hc_exit(hc_main(&boot));
}
