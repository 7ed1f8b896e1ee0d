// hypercall/linux/io.cc -- handle I/O on Linux: write, read, pread, pwrite,
// fsync, stat and isatty. A handle is the host file descriptor of the same
// number.
#include <stddef.h>
#include <stdint.h>

#include "hypercall/hypercall.h"
#include "hypercall/linux/internal.h"
#include "hypercall/linux/linux_errno.h"
#include "hypercall/linux/syscall.h"

namespace hc_linux {
namespace {

// statx(2): the kernel's struct statx (256 bytes, the same on every
// architecture). Only the fields hcall reads are named.
struct Statx {
  uint32_t stx_mask;
  uint32_t stx_blksize;
  uint64_t stx_attributes;
  uint32_t stx_nlink;
  uint32_t stx_uid;
  uint32_t stx_gid;
  uint16_t stx_mode;
  uint16_t spare0;
  uint64_t stx_ino;
  uint64_t stx_size;
  uint8_t rest[256 - 48];
};
static_assert(sizeof(Statx) == 256, "struct statx is 256 bytes");
static_assert(__builtin_offsetof(Statx, stx_blksize) == 4, "statx layout");
static_assert(__builtin_offsetof(Statx, stx_mode) == 28, "statx layout");
static_assert(__builtin_offsetof(Statx, stx_size) == 40, "statx layout");

constexpr long kAtEmptyPath = 0x1000;
constexpr unsigned long kStatxType = 0x1;
constexpr unsigned long kStatxMode = 0x2;
constexpr unsigned long kStatxSize = 0x200;

constexpr uint32_t kSIfmt = 0170000;
constexpr uint32_t kSIfsock = 0140000;
constexpr uint32_t kSIfreg = 0100000;
constexpr uint32_t kSIfblk = 0060000;
constexpr uint32_t kSIfdir = 0040000;
constexpr uint32_t kSIfchr = 0020000;
constexpr uint32_t kSIfifo = 0010000;

constexpr unsigned long kBlkSszGet = 0x1268;  // _IO(0x12, 104), int
constexpr unsigned long kTcgets = 0x5401;     // same on x86_64/aarch64/arm

uint32_t kind_from_mode(uint32_t mode) {
  switch (mode & kSIfmt) {
    case kSIfreg:
      return HC_KIND_FILE;
    case kSIfblk:
      return HC_KIND_BLOCK;
    case kSIfchr:
      return HC_KIND_CHAR;
    case kSIfifo:
      return HC_KIND_PIPE;
    case kSIfsock:
      return HC_KIND_SOCKET;
    case kSIfdir:
      return HC_KIND_DIRECTORY;
    default:
      return HC_KIND_OTHER;
  }
}

// Path argument of statx: NULL names no path at all (Linux 6.11 and later
// accept it with AT_EMPTY_PATH), so the launcher's filter can require it
// and no image can stat a host path. Older kernels fault on NULL: then ""
// from the first EFAULT on. One image, one thread: no atomics needed.
const char* g_statx_path = nullptr;

// statx(fd, path, AT_EMPTY_PATH, TYPE|MODE|SIZE, sx): the raw result.
long statx_of(int fd, Statx* sx) {
  const long mask = static_cast<long>(kStatxType | kStatxMode | kStatxSize);
  long ret = syscall5(nr::kStatx, fd, reinterpret_cast<long>(g_statx_path),
                      kAtEmptyPath, mask, reinterpret_cast<long>(sx));
  if (ret == -err::kEFAULT && g_statx_path == nullptr) {
    g_statx_path = "";
    ret = syscall5(nr::kStatx, fd, reinterpret_cast<long>(g_statx_path),
                   kAtEmptyPath, mask, reinterpret_cast<long>(sx));
  }
  return ret;
}

// Fills the size and sector size of block device (fd); statx reports 0.
hc_status_t stat_block(int fd, struct hc_stat* st) {
  uint64_t bytes;
  long ret = syscall3(nr::kIoctl, fd, static_cast<long>(kBlkGetSize64),
                      reinterpret_cast<long>(&bytes));
  if (is_error(ret)) return error_from_errno(ret);
  int sector;
  ret = syscall3(nr::kIoctl, fd, static_cast<long>(kBlkSszGet),
                 reinterpret_cast<long>(&sector));
  if (!is_error(ret) && sector > 0) {
    st->block_size = static_cast<uint32_t>(sector);
  }
  st->size = bytes;
  return HC_OK;
}

bool offset_ok(uint64_t offset) {
  return offset <= static_cast<uint64_t>(INT64_MAX);
}

}  // namespace
}  // namespace hc_linux

