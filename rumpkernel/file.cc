// rumpkernel/file.cc -- host files: names of the boot manifest, opened as
// descriptors of the capability table; scatter/gather I/O and syncing.
#include <stddef.h>
#include <stdint.h>

#include "capability/manifest.h"
#include "capability/table.h"
#include "hypercall/hypercall.h"
#include "rump/rumpuser.h"
#include "rumpkernel/internal.h"

namespace cap = hcall::cap;
using namespace hcall::rump;

namespace {

// The grant called (name), or nullptr.
const cap::Grant* FindGrant(const char* name) {
  cap::Table& t = cap::process_table();
  if (!t.initialized()) return nullptr;
  for (uint32_t i = 0; i < t.grant_count(); ++i) {
    const cap::Grant& g = t.grant(i);
    if (Equal(g.name, name)) return &g;
  }
  return nullptr;
}

int FileType(uint32_t hc_kind) {
  switch (hc_kind) {
    case HC_KIND_FILE:
      return RUMPUSER_FT_REG;
    case HC_KIND_BLOCK:
      return RUMPUSER_FT_BLK;
    case HC_KIND_CHAR:
      return RUMPUSER_FT_CHR;
    case HC_KIND_DIRECTORY:
      return RUMPUSER_FT_DIR;
    default:
      return RUMPUSER_FT_OTHER;  // pipes, sockets, the unknown
  }
}

}  // namespace

extern "C" int rumpuser_open(const char* name, int mode, int* fdp) {
  int flags;
  switch (mode & RUMPUSER_OPEN_ACCMODE) {
    case RUMPUSER_OPEN_RDONLY:
      flags = cap::kOpenReadOnly;
      break;
    case RUMPUSER_OPEN_WRONLY:
      flags = cap::kOpenWriteOnly;
      break;
    case RUMPUSER_OPEN_RDWR:
      flags = cap::kOpenReadWrite;
      break;
    default:
      return nb::kEINVAL;
  }
  if (mode & RUMPUSER_OPEN_CREATE) flags |= cap::kOpenCreate;
  if (mode & RUMPUSER_OPEN_EXCL) flags |= cap::kOpenExclusive;
  // RUMPUSER_OPEN_BIO is advisory: every descriptor can do block I/O.
  cap::Table& t = cap::process_table();
  if (!t.initialized() || name == nullptr) {
    return (mode & RUMPUSER_OPEN_CREATE) ? nb::kEACCES : nb::kENOENT;
  }
  const int fd = t.open(name, flags);
  if (fd < 0) return NbErrnoFromCap(fd);
  *fdp = fd;
  return 0;
}

extern "C" int rumpuser_close(int fd) {
  cap::Table& t = cap::process_table();
  if (!t.initialized()) return nb::kEBADF;
  if (BioBusy(fd)) {
    // Requests still queued for fd would find it closed.
    const int nlocks = Unschedule(nullptr);
    WaitBio(fd);
    Schedule(nlocks, nullptr);
  }
  return NbErrnoFromCap(t.close(fd));
}

extern "C" int rumpuser_getfileinfo(const char* name, uint64_t* size,
                                    int* type) {
  if (name == nullptr) return nb::kENOENT;
  const cap::Grant* g = FindGrant(name);
  if (g == nullptr) return nb::kENOENT;
  uint64_t sz = 0;
  int ft;
  if (g->kind == cap::kKindBlock) {
    // Granted as a block device, whatever backs it on the host; the
    // manifest carries its size.
    ft = RUMPUSER_FT_BLK;
    sz = g->size;
  } else if ((g->rights & cap::kRightStat) != 0) {
    struct hc_stat st;
    const hc_status_t s = hc_stat(g->handle, &st);
    if (s != HC_OK) return NbErrnoFromHc(s);
    ft = FileType(st.kind);
    sz = (st.kind == HC_KIND_FILE || st.kind == HC_KIND_BLOCK) ? st.size : 0;
  } else {
    // Not allowed to look: report what the grant says it is.
    ft = g->kind == cap::kKindFile ? RUMPUSER_FT_REG : RUMPUSER_FT_CHR;
  }
  if (size != nullptr) *size = sz;
  if (type != nullptr) *type = ft;
  return 0;
}

namespace {

// One transfer over the vector: (write) selects the direction.
int Transfer(int fd, const rumpuser_iovec* iov, size_t iovlen, int64_t off,
             size_t* retv, bool write) {
  cap::Table& t = cap::process_table();
  if (!t.initialized()) return nb::kEBADF;
  if (off < 0 && off != RUMPUSER_IOV_NOSEEK) return nb::kEINVAL;
  const int nlocks = Unschedule(nullptr);
  size_t total = 0;
  int error = 0;
  for (size_t i = 0; i < iovlen && error == 0; ++i) {
    uint8_t* base = static_cast<uint8_t*>(iov[i].iov_base);
    size_t done = 0;
    while (done < iov[i].iov_len) {
      const size_t want = iov[i].iov_len - done;
      int64_t n;
      if (off == RUMPUSER_IOV_NOSEEK) {
        n = write ? t.write(fd, base + done, want)
                  : t.read(fd, base + done, want);
      } else {
        const uint64_t at = static_cast<uint64_t>(off) + total;
        n = write ? t.pwrite(fd, base + done, want, at)
                  : t.pread(fd, base + done, want, at);
      }
      if (n < 0) {
        error = NbErrnoFromCap(n);
        break;
      }
      if (n == 0) {
        i = iovlen;  // end of input: stop with what we have
        break;
      }
      done += static_cast<size_t>(n);
      total += static_cast<size_t>(n);
    }
  }
  Schedule(nlocks, nullptr);
  // As readv/writev: an error after some bytes moved reports the bytes.
  if (error != 0 && total == 0) return error;
  *retv = total;
  return 0;
}

}  // namespace

extern "C" int rumpuser_iovread(int fd, struct rumpuser_iovec* ruiov,
                                size_t iovlen, int64_t off, size_t* retv) {
  return Transfer(fd, ruiov, iovlen, off, retv, false);
}

extern "C" int rumpuser_iovwrite(int fd, const struct rumpuser_iovec* ruiov,
                                 size_t iovlen, int64_t off, size_t* retv) {
  return Transfer(fd, ruiov, iovlen, off, retv, true);
}

extern "C" int rumpuser_syncfd(int fd, int flags, uint64_t start,
                               uint64_t len) {
  (void)start;  // the hypercall ABI syncs whole objects
  (void)len;
  if ((flags & RUMPUSER_SYNCFD_BOTH) == 0) return nb::kEINVAL;
  // Reads always see every write: nothing is cached on this side.
  if ((flags & RUMPUSER_SYNCFD_WRITE) == 0) return 0;
  cap::Table& t = cap::process_table();
  if (!t.initialized()) return nb::kEBADF;
  // Writes queued by rumpuser_bio before this call come first (this is
  // also what BARRIER asks for), then the object is synced.
  const int nlocks = Unschedule(nullptr);
  WaitBio(fd);
  const int error = NbErrnoFromCap(t.fsync(fd));
  Schedule(nlocks, nullptr);
  return error;
}
