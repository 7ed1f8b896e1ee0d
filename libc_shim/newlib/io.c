/* libc_shim/newlib/io.c -- newlib's file system calls on the capability
 * layer: open() takes a NAME of the boot manifest (fopen("data", "r") opens
 * the grant "data"), never a host path. newlib's O_* values and struct stat
 * differ from Linux's, so both are translated; errno values are newlib's.
 * The POSIX names (open, read, ...) are newlib's libc/syscalls/ wrappers
 * around these. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hcl/errno.h"
#include "hcl/fcntl.h"
#include "hcl/stat.h"
#include "hcl/unistd.h"
#include "libc_shim/newlib/internal.h"

struct flag_pair {
  int newlib;
  int hcl;
};

static const struct flag_pair kOpenFlags[] = {
    {O_CREAT, HCL_O_CREAT},     {O_EXCL, HCL_O_EXCL},
    {O_NOCTTY, HCL_O_NOCTTY},   {O_TRUNC, HCL_O_TRUNC},
    {O_APPEND, HCL_O_APPEND},   {O_NONBLOCK, HCL_O_NONBLOCK},
    {O_CLOEXEC, HCL_O_CLOEXEC},
};

/* The shim's flags for newlib's (flags), or -1 if a bit has no equivalent. */
static int hcl_open_flags(int flags) {
  int out;
  switch (flags & O_ACCMODE) {
    case O_RDONLY:
      out = HCL_O_RDONLY;
      break;
    case O_WRONLY:
      out = HCL_O_WRONLY;
      break;
    case O_RDWR:
      out = HCL_O_RDWR;
      break;
    default:
      return -1;
  }
  int rest = flags & ~O_ACCMODE;
  for (unsigned i = 0; i < sizeof(kOpenFlags) / sizeof(kOpenFlags[0]); ++i) {
    if (rest & kOpenFlags[i].newlib) {
      out |= kOpenFlags[i].hcl;
      rest &= ~kOpenFlags[i].newlib;
    }
  }
  return rest == 0 ? out : -1;
}

/* Descriptors opened with O_APPEND, below kAppendFds: each write goes to
 * the end of the file as fstat reports it then. The ABI has no append
 * mode, so this layer seeks before each write; correct for the image's
 * own writes, not against another writer of the same host file between
 * the seek and the write. */
enum { kAppendFds = 1024 };
static unsigned char g_append[kAppendFds / CHAR_BIT];

static int is_append(int fd) {
  return fd >= 0 && fd < kAppendFds &&
         (g_append[fd / CHAR_BIT] >> (fd % CHAR_BIT)) & 1;
}

static void set_append(int fd, int on) {
  if (fd < 0 || fd >= kAppendFds) return;
  const unsigned char bit = (unsigned char)(1u << (fd % CHAR_BIT));
  if (on) {
    g_append[fd / CHAR_BIT] |= bit;
  } else {
    g_append[fd / CHAR_BIT] &= (unsigned char)~bit;
  }
}

/* O_APPEND and O_TRUNC are done here, since the capability layer refuses
 * both (the ABI can neither append nor truncate): O_APPEND as above;
 * O_TRUNC only where there is nothing to truncate (an empty file, a
 * console or a pipe), so fopen(name, "w") works on an empty writable
 * grant; a file with contents fails with EINVAL and is left as it was. */
int _open(const char* name, int flags, int mode) {
  (void)mode; /* grants exist before the image; nothing is created */
  const int hcl_flags = hcl_open_flags(flags & ~(O_APPEND | O_TRUNC));
  if (hcl_flags < 0) {
    errno = EINVAL;
    return -1;
  }
  const int fd = hcl_open(name, hcl_flags);
  if (fd < 0) return (int)hcl_newlib_fail(-1);
  if ((flags & O_APPEND) != 0 && fd >= kAppendFds) {
    hcl_close(fd);
    errno = EMFILE;
    return -1;
  }
  if ((flags & O_TRUNC) != 0) {
    struct hcl_stat s;
    if (hcl_fstat(fd, &s) < 0) {
      const int saved = hcl_errno;
      hcl_close(fd);
      hcl_errno = saved;
      return (int)hcl_newlib_fail(-1);
    }
    if ((s.st_mode & HCL_S_IFMT) == HCL_S_IFREG && s.st_size != 0) {
      hcl_close(fd);
      errno = EINVAL;
      return -1;
    }
  }
  set_append(fd, (flags & O_APPEND) != 0);
  return fd;
}

