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

int check_header(const uint8_t* p, size_t length, Message& m) {
  if (length >= 4 && !bytes_equal(p, kManifestMagic, 4)) {
    return m.text("bad magic ")
        .hex(get32(p))
        .text(
            " (expected the bytes \"HCMF\", 0x464d4348 read as "
            "little-endian u32)")
        .fail();
  }
  if (length < kManifestHeaderSize) {
    return m.text("truncated: ")
        .dec(length)
        .text(" bytes, the header alone is ")
        .dec(kManifestHeaderSize)
        .fail();
  }
  const uint16_t version = get16(p + header_offset::kVersion);
  if (version != kManifestVersion) {
    return m.text("unsupported version ")
        .dec(version)
        .text(" (this image reads version ")
        .dec(kManifestVersion)
        .text(")")
        .fail();
  }
  const uint16_t header_len = get16(p + header_offset::kHeaderLength);
  if (header_len != kManifestHeaderSize) {
    return m.text("header length ")
        .dec(header_len)
        .text(", version 1 requires ")
        .dec(kManifestHeaderSize)
        .fail();
  }
  const uint64_t total = get64(p + header_offset::kTotalLength);
  if (total > length) {
    return m.text("truncated: the header says ")
        .dec(total)
        .text(" bytes, only ")
        .dec(length)
        .text(" were passed")
        .fail();
  }
  if (total < length) {
    return m.text("the header says ")
        .dec(total)
        .text(" bytes but ")
        .dec(length)
        .text(" were passed")
        .fail();
  }
  const uint32_t flags = get32(p + header_offset::kFlags);
  if (flags != 0) {
    return m.text("header flags ")
        .hex(flags)
        .text(" are set; version 1 defines none")
        .fail();
  }
  const uint32_t reserved = get32(p + header_offset::kReserved);
  if (reserved != 0) {
    return m.text("header reserved field is ")
        .hex(reserved)
        .text(", must be 0")
        .fail();
  }
  const uint32_t max_fds = get32(p + header_offset::kMaxDescriptors);
  if (max_fds == 0 || max_fds > kMaxDescriptorsLimit) {
    return m.text("max_descriptors ")
        .dec(max_fds)
        .text(" is outside 1..")
        .dec(kMaxDescriptorsLimit)
        .fail();
  }
  const uint32_t count = get32(p + header_offset::kEntryCount);
  if (count > kMaxEntries) {
    return m.text("entry count ")
        .dec(count)
        .text(" exceeds ")
        .dec(kMaxEntries)
        .fail();
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

// Checks the fixed fields of entry (index) at (e); the name is checked by
// check_name().
int check_fields(const uint8_t* e, uint32_t index, uint32_t max_fds,
                 Message& m) {
  const uint32_t flags = get32(e + entry_offset::kFlags);
  if (flags != 0) {
    return m.entry(index)
        .text("flags ")
        .hex(flags)
        .text(" are set; version 1 defines none")
        .fail();
  }
  if (get16(e + entry_offset::kReserved0) != 0 ||
      get32(e + entry_offset::kReserved1) != 0) {
    return m.entry(index).text("reserved fields are not 0").fail();
  }
  const uint32_t kind = get32(e + entry_offset::kKind);
  if (kind != kKindConsole && kind != kKindFile && kind != kKindBlock) {
    return m.entry(index)
        .text("unknown kind ")
        .dec(kind)
        .text(" (1 console, 2 file, 3 block device)")
        .fail();
  }
  const Rights rights = get32(e + entry_offset::kRights);
  if (!is_known(rights)) {
    return m.entry(index)
        .text("rights ")
        .hex(rights)
        .text(" have reserved bits ")
        .hex(rights & ~kRightsAll)
        .fail();
  }
  if (kind == kKindConsole && !is_subset(rights, kRightsConsole)) {
    return m.entry(index)
        .text("rights ")
        .hex(rights)
        .text(": a console can have only READ, WRITE and STAT (")
        .hex(kRightsConsole)
        .text(")")
        .fail();
  }
  const int32_t handle = static_cast<int32_t>(get32(e + entry_offset::kHandle));
  if (handle < 0) {
    return m.entry(index)
        .text("handle ")
        .sdec(handle)
        .text(" is negative")
        .fail();
  }
  const uint32_t preopen = get32(e + entry_offset::kPreopenFd);
  if (preopen != kNoPreopen && preopen >= max_fds) {
    return m.entry(index)
        .text("preopen descriptor ")
        .dec(preopen)
        .text(" is not below max_descriptors ")
        .dec(max_fds)
        .fail();
  }
  const uint64_t size = get64(e + entry_offset::kSize);
  const uint32_t block_size = get32(e + entry_offset::kBlockSize);
  if (kind != kKindBlock) {
    if (size != 0 || block_size != 0) {
      return m.entry(index)
          .text("size ")
          .dec(size)
          .text(" and block size ")
          .dec(block_size)
          .text(" must be 0 for a ")
          .text(kind_name(kind))
          .fail();
    }
    return 0;
  }
  if (block_size < kMinBlockSize || block_size > kMaxBlockSize ||
      (block_size & (block_size - 1)) != 0) {
    return m.entry(index)
        .text("block size ")
        .dec(block_size)
        .text(" is not a power of two in ")
        .dec(kMinBlockSize)
        .text("..")
        .dec(kMaxBlockSize)
        .fail();
  }
  if (size == 0 || (size & (block_size - 1)) != 0) {
    return m.entry(index)
        .text("block device size ")
        .dec(size)
        .text(" is not a positive multiple of its block size ")
        .dec(block_size)
        .fail();
  }
  return 0;
}

int check_name(const uint8_t* e, uint32_t name_len, uint32_t index,
               Message& m) {
  const uint8_t* name = e + entry_offset::kName;
  for (uint32_t i = 0; i < name_len; ++i) {
    if (name[i] == 0) {
      return m.entry(index)
          .text("name has a NUL byte at position ")
          .dec(i)
          .fail();
    }
  }
  const size_t bad = utf8_invalid_at(name, name_len);
  if (bad != name_len) {
    return m.entry(index)
        .text("name is not valid UTF-8 at position ")
        .dec(bad)
        .fail();
  }
  const size_t padded = manifest_entry_size(name_len) - kManifestEntryFixedSize;
  for (size_t i = name_len; i < padded; ++i) {
    if (name[i] != 0) {
      return m.entry(index).text("name padding is not zero").fail();
    }
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
      return m.entry(index).text("name duplicates entry ").dec(j).fail();
    }
    if (preopen != kNoPreopen &&
        get32(other + entry_offset::kPreopenFd) == preopen) {
      return m.entry(index)
          .text("preopen descriptor ")
          .dec(preopen)
          .text(" is also entry ")
          .dec(j)
          .text("'s")
          .fail();
    }
    other += manifest_entry_size(other_len);
  }
  return 0;
}

}  // namespace

