// capability/manifest_test.cc -- the boot manifest parser and writer on
// valid and broken inputs.
#include "capability/manifest.h"

#include <errno.h>
#include <gtest/gtest.h>
#include <stdint.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "capability/errors.h"
#include "capability/rights.h"

namespace hcall::cap {
namespace {

using Bytes = std::vector<uint8_t>;

Grant MakeGrant(const std::string* name, uint32_t kind, Rights rights,
                hc_handle_t handle, uint32_t preopen = kNoPreopen,
                uint64_t size = 0, uint32_t block_size = 0) {
  Grant g;
  g.name = name->data();
  g.name_len = static_cast<uint32_t>(name->size());
  g.kind = kind;
  g.rights = rights;
  g.handle = handle;
  g.preopen_fd = preopen;
  g.block_size = block_size;
  g.size = size;
  return g;
}

// Encodes without validation (so tests can build broken manifests).
Bytes Encode(const std::vector<Grant>& grants, uint32_t max_fds = 64,
             uint64_t max_mapped = 1 << 20) {
  const ManifestLimits limits{max_fds, max_mapped};
  Bytes out(manifest_size(grants.data(), grants.size()));
  const int64_t n = encode_manifest(limits, grants.data(), grants.size(),
                                    out.data(), out.size());
  EXPECT_EQ(n, static_cast<int64_t>(out.size()));
  return out;
}

// "" if (b) parses, else the parser's message.
std::string ParseError(const Bytes& b) {
  Manifest m;
  ManifestError err;
  std::memset(err.message, 'x', sizeof(err.message));
  const int s = parse_manifest(b.data(), b.size(), &m, &err);
  if (s == 0) return "";
  EXPECT_EQ(s, -HCALL_EINVAL);
  // Always one NUL-terminated, non-empty line.
  const size_t len = strnlen(err.message, sizeof(err.message));
  EXPECT_LT(len, sizeof(err.message));
  EXPECT_GT(len, 0u);
  EXPECT_EQ(std::string(err.message).find('\n'), std::string::npos);
  return err.message;
}

void Put32(Bytes* b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) (*b)[at + i] = static_cast<uint8_t>(v >> (8 * i));
}

void Put64(Bytes* b, size_t at, uint64_t v) {
  Put32(b, at, static_cast<uint32_t>(v));
  Put32(b, at + 4, static_cast<uint32_t>(v >> 32));
}

// A realistic manifest: the three console streams preopened, a file and
// a block device by name.
class ManifestTest : public ::testing::Test {
 protected:
  std::string in_ = "stdin", out_ = "stdout", err_ = "stderr";
  std::string data_ = "data.txt", disk_ = "disk0";
  std::vector<Grant> grants_ = {
      MakeGrant(&in_, kKindConsole, kRightRead | kRightStat, 0, 0),
      MakeGrant(&out_, kKindConsole, kRightWrite | kRightStat, 1, 1),
      MakeGrant(&err_, kKindConsole, kRightWrite, 2, 2),
      MakeGrant(&data_, kKindFile, kRightsAll, 5),
      MakeGrant(&disk_, kKindBlock, kRightPread | kRightPwrite | kRightFsync, 6,
                kNoPreopen, 1 << 20, 4096),
  };
  // Offset of entry (i) of grants_ in its encoding.
  size_t EntryOffset(size_t i) const {
    size_t off = kManifestHeaderSize;
    for (size_t k = 0; k < i; ++k)
      off += manifest_entry_size(grants_[k].name_len);
    return off;
  }
};

// A console relayed from a terminal carries kEntryTerminal through the
// encoder, the parser and the cursor.
TEST(ManifestFlags, TerminalConsoleRoundTrips) {
  const std::string name = "stdout";
  Grant g = MakeGrant(&name, kKindConsole, kRightWrite | kRightStat, 1, 1);
  g.flags = kEntryTerminal;
  const Bytes b = Encode({g});
  ASSERT_EQ(ParseError(b), "");
  Manifest m;
  ManifestError err;
  ASSERT_EQ(parse_manifest(b.data(), b.size(), &m, &err), 0);
  ManifestCursor c(m);
  Grant out;
  ASSERT_TRUE(c.next(&out));
  EXPECT_EQ(out.flags, kEntryTerminal);
}
TEST_F(ManifestTest, ValidManifestRoundTrips) {
  const ManifestLimits limits{32, 123456789012ull};
  Bytes buf(manifest_size(grants_.data(), grants_.size()));
  ManifestError err;
  ASSERT_EQ(write_manifest(limits, grants_.data(), grants_.size(), buf.data(),
                           buf.size(), &err),
            static_cast<int64_t>(buf.size()))
      << err.message;
  Manifest m;
  ASSERT_EQ(parse_manifest(buf.data(), buf.size(), &m, &err), 0) << err.message;
  EXPECT_EQ(m.entry_count, grants_.size());
  EXPECT_EQ(m.limits.max_descriptors, 32u);
  EXPECT_EQ(m.limits.max_mapped_bytes, 123456789012ull);
  EXPECT_EQ(m.length, buf.size());
  ManifestCursor cursor(m);
  Grant g;
  size_t i = 0;
  while (cursor.next(&g)) {
    ASSERT_LT(i, grants_.size());
    const Grant& want = grants_[i];
    EXPECT_EQ(std::string(g.name, g.name_len),
              std::string(want.name, want.name_len));
    EXPECT_EQ(g.kind, want.kind);
    EXPECT_EQ(g.rights, want.rights);
    EXPECT_EQ(g.handle, want.handle);
    EXPECT_EQ(g.preopen_fd, want.preopen_fd);
    EXPECT_EQ(g.size, want.size);
    EXPECT_EQ(g.block_size, want.block_size);
    ++i;
  }
  EXPECT_EQ(i, grants_.size());
  EXPECT_FALSE(cursor.next(&g));
}

// The exact bytes of a one-entry manifest, as MANIFEST.md shows them.
TEST(ManifestLayout, GoldenBytes) {
  const std::string name = "log";
  const Grant g = MakeGrant(&name, kKindFile, kRightWrite | kRightFsync, 3, 4);
  const Bytes got = Encode({g}, 16, 0x100000);
  const Bytes want = {
      // header
      'H', 'C', 'M', 'F',                              // magic
      0x01, 0x00,                                      // version 1
      0x28, 0x00,                                      // header length 40
      0x01, 0x00, 0x00, 0x00,                          // entry count 1
      0x10, 0x00, 0x00, 0x00,                          // max_descriptors 16
      0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00,  // max_mapped 1 MiB
      0x58, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // total length 88
      0x00, 0x00, 0x00, 0x00,                          // flags
      0x00, 0x00, 0x00, 0x00,                          // reserved
      // entry 0
      0x02, 0x00, 0x00, 0x00,                          // kind: file
      0x12, 0x00, 0x00, 0x00,                          // rights: WRITE | FSYNC
      0x03, 0x00, 0x00, 0x00,                          // handle 3
      0x04, 0x00, 0x00, 0x00,                          // preopen descriptor 4
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // size
      0x00, 0x00, 0x00, 0x00,                          // block size
      0x00, 0x00, 0x00, 0x00,                          // flags
      0x03, 0x00,                                      // name length 3
      0x00, 0x00,                                      // reserved
      0x00, 0x00, 0x00, 0x00,                          // reserved
      'l', 'o', 'g', 0, 0, 0, 0, 0,                    // name + padding
  };
  EXPECT_EQ(got, want);
  EXPECT_EQ(ParseError(got), "");
}

TEST(ManifestLayout, EmptyManifestIsValid) {
  const Bytes b = Encode({});
  EXPECT_EQ(b.size(), kManifestHeaderSize);
  EXPECT_EQ(ParseError(b), "");
}

TEST(ManifestLayout, EntrySizes) {
  EXPECT_EQ(manifest_entry_size(1), 48u);
  EXPECT_EQ(manifest_entry_size(8), 48u);
  EXPECT_EQ(manifest_entry_size(9), 56u);
  EXPECT_EQ(manifest_entry_size(255), 296u);
}

TEST_F(ManifestTest, NoManifest) {
  Manifest m;
  ManifestError err;
  EXPECT_EQ(parse_manifest(nullptr, 0, &m, &err), -HCALL_EINVAL);
  EXPECT_STREQ(err.message,
               "none was given (the launcher passes one to every image)");
  // A null error pointer is allowed.
  EXPECT_EQ(parse_manifest(nullptr, 0, &m, nullptr), -HCALL_EINVAL);
}

// One broken manifest: how to break a valid one, and the exact message.
struct Breakage {
  const char* what;
  std::function<void(Bytes*, const ManifestTest&)> mutate;
  std::string message;
};

TEST_F(ManifestTest, EveryBrokenFieldIsNamed) {
  const size_t e0 = EntryOffset(0);
  const size_t e3 = EntryOffset(3);
  const size_t e4 = EntryOffset(4);
  const std::vector<Breakage> cases = {
      {"too short", [](Bytes* b, auto&) { b->resize(10); },
       "truncated: 10 bytes, the header alone is 40"},
      {"magic", [](Bytes* b, auto&) { (*b)[3] = 'X'; },
       "bad magic 0x584d4348 (expected the bytes \"HCMF\", 0x464d4348 read as "
       "little-endian u32)"},
      {"version", [](Bytes* b, auto&) { (*b)[header_offset::kVersion] = 2; },
       "unsupported version 2 (this image reads version 1)"},
      {"header length",
       [](Bytes* b, auto&) { (*b)[header_offset::kHeaderLength] = 48; },
       "header length 48, version 1 requires 40"},
      {"truncated body", [](Bytes* b, auto&) { b->resize(b->size() - 8); },
       "truncated: the header says 280 bytes, only 272 were passed"},
      {"trailing data", [](Bytes* b, auto&) { b->push_back(0); },
       "the header says 280 bytes but 281 were passed"},
      {"header flags",
       [](Bytes* b, auto&) { Put32(b, header_offset::kFlags, 1); },
       "header flags 0x1 are set; version 1 defines none"},
      {"header reserved",
       [](Bytes* b, auto&) { Put32(b, header_offset::kReserved, 5); },
       "header reserved field is 0x5, must be 0"},
      {"no descriptors",
       [](Bytes* b, auto&) { Put32(b, header_offset::kMaxDescriptors, 0); },
       "max_descriptors 0 is outside 1..65536"},
      {"too many descriptors",
       [](Bytes* b, auto&) { Put32(b, header_offset::kMaxDescriptors, 65537); },
       "max_descriptors 65537 is outside 1..65536"},
      {"too many entries",
       [](Bytes* b, auto&) { Put32(b, header_offset::kEntryCount, 1025); },
       "entry count 1025 exceeds 1024"},
      {"more entries than bytes",
       [](Bytes* b, auto&) { Put32(b, header_offset::kEntryCount, 6); },
       "manifest entry 5: truncated: needs 40 bytes at offset 280, 0 remain"},
      {"fewer entries than bytes",
       [](Bytes* b, auto&) { Put32(b, header_offset::kEntryCount, 4); },
       "48 bytes follow the last of 4 entries"},
      {"name length 300",
       [e3](Bytes* b, auto&) {
         (*b)[e3 + entry_offset::kNameLength] = 300 & 0xff;
         (*b)[e3 + entry_offset::kNameLength + 1] = 300 >> 8;
       },
       "manifest entry 3: name length 300 exceeds 255"},
      {"name runs past the end",
       [e4](Bytes* b, auto&) { (*b)[e4 + entry_offset::kNameLength] = 20; },
       "manifest entry 4: truncated: its 20-byte name needs 64 bytes at offset "
       "232, 48 remain"},
      {"empty name",
       [e0](Bytes* b, auto&) { (*b)[e0 + entry_offset::kNameLength] = 0; },
       "manifest entry 0: empty name"},
      {"NUL in name",
       [e3](Bytes* b, auto&) { (*b)[e3 + entry_offset::kName + 4] = 0; },
       "manifest entry 3: name has a NUL byte at position 4"},
      {"bad UTF-8",
       [e3](Bytes* b, auto&) { (*b)[e3 + entry_offset::kName + 2] = 0xff; },
       "manifest entry 3: name is not valid UTF-8 at position 2"},
      {"padding",
       [e4](Bytes* b, auto&) { (*b)[e4 + entry_offset::kName + 6] = 1; },
       "manifest entry 4: name padding is not zero"},
      {"duplicate name",
       [e4](Bytes* b, auto&) {
         std::memcpy(&(*b)[e4 + entry_offset::kName], "stdin", 5);
       },
       "manifest entry 4: name duplicates entry 0"},
      {"kind 0",
       [e3](Bytes* b, auto&) { Put32(b, e3 + entry_offset::kKind, 0); },
       "manifest entry 3: unknown kind 0 (1 console, 2 file, 3 block device)"},
      {"kind 4",
       [e3](Bytes* b, auto&) { Put32(b, e3 + entry_offset::kKind, 4); },
       "manifest entry 3: unknown kind 4 (1 console, 2 file, 3 block device)"},
      {"reserved right",
       [e3](Bytes* b, auto&) { Put32(b, e3 + entry_offset::kRights, 0x7f); },
       "manifest entry 3: rights 0x7f have reserved bits 0x40"},
      {"console that seeks",
       [e0](Bytes* b, auto&) {
         Put32(b, e0 + entry_offset::kRights, kRightRead | kRightPread);
       },
       "manifest entry 0: rights 0x5: a console can have only READ, WRITE and "
       "STAT (0x23)"},
      {"negative handle",
       [e3](Bytes* b, auto&) { Put32(b, e3 + entry_offset::kHandle, ~0u); },
       "manifest entry 3: handle -1 is negative"},
      {"preopen out of range",
       [e3](Bytes* b, auto&) { Put32(b, e3 + entry_offset::kPreopenFd, 64); },
       "manifest entry 3: preopen descriptor 64 is not below max_descriptors "
       "64"},
      {"preopen twice",
       [e3](Bytes* b, auto&) { Put32(b, e3 + entry_offset::kPreopenFd, 1); },
       "manifest entry 3: preopen descriptor 1 is also entry 1's"},
      {"file with a size",
       [e3](Bytes* b, auto&) { Put64(b, e3 + entry_offset::kSize, 10); },
       "manifest entry 3: size 10 and block size 0 must be 0 for a file"},
      {"console with a block size",
       [e0](Bytes* b, auto&) { Put32(b, e0 + entry_offset::kBlockSize, 512); },
       "manifest entry 0: size 0 and block size 512 must be 0 for a console"},
      {"block size not a power of two",
       [e4](Bytes* b, auto&) { Put32(b, e4 + entry_offset::kBlockSize, 1000); },
       "manifest entry 4: block size 1000 is not a power of two in 512..65536"},
      {"block size too small",
       [e4](Bytes* b, auto&) { Put32(b, e4 + entry_offset::kBlockSize, 256); },
       "manifest entry 4: block size 256 is not a power of two in 512..65536"},
      {"block size too large",
       [e4](Bytes* b, auto&) {
         Put32(b, e4 + entry_offset::kBlockSize, 131072);
       },
       "manifest entry 4: block size 131072 is not a power of two in "
       "512..65536"},
      {"empty block device",
       [e4](Bytes* b, auto&) { Put64(b, e4 + entry_offset::kSize, 0); },
       "manifest entry 4: block device size 0 is not a positive multiple of "
       "its block size 4096"},
      {"partial block",
       [e4](Bytes* b, auto&) { Put64(b, e4 + entry_offset::kSize, 5000); },
       "manifest entry 4: block device size 5000 is not a positive multiple "
       "of its block size 4096"},
      {"entry flags",
       [e4](Bytes* b, auto&) { Put32(b, e4 + entry_offset::kFlags, 8); },
       "manifest entry 4: flags 0x8 are set; version 1 defines only TERMINAL "
       "(0x1)"},
      {"terminal flag on a block device",
       [e4](Bytes* b, auto&) {
         Put32(b, e4 + entry_offset::kFlags, kEntryTerminal);
       },
       "manifest entry 4: flag TERMINAL on a block device; only a console can "
       "have it"},
      {"terminal flag on a file",
       [e3](Bytes* b, auto&) {
         Put32(b, e3 + entry_offset::kFlags, kEntryTerminal);
       },
       "manifest entry 3: flag TERMINAL on a file; only a console can have it"},
      {"entry reserved0",
       [e4](Bytes* b, auto&) { (*b)[e4 + entry_offset::kReserved0] = 1; },
       "manifest entry 4: reserved fields are not 0"},
      {"entry reserved1",
       [e4](Bytes* b, auto&) { (*b)[e4 + entry_offset::kReserved1 + 3] = 1; },
       "manifest entry 4: reserved fields are not 0"},
  };
  const Bytes valid = Encode(grants_);
  ASSERT_EQ(valid.size(), 280u);
  ASSERT_EQ(ParseError(valid), "");
  for (const Breakage& c : cases) {
    Bytes b = valid;
    c.mutate(&b, *this);
    EXPECT_EQ(ParseError(b), c.message) << c.what;
  }
}

TEST_F(ManifestTest, Utf8Names) {
  struct Case {
    std::string name;
    bool valid;
  };
  const std::vector<Case> cases = {
      {"plain", true},
      {"caf\xc3\xa9", true},               // é
      {"\xe6\x97\xa5\xe6\x9c\xac", true},  // 日本
      {"\xf0\x9f\x98\x80", true},          // U+1F600
      {"\xf4\x8f\xbf\xbf", true},          // U+10FFFF
      {"\xee\x80\x80", true},              // U+E000
      {"\xc0\x80", false},                 // overlong NUL
      {"\xc1\xbf", false},                 // overlong
      {"\xe0\x9f\xbf", false},             // overlong 3-byte
      {"\xf0\x8f\xbf\xbf", false},         // overlong 4-byte
      {"\xed\xa0\x80", false},             // surrogate U+D800
      {"\xed\xbf\xbf", false},             // surrogate U+DFFF
      {"\xf4\x90\x80\x80", false},         // U+110000
      {"\xf8\x88\x80\x80\x80", false},     // 5-byte form
      {"\x80", false},                     // lone continuation
      {"ab\xe2\x82", false},               // truncated sequence
      {"\xe2\x28\xa1", false},             // bad continuation
      {"a/b c:d", true},                   // any other byte is fine
  };
  for (const Case& c : cases) {
    std::string name = c.name;
    const Bytes b = Encode({MakeGrant(&name, kKindFile, kRightRead, 3)});
    const std::string msg = ParseError(b);
    if (c.valid) {
      EXPECT_EQ(msg, "") << c.name;
    } else {
      EXPECT_NE(msg.find("is not valid UTF-8"), std::string::npos)
          << c.name << ": " << msg;
    }
  }
}

TEST_F(ManifestTest, LongestNameIsValid) {
  std::string name(kMaxNameLength, 'n');
  EXPECT_EQ(ParseError(Encode({MakeGrant(&name, kKindFile, kRightRead, 3)})),
            "");
  name.push_back('n');
  EXPECT_EQ(ParseError(Encode({MakeGrant(&name, kKindFile, kRightRead, 3)})),
            "manifest entry 0: name length 256 exceeds 255");
}

TEST_F(ManifestTest, LimitsAtTheirBounds) {
  EXPECT_EQ(ParseError(Encode({}, 1)), "");
  EXPECT_EQ(ParseError(Encode({}, kMaxDescriptorsLimit)), "");
  EXPECT_EQ(ParseError(Encode({}, 8, 0)), "");
  EXPECT_EQ(ParseError(Encode({}, 8, UINT64_MAX)), "");
  // The most entries a manifest may have.
  std::vector<std::string> names(kMaxEntries);
  std::vector<Grant> grants;
  for (uint32_t i = 0; i < kMaxEntries; ++i) {
    names[i] = "f" + std::to_string(i);
    grants.push_back(MakeGrant(&names[i], kKindFile, kRightRead, 3));
  }
  EXPECT_EQ(ParseError(Encode(grants)), "");
}

TEST_F(ManifestTest, EveryTruncationIsRejected) {
  const Bytes valid = Encode(grants_);
  for (size_t len = 0; len < valid.size(); ++len) {
    const Bytes b(valid.begin(), valid.begin() + len);
    const std::string msg = ParseError(b);
    EXPECT_NE(msg, "") << "length " << len;
    if (len >= 4) {
      EXPECT_EQ(msg.rfind("truncated", 0), 0u)
          << "length " << len << ": " << msg;
    }
  }
}

// Any single-bit change either is rejected with a message or yields another
// valid manifest that re-encodes to the same bytes (the encoding is
// canonical: there is no slack a parser ignores).
TEST_F(ManifestTest, EveryBitFlipIsRejectedOrCanonical) {
  const Bytes valid = Encode(grants_);
  int accepted = 0;
  for (size_t i = 0; i < valid.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes b = valid;
      b[i] ^= static_cast<uint8_t>(1u << bit);
      Manifest m;
      ManifestError err;
      if (parse_manifest(b.data(), b.size(), &m, &err) != 0) continue;
      ++accepted;
      std::vector<Grant> again;
      ManifestCursor cursor(m);
      Grant g;
      while (cursor.next(&g)) again.push_back(g);
      Bytes re(b.size());
      ASSERT_EQ(encode_manifest(m.limits, again.data(), again.size(), re.data(),
                                re.size()),
                static_cast<int64_t>(b.size()));
      EXPECT_EQ(re, b) << "byte " << i << " bit " << bit;
    }
  }
  // Rights, handles, limits and name letters may change validly.
  EXPECT_GT(accepted, 0);
}

