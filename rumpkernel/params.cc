// rumpkernel/params.cc -- the image's rumpuser parameters: how they are
// configured (rump/rumpuser_hcall.h: directly, or from the RUMP_*
// environment of the boot information) and rumpuser_getparam.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

// Parameters (rump/rumpuser_hcall.h).
uint32_t g_ncpu = 1;
const char* g_hostname = nullptr;  // nullptr: g_default_hostname
char g_default_hostname[32];
char* const* g_envp = nullptr;

void MakeDefaultHostname() {
  uint32_t r = 0;
  uint8_t* p = reinterpret_cast<uint8_t*>(&r);
  size_t got = 0;
  while (got < sizeof(r)) {
    const hc_ssize_t n = hc_getrandom(p + got, sizeof(r) - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  Format(g_default_hostname, sizeof(g_default_hostname), "rump-%05u.hcall",
         static_cast<unsigned>(r % 100000u));
}

const char* Hostname() {
  if (g_hostname != nullptr) return g_hostname;
  if (g_default_hostname[0] == '\0') MakeDefaultHostname();
  return g_default_hostname;
}

// The value of (name) in (envp), or nullptr.
const char* Lookup(char* const* envp, const char* name) {
  if (envp == nullptr) return nullptr;
  for (; *envp != nullptr; ++envp) {
    const char* e = *envp;
    size_t i = 0;
    while (name[i] != '\0' && e[i] == name[i]) ++i;
    if (name[i] == '\0' && e[i] == '=') return e + i + 1;
  }
  return nullptr;
}

}  // namespace

void ChooseHostname() {
  if (g_hostname == nullptr && g_default_hostname[0] == '\0') {
    MakeDefaultHostname();
  }
}

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int hcall_rumpuser_configure(const hcall_rumpuser_config* config) {
  if (config == nullptr || config->ncpu > 4096) return nb::kEINVAL;
  if (config->ncpu != 0) g_ncpu = config->ncpu;
  if (config->hostname != nullptr) g_hostname = config->hostname;
  g_envp = config->envp;
  return 0;
}

extern "C" int hcall_rumpuser_configure_from_boot(const hc_boot_info* boot) {
  if (boot == nullptr) return nb::kEINVAL;
  hcall_rumpuser_config c{0, nullptr, boot->envp};
  if (const char* v = Lookup(boot->envp, "RUMP_NCPU")) {
    if (Equal(v, "host")) {
      c.ncpu = 1;
    } else {
      uint32_t n = 0;
      if (*v == '\0') return nb::kEINVAL;
      for (; *v != '\0'; ++v) {
        if (*v < '0' || *v > '9' || n > 4096) return nb::kEINVAL;
        n = n * 10 + static_cast<uint32_t>(*v - '0');
      }
      if (n == 0 || n > 4096) return nb::kEINVAL;
      c.ncpu = n;
    }
  }
  c.hostname = Lookup(boot->envp, "RUMP_HOSTNAME");
  return hcall_rumpuser_configure(&c);
}

extern "C" int rumpuser_getparam(const char* name, void* buf, size_t buflen) {
  char* out = static_cast<char*>(buf);
  if (name == nullptr) return nb::kEINVAL;
  if (Equal(name, RUMPUSER_PARAM_NCPU)) {
    char digits[16];
    Format(digits, sizeof(digits), "%u", static_cast<unsigned>(g_ncpu));
    CopyString(out, buflen, digits);
    return 0;
  }
  if (Equal(name, RUMPUSER_PARAM_HOSTNAME)) {
    CopyString(out, buflen, Hostname());
    return 0;
  }
  if (name[0] == '_') return nb::kEINVAL;
  const char* v = Lookup(g_envp, name);
  if (v == nullptr) return nb::kENOENT;
  if (Length(v) >= buflen) return nb::kERANGE;
  CopyString(out, buflen, v);
  return 0;
}
