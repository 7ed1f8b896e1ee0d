// capability/manifest_validate.cc -- parse_manifest: every field, bound,
// name and cross-entry rule of MANIFEST.md, with a one-line reason for the
// first one broken.
#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "capability/internal/manifest_codec.h"
#include "capability/manifest.h"
#include "capability/rights.h"

namespace hcall::cap {
namespace {

using internal::get16;
using internal::get32;
using internal::get64;
using internal::Message;
using Hex = internal::Message::Hex;

bool bytes_equal(const uint8_t* a, const uint8_t* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Index of the first byte of (s) that does not start a well-formed UTF-8
// sequence (overlong forms, surrogates and values above U+10FFFF are not
// well-formed), or (n) if all (n) bytes are well-formed.
size_t utf8_invalid_at(const uint8_t* s, size_t n) {
  size_t i = 0;
  while (i < n) {
    const uint8_t c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t more;
    uint32_t cp;
    uint32_t min;
    if ((c & 0xe0) == 0xc0) {
      more = 1;
      cp = c & 0x1fu;
      min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      more = 2;
      cp = c & 0x0fu;
      min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      more = 3;
      cp = c & 0x07u;
      min = 0x10000;
    } else {
      return i;
    }
    if (n - i - 1 < more) return i;
    for (size_t k = 1; k <= more; ++k) {
      const uint8_t b = s[i + k];
      if ((b & 0xc0) != 0x80) return i;
      cp = (cp << 6) | (b & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += more + 1;
  }
  return n;
}

// The header's checks, each one rule of MANIFEST.md; check_header runs
// them in this order, so a manifest that breaks several gets the first
// reason. (p) holds (length) bytes; all but check_magic may read the whole
// header, which check_header_size has made sure is there.

int check_magic(const uint8_t* p, size_t length, Message& m) {
  if (length < 4 || bytes_equal(p, kManifestMagic, 4)) return 0;
  return m.say("bad magic ", Hex{get32(p)},
               " (expected the bytes \"HCMF\", 0x464d4348 read as "
               "little-endian u32)");
}

int check_header_size(const uint8_t*, size_t length, Message& m) {
  if (length >= kManifestHeaderSize) return 0;
  return m.say("truncated: ", length, " bytes, the header alone is ",
               kManifestHeaderSize);
}

int check_version(const uint8_t* p, size_t, Message& m) {
  const uint16_t version = get16(p + header_offset::kVersion);
  if (version == kManifestVersion) return 0;
  return m.say("unsupported version ", version, " (this image reads version ",
               kManifestVersion, ")");
}

int check_header_length(const uint8_t* p, size_t, Message& m) {
  const uint16_t header_len = get16(p + header_offset::kHeaderLength);
  if (header_len == kManifestHeaderSize) return 0;
  return m.say("header length ", header_len, ", version 1 requires ",
               kManifestHeaderSize);
}

int check_total_length(const uint8_t* p, size_t length, Message& m) {
  const uint64_t total = get64(p + header_offset::kTotalLength);
  if (total > length) {
    return m.say("truncated: the header says ", total, " bytes, only ", length,
                 " were passed");
  }
  if (total < length) {
    return m.say("the header says ", total, " bytes but ", length,
                 " were passed");
  }
  return 0;
}

int check_header_flags(const uint8_t* p, size_t, Message& m) {
  const uint32_t flags = get32(p + header_offset::kFlags);
  if (flags == 0) return 0;
  return m.say("header flags ", Hex{flags}, " are set; version 1 defines none");
}

int check_header_reserved(const uint8_t* p, size_t, Message& m) {
  const uint32_t reserved = get32(p + header_offset::kReserved);
  if (reserved == 0) return 0;
  return m.say("header reserved field is ", Hex{reserved}, ", must be 0");
}

int check_max_descriptors(const uint8_t* p, size_t, Message& m) {
  const uint32_t max_fds = get32(p + header_offset::kMaxDescriptors);
  if (max_fds != 0 && max_fds <= kMaxDescriptorsLimit) return 0;
  return m.say("max_descriptors ", max_fds, " is outside 1..",
               kMaxDescriptorsLimit);
}

int check_entry_count(const uint8_t* p, size_t, Message& m) {
  const uint32_t count = get32(p + header_offset::kEntryCount);
  if (count <= kMaxEntries) return 0;
  return m.say("entry count ", count, " exceeds ", kMaxEntries);
}

using HeaderCheck = int (*)(const uint8_t* p, size_t length, Message& m);

constexpr HeaderCheck kHeaderChecks[] = {
    check_magic,           check_header_size,     check_version,
    check_header_length,   check_total_length,    check_header_flags,
    check_header_reserved, check_max_descriptors, check_entry_count,
};

int check_header(const uint8_t* p, size_t length, Message& m) {
  for (HeaderCheck check : kHeaderChecks) {
    const int s = check(p, length, m);
    if (s < 0) return s;
  }
  return 0;
}

const char* kind_name(uint32_t kind) {
  switch (kind) {
    case kKindConsole:
      return "console";
    case kKindFile:
      return "file";
    default:
      return "block device";
  }
}

// The fixed fields of one entry, as check_fields reads them.
struct EntryFields {
  uint32_t index;
  uint32_t kind;
  Rights rights;
  uint32_t max_fds;  // the header's max_descriptors
  const uint8_t* e;  // the entry's first byte
};

// The checks of an entry's fixed fields, in the order of their first
// reason; the name is check_name's.

int check_entry_flags(const EntryFields& f, Message& m) {
  const uint32_t flags = get32(f.e + entry_offset::kFlags);
  if ((flags & ~kEntryTerminal) != 0) {
    return m.entry(f.index).say("flags ", Hex{flags},
                                " are set; version 1 defines only TERMINAL (",
                                Hex{kEntryTerminal}, ")");
  }
  if (flags != 0 && (f.kind == kKindFile || f.kind == kKindBlock)) {
    return m.entry(f.index).say("flag TERMINAL on a ", kind_name(f.kind),
                                "; only a console can have it");
  }
  if (get16(f.e + entry_offset::kReserved0) != 0 ||
      get32(f.e + entry_offset::kReserved1) != 0) {
    return m.entry(f.index).say("reserved fields are not 0");
  }
  return 0;
}

int check_kind(const EntryFields& f, Message& m) {
  if (f.kind == kKindConsole || f.kind == kKindFile || f.kind == kKindBlock) {
    return 0;
  }
  return m.entry(f.index).say("unknown kind ", f.kind,
                              " (1 console, 2 file, 3 block device)");
}

int check_rights(const EntryFields& f, Message& m) {
  if (!is_known(f.rights)) {
    return m.entry(f.index).say("rights ", Hex{f.rights},
                                " have reserved bits ",
                                Hex{f.rights & ~kRightsAll});
  }
  if (f.kind == kKindConsole && !is_subset(f.rights, kRightsConsole)) {
    return m.entry(f.index).say(
        "rights ", Hex{f.rights},
        ": a console can have only READ, WRITE and STAT (", Hex{kRightsConsole},
        ")");
  }
  return 0;
}

int check_handle_and_preopen(const EntryFields& f, Message& m) {
  const int32_t handle =
      static_cast<int32_t>(get32(f.e + entry_offset::kHandle));
  if (handle < 0) {
    return m.entry(f.index).say("handle ", handle, " is negative");
  }
  const uint32_t preopen = get32(f.e + entry_offset::kPreopenFd);
  if (preopen != kNoPreopen && preopen >= f.max_fds) {
    return m.entry(f.index).say("preopen descriptor ", preopen,
                                " is not below max_descriptors ", f.max_fds);
  }
  return 0;
}

int check_sizes(const EntryFields& f, Message& m) {
  const uint64_t size = get64(f.e + entry_offset::kSize);
  const uint32_t block_size = get32(f.e + entry_offset::kBlockSize);
  if (f.kind != kKindBlock) {
    if (size == 0 && block_size == 0) return 0;
    return m.entry(f.index).say("size ", size, " and block size ", block_size,
                                " must be 0 for a ", kind_name(f.kind));
  }
  if (block_size < kMinBlockSize || block_size > kMaxBlockSize ||
      (block_size & (block_size - 1)) != 0) {
    return m.entry(f.index).say("block size ", block_size,
                                " is not a power of two in ", kMinBlockSize,
                                "..", kMaxBlockSize);
  }
  if (size == 0 || (size & (block_size - 1)) != 0) {
    return m.entry(f.index).say(
        "block device size ", size,
        " is not a positive multiple of its block size ", block_size);
  }
  return 0;
}

using EntryCheck = int (*)(const EntryFields& f, Message& m);

constexpr EntryCheck kEntryChecks[] = {
    check_entry_flags,        check_kind,  check_rights,
    check_handle_and_preopen, check_sizes,
};

// Checks the fixed fields of entry (index) at (e); the name is checked by
// check_name().
int check_fields(const uint8_t* e, uint32_t index, uint32_t max_fds,
                 Message& m) {
  const EntryFields f{index, get32(e + entry_offset::kKind),
                      get32(e + entry_offset::kRights), max_fds, e};
  for (EntryCheck check : kEntryChecks) {
    const int s = check(f, m);
    if (s < 0) return s;
  }
  return 0;
}

int check_name(const uint8_t* e, uint32_t name_len, uint32_t index,
               Message& m) {
  const uint8_t* name = e + entry_offset::kName;
  for (uint32_t i = 0; i < name_len; ++i) {
    if (name[i] == 0) {
      return m.entry(index).say("name has a NUL byte at position ", i);
    }
  }
  const size_t bad = utf8_invalid_at(name, name_len);
  if (bad != name_len) {
    return m.entry(index).say("name is not valid UTF-8 at position ", bad);
  }
  const size_t padded = manifest_entry_size(name_len) - kManifestEntryFixedSize;
  for (size_t i = name_len; i < padded; ++i) {
    if (name[i] != 0) return m.entry(index).say("name padding is not zero");
  }
  return 0;
}

// Checks entry (index) at (e) against the entries before it, which start
// at (first): names and preopened descriptors must be unique.
int check_unique(const uint8_t* first, const uint8_t* e, uint32_t index,
                 Message& m) {
  const uint32_t len = get16(e + entry_offset::kNameLength);
  const uint32_t preopen = get32(e + entry_offset::kPreopenFd);
  const uint8_t* other = first;
  for (uint32_t j = 0; j < index; ++j) {
    const uint32_t other_len = get16(other + entry_offset::kNameLength);
    if (other_len == len && bytes_equal(other + entry_offset::kName,
                                        e + entry_offset::kName, len)) {
      return m.entry(index).say("name duplicates entry ", j);
    }
    if (preopen != kNoPreopen &&
        get32(other + entry_offset::kPreopenFd) == preopen) {
      return m.entry(index).say("preopen descriptor ", preopen,
                                " is also entry ", j, "'s");
    }
    other += manifest_entry_size(other_len);
  }
  return 0;
}

// Checks that entry (index) fits at (offset) of the (length) bytes, and
// gives its size in (*size).
int check_entry_bounds(const uint8_t* p, size_t length, size_t offset,
                       uint32_t index, size_t* size, Message& m) {
  const size_t remain = length - offset;
  if (remain < kManifestEntryFixedSize) {
    return m.entry(index).say("truncated: needs ", kManifestEntryFixedSize,
                              " bytes at offset ", offset, ", ", remain,
                              " remain");
  }
  const uint32_t name_len = get16(p + offset + entry_offset::kNameLength);
  if (name_len == 0) return m.entry(index).say("empty name");
  if (name_len > kMaxNameLength) {
    return m.entry(index).say("name length ", name_len, " exceeds ",
                              kMaxNameLength);
  }
  *size = manifest_entry_size(name_len);
  if (remain < *size) {
    return m.entry(index).say("truncated: its ", name_len, "-byte name needs ",
                              *size, " bytes at offset ", offset, ", ", remain,
                              " remain");
  }
  return 0;
}

}  // namespace

int parse_manifest(const void* data, size_t length, Manifest* out,
                   ManifestError* err) {
  Message m(err);
  if (data == nullptr) {
    return m.say("none was given (the launcher passes one to every image)");
  }
  const uint8_t* p = static_cast<const uint8_t*>(data);
  int s = check_header(p, length, m);
  if (s < 0) return s;
  const uint32_t count = get32(p + header_offset::kEntryCount);
  const uint32_t max_fds = get32(p + header_offset::kMaxDescriptors);

  size_t offset = kManifestHeaderSize;
  for (uint32_t i = 0; i < count; ++i) {
    size_t size = 0;
    s = check_entry_bounds(p, length, offset, i, &size, m);
    if (s < 0) return s;
    const uint8_t* e = p + offset;
    s = check_fields(e, i, max_fds, m);
    if (s < 0) return s;
    s = check_name(e, get16(e + entry_offset::kNameLength), i, m);
    if (s < 0) return s;
    s = check_unique(p + kManifestHeaderSize, e, i, m);
    if (s < 0) return s;
    offset += size;
  }
  if (offset != length) {
    return m.say(length - offset, " bytes follow the last of ", count,
                 " entries");
  }
  out->data = p;
  out->length = length;
  out->entry_count = count;
  out->limits.max_descriptors = max_fds;
  out->limits.max_mapped_bytes = get64(p + header_offset::kMaxMappedBytes);
  return 0;
}

}  // namespace hcall::cap