TEST_F(ManifestTest, WriterChecksItsBuffer) {
  const ManifestLimits limits{8, 0};
  const size_t need = manifest_size(grants_.data(), grants_.size());
  Bytes buf(need - 1, 0xaa);
  ManifestError err;
  EXPECT_EQ(write_manifest(limits, grants_.data(), grants_.size(), buf.data(),
                           buf.size(), &err),
            -HCALL_ERANGE);
  EXPECT_EQ(std::string(err.message),
            "the manifest needs 280 bytes, the buffer has 279");
  EXPECT_EQ(buf, Bytes(need - 1, 0xaa));  // nothing written
  EXPECT_EQ(encode_manifest(limits, grants_.data(), grants_.size(), buf.data(),
                            buf.size()),
            -HCALL_ERANGE);

  std::string huge(70000, 'h');
  const Grant g = MakeGrant(&huge, kKindFile, kRightRead, 3);
  Bytes big(200000);
  EXPECT_EQ(encode_manifest(limits, &g, 1, big.data(), big.size()),
            -HCALL_EINVAL);
}

TEST_F(ManifestTest, WriterRejectsWhatTheImageWould) {
  const ManifestLimits limits{2, 0};  // stdout's preopen 1 fits, 2 does not
  Bytes buf(manifest_size(grants_.data(), grants_.size()));
  ManifestError err;
  EXPECT_EQ(write_manifest(limits, grants_.data(), grants_.size(), buf.data(),
                           buf.size(), &err),
            -HCALL_EINVAL);
  EXPECT_STREQ(err.message,
               "manifest entry 2: preopen descriptor 2 is not below "
               "max_descriptors 2");
  // encode_manifest writes it anyway (for tests of the parser).
  EXPECT_EQ(encode_manifest(limits, grants_.data(), grants_.size(), buf.data(),
                            buf.size()),
            static_cast<int64_t>(buf.size()));
}

