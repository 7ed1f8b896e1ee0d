// rumpkernel/init.cc -- rumpuser_init and the upcalls, errno translation,
// parameters, errno of rump system calls, termination, daemonisation, the
// static module bootstrap and the (unsupported) sysproxy calls.
#include <stddef.h>
#include <stdint.h>

#include "fibers/fiber.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rump/rumpuser_hcall.h"
#include "rumpkernel/internal.h"

namespace hcall::rump {
namespace {

// The upcalls, copied at rumpuser_init (the caller's table need not stay).
rumpuser_hyperup g_hyp;

// Parameters (rump/rumpuser_hcall.h).
uint32_t g_ncpu = 1;
const char* g_hostname = nullptr;  // nullptr: g_default_hostname
char g_default_hostname[32];
char* const* g_envp = nullptr;

bool g_daemonizing = false;

// How the image ends (hcall_rumpuser_set_exit).
hcall_rumpuser_exit_config g_exit = {nullptr, -1};
bool g_flushing = false;

void CopyHyperup(const rumpuser_hyperup& from) {
  g_hyp.hyp_schedule = from.hyp_schedule;
  g_hyp.hyp_unschedule = from.hyp_unschedule;
  g_hyp.hyp_backend_unschedule = from.hyp_backend_unschedule;
  g_hyp.hyp_backend_schedule = from.hyp_backend_schedule;
  g_hyp.hyp_lwproc_switch = from.hyp_lwproc_switch;
  g_hyp.hyp_lwproc_release = from.hyp_lwproc_release;
  g_hyp.hyp_lwproc_rfork = from.hyp_lwproc_rfork;
  g_hyp.hyp_lwproc_newlwp = from.hyp_lwproc_newlwp;
  g_hyp.hyp_lwproc_curlwp = from.hyp_lwproc_curlwp;
  g_hyp.hyp_syscall = from.hyp_syscall;
  g_hyp.hyp_lwpexit = from.hyp_lwpexit;
  g_hyp.hyp_execnotify = from.hyp_execnotify;
  g_hyp.hyp_getpid = from.hyp_getpid;
  for (int i = 0; i < 8; ++i) g_hyp.hyp__extra[i] = from.hyp__extra[i];
}

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

// NetBSD's default dispositions: signals that end a process.
bool Terminates(int sig) {
  switch (sig) {
    case 1:   // SIGHUP
    case 2:   // SIGINT
    case 9:   // SIGKILL
    case 13:  // SIGPIPE
    case 14:  // SIGALRM
    case 15:  // SIGTERM
    case 26:  // SIGVTALRM
    case 27:  // SIGPROF
    case 30:  // SIGUSR1
    case 31:  // SIGUSR2
      return true;
    default:
      return false;
  }
}

// Signals that end a process with a core dump.
bool Dumps(int sig) {
  switch (sig) {
    case 3:   // SIGQUIT
    case 4:   // SIGILL
    case 5:   // SIGTRAP
    case 6:   // SIGABRT
    case 7:   // SIGEMT
    case 8:   // SIGFPE
    case 10:  // SIGBUS
    case 11:  // SIGSEGV
    case 12:  // SIGSYS
    case 24:  // SIGXCPU
    case 25:  // SIGXFSZ
      return true;
    default:
      return false;
  }
}

}  // namespace

int Unschedule(void* interlock) {
  int nlocks = 0;
  if (g_hyp.hyp_backend_unschedule != nullptr) {
    g_hyp.hyp_backend_unschedule(0, &nlocks, interlock);
  }
  return nlocks;
}

void Schedule(int nlocks, void* interlock) {
  if (g_hyp.hyp_backend_schedule != nullptr) {
    g_hyp.hyp_backend_schedule(nlocks, interlock);
  }
}

void EnterKernel() {
  if (g_hyp.hyp_schedule != nullptr) g_hyp.hyp_schedule();
}

void LeaveKernel() {
  if (g_hyp.hyp_unschedule != nullptr) g_hyp.hyp_unschedule();
}

int NewLwp() {
  return g_hyp.hyp_lwproc_newlwp != nullptr ? g_hyp.hyp_lwproc_newlwp(0) : 0;
}

void FlushBeforeEnd() {
  if (g_flushing) return;
  g_flushing = true;
  // The image's streams first: what it printed there usually came first.
  if (g_exit.flush != nullptr) g_exit.flush();
  FlushPutchar();
  g_flushing = false;
}

void EndAsPanic() {
  if (g_exit.panic_status >= 0) hc_exit(g_exit.panic_status);
  hc_abort();
}

void ReleaseLwp() {
  if (g_hyp.hyp_lwproc_release != nullptr) g_hyp.hyp_lwproc_release();
}

}  // namespace hcall::rump