using hc_linux::error_for_transfer;
using hc_linux::is_error;

extern "C" hc_ssize_t hc_write(hc_handle_t handle, const void* buf,
                               size_t len) {
  long ret;
  do {
    ret =
        hc_linux::syscall3(hc_linux::nr::kWrite, handle,
                           reinterpret_cast<long>(buf), static_cast<long>(len));
  } while (ret == -hc_linux::err::kEINTR);
  if (__builtin_expect(is_error(ret), 0)) {
    return error_for_transfer(handle, ret);
  }
  return ret;
}

extern "C" hc_ssize_t hc_read(hc_handle_t handle, void* buf, size_t len) {
  long ret;
  do {
    ret =
        hc_linux::syscall3(hc_linux::nr::kRead, handle,
                           reinterpret_cast<long>(buf), static_cast<long>(len));
  } while (ret == -hc_linux::err::kEINTR);
  if (__builtin_expect(is_error(ret), 0)) {
    return error_for_transfer(handle, ret);
  }
  return ret;
}

extern "C" hc_ssize_t hc_pread(hc_handle_t handle, void* buf, size_t len,
                               uint64_t offset) {
  if (!hc_linux::offset_ok(offset)) return HC_EINVAL;
  long ret;
  do {
    ret = hc_linux::sys_pread(handle, buf, len, static_cast<int64_t>(offset));
  } while (ret == -hc_linux::err::kEINTR);
  if (is_error(ret)) return error_for_transfer(handle, ret);
  return ret;
}

extern "C" hc_ssize_t hc_pwrite(hc_handle_t handle, const void* buf, size_t len,
                                uint64_t offset) {
  if (!hc_linux::offset_ok(offset)) return HC_EINVAL;
  long ret;
  do {
    ret = hc_linux::sys_pwrite(handle, buf, len, static_cast<int64_t>(offset));
  } while (ret == -hc_linux::err::kEINTR);
  if (is_error(ret)) return error_for_transfer(handle, ret);
  return ret;
}

extern "C" hc_status_t hc_fsync(hc_handle_t handle) {
  long ret;
  do {
    ret = hc_linux::syscall1(hc_linux::nr::kFsync, handle);
  } while (ret == -hc_linux::err::kEINTR);
  if (!is_error(ret)) return HC_OK;
  // fsync(2) reports "this kind of file cannot be synchronised" as EINVAL
  // (pipes, sockets, terminals) or EROFS (some special files).
  if (ret == -hc_linux::err::kEINVAL || ret == -hc_linux::err::kEROFS)
    return HC_ENOTSUP;
  return hc_linux::error_from_errno(ret);
}

// A --block grant of a regular file is HC_KIND_FILE here, the host
// descriptor's kind: the backend does not know the grant's kind. The
// capability table's fstat answers from the grant instead (a block device
// of the grant's size and sector size, as on bare metal).
extern "C" hc_status_t hc_stat(hc_handle_t handle, struct hc_stat* st) {
  hc_linux::Statx sx;
  const long ret = hc_linux::statx_of(handle, &sx);
  if (is_error(ret)) return hc_linux::error_from_errno(ret);
  struct hc_stat out;
  out.kind = hc_linux::kind_from_mode(sx.stx_mode);
  out.block_size = sx.stx_blksize;
  out.size = out.kind == HC_KIND_FILE ? sx.stx_size : 0;
  if (out.kind == HC_KIND_BLOCK) {
    const hc_status_t s = hc_linux::stat_block(handle, &out);
    if (s < 0) return s;
  }
  *st = out;
  return HC_OK;
}

extern "C" hc_status_t hc_isatty(hc_handle_t handle) {
  // TCGETS fills a struct termios (36..60 bytes depending on the ABI).
  alignas(8) unsigned char termios[64];
  const long ret = hc_linux::syscall3(hc_linux::nr::kIoctl, handle,
                                      static_cast<long>(hc_linux::kTcgets),
                                      reinterpret_cast<long>(termios));
  if (!is_error(ret)) return 1;
  const hc_status_t s = hc_linux::error_from_errno(ret);
  return s == HC_EBADH ? HC_EBADH : 0;
}
