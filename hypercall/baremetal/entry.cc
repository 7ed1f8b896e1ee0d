// hypercall/baremetal/entry.cc -- from the boot code to hc_main() on a
// bare machine. _start (start_<arch>_<abi>_elf_gas.S) sets up the stack,
// BSS, FP/SIMD (and long mode on x86_64) and calls hc_bm_start().
//
// Launcher contract (README.md): QEMU fw_cfg files
//   opt/hcall/args      argv strings, each terminated by a NUL byte
//                       (absent: argc 1, argv[0] "hcall")
//   opt/hcall/env       environ strings "NAME=value", each NUL-terminated
//                       (absent: empty)
//   opt/hcall/manifest  the boot manifest, passed unparsed (absent or
//                       empty: manifest NULL, length 0)
//   opt/hcall/seed      decimal or 0x-hexadecimal 64-bit seed (sets
//                       HC_BOOT_SEED_GIVEN)
// Block devices are virtio-blk devices in -device order: handles 3, 4, ...
#include <stddef.h>
#include <stdint.h>

#include "hypercall/baremetal/baremetal.h"
#include "hypercall/hypercall.h"
#include "hypercall/init_array.h"
#include "hypercall/note.h"

// Tells the launcher that this image runs on bare metal, and its ABI version
// (hypercall/note.h); each linker script keeps it in a PT_NOTE segment.
[[gnu::used, gnu::section(".note.hcall"),
  gnu::aligned(4)]] extern const hcall::note::HcallNote hc_platform_note =
    hcall::note::kHcallNoteBaremetal;

namespace hc_bm {
namespace {

const char kArgsFile[] = "opt/hcall/args";
const char kEnvFile[] = "opt/hcall/env";
const char kManifestFile[] = "opt/hcall/manifest";
const char kSeedFile[] = "opt/hcall/seed";

char kDefaultArg0[] = "hcall";
char* g_default_argv[2] = {kDefaultArg0, nullptr};
char* g_empty_env[1] = {nullptr};

size_t round_up_pages(size_t len) {
  return (len + kPageSize - 1) & ~(kPageSize - 1);
}

// Reads fw_cfg file (name) into fresh pages with one extra NUL byte after
// it. Returns nullptr if the file is missing or empty; aborts if memory
// runs out.
char* load_file(const char* name, uint32_t* size) {
  uint16_t key;
  if (!fwcfg_find(name, &key, size) || *size == 0) return nullptr;
  char* data = static_cast<char*>(page_alloc(round_up_pages(*size + 1u)));
  if (data == nullptr) fatal("no memory for fw_cfg file", HC_ENOMEM);
  fwcfg_select(key);
  fwcfg_read_bytes(data, *size);
  return data;
}

// Splits (size) bytes of NUL-terminated strings at (data) into a
// NULL-terminated vector; a missing final NUL is supplied by load_file.
char** split_strings(char* data, uint32_t size, int32_t* count) {
  size_t n = 0;
  for (uint32_t i = 0; i < size; ++i) {
    if (data[i] == '\0' || i + 1 == size) ++n;
  }
  char** vec =
      static_cast<char**>(page_alloc(round_up_pages((n + 1) * sizeof(char*))));
  if (vec == nullptr) fatal("no memory for argv", HC_ENOMEM);
  size_t k = 0;
  for (uint32_t i = 0; i < size; ++i) {
    if (i == 0 || data[i - 1] == '\0') vec[k++] = data + i;
  }
  vec[k] = nullptr;
  *count = static_cast<int32_t>(k);
  return vec;
}

int digit_value(char c, unsigned base) {
  if (c >= '0' && c <= '9') return c - '0';
  if (base == 16 && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (base == 16 && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses decimal or 0x-hexadecimal (text) of (len) bytes; a trailing
// newline is allowed.
bool parse_seed(const char* text, uint32_t len, uint64_t* out) {
  while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\0')) --len;
  unsigned base = 10;
  uint32_t i = 0;
  if (len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    i = 2;
  }
  if (i == len) return false;
  uint64_t value = 0;
  for (; i < len; ++i) {
    const int d = digit_value(text[i], base);
    if (d < 0 || __builtin_mul_overflow(value, uint64_t{base}, &value) ||
        __builtin_add_overflow(value, static_cast<uint64_t>(d), &value)) {
      return false;
    }
  }
  *out = value;
  return true;
}

void check_abi_version(uint32_t image_version) {
  if (image_version == HC_ABI_VERSION) return;
  console_puts("hcall: the image was built for hypercall ABI version ");
  console_put_dec(image_version);
  console_puts(" but this backend provides version ");
  console_put_dec(HC_ABI_VERSION);
  console_puts("\n");
  hc_abort();
}

hc_boot_info g_boot;

}  // namespace
}  // namespace hc_bm

// Called once by _start with (boot_arg): the PVH start_info address on
// x86_64, 0 on Arm. Never returns.
extern "C" __attribute__((noreturn, visibility("hidden"))) void hc_bm_start(
    uintptr_t boot_arg) {
  using namespace hc_bm;
  uart_init();
  trap_init();
  RamRange ram;
  hc_status_t status = machine_ram(boot_arg, &ram);
  if (status != HC_OK) fatal("cannot find the machine's RAM", status);
  status = memory_init(ram);
  if (status != HC_OK) fatal("cannot set up the page allocator", status);
  status = mmu_init(ram);
  if (status != HC_OK) fatal("cannot set up the page tables", status);
  status = clock_init();
  if (status != HC_OK) fatal("cannot start the timer", status);
  block_init();
  random_init();
  check_abi_version(hc_image_abi_version);
  status = tls_init();
  if (status != HC_OK) fatal("cannot set up thread-local storage", status);

  hc_boot_info& boot = g_boot;
  boot.abi_version = HC_ABI_VERSION;
  boot.size = sizeof(boot);
  boot.argc = 1;
  boot.argv = g_default_argv;
  boot.envp = g_empty_env;
  uint32_t size = 0;
  if (char* args = load_file(kArgsFile, &size)) {
    boot.argv = split_strings(args, size, &boot.argc);
  }
  if (char* env = load_file(kEnvFile, &size)) {
    int32_t unused;
    boot.envp = split_strings(env, size, &unused);
  }
  if (char* manifest = load_file(kManifestFile, &size)) {
    boot.manifest = manifest;
    boot.manifest_len = size;
  }
  if (const char* seed = load_file(kSeedFile, &size)) {
    if (!parse_seed(seed, size, &boot.seed)) {
      fatal("malformed fw_cfg file opt/hcall/seed", HC_EINVAL);
    }
    boot.flags |= HC_BOOT_SEED_GIVEN;
  }
  hc_internal::run_init_array();
  hc_exit(hc_main(&boot));
}