using namespace hcall::rump;

extern "C" int rumpuser_init(int version, const rumpuser_hyperup* hyp) {
  if (version != RUMPUSER_VERSION) {
    char line[128];
    const int n = Format(line, sizeof(line),
                         "rumpuser: version mismatch: the rump kernel wants "
                         "hypercall interface %d, hcall implements %d\n",
                         version, RUMPUSER_VERSION);
    WriteError(line, static_cast<size_t>(n) < sizeof(line)
                         ? static_cast<size_t>(n)
                         : sizeof(line) - 1);
    return nb::kEINVAL;
  }
  if (hyp == nullptr) {
    WriteErrorString("rumpuser: rumpuser_init without upcalls\n");
    return nb::kEINVAL;
  }
  CopyHyperup(*hyp);
  if (g_hostname == nullptr && g_default_hostname[0] == '\0') {
    MakeDefaultHostname();
  }
  return 0;
}

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

extern "C" void rumpuser_seterrno(int error) {
  *hcall::fibers::ErrnoLocation() = error;
}

extern "C" int hcall_rumpuser_set_exit(
    const hcall_rumpuser_exit_config* config) {
  if (config == nullptr) {
    g_exit = {nullptr, -1};
    return 0;
  }
  if (config->panic_status < -1 || config->panic_status > 255) {
    return nb::kEINVAL;
  }
  g_exit = *config;
  return 0;
}

extern "C" void hcall_rumpuser_flush(void) { FlushBeforeEnd(); }

extern "C" int rumpuser_kill(int64_t pid, int sig) {
  (void)pid;  // one process: every pid is this image
  if (Dumps(sig)) {
    FlushBeforeEnd();
    hc_abort();
  }
  if (Terminates(sig)) {
    FlushBeforeEnd();
    hc_exit(128 + sig);
  }
  return 0;  // ignored by default (SIGCHLD, SIGWINCH, ...) or stopping
}

extern "C" void rumpuser_exit(int value) {
  FlushBeforeEnd();
  if (value == RUMPUSER_PANIC) {
    WriteErrorString("rumpuser: the rump kernel panicked\n");
    EndAsPanic();
  }
  hc_exit(value);
}

extern "C" int rumpuser_daemonize_begin(void) {
  if (g_daemonizing) return nb::kEINPROGRESS;
  // The launcher supervises the image and owns its console: there is no
  // parent to leave behind and no terminal to detach from.
  g_daemonizing = true;
  return 0;
}

extern "C" int rumpuser_daemonize_done(int error) {
  (void)error;  // nobody waits for the result
  if (!g_daemonizing) return nb::kENOENT;
  g_daemonizing = false;
  return 0;
}

// Every hcall image is statically linked, and a statically linked rump
// kernel registers its own link sets (link_set_modules,
// link_set_rump_components, link_set_evcnts) during rump_init. Handing them
// over again here would register each module twice (EEXIST) and attach each
// event counter twice, so this does what NetBSD's implementation for static
// kernels does: nothing. Kernels of the version-17 generation before
// NetBSD added (evcntattach) call this with three arguments; the fourth is
// then whatever the register holds, so it is never read, let alone called.
extern "C" void rumpuser_dl_bootstrap(rump_modinit_fn domodinit,
                                      rump_symload_fn symload,
                                      rump_compload_fn compload,
                                      rump_evcntattach_fn /*evcntattach*/) {
  (void)domodinit;
  (void)symload;
  (void)compload;
}

extern "C" int rumpuser_sp_init(const char*, const char*, const char*,
                                const char*) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyin(void*, const void*, void*, size_t) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyinstr(void*, const void*, void*, size_t*) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyout(void*, const void*, void*, size_t) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_copyoutstr(void*, const void*, void*, size_t*) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_anonmmap(void*, size_t, void**) {
  return nb::kEOPNOTSUPP;
}

extern "C" int rumpuser_sp_raise(void*, int) { return nb::kEOPNOTSUPP; }

extern "C" void rumpuser_sp_fini(void*) {}
