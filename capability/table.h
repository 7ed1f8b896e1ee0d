// capability/table.h -- descriptors, capabilities and checked hypercalls.
//
// The image holds no ambient authority: each descriptor it uses refers to a
// capability derived from a grant of the boot manifest, and each operation
// on a descriptor is checked against that capability's rights before the
// hypercall is made.
//
// Model
//   grant       an entry of the boot manifest: name, kind, backend handle,
//               the most rights any descriptor for it may have. Fixed at
//               boot; the image cannot add or widen one.
//   capability  (grant, rights, generation, parent). open() and the boot
//               preopens create root capabilities; attenuate() creates a
//               child with fewer (or equal) rights. dup() shares one.
//   descriptor  a small integer naming a capability at a generation.
//
// Errors (negative results, errno numbers from capability/errors.h), in the
// order they are checked on a descriptor operation:
//   -HCALL_EBADF     (fd) is not an open descriptor of this table
//   -HCALL_EREVOKED  its capability was revoked (close() still works)
//   -HCALL_EACCES    its capability lacks the operation's right (see
//                    rights.h); the backend is not called. POSIX would say
//                    EBADF for a read on a write-only descriptor; EACCES
//                    keeps "not a descriptor" and "not permitted" apart,
//                    as the hypercall ABI does with HC_EBADH and HC_EACCES.
//   anything else    from the backend, mapped by from_hc() (errors.h).
//
// Revocation: revoke(fd) revokes fd's capability and every capability
// derived from it by attenuate(), transitively; every descriptor referring
// to any of them (including fd and its dups) then fails with
// -HCALL_EREVOKED, at once. Capabilities it was derived from are untouched.
//
// Cost: lookup() is O(1) (one descriptor load, two compares). open() is
// O(grants x name length); dup(), attenuate() and close() are O(max descriptors
// / 64) (lowest free descriptor, as POSIX requires) except that closing the
// last descriptor of a capability that has children is O(max descriptors);
// revoke() is O(max descriptors).
//
// Storage: a table of up to kInlineDescriptors descriptors keeps them
// inside the Table object; everything else (the capabilities, the free
// bitmap, the grants and their names, and the descriptors of a larger
// table) comes from hc_page_map at init(), sized from the manifest's
// limits. Nothing else allocates. Not thread-safe (an image is
// single-threaded).
//
// Why the descriptors live inside the object: on a host that flushes the
// user TLB on every system call (page-table isolation without PCID), the
// first touch of each page after a hypercall costs a page walk: about
// 10 ns for a page among the image's data, 25-40 ns for a page mapped
// apart. The check then reads only the Table object (the process table is
// in the image's data), one walk of the first kind, instead of the object
// and a mapped page (bench/capability_bench.cc: BM_cap_write_overhead_paired,
// its _large_table variant, and the page-touch peers).
#ifndef HCALL_CAPABILITY_TABLE_H_
#define HCALL_CAPABILITY_TABLE_H_

#include <stddef.h>
#include <stdint.h>

#include "capability/errors.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "hypercall/hypercall.h"

namespace hcall::cap {

// Flags of open(): Linux's values, the same on x86_64, aarch64 and arm.
inline constexpr int kOpenAccessMode = 03;
inline constexpr int kOpenReadOnly = 00;
inline constexpr int kOpenWriteOnly = 01;
inline constexpr int kOpenReadWrite = 02;
inline constexpr int kOpenCreate = 0100;           // accepted, see open()
inline constexpr int kOpenExclusive = 0200;        // accepted, see open()
inline constexpr int kOpenNoCtty = 0400;           // accepted, no effect
inline constexpr int kOpenTruncate = 01000;        // refused: -HCALL_EINVAL
inline constexpr int kOpenAppend = 02000;          // refused: -HCALL_EINVAL
inline constexpr int kOpenNonBlock = 04000;        // refused: -HCALL_EINVAL
inline constexpr int kOpenCloseOnExec = 02000000;  // accepted, no effect

// Exit status of an image whose boot manifest or capability table could not
// be set up (sysexits.h's EX_CONFIG: a configuration error, not a crash).
inline constexpr int32_t kBootFailureStatus = 78;

class alignas(64) Table {
 public:
  // Tables with at most this many descriptors keep them inside the object
  // (the launcher's manifests ask for 64).
  static constexpr uint32_t kInlineDescriptors = 64;

