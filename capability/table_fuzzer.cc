// capability/table_fuzzer.cc -- libFuzzer target running random sequences
// of table operations (format: table_fuzzer.h) against a reference model.
// Links the fake backend (fake_backend.h); runs under libFuzzer or as a
// plain regression runner over a corpus with fuzz_main.cc.
//
// The model is written for clarity, not speed: capabilities are never
// reused and keep their full ancestry, revocation walks it. After every
// operation the table's result must equal the model's and
// Table::consistent() must hold; at the end every page must be returned.
#include "capability/table_fuzzer.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <string>
#include <vector>

#include "capability/errors.h"
#include "capability/fake_backend.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"

namespace hcall::cap::table_fuzz {
namespace {

class Input {
 public:
  Input(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t next() { return pos_ < size_ ? data_[pos_++] : 0; }
  int fd() { return next() % (kMaxFds + 4) - 2; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

int open_flags(uint8_t b) {
  int flags = b & 3;
  if ((b & 0x04) != 0) flags |= kOpenCreate;
  if ((b & 0x08) != 0) flags |= kOpenExclusive;
  if ((b & 0x10) != 0) flags |= kOpenTruncate;
  if ((b & 0x20) != 0) flags |= kOpenCloseOnExec;
  if ((b & 0x40) != 0) flags |= kOpenNonBlock;
  if ((b & 0x80) != 0) flags |= 0100000;  // a flag the layer does not know
  return flags;
}

struct ModelCap {
  Rights rights;
  int parent;  // index into Model::caps, or -1
  bool revoked;
  uint32_t grant;
};

// What the table should do, from first principles.
class Model {
 public:
  Model(uint32_t max_fds, const std::vector<Grant>& grants, uint64_t quota)
      : fds_(max_fds, -1), grants_(grants), quota_(quota) {
    for (uint32_t i = 0; i < grants.size(); ++i) {
      if (grants[i].preopen_fd != kNoPreopen) {
        fds_[grants[i].preopen_fd] = new_cap(grants[i].rights, -1, i);
      }
    }
  }

  // 0, -EBADF or -EREVOKED, as every descriptor operation checks first.
  int64_t check(int fd) const {
    if (fd < 0 || fd >= static_cast<int>(fds_.size()) || fds_[fd] < 0) {
      return -HCALL_EBADF;
    }
    return caps_[fds_[fd]].revoked ? -HCALL_EREVOKED : 0;
  }

  // Expected result of an I/O operation needing (right) whose backend call
  // would return (backend).
  int64_t io(int fd, Rights right, int64_t backend) const {
    const int64_t s = check(fd);
    if (s < 0) return s;
    return (caps_[fds_[fd]].rights & right) != 0 ? backend : -HCALL_EACCES;
  }

  hc_handle_t handle(int fd) const {
    return grants_[caps_[fds_[fd]].grant].handle;
  }

  int64_t open(uint32_t name_index, int flags) {
    constexpr int kKnown = kOpenAccessMode | kOpenCreate | kOpenExclusive |
                           kOpenNoCtty | kOpenCloseOnExec;
    if ((flags & ~kKnown) != 0 || (flags & kOpenAccessMode) == 3) {
      return -HCALL_EINVAL;
    }
    if (name_index == grants_.size() + 1) return -HCALL_ENOENT;  // ""
    if (name_index == grants_.size()) {
      return (flags & kOpenCreate) != 0 ? -HCALL_EACCES : -HCALL_ENOENT;
    }
    if ((flags & kOpenCreate) != 0 && (flags & kOpenExclusive) != 0) {
      return -HCALL_EEXIST;
    }
    Rights r = grants_[name_index].rights;
    const int mode = flags & kOpenAccessMode;
    const bool reading = mode == kOpenReadOnly || mode == kOpenReadWrite;
    const bool writing = mode == kOpenWriteOnly || mode == kOpenReadWrite;
    if (reading && (r & kRightsReading) == 0) return -HCALL_EACCES;
    if (writing && (r & kRightsWriting) == 0) return -HCALL_EACCES;
    if (!reading) r &= ~kRightsReading;
    if (!writing) r &= ~kRightsWriting;
    const int fd = lowest_free();
    if (fd < 0) return fd;
    fds_[fd] = new_cap(r, -1, name_index);
    return fd;
  }

  int64_t dup(int fd) {
    const int64_t s = check(fd);
    if (s < 0) return s;
    const int nfd = lowest_free();
    if (nfd < 0) return nfd;
    fds_[nfd] = fds_[fd];
    return nfd;
  }

  int64_t dup2(int fd, int newfd) {
    const int64_t s = check(fd);
    if (s < 0) return s;
    if (newfd < 0 || newfd >= static_cast<int>(fds_.size())) {
      return -HCALL_EBADF;
    }
    fds_[newfd] = fds_[fd];
    return newfd;
  }

  int64_t close(int fd) {
    if (fd < 0 || fd >= static_cast<int>(fds_.size()) || fds_[fd] < 0) {
      return -HCALL_EBADF;
    }
    fds_[fd] = -1;
    return 0;
  }

  int64_t attenuate(int fd, Rights rights) {
    const int64_t s = check(fd);
    if (s < 0) return s;
    if (!is_known(rights)) return -HCALL_EINVAL;
    const int parent = fds_[fd];
    if (!is_subset(rights, caps_[parent].rights)) return -HCALL_EACCES;
    const int nfd = lowest_free();
    if (nfd < 0) return nfd;
    fds_[nfd] = new_cap(rights, parent, caps_[parent].grant);
    return nfd;
  }

  int64_t revoke(int fd) {
    const int64_t s = check(fd);
    if (s < 0) return s;
    const int target = fds_[fd];
    for (size_t i = 0; i < caps_.size(); ++i) {
      for (int k = static_cast<int>(i); k >= 0; k = caps_[k].parent) {
        if (k == target) {
          caps_[i].revoked = true;
          break;
        }
      }
    }
    return 0;
  }

  int64_t rights(int fd) const {
    const int64_t s = check(fd);
    return s < 0 ? s : caps_[fds_[fd]].rights;
  }

  int64_t map(size_t len) {
    if (len > quota_ - mapped_) return -HCALL_ENOMEM;
    if (len % fake::kFakePageSize != 0) return -HCALL_EINVAL;
    mapped_ += len;
    return 0;
  }

  int64_t unmap(size_t len) {
    if (len > mapped_) return -HCALL_EINVAL;
    mapped_ -= len;
    return 0;
  }

 private:
  int new_cap(Rights rights, int parent, uint32_t grant) {
    caps_.push_back(ModelCap{rights, parent, false, grant});
    return static_cast<int>(caps_.size() - 1);
  }

  int lowest_free() const {
    for (size_t i = 0; i < fds_.size(); ++i) {
      if (fds_[i] < 0) return static_cast<int>(i);
    }
    return -HCALL_EMFILE;
  }

  std::vector<int> fds_;  // model capability per descriptor, or -1
  std::vector<ModelCap> caps_;
  std::vector<Grant> grants_;
  uint64_t quota_;
  uint64_t mapped_ = 0;
};

[[noreturn]] void Mismatch(size_t step, const char* op, int64_t got,
                           int64_t want) {
  fprintf(stderr, "table_fuzzer: step %zu: %s returned %lld, model says %lld\n",
          step, op, static_cast<long long>(got), static_cast<long long>(want));
  abort();
}

void Expect(size_t step, const char* op, int64_t got, int64_t want) {
  if (got != want) Mismatch(step, op, got, want);
}

void Run(const uint8_t* data, size_t size) {
  Input in(data, size);
  const uint8_t size_byte = in.next();
  const uint32_t max_fds =
      1 + size_byte % kMaxFds +
      ((size_byte & kMappedDescriptorsBit) != 0 ? Table::kInlineDescriptors
                                                : 0);
  const uint32_t count = in.next() % (kMaxGrants + 1);
  std::vector<std::string> names(count);
  std::vector<Grant> grants(count);
  std::vector<bool> preopened(max_fds, false);
  for (uint32_t i = 0; i < count; ++i) {
    names[i] = "g" + std::to_string(i);
    Grant& g = grants[i];
    const uint8_t b0 = in.next();
    const uint8_t b1 = in.next();
    g.name = names[i].data();
    g.name_len = static_cast<uint32_t>(names[i].size());
    g.kind = 1 + (b1 & 3) % 3;
    g.rights = b0 & kRightsAll;
    if (g.kind == kKindConsole) g.rights &= kRightsConsole;
    g.handle = static_cast<hc_handle_t>(i);  // 0..2 are "terminals"
    g.size = g.kind == kKindBlock ? 1 << 20 : 0;
    g.block_size = g.kind == kKindBlock ? 512 : 0;
    const uint32_t pre = b1 >> 2;
    g.preopen_fd = kNoPreopen;
    if (pre < max_fds && !preopened[pre]) {
      preopened[pre] = true;
      g.preopen_fd = pre;
    }
  }
  const uint64_t quota = uint64_t{in.next()} * fake::kFakePageSize;

  std::vector<uint8_t> blob(manifest_size(grants.data(), grants.size()));
  ManifestError err;
  if (write_manifest(ManifestLimits{max_fds, quota}, grants.data(),
                     grants.size(), blob.data(), blob.size(), &err) < 0) {
    fprintf(stderr, "table_fuzzer: bad set-up manifest: %s\n", err.message);
    abort();
  }
  Manifest m;
  if (parse_manifest(blob.data(), blob.size(), &m, nullptr) != 0) abort();
  Table t;
  if (t.init(m) != 0) abort();
  Model model(max_fds, grants, quota);
  std::vector<std::pair<void*, size_t>> maps;

  char buf[8];
  for (size_t step = 0; !in.done(); ++step) {
    const uint8_t op = in.next() % kOpCount;
    switch (op) {
      case kOpen: {
        const uint32_t name = in.next() % (count + 2);
        const int flags = open_flags(in.next());
        const char* text = name < count    ? names[name].c_str()
                           : name == count ? "nope"
                                           : "";
        Expect(step, "open", t.open(text, flags), model.open(name, flags));
        break;
      }
      case kDup: {
        const int fd = in.fd();
        Expect(step, "dup", t.dup(fd), model.dup(fd));
        break;
      }
      case kDup2: {
        const int fd = in.fd();
        const int newfd = in.fd();
        Expect(step, "dup2", t.dup2(fd, newfd), model.dup2(fd, newfd));
        break;
      }
      case kClose: {
        const int fd = in.fd();
        Expect(step, "close", t.close(fd), model.close(fd));
        break;
      }
      case kAttenuate: {
        const int fd = in.fd();
        const uint8_t b = in.next();
        const Rights r = (b & kRightsAll) | ((b & 0x40) != 0 ? 0x40u : 0u);
        Expect(step, "attenuate", t.attenuate(fd, r), model.attenuate(fd, r));
        break;
      }
      case kRevoke: {
        const int fd = in.fd();
        Expect(step, "revoke", t.revoke(fd), model.revoke(fd));
        break;
      }
      case kRights: {
        const int fd = in.fd();
        Expect(step, "rights", t.rights(fd), model.rights(fd));
        Expect(step, "grant_of", t.grant_of(fd) < 0, model.rights(fd) < 0);
        break;
      }
      case kRead: {
        const int fd = in.fd();
        Expect(step, "read", t.read(fd, buf, sizeof(buf)),
               model.io(fd, kRightRead, sizeof(buf)));
        break;
      }
      case kWrite: {
        const int fd = in.fd();
        Expect(step, "write", t.write(fd, buf, 3),
               model.io(fd, kRightWrite, 3));
        break;
      }
      case kPread: {
        const int fd = in.fd();
        const bool huge = (in.next() & 1) != 0;
        const uint64_t off = huge ? UINT64_MAX : 7;
        Expect(step, "pread", t.pread(fd, buf, 5, off),
               model.io(fd, kRightPread, huge ? -HCALL_EINVAL : 5));
        break;
      }
      case kPwrite: {
        const int fd = in.fd();
        Expect(step, "pwrite", t.pwrite(fd, buf, 2, 100),
               model.io(fd, kRightPwrite, 2));
        break;
      }
      case kFsync: {
        const int fd = in.fd();
        Expect(step, "fsync", t.fsync(fd), model.io(fd, kRightFsync, 0));
        break;
      }
      case kFstat: {
        const int fd = in.fd();
        struct hc_stat st;
        Expect(step, "fstat", t.fstat(fd, &st), model.io(fd, kRightStat, 0));
        break;
      }
      case kIsatty: {
        const int fd = in.fd();
        const int64_t tty = model.check(fd) == 0 && model.handle(fd) < 3;
        Expect(step, "isatty", t.isatty(fd), model.io(fd, kRightStat, tty));
        break;
      }
      case kMap: {
        const uint8_t b = in.next();
        const size_t len =
            (1 + b % 4) * fake::kFakePageSize + ((b & 0x80) != 0 ? 1 : 0);
        void* addr = nullptr;
        const int64_t got =
            t.map_pages(len, HC_PROT_READ | HC_PROT_WRITE, &addr);
        Expect(step, "map_pages", got, model.map(len));
        if (got == 0) {
          static_cast<volatile char*>(addr)[len - 1] = 1;
          maps.emplace_back(addr, len);
        }
        break;
      }
      case kUnmap: {
        if (maps.empty()) {
          Expect(step, "unmap_pages(none)",
                 t.unmap_pages(nullptr, fake::kFakePageSize),
                 model.unmap(fake::kFakePageSize));
          break;
        }
        const auto [addr, len] = maps.back();
        maps.pop_back();
        Expect(step, "unmap_pages", t.unmap_pages(addr, len), model.unmap(len));
        break;
      }
      default:
        abort();
    }
    if (!t.consistent()) {
      fprintf(stderr, "table_fuzzer: step %zu: table inconsistent\n", step);
      abort();
    }
  }
  for (const auto& [addr, len] : maps) {
    if (t.unmap_pages(addr, len) != 0) abort();
  }
  t.release();
  if (fake::mapped_bytes() != 0) {
    fprintf(stderr, "table_fuzzer: %zu bytes still mapped\n",
            fake::mapped_bytes());
    abort();
  }
}

}  // namespace
}  // namespace hcall::cap::table_fuzz

// libFuzzer's entry point (no header declares it).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  hcall::cap::table_fuzz::Run(data, size);
  return 0;
}
