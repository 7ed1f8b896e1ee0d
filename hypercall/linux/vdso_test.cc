// Tests of the vDSO symbol lookup: on the real vDSO when the kernel maps one
// (not under qemu-user), and on synthetic ELF images built here with the C
// library's <elf.h> definitions, covering DT_HASH, DT_GNU_HASH and symbol
// versions on every word size.
#include "hypercall/linux/vdso.h"

#include <elf.h>
#include <link.h>
#include <sys/auxv.h>
#include <time.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/syscall.h"

namespace {

using hc_linux::vdso_lookup;

TEST(VdsoTest, NoBaseFindsNothing) {
  EXPECT_EQ(
      vdso_lookup(0, hc_linux::kVdsoClockGettime64, hc_linux::kVdsoVersion),
      0u);
}

TEST(VdsoTest, NotAnElfImageFindsNothing) {
  alignas(16) static unsigned char zeros[4096];
  EXPECT_EQ(vdso_lookup(reinterpret_cast<uintptr_t>(zeros), "x", "y"), 0u);
}

TEST(VdsoTest, FindsClockGettimeInTheKernelsVdso) {
  const uintptr_t base = getauxval(AT_SYSINFO_EHDR);
  if (base == 0) GTEST_SKIP() << "no vDSO in this process (qemu-user?)";
  const uintptr_t fn =
      vdso_lookup(base, hc_linux::kVdsoClockGettime64, hc_linux::kVdsoVersion);
  ASSERT_NE(fn, 0u) << hc_linux::kVdsoClockGettime64;
  using Gettime = int (*)(int32_t, hc_timespec*);
  // The reading lies between two of the host's, however long the host
  // takes between them.
  timespec before, after;
  clock_gettime(CLOCK_MONOTONIC, &before);
  hc_timespec t{};
  ASSERT_EQ(reinterpret_cast<Gettime>(fn)(1, &t), 0);
  clock_gettime(CLOCK_MONOTONIC, &after);
  const auto ns = [](int64_t sec, int64_t nsec) {
    return sec * 1000000000 + nsec;
  };
  EXPECT_GE(ns(t.tv_sec, t.tv_nsec), ns(before.tv_sec, before.tv_nsec));
  EXPECT_LE(ns(t.tv_sec, t.tv_nsec), ns(after.tv_sec, after.tv_nsec));
}

TEST(VdsoTest, KernelsVdsoRejectsWrongNameOrVersion) {
  const uintptr_t base = getauxval(AT_SYSINFO_EHDR);
  if (base == 0) GTEST_SKIP() << "no vDSO in this process (qemu-user?)";
  EXPECT_EQ(vdso_lookup(base, hc_linux::kVdsoClockGettime64, "LINUX_0.1"), 0u);
  EXPECT_EQ(
      vdso_lookup(base, "__vdso_no_such_function", hc_linux::kVdsoVersion), 0u);
}

// A flat ELF shared-object image (file offsets equal virtual addresses) with
// symbols: 1 other_fn (version index 1: global, unversioned), 2 hc_fn
// (LINUX_9, with the hidden bit), 3 hc_undef (undefined), 4 hc_obj (an
// object, not a function), 5 hc_local (local binding).
class SyntheticElf {
 public:
  enum class Hash { kSysv, kGnu };

