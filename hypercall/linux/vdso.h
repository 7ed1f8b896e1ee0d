// hypercall/linux/vdso.h -- finding functions in the Linux vDSO.
#ifndef HCALL_HYPERCALL_LINUX_VDSO_H_
#define HCALL_HYPERCALL_LINUX_VDSO_H_

#include <stdint.h>

namespace hc_linux {

// Returns the address of the function (name) with symbol version (version)
// in the vDSO ELF image mapped at (base) (the AT_SYSINFO_EHDR value), or 0
// if (base) is 0, is not an ELF image of this architecture's word size, or
// has no such function. If the image has no version tables (DT_VERSYM,
// DT_VERDEF), (version) is not checked. Reads only the image; allocates
// nothing.
uintptr_t vdso_lookup(uintptr_t base, const char* name, const char* version);

}  // namespace hc_linux

#endif  // HCALL_HYPERCALL_LINUX_VDSO_H_
