// capability/manifest_fuzzer.cc -- libFuzzer target for the boot manifest
// parser. Links the fake backend (fake_backend.h); runs under libFuzzer or
// as a plain regression runner over a corpus with fuzz_main.cc.
//
// Each input is parsed twice: as given, and with the header's total length
// set to the input's length (so mutations that grow or shrink the input
// still reach the entry checks). For every parse it checks:
//   - a rejection carries a non-empty, NUL-terminated one-line message;
//   - an accepted manifest re-encodes to exactly the input bytes (the
//     format is canonical), its entries obey MANIFEST.md, and a Table set
//     up from it has each preopened descriptor with exactly its grant's
//     rights and opens each grant by name with the expected access.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "capability/errors.h"
#include "capability/fake_backend.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"

namespace hcall::cap {
namespace {

[[noreturn]] void Fail(const char* what) {
  fprintf(stderr, "manifest_fuzzer: %s\n", what);
  abort();
}

// Larger tables are valid but slow to set up; the parser is still fuzzed.
constexpr uint32_t kMaxTableForFuzzing = 4096;

void CheckTable(const Manifest& m, const std::vector<Grant>& grants) {
  if (m.limits.max_descriptors > kMaxTableForFuzzing) return;
  Table t;
  if (t.init(m) != 0) Fail("init of a valid manifest failed");
  if (t.grant_count() != grants.size()) Fail("grant count");
  for (size_t i = 0; i < grants.size(); ++i) {
    const Grant& g = grants[i];
    const Grant& copy = t.grant(static_cast<uint32_t>(i));
    if (copy.name_len != g.name_len ||
        memcmp(copy.name, g.name, g.name_len) != 0 ||
        copy.name[g.name_len] != '\0') {
      Fail("grant name not copied");
    }
    if (g.preopen_fd != kNoPreopen &&
        t.rights(static_cast<int>(g.preopen_fd)) != g.rights) {
      Fail("preopened descriptor has other rights than its grant");
    }
  }
  if (!t.consistent()) Fail("table inconsistent after init");
  // Open each grant by name (names are NUL-free, so a C string works).
  for (const Grant& g : grants) {
    char name[kMaxNameLength + 1];
    memcpy(name, g.name, g.name_len);
    name[g.name_len] = '\0';
    const int fd = t.open(name, kOpenReadWrite);
    const bool allowed =
        (g.rights & kRightsReading) != 0 && (g.rights & kRightsWriting) != 0;
    if (allowed ? fd < 0 && fd != -HCALL_EMFILE : fd != -HCALL_EACCES) {
      Fail("open by name gave an unexpected result");
    }
    if (fd >= 0 && t.rights(fd) != g.rights) Fail("open rights");
  }
  if (!t.consistent()) Fail("table inconsistent after opens");
  t.release();
  if (fake::mapped_bytes() != 0) Fail("table storage leaked");
}

void CheckOne(const uint8_t* data, size_t size) {
  Manifest m;
  ManifestError err;
  memset(err.message, 0x7f, sizeof(err.message));
  const int s = parse_manifest(data, size, &m, &err);
  if (s != 0) {
    if (s != -HCALL_EINVAL) Fail("error other than EINVAL");
    const size_t len = strnlen(err.message, sizeof(err.message));
    if (len == 0 || len == sizeof(err.message)) Fail("bad error message");
    if (memchr(err.message, '\n', len) != nullptr) Fail("multi-line message");
    return;
  }
  if (m.length != size || m.entry_count > kMaxEntries) Fail("header view");
  std::vector<Grant> grants;
  ManifestCursor cursor(m);
  Grant g;
  while (cursor.next(&g)) {
    if (g.name_len == 0 || g.name_len > kMaxNameLength) Fail("name length");
    if (memchr(g.name, 0, g.name_len) != nullptr) Fail("NUL in name");
    if (!is_known(g.rights)) Fail("reserved rights accepted");
    if (g.handle < 0) Fail("negative handle accepted");
    if (g.kind == kKindConsole && !is_subset(g.rights, kRightsConsole)) {
      Fail("console with seek rights accepted");
    }
    grants.push_back(g);
  }
  if (grants.size() != m.entry_count) Fail("cursor count");
  std::vector<uint8_t> again(size);
  if (encode_manifest(m.limits, grants.data(), grants.size(), again.data(),
                      again.size()) != static_cast<int64_t>(size) ||
      memcmp(again.data(), data, size) != 0) {
    Fail("accepted manifest does not re-encode to the same bytes");
  }
  CheckTable(m, grants);
}

}  // namespace
}  // namespace hcall::cap

// libFuzzer's entry point (no header declares it).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hcall::cap::CheckOne(data, size);
  if (size >= hcall::cap::kManifestHeaderSize) {
    std::vector<uint8_t> fixed(data, data + size);
    uint64_t total = size;
    for (int i = 0; i < 8; ++i) {
      fixed[hcall::cap::header_offset::kTotalLength + i] =
          static_cast<uint8_t>(total >> (8 * i));
    }
    hcall::cap::CheckOne(fixed.data(), fixed.size());
  }
  return 0;
}