  constexpr Table() = default;
  // Neither copyable nor movable: a table with inline descriptors points
  // into itself.
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  // Sets the table up from the validated (manifest): maps its storage,
  // copies the grants (names included, so the manifest's bytes need not
  // outlive the table) and opens each preopened grant at its descriptor
  // with all of the grant's rights. Returns 0, -HCALL_EINVAL if the table
  // is already set up, or the error of hc_page_map (-HCALL_ENOMEM).
  int init(const Manifest& manifest);

  // Unmaps the storage and clears the inline descriptors; every descriptor
  // is gone and init() may be called again. Pages mapped through
  // map_pages() are not touched.
  void release();

  bool initialized() const { return max_fds_ != 0; }
  uint32_t max_descriptors() const { return max_fds_; }

  // Grants, in manifest order; names are NUL-terminated copies.
  uint32_t grant_count() const { return grant_count_; }
  const Grant& grant(uint32_t index) const { return grants_[index]; }

  // ---- Descriptor operations -------------------------------------------

  // Opens the grant called (name) (NUL-terminated) as the lowest free
  // descriptor. (flags) is an access mode (kOpenReadOnly, WriteOnly or
  // ReadWrite) ORed with kOpenCreate, kOpenExclusive, kOpenNoCtty or
  // kOpenCloseOnExec. The new capability has the grant's rights minus the
  // writing ones (kRightsWriting) for read-only, minus the reading ones
  // (kRightsReading) for write-only. Returns the descriptor, or
  //   -HCALL_ENOENT        no grant has that name, or (name) is ""
  //   -HCALL_EACCES        no grant has that name and kOpenCreate is set
  //                        (the image cannot create), or the access mode
  //                        asks for reading (writing) and the grant has no
  //                        reading (writing) right
  //   -HCALL_EEXIST        kOpenCreate|kOpenExclusive and the grant exists
  //   -HCALL_ENAMETOOLONG  (name) is longer than kMaxNameLength bytes
  //   -HCALL_EINVAL        an access mode of 3, kOpenTruncate, kOpenAppend,
  //                        kOpenNonBlock or any other bit (the layer cannot
  //                        truncate, append or change blocking; the launcher
  //                        prepares the object), or (name) is null
  //   -HCALL_EMFILE        every descriptor is in use
  int open(const char* name, int flags);

  // A new descriptor (the lowest free one) for the same capability as
  // (fd): same rights, revoked together. Returns it, or -HCALL_EBADF,
  // -HCALL_EREVOKED, -HCALL_EMFILE.
  int dup(int fd);

  // Makes (newfd) refer to (fd)'s capability, closing (newfd) first if it
  // is open. Returns (newfd), -HCALL_EBADF if (fd) is not open or (newfd)
  // is outside 0..max_descriptors()-1, or -HCALL_EREVOKED. dup2(fd, fd) of
  // a live (fd) returns (fd) and changes nothing.
  int dup2(int fd, int newfd);

  // Closes (fd), revoked or not. Returns 0 or -HCALL_EBADF.
  int close(int fd);

  // A new descriptor (the lowest free one) for a new capability derived
  // from (fd)'s with exactly (rights), which must be a subset of (fd)'s
  // rights: attenuation never amplifies. Revoking (fd)'s capability later
  // revokes the new one too. Returns the descriptor, -HCALL_EBADF,
  // -HCALL_EREVOKED, -HCALL_EINVAL if (rights) has a reserved bit,
  // -HCALL_EACCES if it has a right (fd) lacks, or -HCALL_EMFILE.
  int attenuate(int fd, Rights rights);

  // Revokes (fd)'s capability and all derived from it (see above).
  // Returns 0, -HCALL_EBADF, or -HCALL_EREVOKED if it already was.
  int revoke(int fd);

  // (fd)'s rights (>= 0), or -HCALL_EBADF or -HCALL_EREVOKED.
  int64_t rights(int fd) const;

  // The index of (fd)'s grant, or -HCALL_EBADF or -HCALL_EREVOKED.
  int64_t grant_of(int fd) const;

  // O(1): stores the backend handle of (fd) in (handle) and returns 0 if
  // (fd) is live and has every right in (need); otherwise returns
  // -HCALL_EBADF, -HCALL_EREVOKED or -HCALL_EACCES and leaves (handle).
  // The fast path reads one 16-byte descriptor and makes one test: the
  // descriptor caches its capability's rights and handle, with kLive set
  // while the capability's generation is the one it was made with (revoke()
  // clears it on every affected descriptor).
  int lookup(int fd, Rights need, hc_handle_t* handle) const {
    if (__builtin_expect(static_cast<uint32_t>(fd) >= max_fds_, 0)) {
      return -HCALL_EBADF;
    }
    const Descriptor& d = fds_[fd];
    const Rights want = need | kLive;
    if (__builtin_expect((d.rights & want) != want, 0)) return denial(fd);
    *handle = d.handle;
    return 0;
  }

