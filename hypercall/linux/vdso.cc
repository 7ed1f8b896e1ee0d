// hypercall/linux/vdso.cc -- a minimal ELF dynamic-symbol lookup for the
// vDSO (the shared object the kernel maps into every process and announces
// with AT_SYSINFO_EHDR).
//
// Steps: check the ELF header; take the load bias from the first PT_LOAD and
// the dynamic section from PT_DYNAMIC; from it, the symbol table, string
// table, symbol count (DT_HASH's nchain, or a walk of DT_GNU_HASH) and the
// version tables; then scan the symbols linearly (a vDSO has a few dozen).
#include "hypercall/linux/vdso.h"

#include <stddef.h>
#include <stdint.h>

namespace hc_linux {
namespace {

constexpr bool kElf64 = sizeof(uintptr_t) == 8;

using Addr = uintptr_t;  // Elf32_Addr / Elf64_Addr, and the Off types

struct Ehdr {
  unsigned char e_ident[16];
  uint16_t e_type;
  uint16_t e_machine;
  uint32_t e_version;
  Addr e_entry;
  Addr e_phoff;
  Addr e_shoff;
  uint32_t e_flags;
  uint16_t e_ehsize;
  uint16_t e_phentsize;
  uint16_t e_phnum;
  uint16_t e_shentsize;
  uint16_t e_shnum;
  uint16_t e_shstrndx;
};

// Program headers and symbols order their fields differently per class.
struct Phdr64 {
  uint32_t p_type;
  uint32_t p_flags;
  uint64_t p_offset;
  uint64_t p_vaddr;
  uint64_t p_paddr;
  uint64_t p_filesz;
  uint64_t p_memsz;
  uint64_t p_align;
};
struct Phdr32 {
  uint32_t p_type;
  uint32_t p_offset;
  uint32_t p_vaddr;
  uint32_t p_paddr;
  uint32_t p_filesz;
  uint32_t p_memsz;
  uint32_t p_flags;
  uint32_t p_align;
};
struct Sym64 {
  uint32_t st_name;
  unsigned char st_info;
  unsigned char st_other;
  uint16_t st_shndx;
  uint64_t st_value;
  uint64_t st_size;
};
struct Sym32 {
  uint32_t st_name;
  uint32_t st_value;
  uint32_t st_size;
  unsigned char st_info;
  unsigned char st_other;
  uint16_t st_shndx;
};

template <bool kIs64>
struct Layout {
  using Phdr = Phdr64;
  using Sym = Sym64;
};
template <>
struct Layout<false> {
  using Phdr = Phdr32;
  using Sym = Sym32;
};
using Phdr = Layout<kElf64>::Phdr;
using Sym = Layout<kElf64>::Sym;

struct Dyn {
  intptr_t d_tag;
  uintptr_t d_val;
};

struct Verdef {
  uint16_t vd_version;
  uint16_t vd_flags;
  uint16_t vd_ndx;
  uint16_t vd_cnt;
  uint32_t vd_hash;
  uint32_t vd_aux;
  uint32_t vd_next;
};

struct Verdaux {
  uint32_t vda_name;
  uint32_t vda_next;
};

constexpr unsigned char kElfClass = kElf64 ? 2 : 1;
constexpr uint16_t kEtDyn = 3;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtDynamic = 2;
constexpr intptr_t kDtNull = 0;
constexpr intptr_t kDtHash = 4;
constexpr intptr_t kDtStrtab = 5;
constexpr intptr_t kDtSymtab = 6;
constexpr intptr_t kDtGnuHash = 0x6ffffef5;
constexpr intptr_t kDtVersym = 0x6ffffff0;
constexpr intptr_t kDtVerdef = 0x6ffffffc;
constexpr unsigned char kSttFunc = 2;
constexpr unsigned char kStbGlobal = 1;
constexpr unsigned char kStbWeak = 2;
constexpr uint16_t kShnUndef = 0;
constexpr uint16_t kVerFlagBase = 1;
constexpr uint16_t kVersymHidden = 0x8000;

bool str_eq(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

// Number of symbols from a DT_GNU_HASH table: one past the highest index
// any bucket chain reaches.
uint32_t gnu_hash_symbol_count(const uint32_t* table) {
  const uint32_t nbuckets = table[0];
  const uint32_t symoffset = table[1];
  const uint32_t bloom_words = table[2];
  const uint32_t* buckets =
      table + 4 + bloom_words * (sizeof(uintptr_t) / sizeof(uint32_t));
  const uint32_t* chains = buckets + nbuckets;
  uint32_t last = 0;
  for (uint32_t i = 0; i < nbuckets; ++i) {
    if (buckets[i] > last) last = buckets[i];
  }
  if (last < symoffset) return symoffset;
  while ((chains[last - symoffset] & 1u) == 0) ++last;
  return last + 1;
}

// True if symbol (index) carries version (version), or the image has no
// version information.
bool version_matches(const uint16_t* versym, const Verdef* verdef,
                     const char* strtab, uint32_t index, const char* version) {
  if (versym == nullptr || verdef == nullptr) return true;
  const uint16_t want = versym[index] & static_cast<uint16_t>(~kVersymHidden);
  const Verdef* def = verdef;
  for (;;) {
    if ((def->vd_flags & kVerFlagBase) == 0 && def->vd_ndx == want) {
      const Verdaux* aux = reinterpret_cast<const Verdaux*>(
          reinterpret_cast<uintptr_t>(def) + def->vd_aux);
      return str_eq(strtab + aux->vda_name, version);
    }
    if (def->vd_next == 0) return false;
    def = reinterpret_cast<const Verdef*>(reinterpret_cast<uintptr_t>(def) +
                                          def->vd_next);
  }
}

}  // namespace

uintptr_t vdso_lookup(uintptr_t base, const char* name, const char* version) {
  if (base == 0) return 0;
  const Ehdr* eh = reinterpret_cast<const Ehdr*>(base);
  if (eh->e_ident[0] != 0x7f || eh->e_ident[1] != 'E' ||
      eh->e_ident[2] != 'L' || eh->e_ident[3] != 'F' ||
      eh->e_ident[4] != kElfClass || eh->e_type != kEtDyn ||
      eh->e_phentsize != sizeof(Phdr)) {
    return 0;
  }

  const Phdr* ph = reinterpret_cast<const Phdr*>(base + eh->e_phoff);
  bool have_load = false;
  uintptr_t bias = 0;
  const Dyn* dyn = nullptr;
  for (uint16_t i = 0; i < eh->e_phnum; ++i) {
    if (ph[i].p_type == kPtLoad && !have_load) {
      have_load = true;
      bias = base + ph[i].p_offset - ph[i].p_vaddr;
    } else if (ph[i].p_type == kPtDynamic) {
      dyn = reinterpret_cast<const Dyn*>(base + ph[i].p_offset);
    }
  }
  if (!have_load || dyn == nullptr) return 0;

  const char* strtab = nullptr;
  const Sym* symtab = nullptr;
  const uint32_t* hash = nullptr;
  const uint32_t* gnu_hash = nullptr;
  const uint16_t* versym = nullptr;
  const Verdef* verdef = nullptr;
  for (; dyn->d_tag != kDtNull; ++dyn) {
    const uintptr_t at = bias + dyn->d_val;
    switch (dyn->d_tag) {
      case kDtStrtab:
        strtab = reinterpret_cast<const char*>(at);
        break;
      case kDtSymtab:
        symtab = reinterpret_cast<const Sym*>(at);
        break;
      case kDtHash:
        hash = reinterpret_cast<const uint32_t*>(at);
        break;
      case kDtGnuHash:
        gnu_hash = reinterpret_cast<const uint32_t*>(at);
        break;
      case kDtVersym:
        versym = reinterpret_cast<const uint16_t*>(at);
        break;
      case kDtVerdef:
        verdef = reinterpret_cast<const Verdef*>(at);
        break;
      default:
        break;
    }
  }
  if (strtab == nullptr || symtab == nullptr) return 0;
  uint32_t count;
  if (hash != nullptr) {
    count = hash[1];  // nchain: one entry per symbol
  } else if (gnu_hash != nullptr) {
    count = gnu_hash_symbol_count(gnu_hash);
  } else {
    return 0;
  }

  for (uint32_t i = 0; i < count; ++i) {
    const Sym& sym = symtab[i];
    const unsigned char type = sym.st_info & 0xf;
    const unsigned char bind = sym.st_info >> 4;
    if (type != kSttFunc || (bind != kStbGlobal && bind != kStbWeak) ||
        sym.st_shndx == kShnUndef) {
      continue;
    }
    if (!str_eq(strtab + sym.st_name, name)) continue;
    if (!version_matches(versym, verdef, strtab, i, version)) continue;
    return bias + sym.st_value;
  }
  return 0;
}

}  // namespace hc_linux
