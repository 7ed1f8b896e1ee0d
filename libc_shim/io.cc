// libc_shim/io.cc -- open, read, write, pread, pwrite, close, fstat,
// fsync, lseek, isatty on the capability table (see hcl/unistd.h).
//
// Before the table is set up (hosted tests never boot it), descriptors 0,
// 1 and 2 -- and any other number -- go straight to the hypercall with the
// descriptor as handle, so the console streams work in tests too.
#include <stdarg.h>
#include <stdint.h>

#include "capability/table.h"
#include "hcl/errno.h"
#include "hcl/fcntl.h"
#include "hcl/stat.h"
#include "hcl/stdlib.h"
#include "hcl/unistd.h"
#include "hypercall/hypercall.h"

namespace hcall::libc {
namespace {

// What the shim knows of a descriptor of the table.
struct FdState {
  int64_t position;  // for seekable descriptors
  uint8_t kind;      // kUnknown, kStream or kSeekable
};

constexpr uint8_t kUnknown = 0;
constexpr uint8_t kStream = 1;
constexpr uint8_t kSeekable = 2;

// The state of the first Table::kInlineDescriptors descriptors lives here,
// in the image's .bss next to the capability table; a larger table's in an
// array from hcl_calloc. After a system call on a host that flushes the
// TLB, every page the next call touches costs a page walk, and a separate
// mapping costs tens of ns more than a page near the table.
FdState g_fds_inline[cap::Table::kInlineDescriptors];
FdState* g_fds = nullptr;  // max_descriptors() entries, on first use
uint32_t g_fd_count = 0;

int64_t set_errno(int64_t r) {
  if (r >= 0) return r;
  hcl_errno = static_cast<int>(-r);
  return -1;
}

// state_of()'s slow path: sets the array up on first use and classifies
// (fd) on its first use. nullptr if (fd) is out of range or the array
// cannot be had (then it is treated as a stream).
__attribute__((noinline, cold)) FdState* classify(cap::Table& t, int fd) {
  if (g_fds == nullptr) {
    const uint32_t n = t.max_descriptors();
    g_fds = n <= cap::Table::kInlineDescriptors
                ? g_fds_inline
                : static_cast<FdState*>(hcl_calloc(n, sizeof(FdState)));
    if (g_fds == nullptr) return nullptr;
    g_fd_count = n;
  }
  if (static_cast<uint32_t>(fd) >= g_fd_count) return nullptr;
  FdState* s = &g_fds[fd];
  if (s->kind == kUnknown) {
    struct hc_stat st;
    s->kind = kStream;
    if (t.fstat(fd, &st) == 0 &&
        (st.kind == HC_KIND_FILE || st.kind == HC_KIND_BLOCK)) {
      s->kind = kSeekable;
    }
    s->position = 0;
  }
  return s;
}

// The state of (fd), classifying it on first use (see classify()).
inline FdState* state_of(cap::Table& t, int fd) {
  if (__builtin_expect(static_cast<uint32_t>(fd) < g_fd_count, 1)) {
    FdState* s = &g_fds[fd];
    if (__builtin_expect(s->kind != kUnknown, 1)) return s;
  }
  return classify(t, fd);
}

// The state of (fd) if its reads (writes) go through the shim's position:
// it is live, has (right) (kRightPread or kRightPwrite) and is a file or
// block device; otherwise nullptr. The right is checked first, with the
// inline Table::permits(): a descriptor without it (a console, a pipe) is a
// stream whatever it is, and its read or write touches no state of the
// shim's.
inline FdState* positioned(cap::Table& t, int fd, cap::Rights right) {
  if (!t.permits(fd, right)) return nullptr;
  FdState* s = state_of(t, fd);
  return s != nullptr && s->kind == kSeekable ? s : nullptr;
}

bool table_ready() { return cap::process_table().initialized(); }

}  // namespace
}  // namespace hcall::libc

using namespace hcall::libc;
using hcall::cap::Table;