int parse_manifest(const void* data, size_t length, Manifest* out,
                   ManifestError* err) {
  Message m(err);
  if (data == nullptr) {
    return m.text("none was given (the launcher passes one to every image)")
        .fail();
  }
  const uint8_t* p = static_cast<const uint8_t*>(data);
  int s = check_header(p, length, m);
  if (s < 0) return s;
  const uint32_t count = get32(p + header_offset::kEntryCount);
  const uint32_t max_fds = get32(p + header_offset::kMaxDescriptors);

  size_t offset = kManifestHeaderSize;
  for (uint32_t i = 0; i < count; ++i) {
    const size_t remain = length - offset;
    if (remain < kManifestEntryFixedSize) {
      return m.entry(i)
          .text("truncated: needs ")
          .dec(kManifestEntryFixedSize)
          .text(" bytes at offset ")
          .dec(offset)
          .text(", ")
          .dec(remain)
          .text(" remain")
          .fail();
    }
    const uint8_t* e = p + offset;
    const uint32_t name_len = get16(e + entry_offset::kNameLength);
    if (name_len == 0) return m.entry(i).text("empty name").fail();
    if (name_len > kMaxNameLength) {
      return m.entry(i)
          .text("name length ")
          .dec(name_len)
          .text(" exceeds ")
          .dec(kMaxNameLength)
          .fail();
    }
    const size_t size = manifest_entry_size(name_len);
    if (remain < size) {
      return m.entry(i)
          .text("truncated: its ")
          .dec(name_len)
          .text("-byte name needs ")
          .dec(size)
          .text(" bytes at offset ")
          .dec(offset)
          .text(", ")
          .dec(remain)
          .text(" remain")
          .fail();
    }
    s = check_fields(e, i, max_fds, m);
    if (s < 0) return s;
    s = check_name(e, name_len, i, m);
    if (s < 0) return s;
    s = check_unique(p + kManifestHeaderSize, e, i, m);
    if (s < 0) return s;
    offset += size;
  }
  if (offset != length) {
    return m.dec(length - offset)
        .text(" bytes follow the last of ")
        .dec(count)
        .text(" entries")
        .fail();
  }
  out->data = p;
  out->length = length;
  out->entry_count = count;
  out->limits.max_descriptors = max_fds;
  out->limits.max_mapped_bytes = get64(p + header_offset::kMaxMappedBytes);
  return 0;
}

}  // namespace hcall::cap
