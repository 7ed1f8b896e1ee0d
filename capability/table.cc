// capability/table.cc -- the descriptor table and the checked hypercalls.
#include "capability/table.h"

#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "hypercall/hypercall.h"

namespace hcall::cap {
namespace {

constexpr size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

// Marks used by Table::revoke() while it classifies capabilities.
constexpr uint8_t kMarkUnknown = 0;
constexpr uint8_t kMarkRevoke = 1;
constexpr uint8_t kMarkKeep = 2;

size_t bounded_strlen(const char* s, size_t max) {
  size_t n = 0;
  while (n < max && s[n] != '\0') ++n;
  return n;
}

bool names_equal(const char* a, const char* b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

// The table of the running image. Table has a constexpr constructor, so
// this is constant-initialised (no global constructor).
Table internal::g_process_table;

// ---- Set-up ----------------------------------------------------------------

int Table::init(const Manifest& manifest) {
  if (initialized()) return -HCALL_EINVAL;
  const uint32_t n = manifest.limits.max_descriptors;
  if (n == 0 || n > kMaxDescriptorsLimit) return -HCALL_EINVAL;

  size_t name_bytes = 0;
  {
    ManifestCursor cursor(manifest);
    Grant g;
    while (cursor.next(&g)) name_bytes += g.name_len + 1;
  }
  const uint32_t words = (n + 63) / 64;
  const bool inline_fds = n <= kInlineDescriptors;
  const size_t fds_off = 0;
  const size_t caps_off =
      align8(fds_off + (inline_fds ? 0 : sizeof(Descriptor) * n));
  const size_t bits_off = align8(caps_off + sizeof(Capability) * n);
  const size_t grants_off = align8(bits_off + sizeof(uint64_t) * words);
  const size_t names_off =
      align8(grants_off + sizeof(Grant) * manifest.entry_count);
  const size_t page = hc_page_size();
  const size_t total = (names_off + name_bytes + page - 1) & ~(page - 1);

  void* mem = nullptr;
  const int s = static_cast<int>(
      from_hc(hc_page_map(total, HC_PROT_READ | HC_PROT_WRITE, &mem)));
  if (s < 0) return s;
  uint8_t* base = static_cast<uint8_t*>(mem);
  storage_ = mem;
  storage_len_ = total;
  fds_ =
      inline_fds ? inline_fds_ : reinterpret_cast<Descriptor*>(base + fds_off);
  caps_ = reinterpret_cast<Capability*>(base + caps_off);
  free_fds_ = reinterpret_cast<uint64_t*>(base + bits_off);
  grants_ = reinterpret_cast<Grant*>(base + grants_off);
  char* names = reinterpret_cast<char*>(base + names_off);

  // The mapping is zero-filled (the inline descriptors were cleared by the
  // constructor or release()); set what is not zero.
  for (uint32_t i = 0; i < n; ++i) {
    fds_[i].cap = kNone;
    caps_[i].parent = i + 1 < n ? i + 1 : kNone;
  }
  free_cap_ = 0;
  for (uint32_t w = 0; w < words; ++w) {
    const uint32_t in_word = n - w * 64 >= 64 ? 64 : n - w * 64;
    free_fds_[w] = in_word == 64 ? ~uint64_t{0} : (uint64_t{1} << in_word) - 1;
  }
  max_fds_ = n;
  max_mapped_ = manifest.limits.max_mapped_bytes;

  ManifestCursor cursor(manifest);
  Grant g;
  uint32_t index = 0;
  while (cursor.next(&g)) {
    for (uint32_t k = 0; k < g.name_len; ++k) names[k] = g.name[k];
    names[g.name_len] = '\0';
    g.name = names;
    names += g.name_len + 1;
    grants_[index] = g;
    ++index;
  }
  grant_count_ = index;

  for (uint32_t i = 0; i < grant_count_; ++i) {
    const uint32_t fd = grants_[i].preopen_fd;
    if (fd == kNoPreopen) continue;
    // parse_manifest guarantees fd < n and that no two grants share one.
    bind(fd, new_cap(i, grants_[i].rights, kNone));
  }
  return 0;
}

void Table::release() {
  if (storage_ != nullptr) hc_page_unmap(storage_, storage_len_);
  for (Descriptor& d : inline_fds_) d = Descriptor{};
  fds_ = nullptr;
  caps_ = nullptr;
  free_fds_ = nullptr;
  grants_ = nullptr;
  max_fds_ = 0;
  grant_count_ = 0;
  free_cap_ = 0;
  max_mapped_ = 0;
  mapped_ = 0;
  storage_ = nullptr;
  storage_len_ = 0;
}

// ---- Internal helpers ------------------------------------------------------

int Table::alloc_fd() const {
  const uint32_t words = (max_fds_ + 63) / 64;
  for (uint32_t w = 0; w < words; ++w) {
    const uint64_t bits = free_fds_[w];
    if (bits == 0) continue;
    // Two 32-bit halves: a 64-bit ctz is a libgcc call on 32-bit arm.
    const uint32_t low = static_cast<uint32_t>(bits);
    const uint32_t bit =
        low != 0 ? __builtin_ctz(low)
                 : 32 + __builtin_ctz(static_cast<uint32_t>(bits >> 32));
    return static_cast<int>(w * 64 + bit);
  }
  return -HCALL_EMFILE;
}

uint32_t Table::new_cap(uint32_t grant, Rights rights, uint32_t parent) {
  // Every live capability has a descriptor, and the caller holds a free
  // descriptor, so a free capability exists.
  const uint32_t c = free_cap_;
  Capability& cap = caps_[c];
  free_cap_ = cap.parent;
  cap.handle = grants_[grant].handle;
  cap.rights = rights;
  cap.grant = grant;
  cap.parent = parent;
  cap.refs = 0;
  cap.children = 0;
  cap.revoked = 0;
  cap.mark = kMarkUnknown;
  if (parent != kNone) ++caps_[parent].children;
  return c;
}

void Table::bind(uint32_t fd, uint32_t cap) {
  const Capability& c = caps_[cap];
  fds_[fd].cap = cap;
  fds_[fd].generation = c.generation;
  fds_[fd].rights = c.rights | (c.revoked == 0 ? kLive : 0);
  fds_[fd].handle = c.handle;
  free_fds_[fd / 64] &= ~(uint64_t{1} << (fd % 64));
  ++caps_[cap].refs;
}

void Table::unbind(uint32_t fd) {
  const uint32_t cap = fds_[fd].cap;
  fds_[fd].cap = kNone;
  fds_[fd].rights = 0;
  free_fds_[fd / 64] |= uint64_t{1} << (fd % 64);
  if (--caps_[cap].refs == 0) drop_cap(cap);
}

// Frees capability (c), which has no descriptor left. Its children are
// handed to its parent, so revoking the parent still reaches them, and
// every live capability keeps at least one descriptor (so there are never
// more capabilities than descriptors).
void Table::drop_cap(uint32_t c) {
  Capability& cap = caps_[c];
  const uint32_t parent = cap.parent;
  if (cap.children != 0) {
    for (uint32_t i = 0; i < max_fds_; ++i) {
      Capability& child = caps_[i];
      if (child.refs != 0 && child.parent == c) {
        child.parent = parent;
        if (parent != kNone) ++caps_[parent].children;
      }
    }
  }
  if (parent != kNone) --caps_[parent].children;
  ++cap.generation;
  cap.rights = kRightsNone;
  cap.children = 0;
  cap.revoked = 0;
  cap.parent = free_cap_;
  free_cap_ = c;
}

int Table::denial(int fd) const {
  const int s = check_live(fd);
  return s < 0 ? s : -HCALL_EACCES;
}

int Table::check_live(int fd) const {
  if (!live(fd)) return -HCALL_EBADF;
  const Descriptor d = fds_[fd];
  if (caps_[d.cap].generation != d.generation) return -HCALL_EREVOKED;
  return 0;
}

// ---- Descriptor operations -------------------------------------------------

int Table::open(const char* name, int flags) {
  constexpr int kAccepted = kOpenAccessMode | kOpenCreate | kOpenExclusive |
                            kOpenNoCtty | kOpenCloseOnExec;
  if (name == nullptr || (flags & ~kAccepted) != 0) return -HCALL_EINVAL;
  const int mode = flags & kOpenAccessMode;
  if (mode != kOpenReadOnly && mode != kOpenWriteOnly &&
      mode != kOpenReadWrite) {
    return -HCALL_EINVAL;
  }
  const size_t len = bounded_strlen(name, kMaxNameLength + 1);
  if (len > kMaxNameLength) return -HCALL_ENAMETOOLONG;
  if (len == 0) return -HCALL_ENOENT;  // POSIX: an empty path, create or not

  uint32_t index = kNone;
  for (uint32_t i = 0; i < grant_count_; ++i) {
    if (grants_[i].name_len == len && names_equal(grants_[i].name, name, len)) {
      index = i;
      break;
    }
  }
  if (index == kNone) {
    return (flags & kOpenCreate) != 0 ? -HCALL_EACCES : -HCALL_ENOENT;
  }
  if ((flags & kOpenCreate) != 0 && (flags & kOpenExclusive) != 0) {
    return -HCALL_EEXIST;
  }

  Rights rights = grants_[index].rights;
  const bool reading = mode != kOpenWriteOnly;
  const bool writing = mode != kOpenReadOnly;
  if (reading && (rights & kRightsReading) == 0) return -HCALL_EACCES;
  if (writing && (rights & kRightsWriting) == 0) return -HCALL_EACCES;
  if (!reading) rights &= ~kRightsReading;
  if (!writing) rights &= ~kRightsWriting;

  const int fd = alloc_fd();
  if (fd < 0) return fd;
  bind(static_cast<uint32_t>(fd), new_cap(index, rights, kNone));
  return fd;
}

int Table::dup(int fd) {
  const int s = check_live(fd);
  if (s < 0) return s;
  const int nfd = alloc_fd();
  if (nfd < 0) return nfd;
  bind(static_cast<uint32_t>(nfd), fds_[fd].cap);
  return nfd;
}

int Table::dup2(int fd, int newfd) {
  const int s = check_live(fd);
  if (s < 0) return s;
  if (static_cast<uint32_t>(newfd) >= max_fds_) return -HCALL_EBADF;
  if (newfd == fd) return newfd;
  const uint32_t cap = fds_[fd].cap;
  // Take the new reference first: closing (newfd) must not free (cap).
  ++caps_[cap].refs;
  if (live(newfd)) unbind(static_cast<uint32_t>(newfd));
  bind(static_cast<uint32_t>(newfd), cap);
  --caps_[cap].refs;
  return newfd;
}

int Table::close(int fd) {
  if (!live(fd)) return -HCALL_EBADF;
  unbind(static_cast<uint32_t>(fd));
  return 0;
}

int Table::attenuate(int fd, Rights rights) {
  const int s = check_live(fd);
  if (s < 0) return s;
  if (!is_known(rights)) return -HCALL_EINVAL;
  const uint32_t parent = fds_[fd].cap;
  if (!is_subset(rights, caps_[parent].rights)) return -HCALL_EACCES;
  const int nfd = alloc_fd();
  if (nfd < 0) return nfd;
  bind(static_cast<uint32_t>(nfd),
       new_cap(caps_[parent].grant, rights, parent));
  return nfd;
}

int Table::revoke(int fd) {
  const int s = check_live(fd);
  if (s < 0) return s;
  const uint32_t target = fds_[fd].cap;
  for (uint32_t i = 0; i < max_fds_; ++i) caps_[i].mark = kMarkUnknown;
  caps_[target].mark = kMarkRevoke;
  // Classify every live capability by walking up to the first ancestor
  // already classified (or the root), then writing the answer along the
  // path: each capability is walked over a bounded number of times, so
  // this is O(max descriptors) overall.
  for (uint32_t i = 0; i < max_fds_; ++i) {
    if (caps_[i].refs == 0) continue;
    uint32_t top = i;
    while (top != kNone && caps_[top].mark == kMarkUnknown) {
      top = caps_[top].parent;
    }
    const uint8_t answer = top == kNone ? kMarkKeep : caps_[top].mark;
    for (uint32_t k = i; k != top; k = caps_[k].parent) caps_[k].mark = answer;
  }
  for (uint32_t i = 0; i < max_fds_; ++i) {
    Capability& c = caps_[i];
    if (c.refs != 0 && c.mark == kMarkRevoke && c.revoked == 0) {
      c.revoked = 1;
      ++c.generation;
    }
  }
  // Every descriptor of a revoked capability stops passing lookup().
  for (uint32_t i = 0; i < max_fds_; ++i) {
    Descriptor& d = fds_[i];
    if (d.cap != kNone && caps_[d.cap].generation != d.generation) {
      d.rights &= ~kLive;
    }
  }
  return 0;
}

int64_t Table::rights(int fd) const {
  const int s = check_live(fd);
  if (s < 0) return s;
  return caps_[fds_[fd].cap].rights;
}

int64_t Table::grant_of(int fd) const {
  const int s = check_live(fd);
  if (s < 0) return s;
  return caps_[fds_[fd].cap].grant;
}

// ---- Memory quota ----------------------------------------------------------

int Table::map_pages(size_t len, uint32_t prot, void** addr) {
  if (len > max_mapped_ - mapped_) return -HCALL_ENOMEM;
  const int s = static_cast<int>(from_hc(hc_page_map(len, prot, addr)));
  if (s < 0) return s;
  mapped_ += len;
  return 0;
}

int Table::unmap_pages(void* addr, size_t len) {
  if (len > mapped_) return -HCALL_EINVAL;
  const int s = static_cast<int>(from_hc(hc_page_unmap(addr, len)));
  if (s < 0) return s;
  mapped_ -= len;
  return 0;
}

// ---- Self-check ------------------------------------------------------------

bool Table::consistent() const {
  if (!initialized()) {
    return fds_ == nullptr && caps_ == nullptr && grant_count_ == 0 &&
           mapped_ == 0;
  }
  if (mapped_ > max_mapped_) return false;
  const uint32_t n = max_fds_;
  uint32_t live_caps = 0;
  for (uint32_t fd = 0; fd < n; ++fd) {
    const bool free_bit = ((free_fds_[fd / 64] >> (fd % 64)) & 1) != 0;
    const Descriptor d = fds_[fd];
    if (free_bit != (d.cap == kNone)) return false;
    if (d.cap == kNone) {
      if (d.rights != 0) return false;
      continue;
    }
    if (d.cap >= n || caps_[d.cap].refs == 0) return false;
    const Capability& c = caps_[d.cap];
    // Live capabilities keep the generation their descriptors saw; revoked
    // ones have moved on from it. The descriptor's cache agrees.
    const bool same_generation = c.generation == d.generation;
    if ((c.revoked == 0) != same_generation) return false;
    if (((d.rights & kLive) != 0) != same_generation) return false;
    if ((d.rights & ~kLive) != c.rights || d.handle != c.handle) return false;
  }
  const uint32_t words = (n + 63) / 64;
  if (n % 64 != 0 && (free_fds_[words - 1] >> (n % 64)) != 0) return false;
  for (uint32_t i = 0; i < n; ++i) {
    const Capability& c = caps_[i];
    if (c.refs == 0) continue;
    ++live_caps;
    uint32_t refs = 0;
    for (uint32_t fd = 0; fd < n; ++fd) refs += fds_[fd].cap == i ? 1 : 0;
    if (refs != c.refs) return false;
    if (c.grant >= grant_count_) return false;
    const Grant& g = grants_[c.grant];
    if (c.handle != g.handle || !is_subset(c.rights, g.rights)) return false;
    uint32_t children = 0;
    for (uint32_t k = 0; k < n; ++k) {
      children += caps_[k].refs != 0 && caps_[k].parent == i ? 1 : 0;
    }
    if (children != c.children) return false;
    if (c.parent != kNone) {
      if (c.parent >= n) return false;
      const Capability& p = caps_[c.parent];
      if (p.refs == 0 || p.grant != c.grant) return false;
      if (!is_subset(c.rights, p.rights)) return false;
      if (p.revoked != 0 && c.revoked == 0) return false;
    }
    // The parent chain ends at a root within n steps (no cycle).
    uint32_t steps = 0;
    for (uint32_t k = c.parent; k != kNone; k = caps_[k].parent) {
      if (k >= n || ++steps > n) return false;
    }
  }
  uint32_t free_caps = 0;
  for (uint32_t k = free_cap_; k != kNone; k = caps_[k].parent) {
    if (k >= n || caps_[k].refs != 0 || ++free_caps > n) return false;
  }
  return free_caps + live_caps == n;
}

// ---- Boot ------------------------------------------------------------------

namespace {

// Writes "<prefix><reason>\n" to the console's error handle in as few
// writes as the backend allows, then ends the image.
[[noreturn]] void boot_failure(const char* prefix, const char* reason) {
  char line[256];
  size_t n = 0;
  for (const char* s = prefix; *s != '\0' && n < sizeof(line) - 1; ++s) {
    line[n++] = *s;
  }
  for (const char* s = reason; *s != '\0' && n < sizeof(line) - 1; ++s) {
    line[n++] = *s;
  }
  line[n++] = '\n';
  size_t done = 0;
  while (done < n) {
    const hc_ssize_t w = hc_write(HC_HANDLE_CONSOLE_ERR, line + done, n - done);
    if (w <= 0) break;
    done += static_cast<size_t>(w);
  }
  hc_exit(kBootFailureStatus);
}

}  // namespace

Table& boot(const hc_boot_info* info) {
  const void* data = info != nullptr ? info->manifest : nullptr;
  const uint64_t length = info != nullptr ? info->manifest_len : 0;
  Manifest manifest;
  ManifestError err;
  if (length > SIZE_MAX) {
    boot_failure("hcall: bad boot manifest: ",
                 "longer than this image's address space");
  }
  if (parse_manifest(data, static_cast<size_t>(length), &manifest, &err) < 0) {
    boot_failure("hcall: bad boot manifest: ", err.message);
  }
  const int s = internal::g_process_table.init(manifest);
  if (s == -HCALL_EINVAL) {
    boot_failure("hcall: capability table: ", "boot() was called twice");
  }
  if (s < 0) {
    boot_failure("hcall: capability table: ",
                 "cannot map the pages for the descriptor table");
  }
  return internal::g_process_table;
}

}  // namespace hcall::cap
