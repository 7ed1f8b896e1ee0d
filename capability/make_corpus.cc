// capability/make_corpus.cc -- writes the seed corpora of the capability
// fuzzers (a host tool; its output is checked in under testdata/).
//
//   make_corpus MANIFEST_DIR TABLE_DIR
//
// Manifest seeds are built with the manifest writer: valid manifests of
// each kind of grant and a few broken ones. Table seeds are short
// operation sequences in table_fuzzer.h's format, one per feature.
#include <stdint.h>
#include <stdio.h>

#include <string>
#include <vector>

#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "capability/table_fuzzer.h"

namespace hcall::cap {
namespace {

using Bytes = std::vector<uint8_t>;

bool WriteFile(const std::string& path, const Bytes& b) {
  FILE* f = fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = fwrite(b.data(), 1, b.size(), f) == b.size();
  return fclose(f) == 0 && ok;
}

Grant MakeGrant(const char* name, uint32_t kind, Rights rights,
                hc_handle_t handle, uint32_t preopen = kNoPreopen) {
  Grant g{};
  g.name = name;
  g.name_len = 0;
  while (name[g.name_len] != '\0') ++g.name_len;
  g.kind = kind;
  g.rights = rights;
  g.handle = handle;
  g.preopen_fd = preopen;
  if (kind == kKindBlock) {
    g.size = 1 << 20;
    g.block_size = 4096;
  }
  return g;
}

Bytes Encode(const std::vector<Grant>& grants, uint32_t max_fds) {
  Bytes b(manifest_size(grants.data(), grants.size()));
  encode_manifest(ManifestLimits{max_fds, 1 << 20}, grants.data(),
                  grants.size(), b.data(), b.size());
  return b;
}

std::vector<std::pair<std::string, Bytes>> ManifestSeeds() {
  const std::vector<Grant> full = {
      MakeGrant("stdin", kKindConsole, kRightRead | kRightStat, 0, 0),
      MakeGrant("stdout", kKindConsole, kRightWrite | kRightStat, 1, 1),
      MakeGrant("stderr", kKindConsole, kRightWrite, 2, 2),
      MakeGrant("data.txt", kKindFile, kRightsAll, 3),
      MakeGrant("disk0", kKindBlock, kRightPread | kRightPwrite | kRightFsync,
                4),
  };
  Bytes truncated = Encode(full, 64);
  truncated.resize(truncated.size() - 5);
  Bytes bad_kind = Encode(full, 64);
  bad_kind[kManifestHeaderSize + entry_offset::kKind] = 9;
  return {
      {"valid_full", Encode(full, 64)},
      {"valid_empty", Encode({}, 1)},
      {"valid_utf8_names",
       Encode({MakeGrant("caf\xc3\xa9", kKindFile, kRightRead, 3, 5),
               MakeGrant("\xe6\x97\xa5\xe6\x9c\xac/\xf0\x9f\x98\x80",
                         kKindBlock, kRightsAll, 4)},
              8)},
      {"broken_truncated", truncated},
      {"broken_kind", bad_kind},
  };
}

// A table_fuzzer input, built one operation at a time.
class TableSeed {
 public:
  // >= the max descriptors of any seed without MappedDescriptors().
  static constexpr uint8_t kNotPreopened = 63;

