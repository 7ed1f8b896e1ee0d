// test/rumpuser/fake_kernel_bootstrap.cc -- see fake_kernel_bootstrap.h.
#include "test/rumpuser/fake_kernel_bootstrap.h"

#include <stddef.h>
#include <stdint.h>

#include "rump/rumpuser.h"

// The kernel's link-set element types, complete here: the stand-in kernel
// is the kernel, and rumpuser.h only declares them.
struct modinfo {
  int id;
};
struct rump_component {
  int id;
};
struct evcnt {
  int id;
};

namespace rumptest {
namespace {

const modinfo kModA = {0};
const modinfo kModB = {1};
const rump_component kComp = {0};
evcnt g_evcnt = {0};

// The link sets, laid out by the linker between __start_<set> and
// __stop_<set> as NetBSD's __link_set_add_* macros lay them out.
__attribute__((used, section("link_set_modules")))
const modinfo* const kSetModA = &kModA;
__attribute__((used, section("link_set_modules")))
const modinfo* const kSetModB = &kModB;
__attribute__((used, section("link_set_rump_components")))
const rump_component* const kSetComp = &kComp;
__attribute__((used, section("link_set_evcnts"))) evcnt* const kSetEv =
    &g_evcnt;

}  // namespace
}  // namespace rumptest

extern "C" {
extern const modinfo* const __start_link_set_modules[];
extern const modinfo* const __stop_link_set_modules[];
extern const rump_component* const __start_link_set_rump_components[];
extern const rump_component* const __stop_link_set_rump_components[];
extern evcnt* const __start_link_set_evcnts[];
extern evcnt* const __stop_link_set_evcnts[];
}

namespace rumptest {
namespace {

// How often the kernel registered each object, and the trap's calls.
int g_modules[kLinkedModules];
int g_components[kLinkedComponents];
int g_evcnts[kLinkedEvcnts];
int g_trap_calls;

// The kernel's own registration functions, also handed to
// rumpuser_dl_bootstrap as its callbacks.
void ModInit(const modinfo* const* mi, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (mi[i]->id >= 0 && mi[i]->id < kLinkedModules) ++g_modules[mi[i]->id];
  }
}

void CompLoad(const rump_component* c) {
  if (c->id >= 0 && c->id < kLinkedComponents) ++g_components[c->id];
}

void EvcntAttach(evcnt* e) {
  if (e->id >= 0 && e->id < kLinkedEvcnts) ++g_evcnts[e->id];
}

int SymLoad(void*, uint64_t, char*, uint64_t) { return 0; }

// Where a stale fourth argument would lead.
void Trap(evcnt*) { ++g_trap_calls; }

// The prototype of kernels of the version-17 generation before NetBSD
// added evcntattach, and rumpuser_dl_bootstrap reached through it (by way
// of void (*)(void), so that the compiler accepts the cast). Volatile: the
// call below stays an indirect call through a three-parameter type.
using ThreeArgumentBootstrap = void (*)(rump_modinit_fn, rump_symload_fn,
                                        rump_compload_fn);
ThreeArgumentBootstrap volatile g_three_argument_bootstrap =
    reinterpret_cast<ThreeArgumentBootstrap>(
        reinterpret_cast<void (*)(void)>(&rumpuser_dl_bootstrap));

// Enters with (trap) in the fourth argument register (rcx, x3, r3) and
// calls the three-parameter bootstrap with its first three arguments
// unchanged, so that the register still holds (trap) at the call, as
// whatever a kernel called before may have left there. The target is
// loaded while (trap) is still live (the empty asm uses both), so it
// cannot be loaded into that register; noipa keeps the parameters where the
// ABI puts them, and this file is built with -O2 (BUILD.bazel) so that
// nothing else reuses the register in between (checked by disassembly on
// the three CPUs: the unfixed hypercall calls the trap on each).
__attribute__((noipa)) void CallWithStaleFourthArgument(
    rump_modinit_fn modinit, rump_symload_fn symload, rump_compload_fn compload,
    rump_evcntattach_fn trap) {
  const ThreeArgumentBootstrap bootstrap = g_three_argument_bootstrap;
  asm volatile("" : : "r"(trap), "r"(bootstrap));
  bootstrap(modinit, symload, compload);
  // Not a tail call: arm's would move the target into r3 for the branch.
  asm volatile("" : : : "memory");
}

// rump_init's walk of the kernel's own link sets.
void WalkOwnLinkSets() {
  ModInit(
      __start_link_set_modules,
      static_cast<size_t>(__stop_link_set_modules - __start_link_set_modules));
  for (const rump_component* const* c = __start_link_set_rump_components;
       c < __stop_link_set_rump_components; ++c) {
    CompLoad(*c);
  }
  for (evcnt* const* e = __start_link_set_evcnts; e < __stop_link_set_evcnts;
       ++e) {
    EvcntAttach(*e);
  }
}

BootstrapResult Result() {
  BootstrapResult r = {};
  for (int i = 0; i < kLinkedModules; ++i) {
    r.modules += g_modules[i] > 0;
    r.module_eexist += g_modules[i] > 1 ? g_modules[i] - 1 : 0;
  }
  for (int i = 0; i < kLinkedComponents; ++i) {
    r.components += g_components[i] > 0;
    r.components_twice += g_components[i] > 1 ? g_components[i] - 1 : 0;
  }
  for (int i = 0; i < kLinkedEvcnts; ++i) {
    r.evcnts += g_evcnts[i] > 0;
    r.evcnts_twice += g_evcnts[i] > 1 ? g_evcnts[i] - 1 : 0;
  }
  r.trap_calls = g_trap_calls;
  return r;
}

void Clear() {
  for (int& m : g_modules) m = 0;
  for (int& c : g_components) c = 0;
  for (int& e : g_evcnts) e = 0;
  g_trap_calls = 0;
}

}  // namespace

BootstrapResult BootstrapAsThreeArgumentKernel() {
  Clear();
  WalkOwnLinkSets();
  CallWithStaleFourthArgument(ModInit, SymLoad, CompLoad, Trap);
  return Result();
}

BootstrapResult BootstrapAsFourArgumentKernel() {
  Clear();
  WalkOwnLinkSets();
  rumpuser_dl_bootstrap(ModInit, SymLoad, CompLoad, EvcntAttach);
  return Result();
}

}  // namespace rumptest
