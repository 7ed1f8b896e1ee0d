// launcher/testdata/fake_elf.h -- builds small synthetic ELF files (headers,
// program headers, notes; no code) for the launcher's tests: bare-metal
// images before the bare-metal backend exists, and broken inputs.
// Test-only, header-only.
#ifndef HCALL_LAUNCHER_TESTDATA_FAKE_ELF_H_
#define HCALL_LAUNCHER_TESTDATA_FAKE_ELF_H_

#include <stdint.h>

#include <string>
#include <utility>
#include <vector>

namespace hcall::launcher::testing {

inline constexpr uint16_t kEmX86_64 = 62;
inline constexpr uint16_t kEmAarch64 = 183;
inline constexpr uint16_t kEmArm = 40;

struct FakeElf {
  bool is64 = true;
  uint16_t machine = kEmX86_64;
  uint16_t type = 2;  // ET_EXEC
  std::vector<std::pair<uint64_t, uint64_t>> loads = {{0x400000, 0x1000}};
  std::string note_kind;  // "linux", "baremetal", or "" for no hcall note
  uint32_t abi_version = 1;
  bool pvh_note = false;
  std::string interp;  // PT_INTERP path, or ""
};

inline void Put(std::string* s, uint64_t off, uint64_t value, int width) {
  for (int i = 0; i < width; ++i) {
    (*s)[off + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
}

inline std::string Note(const std::string& name, uint32_t type,
                        const std::string& desc) {
  std::string n(12, '\0');
  Put(&n, 0, name.size() + 1, 4);
  Put(&n, 4, desc.size(), 4);
  Put(&n, 8, type, 4);
  std::string padded_name = name + '\0';
  padded_name.resize((padded_name.size() + 3) & ~size_t{3}, '\0');
  std::string padded_desc = desc;
  padded_desc.resize((desc.size() + 3) & ~size_t{3}, '\0');
  return n + padded_name + padded_desc;
}

inline std::string BuildFakeElf(const FakeElf& f) {
  const uint64_t ehsize = f.is64 ? 64 : 52;
  const uint64_t phentsize = f.is64 ? 56 : 32;
  std::string notes;
  if (!f.note_kind.empty()) {
    std::string desc(16, '\0');
    desc.replace(0, f.note_kind.size(), f.note_kind);
    Put(&desc, 12, f.abi_version, 4);
    notes += Note("hcall", 1, desc);
  }
  if (f.pvh_note) notes += Note("Xen", 18, std::string(4, '\0'));
  const uint64_t phnum =
      f.loads.size() + (notes.empty() ? 0 : 1) + (f.interp.empty() ? 0 : 1);
  const uint64_t notes_off = ehsize + phnum * phentsize;
  const uint64_t interp_off = notes_off + notes.size();
  std::string s(interp_off + f.interp.size() + 1, '\0');
  s.replace(0, 4,
            "\x7f"
            "ELF");
  s[4] = f.is64 ? 2 : 1;
  s[5] = 1;  // little-endian
  s[6] = 1;  // EV_CURRENT
  Put(&s, 16, f.type, 2);
  Put(&s, 18, f.machine, 2);
  Put(&s, 20, 1, 4);
  const int w = f.is64 ? 8 : 4;
  Put(&s, 24, f.loads.empty() ? 0 : f.loads[0].first, w);  // e_entry
  Put(&s, f.is64 ? 32 : 28, ehsize, w);                    // e_phoff
  Put(&s, f.is64 ? 52 : 40, ehsize, 2);                    // e_ehsize
  Put(&s, f.is64 ? 54 : 42, phentsize, 2);
  Put(&s, f.is64 ? 56 : 44, phnum, 2);
  Put(&s, f.is64 ? 58 : 46, f.is64 ? 64 : 40, 2);  // e_shentsize
  uint64_t ph = ehsize;
  auto phdr = [&](uint32_t type, uint64_t off, uint64_t vaddr, uint64_t filesz,
                  uint64_t memsz) {
    Put(&s, ph, type, 4);
    if (f.is64) {
      Put(&s, ph + 8, off, 8);
      Put(&s, ph + 16, vaddr, 8);
      Put(&s, ph + 24, vaddr, 8);
      Put(&s, ph + 32, filesz, 8);
      Put(&s, ph + 40, memsz, 8);
    } else {
      Put(&s, ph + 4, off, 4);
      Put(&s, ph + 8, vaddr, 4);
      Put(&s, ph + 12, vaddr, 4);
      Put(&s, ph + 16, filesz, 4);
      Put(&s, ph + 20, memsz, 4);
    }
    ph += phentsize;
  };
  for (const auto& [vaddr, memsz] : f.loads) phdr(1, 0, vaddr, 0, memsz);
  if (!notes.empty()) phdr(4, notes_off, 0, notes.size(), notes.size());
  if (!f.interp.empty()) {
    phdr(3, interp_off, 0, f.interp.size() + 1, f.interp.size() + 1);
  }
  s.replace(notes_off, notes.size(), notes);
  s.replace(interp_off, f.interp.size(), f.interp);
  return s;
}

// A bare-metal image of (cpu) ("x86_64", "aarch64", "arm") carrying the
// hcall note, linked where that platform's linker script puts it.
inline std::string FakeBaremetalImage(const std::string& cpu) {
  FakeElf f;
  f.note_kind = "baremetal";
  if (cpu == "x86_64") {
    f.loads = {{0x100000, 0x2000}};
  } else if (cpu == "aarch64") {
    f.machine = kEmAarch64;
    f.loads = {{0x40200000, 0x2000}};
  } else {
    f.is64 = false;
    f.machine = kEmArm;
    f.loads = {{0x40200000, 0x2000}};
  }
  return BuildFakeElf(f);
}

}  // namespace hcall::launcher::testing

#endif  // HCALL_LAUNCHER_TESTDATA_FAKE_ELF_H_