  // O(1), inline: true if (fd) is live and has every right in (need).
  // lookup() without the reason for a refusal, which costs a call.
  bool permits(int fd, Rights need) const {
    if (static_cast<uint32_t>(fd) >= max_fds_) return false;
    const Rights want = need | kLive;
    return (fds_[fd].rights & want) == want;
  }

  // ---- Checked hypercalls (errno-style results) -------------------------
  // Each needs the right named in rights.h, then calls the hc_* function
  // of the same name with the backend handle and maps its result with
  // from_hc(). They are defined here, inline, on purpose: a checked call
  // compiles to the unchecked call plus lookup()'s descriptor load and one
  // test, with no call or return of its own. An out-of-line wrapper would
  // add a return after the hypercall (the first return after a system call
  // is the expensive one on the x86_64 host) and its code would be one
  // more page to walk after a TLB flush (BM_cap_write_overhead_paired and
  // BM_libc_write_vs_hc_paired in bench/capability_bench.cc).

  int64_t read(int fd, void* buf, size_t len) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightRead, &h);
    return s < 0 ? s : from_hc(hc_read(h, buf, len));
  }

  int64_t write(int fd, const void* buf, size_t len) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightWrite, &h);
    return s < 0 ? s : from_hc(hc_write(h, buf, len));
  }

  int64_t pread(int fd, void* buf, size_t len, uint64_t offset) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightPread, &h);
    return s < 0 ? s : from_hc(hc_pread(h, buf, len, offset));
  }

  // A block device never grows, on any backend: a write that reaches past
  // its end (the grant's size) writes the part inside; one that starts at
  // or past the end gets -HCALL_ENOSPC (bare metal's virtio-blk rule; on
  // Linux the launcher's filter would kill a pwrite past the end).
  int64_t pwrite(int fd, const void* buf, size_t len, uint64_t offset) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightPwrite, &h);
    if (s < 0) return s;
    const Grant& g = grants_[caps_[fds_[fd].cap].grant];
    if (g.kind == kKindBlock && len > 0) {
      if (offset >= g.size) return -HCALL_ENOSPC;
      if (len > g.size - offset) len = static_cast<size_t>(g.size - offset);
    }
    return from_hc(hc_pwrite(h, buf, len, offset));
  }

  int fsync(int fd) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightFsync, &h);
    return s < 0 ? s : static_cast<int>(from_hc(hc_fsync(h)));
  }

  // What (fd) is. A block grant is a block device on every backend, of
  // the grant's size and sector size, whatever the backend's handle is (on
  // Linux a --block grant may be a regular host file; bare metal reports
  // the virtio-blk device, which the launcher sized from the same grant).
  [[gnu::noinline]] int fstat(int fd, struct hc_stat* st) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightStat, &h);
    if (s < 0) return s;
    const int r = static_cast<int>(from_hc(hc_stat(h, st)));
    const Grant& g = grants_[caps_[fds_[fd].cap].grant];
    if (r >= 0 && g.kind == kKindBlock) {
      st->kind = HC_KIND_BLOCK;
      st->block_size = g.block_size;
      st->size = g.size;
    }
    return r;
  }

  // 1 if (fd) is a terminal, 0 if not, or a negative error. A console
  // granted with kEntryTerminal is one: the launcher relays a terminal to
  // it (the backend sees a pipe).
  int isatty(int fd) {
    hc_handle_t h = -1;
    const int s = lookup(fd, kRightStat, &h);
    if (s < 0) return s;
    if ((grants_[caps_[fds_[fd].cap].grant].flags & kEntryTerminal) != 0) {
      return 1;
    }
    return static_cast<int>(from_hc(hc_isatty(h)));
  }

  // ---- Memory quota ------------------------------------------------------

  // hc_page_map, counted against the manifest's max_mapped_bytes. Returns
  // 0, -HCALL_ENOMEM if the mapping would take the image past its quota
  // (nothing is mapped), or hc_page_map's error (-HCALL_EINVAL for a bad
  // length or protection, -HCALL_ENOMEM, -HCALL_EACCES).
  int map_pages(size_t len, uint32_t prot, void** addr);

  // hc_page_unmap of pages mapped by map_pages(); gives (len) back to the
  // quota. Returns 0, -HCALL_EINVAL if (len) exceeds what is mapped, or
  // hc_page_unmap's error. Accounting is by length, not by region.
  int unmap_pages(void* addr, size_t len);

  uint64_t mapped_bytes() const { return mapped_; }
  uint64_t max_mapped_bytes() const { return max_mapped_; }

  // Checks every internal invariant (reference counts, the free lists, the
  // tree of capabilities, rights only ever narrowing down the tree). For
  // tests and fuzzers; O(max descriptors^2) in the worst case.
  bool consistent() const;

 private:
  static constexpr uint32_t kNone = 0xffffffffu;

  // Set in Descriptor::rights while the descriptor's capability is live.
  static constexpr Rights kLive = 1u << 31;
  static_assert((kRightsAll & kLive) == 0, "kLive is not a right");

  struct Descriptor {
    uint32_t cap;         // index into caps_, or kNone if free
    uint32_t generation;  // caps_[cap].generation when it was made
    Rights rights;        // caps_[cap].rights | kLive if live; 0 if free
    hc_handle_t handle;   // caps_[cap].handle
  };

  struct Capability {
    hc_handle_t handle;  // the grant's backend handle
    Rights rights;
    uint32_t generation;  // bumped on revocation and on free
    uint32_t grant;       // index into grants_
    uint32_t parent;      // capability it was attenuated from, or kNone
    uint32_t refs;        // descriptors referring to it; 0 = free slot
    uint32_t children;    // live capabilities whose parent it is
    uint8_t revoked;
    uint8_t mark;  // scratch for revoke()
    uint16_t pad;
  };

  int alloc_fd() const;  // lowest free descriptor or -HCALL_EMFILE
  uint32_t new_cap(uint32_t grant, Rights rights, uint32_t parent);
  void bind(uint32_t fd, uint32_t cap);
  void unbind(uint32_t fd);
  void drop_cap(uint32_t cap);
  bool live(int fd) const {
    return static_cast<uint32_t>(fd) < max_fds_ && fds_[fd].cap != kNone;
  }
  int check_live(int fd) const;  // 0, -HCALL_EBADF or -HCALL_EREVOKED
  // Why lookup() refused (fd), which is below max_fds_: -HCALL_EBADF,
  // -HCALL_EREVOKED or -HCALL_EACCES. Out of line: the cold path.
  int denial(int fd) const;

  // What lookup() reads comes first: the descriptor array's address and
  // length, then the inline descriptors, in the same cache lines.
  Descriptor* fds_ = nullptr;  // inline_fds_, or in storage_
  uint32_t max_fds_ = 0;
  Descriptor inline_fds_[kInlineDescriptors] = {};
  Capability* caps_ = nullptr;
  uint64_t* free_fds_ = nullptr;  // bit set = descriptor free
  Grant* grants_ = nullptr;
  uint32_t grant_count_ = 0;
  // Head of the free list (through parent), kNone when empty; set by
  // init(). 0 until then, like every other member: an all-zero Table is
  // zero-initialised (.bss), not 1.1 KB of .data in every image.
  uint32_t free_cap_ = 0;
  uint64_t max_mapped_ = 0;
  uint64_t mapped_ = 0;
  void* storage_ = nullptr;
  size_t storage_len_ = 0;
};

// ---- Boot ------------------------------------------------------------------

namespace internal {
// The storage of process_table(); use the function.
extern Table g_process_table;
}  // namespace internal

// The image's table, set up by boot(). Constant-initialised: no global
// constructor runs. Inline, so a checked call through it makes no call
// besides the hypercall's.
inline Table& process_table() { return internal::g_process_table; }

// Called once by the backend's entry code or the libc shim before the
// application runs: parses (info)'s manifest and sets process_table() up
// from it. On any failure it writes one line to HC_HANDLE_CONSOLE_ERR,
//   "hcall: bad boot manifest: <reason>\n"       (the manifest is invalid)
//   "hcall: capability table: <reason>\n"        (storage could not be had)
// and ends the image with hc_exit(kBootFailureStatus); it never returns
// then. Returns process_table().
Table& boot(const hc_boot_info* info);

}  // namespace hcall::cap

#endif  // HCALL_CAPABILITY_TABLE_H_