extern "C" {

int hcl_open(const char* name, int flags, ...) {
  Table& t = hcall::cap::process_table();
  if (!t.initialized()) {
    hcl_errno = HCL_ENOENT;  // no manifest: nothing can be opened
    return -1;
  }
  const int fd = static_cast<int>(set_errno(t.open(name, flags)));
  if (fd >= 0 && g_fds != nullptr && static_cast<uint32_t>(fd) < g_fd_count) {
    g_fds[fd].kind = kUnknown;
  }
  return fd;
}

hcl_ssize_t hcl_read(int fd, void* buf, size_t len) {
  if (!table_ready()) {
    return static_cast<hcl_ssize_t>(
        set_errno(hcall::cap::from_hc(hc_read(fd, buf, len))));
  }
  Table& t = hcall::cap::process_table();
  if (FdState* s = positioned(t, fd, hcall::cap::kRightPread)) {
    const int64_t n = t.pread(fd, buf, len, static_cast<uint64_t>(s->position));
    if (n > 0) s->position += n;
    return static_cast<hcl_ssize_t>(set_errno(n));
  }
  return static_cast<hcl_ssize_t>(set_errno(t.read(fd, buf, len)));
}

hcl_ssize_t hcl_write(int fd, const void* buf, size_t len) {
  if (!table_ready()) {
    return static_cast<hcl_ssize_t>(
        set_errno(hcall::cap::from_hc(hc_write(fd, buf, len))));
  }
  Table& t = hcall::cap::process_table();
  if (FdState* s = positioned(t, fd, hcall::cap::kRightPwrite)) {
    const int64_t n =
        t.pwrite(fd, buf, len, static_cast<uint64_t>(s->position));
    if (n > 0) s->position += n;
    return static_cast<hcl_ssize_t>(set_errno(n));
  }
  return static_cast<hcl_ssize_t>(set_errno(t.write(fd, buf, len)));
}

hcl_ssize_t hcl_pread(int fd, void* buf, size_t len, hcl_off_t offset) {
  if (offset < 0) {
    hcl_errno = HCL_EINVAL;
    return -1;
  }
  if (!table_ready()) {
    return static_cast<hcl_ssize_t>(set_errno(hcall::cap::from_hc(
        hc_pread(fd, buf, len, static_cast<uint64_t>(offset)))));
  }
  return static_cast<hcl_ssize_t>(set_errno(hcall::cap::process_table().pread(
      fd, buf, len, static_cast<uint64_t>(offset))));
}

hcl_ssize_t hcl_pwrite(int fd, const void* buf, size_t len, hcl_off_t offset) {
  if (offset < 0) {
    hcl_errno = HCL_EINVAL;
    return -1;
  }
  if (!table_ready()) {
    return static_cast<hcl_ssize_t>(set_errno(hcall::cap::from_hc(
        hc_pwrite(fd, buf, len, static_cast<uint64_t>(offset)))));
  }
  return static_cast<hcl_ssize_t>(set_errno(hcall::cap::process_table().pwrite(
      fd, buf, len, static_cast<uint64_t>(offset))));
}

int hcl_close(int fd) {
  if (!table_ready()) {
    hcl_errno = HCL_EBADF;
    return -1;
  }
  const int r =
      static_cast<int>(set_errno(hcall::cap::process_table().close(fd)));
  if (r == 0 && g_fds != nullptr && static_cast<uint32_t>(fd) < g_fd_count) {
    g_fds[fd].kind = kUnknown;
  }
  return r;
}

int hcl_fsync(int fd) {
  if (!table_ready()) {
    return static_cast<int>(set_errno(hcall::cap::from_hc(hc_fsync(fd))));
  }
  return static_cast<int>(set_errno(hcall::cap::process_table().fsync(fd)));
}

int hcl_fstat(int fd, struct hcl_stat* st) {
  struct hc_stat s;
  const int64_t r = table_ready() ? hcall::cap::process_table().fstat(fd, &s)
                                  : hcall::cap::from_hc(hc_stat(fd, &s));
  if (r < 0) return static_cast<int>(set_errno(r));
  unsigned mode;
  switch (s.kind) {
    case HC_KIND_FILE:
      mode = HCL_S_IFREG;
      break;
    case HC_KIND_BLOCK:
      mode = HCL_S_IFBLK;
      break;
    case HC_KIND_CHAR:
      mode = HCL_S_IFCHR;
      break;
    case HC_KIND_PIPE:
      mode = HCL_S_IFIFO;
      break;
    case HC_KIND_SOCKET:
      mode = HCL_S_IFSOCK;
      break;
    case HC_KIND_DIRECTORY:
      mode = HCL_S_IFDIR;
      break;
    default:
      mode = 0;
      break;
  }
  st->st_mode = mode;
  st->st_nlink = 1;
  st->st_size = static_cast<long long>(s.size);
  st->st_blksize = s.block_size;
  st->st_blocks = static_cast<long long>((s.size + 511) >> 9);
  return 0;
}

hcl_off_t hcl_lseek(int fd, hcl_off_t offset, int whence) {
  if (!table_ready()) {
    hcl_errno = HCL_ESPIPE;
    return -1;
  }
  Table& t = hcall::cap::process_table();
  const int64_t live = t.rights(fd);
  if (live < 0) return set_errno(live);
  FdState* s = state_of(t, fd);
  if (s == nullptr || s->kind != kSeekable) {
    hcl_errno = HCL_ESPIPE;
    return -1;
  }
  int64_t base;
  if (whence == HCL_SEEK_SET) {
    base = 0;
  } else if (whence == HCL_SEEK_CUR) {
    base = s->position;
  } else if (whence == HCL_SEEK_END) {
    struct hc_stat st;
    const int r = t.fstat(fd, &st);
    if (r < 0) return set_errno(r);
    base = static_cast<int64_t>(st.size);
  } else {
    hcl_errno = HCL_EINVAL;
    return -1;
  }
  int64_t target;
  if (__builtin_add_overflow(base, offset, &target)) {
    hcl_errno = HCL_EOVERFLOW;
    return -1;
  }
  if (target < 0) {
    hcl_errno = HCL_EINVAL;
    return -1;
  }
  s->position = target;
  return target;
}

int hcl_isatty(int fd) {
  const int64_t r = table_ready() ? hcall::cap::process_table().isatty(fd)
                                  : hcall::cap::from_hc(hc_isatty(fd));
  if (r < 0) return static_cast<int>(set_errno(r));
  if (r == 0) {
    hcl_errno = HCL_ENOTTY;
    return 0;
  }
  return 1;
}

}  // extern "C"
