// rumpkernel/start/start.cc -- the start-up of an image that runs a rump
// kernel (rump/hcall_start.h): capability table, RUMP_* environment with a
// RUMP_MEMLIMIT derived from the quota, how the kernel ends the image, and
// the registration of grants with the kernel.
//
// Image code: no libc. Memory for the environment comes from
// rumpuser_malloc and is never freed (rumpuser keeps pointers into it).
#include <stddef.h>
#include <stdint.h>

#include "capability/manifest.h"
#include "capability/table.h"
#include "fibers/fiber.h"
#include "format/digits.h"
#include "hypercall/hypercall.h"
#include "rump/hcall_start.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"

namespace {

namespace cap = hcall::cap;
namespace format = hcall::format;

constexpr int kNetbsdENOSYS = 78;
constexpr int kEtfsReg = 0;  // enum rump_etfs_type: RUMP_ETFS_REG
constexpr int kEtfsBlk = 1;  // RUMP_ETFS_BLK
constexpr char kMemlimit[] = "RUMP_MEMLIMIT=";

uint64_t g_memlimit = 0;

bool StartsWith(const char* s, const char* prefix) {
  while (*prefix != '\0') {
    if (*s++ != *prefix++) return false;
  }
  return true;
}

size_t Length(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

[[noreturn]] void ConfigFailure(const char* what, const char* detail) {
  rumpuser_dprintf("hcall: rump: %s%s\n", what, detail);
  hc_exit(HCALL_RUMP_STATUS_CONFIG);
}

void* AllocateOrFail(size_t len) {
  void* p = nullptr;
  if (rumpuser_malloc(len, 0, &p) != 0) {
    ConfigFailure("no memory for the environment", "");
  }
  return p;
}

// (envp) plus "RUMP_MEMLIMIT=(limit)" unless it has one already (then
// (envp) itself, and no limit is recorded).
char** EnvironmentWithMemlimit(char** envp, uint64_t limit) {
  size_t n = 0;
  if (envp != nullptr) {
    for (; envp[n] != nullptr; ++n) {
      if (StartsWith(envp[n], kMemlimit)) return envp;
    }
  }
  if (limit == 0) return envp;
  char** env = static_cast<char**>(AllocateOrFail((n + 2) * sizeof(char*)));
  for (size_t i = 0; i < n; ++i) env[i] = envp[i];
  char* var = static_cast<char*>(
      AllocateOrFail(sizeof(kMemlimit) + format::kDigitsBufferSize));
  for (size_t i = 0; i < sizeof(kMemlimit) - 1; ++i) var[i] = kMemlimit[i];
  format::Decimal(limit, var + sizeof(kMemlimit) - 1);
  env[n] = var;
  env[n + 1] = nullptr;
  g_memlimit = limit;
  return env;
}

void FlushEverything() { hcall_rumpuser_flush(); }

}  // namespace

// The kernel's registration of a host file (NetBSD's librumpvfs). Weak: an
// image whose kernel has no VFS component still links.
extern "C" int rump_pub_etfs_register(const char* key, const char* hostpath,
                                      int ftype) __attribute__((weak));

extern "C" uint64_t hcall_rump_memlimit_for(uint64_t quota) {
  return (quota - quota / 4) & ~uint64_t{4095};
}

extern "C" uint64_t hcall_rump_memlimit(void) { return g_memlimit; }

extern "C" void hcall_rump_start(const hc_boot_info* boot,
                                 void (*flush)(void)) {
  cap::Table& table = cap::boot(boot);  // ends the image on a bad manifest
  // hcall_rumpuser_configure_from_boot reads only envp. Not a copy of
  // (*boot): that would be a memcpy call, and there is no libc here.
  hc_boot_info configured;
  configured.abi_version = boot->abi_version;
  configured.size = boot->size;
  configured.argc = boot->argc;
  configured.flags = boot->flags;
  configured.argv = boot->argv;
  configured.manifest = boot->manifest;
  configured.manifest_len = boot->manifest_len;
  configured.seed = boot->seed;
  configured.envp = EnvironmentWithMemlimit(
      boot->envp, hcall_rump_memlimit_for(table.max_mapped_bytes()));
  if (hcall_rumpuser_configure_from_boot(&configured) != 0) {
    ConfigFailure(
        "malformed RUMP_NCPU in the environment (a number from 1 "
        "to 4096, or \"host\")",
        "");
  }
  const hcall_rumpuser_exit_config exit = {flush, HCALL_RUMP_STATUS_PANIC};
  hcall_rumpuser_set_exit(&exit);
  hcall::fibers::SetBeforeAbort(&FlushEverything);
}

extern "C" int hcall_rump_register_grants(void) {
  cap::Table& table = cap::process_table();
  int first = 0;
  for (uint32_t i = 0; i < table.grant_count(); ++i) {
    const cap::Grant& g = table.grant(i);
    const char* prefix = nullptr;
    int type = 0;
    if (g.kind == cap::kKindBlock) {
      prefix = "/dev/";
      type = kEtfsBlk;
    } else if (g.kind == cap::kKindFile) {
      prefix = "/";
      type = kEtfsReg;
    } else {
      continue;  // consoles
    }
    if (rump_pub_etfs_register == nullptr) {
      rumpuser_dprintf(
          "hcall: rump: cannot register %s: the kernel has no "
          "rump_pub_etfs_register (link its VFS component)\n",
          g.name);
      return kNetbsdENOSYS;
    }
    char key[6 + cap::kMaxNameLength + 1];
    size_t k = 0;
    for (const char* p = prefix; *p != '\0'; ++p) key[k++] = *p;
    for (size_t j = 0; j < Length(g.name); ++j) key[k++] = g.name[j];
    key[k] = '\0';
    const int e = rump_pub_etfs_register(key, g.name, type);
    if (e != 0) {
      rumpuser_dprintf("hcall: rump: cannot register %s as %s: error %d\n",
                       g.name, key, e);
      if (first == 0) first = e;
    }
  }
  return first;
}