TEST_F(ManifestTest, FirstProblemIsReported) {
  Bytes b = Encode(grants_);
  Put32(&b, EntryOffset(1) + entry_offset::kKind, 9);
  Put32(&b, EntryOffset(3) + entry_offset::kKind, 9);
  EXPECT_EQ(ParseError(b),
            "manifest entry 1: unknown kind 9 (1 console, 2 file, 3 block "
            "device)");
}

TEST_F(ManifestTest, FailureLeavesOutputUntouched) {
  Bytes b = Encode(grants_);
  b[0] = 0;
  Manifest m;
  std::memset(&m, 0x5a, sizeof(m));
  Manifest before;
  std::memcpy(&before, &m, sizeof(m));
  EXPECT_EQ(parse_manifest(b.data(), b.size(), &m, nullptr), -HCALL_EINVAL);
  EXPECT_EQ(std::memcmp(&before, &m, sizeof(m)), 0);
}

TEST_F(ManifestTest, LargeNumbersPrintExactly) {
  Bytes b = Encode(grants_);
  Put64(&b, header_offset::kTotalLength, UINT64_MAX);
  EXPECT_EQ(ParseError(b),
            "truncated: the header says 18446744073709551615 bytes, only 280 "
            "were passed");
  Put64(&b, header_offset::kTotalLength, b.size());
  Put32(&b, EntryOffset(3) + entry_offset::kHandle, 0x80000000u);
  EXPECT_EQ(ParseError(b), "manifest entry 3: handle -2147483648 is negative");
}

TEST(ManifestErrno, NumbersAreLinuxs) {
  EXPECT_EQ(HCALL_EINVAL, EINVAL);
  EXPECT_EQ(HCALL_ERANGE, ERANGE);
}

}  // namespace
}  // namespace hcall::cap