  TableSeed(uint8_t max_fds, uint8_t grant_count) {
    bytes_.push_back(static_cast<uint8_t>(max_fds - 1));
    bytes_.push_back(grant_count);
  }
  // (kind) is kKindConsole, kKindFile or kKindBlock.
  TableSeed& Grant(Rights rights, uint32_t kind, uint8_t preopen) {
    bytes_.push_back(static_cast<uint8_t>(rights));
    bytes_.push_back(static_cast<uint8_t>((kind - 1) | (preopen << 2)));
    return *this;
  }
  // Adds Table::kInlineDescriptors to the max descriptors: the table
  // keeps its descriptors in mapped storage.
  TableSeed& MappedDescriptors() {
    bytes_[0] |= table_fuzz::kMappedDescriptorsBit;
    return *this;
  }
  TableSeed& QuotaPages(uint8_t pages) {
    bytes_.push_back(pages);
    return *this;
  }
  TableSeed& Op(table_fuzz::Opcode op, std::vector<uint8_t> args = {}) {
    bytes_.push_back(op);
    bytes_.insert(bytes_.end(), args.begin(), args.end());
    return *this;
  }
  const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

std::vector<std::pair<std::string, Bytes>> TableSeeds() {
  using table_fuzz::fd_byte;
  const uint8_t kNone = TableSeed::kNotPreopened;
  const uint8_t kRw = kOpenReadWrite;
  const uint8_t kCreate = 0x04;  // table_fuzzer.cc's open_flags() bits
  const uint8_t kExclusive = 0x08;
  const uint8_t kTruncate = 0x10;
  const uint8_t kCloexec = 0x20;
  const uint8_t kNonBlock = 0x40;
  const uint8_t kUnknownFlag = 0x80;

  // Open, dup, close and reuse of the lowest descriptor.
  TableSeed open_dup_close(8, 1);
  open_dup_close.Grant(kRightsAll, kKindFile, kNone)
      .QuotaPages(0)
      .Op(table_fuzz::kOpen, {0, kRw})
      .Op(table_fuzz::kDup, {fd_byte(0)})
      .Op(table_fuzz::kClose, {fd_byte(0)})
      .Op(table_fuzz::kDup, {fd_byte(1)})
      .Op(table_fuzz::kWrite, {fd_byte(0)})
      .Op(table_fuzz::kRead, {fd_byte(1)})
      .Op(table_fuzz::kDup2, {fd_byte(1), fd_byte(5)})
      .Op(table_fuzz::kRights, {fd_byte(5)})
      .Op(table_fuzz::kClose, {fd_byte(1)})
      .Op(table_fuzz::kOpen, {1, kRw})
      .Op(table_fuzz::kOpen, {2, kCreate});

  // An attenuation chain, an intermediate closed, revocation of the root.
  TableSeed attenuate_revoke(16, 1);
  attenuate_revoke.Grant(kRightsAll, kKindFile, 0)
      .QuotaPages(0)
      .Op(table_fuzz::kAttenuate,
          {fd_byte(0), kRightRead | kRightPread | kRightStat})
      .Op(table_fuzz::kAttenuate, {fd_byte(1), kRightRead})
      .Op(table_fuzz::kDup, {fd_byte(2)})
      .Op(table_fuzz::kAttenuate, {fd_byte(2), kRightWrite})
      .Op(table_fuzz::kClose, {fd_byte(1)})
      .Op(table_fuzz::kRevoke, {fd_byte(0)})
      .Op(table_fuzz::kRead, {fd_byte(2)})
      .Op(table_fuzz::kRead, {fd_byte(3)})
      .Op(table_fuzz::kClose, {fd_byte(2)})
      .Op(table_fuzz::kAttenuate, {fd_byte(0), 0x40})
      .Op(table_fuzz::kRights, {fd_byte(3)});

  // Two descriptors (both preopened), a quota of two pages.
  TableSeed limits(2, 2);
  limits.Grant(kRightsAll, kKindFile, 0)
      .Grant(kRightRead, kKindFile, 1)
      .QuotaPages(2)
      .Op(table_fuzz::kOpen, {0, kRw})
      .Op(table_fuzz::kDup, {fd_byte(0)})
      .Op(table_fuzz::kMap, {1})
      .Op(table_fuzz::kMap, {0})
      .Op(table_fuzz::kMap, {0x80})
      .Op(table_fuzz::kUnmap)
      .Op(table_fuzz::kMap, {0})
      .Op(table_fuzz::kUnmap)
      .Op(table_fuzz::kUnmap)
      .Op(table_fuzz::kUnmap);

  // Every operation on descriptors with different rights.
  TableSeed rights_ops(8, 4);
  rights_ops.Grant(kRightRead | kRightStat, kKindConsole, 0)
      .Grant(kRightWrite, kKindConsole, 1)
      .Grant(kRightPread | kRightPwrite, kKindBlock, 2)
      .Grant(kRightFsync | kRightStat, kKindFile, 3)
      .QuotaPages(0)
      .Op(table_fuzz::kRead, {fd_byte(0)})
      .Op(table_fuzz::kWrite, {fd_byte(0)})
      .Op(table_fuzz::kPread, {fd_byte(2), 1})
      .Op(table_fuzz::kPread, {fd_byte(2), 0})
      .Op(table_fuzz::kPwrite, {fd_byte(2)})
      .Op(table_fuzz::kFsync, {fd_byte(3)})
      .Op(table_fuzz::kFstat, {fd_byte(3)})
      .Op(table_fuzz::kIsatty, {fd_byte(0)})
      .Op(table_fuzz::kIsatty, {fd_byte(1)})
      .Op(table_fuzz::kWrite, {fd_byte(1)})
      .Op(table_fuzz::kFstat, {fd_byte(1)})
      .Op(table_fuzz::kWrite, {fd_byte(-1)})
      .Op(table_fuzz::kRead, {fd_byte(17)});

  // Open by name with every kind of flag and name (2 is "nope", 3 is "").
  TableSeed open_flags(4, 2);
  open_flags.Grant(kRightRead, kKindFile, kNone)
      .Grant(kRightWrite, kKindFile, kNone)
      .QuotaPages(0)
      .Op(table_fuzz::kOpen, {0, kOpenReadOnly})
      .Op(table_fuzz::kOpen, {0, kOpenWriteOnly})
      .Op(table_fuzz::kOpen, {1, kOpenWriteOnly})
      .Op(table_fuzz::kOpen, {1, kRw})
      .Op(table_fuzz::kOpen, {2, kOpenReadOnly})
      .Op(table_fuzz::kOpen, {2, kCreate})
      .Op(table_fuzz::kOpen, {3, kCreate})
      .Op(table_fuzz::kOpen, {0, kCreate | kExclusive})
      .Op(table_fuzz::kOpen, {0, kTruncate})
      .Op(table_fuzz::kOpen, {0, kNonBlock})
      .Op(table_fuzz::kOpen, {0, kUnknownFlag})
      .Op(table_fuzz::kOpen, {0, 3})
      .Op(table_fuzz::kOpen, {0, kCloexec});

  // The same two on a table whose descriptors live in mapped storage.
  TableSeed attenuate_revoke_mapped = attenuate_revoke;
  attenuate_revoke_mapped.MappedDescriptors();
  TableSeed rights_ops_mapped = rights_ops;
  rights_ops_mapped.MappedDescriptors();

  return {
      {"open_dup_close", open_dup_close.bytes()},
      {"attenuate_revoke", attenuate_revoke.bytes()},
      {"attenuate_revoke_mapped", attenuate_revoke_mapped.bytes()},
      {"limits", limits.bytes()},
      {"rights_ops", rights_ops.bytes()},
      {"rights_ops_mapped", rights_ops_mapped.bytes()},
      {"open_flags", open_flags.bytes()},
  };
}

}  // namespace
}  // namespace hcall::cap

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s MANIFEST_DIR TABLE_DIR\n", argv[0]);
    return 2;
  }
  int written = 0;
  for (const auto& [name, bytes] : hcall::cap::ManifestSeeds()) {
    if (!hcall::cap::WriteFile(std::string(argv[1]) + "/" + name, bytes)) {
      fprintf(stderr, "make_corpus: cannot write %s/%s\n", argv[1],
              name.c_str());
      return 1;
    }
    ++written;
  }
  for (const auto& [name, bytes] : hcall::cap::TableSeeds()) {
    if (!hcall::cap::WriteFile(std::string(argv[2]) + "/" + name, bytes)) {
      fprintf(stderr, "make_corpus: cannot write %s/%s\n", argv[2],
              name.c_str());
      return 1;
    }
    ++written;
  }
  printf("make_corpus: wrote %d seeds\n", written);
  return 0;
}
