// capability/manifest_encode.cc -- the launcher's side: manifest_size,
// encode_manifest and write_manifest. Not linked into images (the
// :manifest_parser target leaves it out).
#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "capability/internal/manifest_codec.h"
#include "capability/manifest.h"

namespace hcall::cap {

using internal::Message;
using internal::put16;
using internal::put32;
using internal::put64;

size_t manifest_size(const Grant* grants, size_t count) {
  size_t total = kManifestHeaderSize;
  for (size_t i = 0; i < count; ++i) {
    if (grants[i].name_len > 0xffffu) return SIZE_MAX;
    total += manifest_entry_size(grants[i].name_len);
    if (total < kManifestHeaderSize) return SIZE_MAX;  // wrapped (32-bit)
  }
  return total;
}

int64_t encode_manifest(const ManifestLimits& limits, const Grant* grants,
                        size_t count, void* buf, size_t capacity) {
  if (count > 0xffffffffu) return -HCALL_EINVAL;
  for (size_t i = 0; i < count; ++i) {
    if (grants[i].name_len > 0xffffu) return -HCALL_EINVAL;
  }
  const size_t total = manifest_size(grants, count);
  if (total == SIZE_MAX || total > capacity) return -HCALL_ERANGE;

  uint8_t* p = static_cast<uint8_t*>(buf);
  for (size_t i = 0; i < 4; ++i) p[i] = kManifestMagic[i];
  put16(p + header_offset::kVersion, kManifestVersion);
  put16(p + header_offset::kHeaderLength, kManifestHeaderSize);
  put32(p + header_offset::kEntryCount, static_cast<uint32_t>(count));
  put32(p + header_offset::kMaxDescriptors, limits.max_descriptors);
  put64(p + header_offset::kMaxMappedBytes, limits.max_mapped_bytes);
  put64(p + header_offset::kTotalLength, total);
  put32(p + header_offset::kFlags, 0);
  put32(p + header_offset::kReserved, 0);

  size_t offset = kManifestHeaderSize;
  for (size_t i = 0; i < count; ++i) {
    const Grant& g = grants[i];
    uint8_t* e = p + offset;
    put32(e + entry_offset::kKind, g.kind);
    put32(e + entry_offset::kRights, g.rights);
    put32(e + entry_offset::kHandle, static_cast<uint32_t>(g.handle));
    put32(e + entry_offset::kPreopenFd, g.preopen_fd);
    put64(e + entry_offset::kSize, g.size);
    put32(e + entry_offset::kBlockSize, g.block_size);
    put32(e + entry_offset::kFlags, g.flags);
    put16(e + entry_offset::kNameLength, static_cast<uint16_t>(g.name_len));
    put16(e + entry_offset::kReserved0, 0);
    put32(e + entry_offset::kReserved1, 0);
    const size_t size = manifest_entry_size(g.name_len);
    uint8_t* name = e + entry_offset::kName;
    const size_t padded = size - kManifestEntryFixedSize;
    for (size_t k = 0; k < padded; ++k) {
      name[k] = k < g.name_len ? static_cast<uint8_t>(g.name[k]) : 0;
    }
    offset += size;
  }
  return static_cast<int64_t>(total);
}

int64_t write_manifest(const ManifestLimits& limits, const Grant* grants,
                       size_t count, void* buf, size_t capacity,
                       ManifestError* err) {
  const int64_t n = encode_manifest(limits, grants, count, buf, capacity);
  if (n < 0) {
    Message m(err);
    if (n == -HCALL_ERANGE) {
      m.text("the manifest needs ")
          .dec(manifest_size(grants, count))
          .text(" bytes, the buffer has ")
          .dec(capacity);
    } else {
      m.text("a name is longer than 65535 bytes or there are too many");
    }
    return n;
  }
  Manifest parsed;
  const int s = parse_manifest(buf, static_cast<size_t>(n), &parsed, err);
  if (s < 0) return s;
  return n;
}

}  // namespace hcall::cap
