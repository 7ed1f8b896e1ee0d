// capability/manifest.h -- the boot manifest: what the launcher grants.
//
// The launcher writes the manifest (encode_manifest / write_manifest) and
// passes it to the image as hc_boot_info.manifest; the capability layer
// parses it at start (parse_manifest) before any application code runs.
// The byte layout is specified in capability/MANIFEST.md; the layout
// constants below are that specification in code.
//
// Everything here is freestanding: no libc, no allocation. The parser only
// reads the caller's bytes; the writer only writes the caller's buffer.
#ifndef HCALL_CAPABILITY_MANIFEST_H_
#define HCALL_CAPABILITY_MANIFEST_H_

#include <stddef.h>
#include <stdint.h>

#include "capability/rights.h"
#include "hypercall/hypercall.h"

namespace hcall::cap {

// What a grant names.
inline constexpr uint32_t kKindConsole = 1;  // a console stream
inline constexpr uint32_t kKindFile = 2;     // a regular file
inline constexpr uint32_t kKindBlock = 3;    // a block device

// Entry flags (Grant::flags). kEntryTerminal: a console whose host side is
// a terminal that the launcher relays (the image never holds the terminal
// itself); isatty() reports 1 for it. Only console entries may have it.
inline constexpr uint32_t kEntryTerminal = 0x1;

// preopen_fd value of a grant that is only reachable by name.
inline constexpr uint32_t kNoPreopen = 0xffffffffu;

// One grant: an entry of the manifest.
struct Grant {
  const char* name;     // name_len bytes of UTF-8, not NUL-terminated
  uint32_t name_len;    // 1..kMaxNameLength
  uint32_t kind;        // kKind*
  Rights rights;        // the most any descriptor for it may have
  hc_handle_t handle;   // the backend handle (>= 0)
  uint32_t preopen_fd;  // descriptor created at boot, or kNoPreopen
  uint32_t block_size;  // block devices: sector size; others: 0
  uint64_t size;        // block devices: bytes (> 0); others: 0
  uint32_t flags = 0;   // kEntry* flags (consoles only)
};

// The limits the launcher sets for the image.
struct ManifestLimits {
  uint32_t max_descriptors;   // descriptors open at once, 1..65536
  uint64_t max_mapped_bytes;  // bytes mappable through Table::map_pages
};

// A validated manifest: a view of the caller's bytes, which must stay
// valid while it is used.
struct Manifest {
  const uint8_t* data;
  size_t length;
  uint32_t entry_count;
  ManifestLimits limits;
};

// Why a manifest was rejected: one line of text, NUL-terminated, without
// the "hcall: bad boot manifest: " prefix, e.g.
// "manifest entry 3: name length 300 exceeds 255".
struct ManifestError {
  char message[160];
};

// Layout constants (MANIFEST.md is normative; these must agree with it).
inline constexpr uint8_t kManifestMagic[4] = {'H', 'C', 'M', 'F'};
inline constexpr uint16_t kManifestVersion = 1;
inline constexpr uint32_t kManifestHeaderSize = 40;
inline constexpr uint32_t kManifestEntryFixedSize = 40;
inline constexpr uint32_t kManifestAlignment = 8;
inline constexpr uint32_t kMaxNameLength = 255;
inline constexpr uint32_t kMaxEntries = 1024;
inline constexpr uint32_t kMaxDescriptorsLimit = 65536;
inline constexpr uint32_t kMinBlockSize = 512;
inline constexpr uint32_t kMaxBlockSize = 65536;

// Byte offsets of the header fields.
namespace header_offset {
inline constexpr size_t kMagic = 0;            // u8[4]
inline constexpr size_t kVersion = 4;          // u16
inline constexpr size_t kHeaderLength = 6;     // u16
inline constexpr size_t kEntryCount = 8;       // u32
inline constexpr size_t kMaxDescriptors = 12;  // u32
inline constexpr size_t kMaxMappedBytes = 16;  // u64
inline constexpr size_t kTotalLength = 24;     // u64
inline constexpr size_t kFlags = 32;           // u32, must be 0
inline constexpr size_t kReserved = 36;        // u32, must be 0
}  // namespace header_offset

// Byte offsets of the fields of an entry, from the start of the entry.
namespace entry_offset {
inline constexpr size_t kKind = 0;         // u32
inline constexpr size_t kRights = 4;       // u32
inline constexpr size_t kHandle = 8;       // i32
inline constexpr size_t kPreopenFd = 12;   // u32
inline constexpr size_t kSize = 16;        // u64
inline constexpr size_t kBlockSize = 24;   // u32
inline constexpr size_t kFlags = 28;       // u32, must be 0
inline constexpr size_t kNameLength = 32;  // u16
inline constexpr size_t kReserved0 = 34;   // u16, must be 0
inline constexpr size_t kReserved1 = 36;   // u32, must be 0
inline constexpr size_t kName = 40;        // name, then zero padding
}  // namespace entry_offset

// Bytes an entry with a (name_len)-byte name takes: the fixed part plus
// the name padded with zeros to a multiple of 8.
constexpr size_t manifest_entry_size(size_t name_len) {
  return kManifestEntryFixedSize + ((name_len + kManifestAlignment - 1) &
                                    ~size_t{kManifestAlignment - 1});
}

// Validates the (length) bytes at (data) as a manifest: every field, bound,
// name and cross-entry rule of MANIFEST.md. On success fills (out) and
// returns 0. Otherwise returns -HCALL_EINVAL and describes the first problem
// in (err) (if not null); (out) is unchanged.
int parse_manifest(const void* data, size_t length, Manifest* out,
                   ManifestError* err);

// Reads the entries of a validated manifest in order:
//   ManifestCursor c(m); Grant g; while (c.next(&g)) { ... }
// The names point into the manifest's bytes.
class ManifestCursor {
 public:
  explicit ManifestCursor(const Manifest& m)
      : manifest_(&m), offset_(kManifestHeaderSize), index_(0) {}
  // Stores the next entry in (g) and returns true, or returns false after
  // the last one.
  bool next(Grant* g);

 private:
  const Manifest* manifest_;
  size_t offset_;
  uint32_t index_;
};

// Bytes the manifest of (count) grants at (grants) takes.
size_t manifest_size(const Grant* grants, size_t count);

// Encodes (limits) and the (count) grants at (grants) into (buf), which has
// room for (capacity) bytes, exactly as given: it checks only that each
// value fits its field, not the rules of MANIFEST.md (tests use it to build
// broken manifests). Returns the bytes written, -HCALL_ERANGE if
// manifest_size() exceeds (capacity) (nothing is written), or -HCALL_EINVAL
// if a name is longer than 65535 bytes or (count) exceeds 2^32-1.
int64_t encode_manifest(const ManifestLimits& limits, const Grant* grants,
                        size_t count, void* buf, size_t capacity);

// Like encode_manifest(), then validates the result with parse_manifest():
// returns -HCALL_EINVAL with the reason in (err) if the launcher asked for
// a manifest the image would reject. What a launcher calls.
int64_t write_manifest(const ManifestLimits& limits, const Grant* grants,
                       size_t count, void* buf, size_t capacity,
                       ManifestError* err);

}  // namespace hcall::cap

#endif  // HCALL_CAPABILITY_MANIFEST_H_