_ssize_t _read(int fd, void* buf, size_t len) {
  const hcl_ssize_t n = hcl_read(fd, buf, len);
  return n < 0 ? (_ssize_t)hcl_newlib_fail(-1) : (_ssize_t)n;
}

_ssize_t _write(int fd, const void* buf, size_t len) {
  if (is_append(fd) && hcl_lseek(fd, 0, HCL_SEEK_END) < 0) {
    return (_ssize_t)hcl_newlib_fail(-1);
  }
  const hcl_ssize_t n = hcl_write(fd, buf, len);
  return n < 0 ? (_ssize_t)hcl_newlib_fail(-1) : (_ssize_t)n;
}

_off_t _lseek(int fd, _off_t offset, int whence) {
  const hcl_off_t pos = hcl_lseek(fd, offset, whence);
  if (pos < 0) return (_off_t)hcl_newlib_fail(-1);
  if ((_off_t)pos != pos) { /* 32-bit off_t on arm */
    errno = EOVERFLOW;
    return -1;
  }
  return (_off_t)pos;
}

int _close(int fd) {
  if (hcl_close(fd) < 0) return (int)hcl_newlib_fail(-1);
  set_append(fd, 0);
  return 0;
}

int fsync(int fd) { return hcl_fsync(fd) < 0 ? (int)hcl_newlib_fail(-1) : 0; }

int _isatty(int fd) {
  const int r = hcl_isatty(fd);
  if (r != 1) hcl_newlib_fail(0);
  return r == 1;
}

static mode_t newlib_file_type(unsigned hcl_mode) {
  switch (hcl_mode & HCL_S_IFMT) {
    case HCL_S_IFREG:
      return S_IFREG;
    case HCL_S_IFBLK:
      return S_IFBLK;
    case HCL_S_IFCHR:
      return S_IFCHR;
    case HCL_S_IFIFO:
      return S_IFIFO;
    case HCL_S_IFSOCK:
      return S_IFSOCK;
    case HCL_S_IFDIR:
      return S_IFDIR;
    default:
      return 0;
  }
}

int _fstat(int fd, struct stat* st) {
  struct hcl_stat s;
  if (hcl_fstat(fd, &s) < 0) return (int)hcl_newlib_fail(-1);
  if ((off_t)s.st_size != s.st_size) {
    errno = EOVERFLOW;
    return -1;
  }
  memset(st, 0, sizeof(*st));
  st->st_mode = newlib_file_type(s.st_mode);
  st->st_nlink = (nlink_t)s.st_nlink;
  st->st_size = (off_t)s.st_size;
  st->st_blksize = (blksize_t)s.st_blksize;
  st->st_blocks = (blkcnt_t)s.st_blocks;
  return 0;
}

/* What fstat reports for the grant (name): opened read-only, else
 * write-only, for the time of the call. */
int _stat(const char* name, struct stat* st) {
  int fd = hcl_open(name, HCL_O_RDONLY);
  if (fd < 0 && hcl_errno == HCL_EACCES) fd = hcl_open(name, HCL_O_WRONLY);
  if (fd < 0) return (int)hcl_newlib_fail(-1);
  const int r = _fstat(fd, st);
  const int saved = errno;
  hcl_close(fd);
  errno = saved;
  return r;
}

/* The manifest's grants are fixed for the image's life: it can neither
 * remove nor add names (rename() is link() + unlink() in newlib). */
int _unlink(const char* name) {
  (void)name;
  errno = EPERM;
  return -1;
}

int _link(const char* existing, const char* name) {
  (void)existing;
  (void)name;
  errno = EPERM;
  return -1;
}