  SyntheticElf(Hash hash, bool versions) : image_(8192, 0) {
    const char strings[] =
        "\0other_fn\0hc_fn\0hc_undef\0hc_obj\0hc_local\0LINUX_9\0vdso.so";
    std::memcpy(at(kStrtab), strings, sizeof(strings));
    auto name = [&](const char* s) {
      for (size_t i = 0; i < sizeof(strings); ++i) {
        if (std::strcmp(strings + i, s) == 0) return static_cast<uint32_t>(i);
      }
      ADD_FAILURE() << s;
      return 0u;
    };

    auto* eh = reinterpret_cast<ElfW(Ehdr)*>(at(0));
    std::memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = sizeof(void*) == 8 ? ELFCLASS64 : ELFCLASS32;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_type = ET_DYN;
    eh->e_phoff = sizeof(ElfW(Ehdr));
    eh->e_phentsize = sizeof(ElfW(Phdr));
    eh->e_phnum = 2;
    auto* ph = reinterpret_cast<ElfW(Phdr)*>(at(eh->e_phoff));
    ph[0].p_type = PT_LOAD;
    ph[0].p_offset = 0;
    ph[0].p_vaddr = 0;
    ph[0].p_filesz = ph[0].p_memsz = image_.size();
    ph[1].p_type = PT_DYNAMIC;
    ph[1].p_offset = ph[1].p_vaddr = kDynamic;

    auto* sym = reinterpret_cast<ElfW(Sym)*>(at(kSymtab));
    auto set = [&](int i, const char* n, int bind, int type, int shndx,
                   uintptr_t value) {
      sym[i].st_name = name(n);
      sym[i].st_info = static_cast<unsigned char>(ELF32_ST_INFO(bind, type));
      sym[i].st_shndx = static_cast<uint16_t>(shndx);
      sym[i].st_value = value;
    };
    set(1, "other_fn", STB_GLOBAL, STT_FUNC, 1, 0x100);
    set(2, "hc_fn", STB_WEAK, STT_FUNC, 1, 0x200);
    set(3, "hc_undef", STB_GLOBAL, STT_FUNC, SHN_UNDEF, 0);
    set(4, "hc_obj", STB_GLOBAL, STT_OBJECT, 1, 0x300);
    set(5, "hc_local", STB_LOCAL, STT_FUNC, 1, 0x400);

    auto* words = reinterpret_cast<uint32_t*>(at(kHash));
    if (hash == Hash::kSysv) {
      words[0] = 1;  // nbucket
      words[1] = 6;  // nchain = number of symbols
    } else {
      words[0] = 1;  // nbuckets
      words[1] = 1;  // symoffset
      words[2] = 1;  // bloom words
      words[3] = 0;  // bloom shift
      const size_t bloom_u32 = sizeof(ElfW(Addr)) / 4;
      uint32_t* bucket = words + 4 + bloom_u32;
      bucket[0] = 1;
      uint32_t* chain = bucket + 1;
      for (int i = 0; i < 5; ++i) chain[i] = 0x10u * i;  // even: continue
      chain[4] |= 1;                                     // last symbol
    }

    auto* versym = reinterpret_cast<ElfW(Versym)*>(at(kVersym));
    const ElfW(Versym) indices[6] = {0, 1, 2 | 0x8000, 2, 2, 2};
    std::memcpy(versym, indices, sizeof(indices));
    auto* def = reinterpret_cast<ElfW(Verdef)*>(at(kVerdef));
    def[0].vd_version = 1;
    def[0].vd_flags = VER_FLG_BASE;
    def[0].vd_ndx = 1;
    def[0].vd_cnt = 1;
    def[0].vd_aux = 2 * sizeof(ElfW(Verdef));
    def[0].vd_next = sizeof(ElfW(Verdef));
    def[1].vd_version = 1;
    def[1].vd_ndx = 2;
    def[1].vd_cnt = 1;
    def[1].vd_aux = sizeof(ElfW(Verdef)) + sizeof(ElfW(Verdaux));
    def[1].vd_next = 0;
    auto* aux = reinterpret_cast<ElfW(Verdaux)*>(
        at(kVerdef + 2 * sizeof(ElfW(Verdef))));
    aux[0].vda_name = name("vdso.so");
    aux[1].vda_name = name("LINUX_9");

    auto* dyn = reinterpret_cast<ElfW(Dyn)*>(at(kDynamic));
    int n = 0;
    auto add = [&](ElfW(Sxword) tag, uintptr_t value) {
      dyn[n].d_tag = tag;
      dyn[n].d_un.d_ptr = value;
      ++n;
    };
    add(DT_STRTAB, kStrtab);
    add(DT_SYMTAB, kSymtab);
    add(hash == Hash::kSysv ? DT_HASH : DT_GNU_HASH, kHash);
    if (versions) {
      add(DT_VERSYM, kVersym);
      add(DT_VERDEF, kVerdef);
    }
    add(DT_NULL, 0);
  }

  uintptr_t base() const { return reinterpret_cast<uintptr_t>(image_.data()); }

 private:
  static constexpr size_t kDynamic = 0x400;
  static constexpr size_t kSymtab = 0x600;
  static constexpr size_t kStrtab = 0x800;
  static constexpr size_t kHash = 0xa00;
  static constexpr size_t kVersym = 0xc00;
  static constexpr size_t kVerdef = 0xd00;

  unsigned char* at(size_t offset) { return image_.data() + offset; }

  std::vector<unsigned char> image_;
};

class SyntheticElfTest : public ::testing::TestWithParam<SyntheticElf::Hash> {};

INSTANTIATE_TEST_SUITE_P(
    HashStyles, SyntheticElfTest,
    ::testing::Values(SyntheticElf::Hash::kSysv, SyntheticElf::Hash::kGnu),
    [](const ::testing::TestParamInfo<SyntheticElf::Hash>& info) {
      return info.param == SyntheticElf::Hash::kSysv ? "Sysv" : "Gnu";
    });

TEST_P(SyntheticElfTest, FindsAVersionedFunction) {
  const SyntheticElf elf(GetParam(), true);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_fn", "LINUX_9"), elf.base() + 0x200);
}

TEST_P(SyntheticElfTest, VersionMustMatch) {
  const SyntheticElf elf(GetParam(), true);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_fn", "LINUX_8"), 0u);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_fn", "vdso.so"), 0u);
  EXPECT_EQ(vdso_lookup(elf.base(), "other_fn", "LINUX_9"), 0u);
}

TEST_P(SyntheticElfTest, SkipsUndefinedObjectsAndLocals) {
  const SyntheticElf elf(GetParam(), false);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_undef", "LINUX_9"), 0u);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_obj", "LINUX_9"), 0u);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_local", "LINUX_9"), 0u);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_f", "LINUX_9"), 0u);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_fnx", "LINUX_9"), 0u);
}

TEST_P(SyntheticElfTest, WithoutVersionTablesAnyVersionMatches) {
  const SyntheticElf elf(GetParam(), false);
  EXPECT_EQ(vdso_lookup(elf.base(), "other_fn", "LINUX_1"), elf.base() + 0x100);
  EXPECT_EQ(vdso_lookup(elf.base(), "hc_fn", "anything"), elf.base() + 0x200);
}

}  // namespace
