// capability/table_test.cc -- the descriptor table against the real Linux
// backend: every operation with and without its right, open by name,
// attenuation, revocation, limits, dup/close reuse, boot.
#include "capability/table.h"

#include <errno.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "capability/errors.h"
#include "capability/manifest.h"
#include "capability/rights.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace hcall::cap {
namespace {

class BackendEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_EQ(hc_linux::hosted_init(), 0); }
};
::testing::Environment* const kBackend =
    ::testing::AddGlobalTestEnvironment(new BackendEnvironment);

// A grant whose name the test keeps alive.
struct G {
  std::string name;
  uint32_t kind;
  Rights rights;
  hc_handle_t handle;
  uint32_t preopen = kNoPreopen;
  uint64_t size = 0;
  uint32_t block_size = 0;
  uint32_t flags = 0;
};

std::vector<uint8_t> MakeManifest(const std::vector<G>& gs, uint32_t max_fds,
                                  uint64_t max_mapped) {
  std::vector<Grant> grants;
  for (const G& g : gs) {
    grants.push_back(Grant{g.name.data(), static_cast<uint32_t>(g.name.size()),
                           g.kind, g.rights, g.handle, g.preopen, g.block_size,
                           g.size, g.flags});
  }
  std::vector<uint8_t> blob(manifest_size(grants.data(), grants.size()));
  ManifestError err;
  const int64_t n =
      write_manifest(ManifestLimits{max_fds, max_mapped}, grants.data(),
                     grants.size(), blob.data(), blob.size(), &err);
  EXPECT_EQ(n, static_cast<int64_t>(blob.size())) << err.message;
  return blob;
}

// Every checked operation, run on descriptor (fd) of (t).
enum Op { kRead, kWrite, kPread, kPwrite, kFsync, kFstat, kIsatty, kOpCount };
constexpr Rights kOpRight[kOpCount] = {kRightRead,   kRightWrite, kRightPread,
                                       kRightPwrite, kRightFsync, kRightStat,
                                       kRightStat};
const char* const kOpName[kOpCount] = {"read",  "write", "pread", "pwrite",
                                       "fsync", "fstat", "isatty"};

int64_t RunOp(Table& t, Op op, int fd) {
  char buf[4] = {'a', 'b', 'c', 'd'};
  struct hc_stat st;
  switch (op) {
    case kRead:
      return t.read(fd, buf, sizeof(buf));
    case kWrite:
      return t.write(fd, buf, 1);
    case kPread:
      return t.pread(fd, buf, sizeof(buf), 0);
    case kPwrite:
      return t.pwrite(fd, buf, 1, 2);
    case kFsync:
      return t.fsync(fd);
    case kFstat:
      return t.fstat(fd, &st);
    case kIsatty:
      return t.isatty(fd);
    default:
      return -9999;
  }
}

class TableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = getenv("TEST_TMPDIR");
    path_ = std::string(dir != nullptr ? dir : "/tmp") + "/captestXXXXXX";
    file_fd_ = mkstemp(&path_[0]);
    ASSERT_GE(file_fd_, 0);
    ASSERT_EQ(::write(file_fd_, "0123456789", 10), 10);
    ASSERT_EQ(lseek(file_fd_, 0, SEEK_SET), 0);
    closed_fd_ = dup(file_fd_);  // a handle number the host does not have
    ASSERT_GE(closed_fd_, 0);
    ::close(closed_fd_);
  }

  void TearDown() override {
    EXPECT_TRUE(t_.consistent());
    t_.release();
    EXPECT_TRUE(t_.consistent());
    ::close(file_fd_);
    unlink(path_.c_str());
  }

  void Init(const std::vector<G>& gs, uint32_t max_fds = 16,
            uint64_t max_mapped = 1 << 20) {
    blob_ = MakeManifest(gs, max_fds, max_mapped);
    Manifest m;
    ManifestError err;
    ASSERT_EQ(parse_manifest(blob_.data(), blob_.size(), &m, &err), 0)
        << err.message;
    ASSERT_EQ(t_.init(m), 0);
    ASSERT_TRUE(t_.consistent());
  }

  // Every checked op on (fd) fails with (error).
  void ExpectAllOpsFail(int fd, int error) {
    for (int op = 0; op < kOpCount; ++op) {
      EXPECT_EQ(RunOp(t_, static_cast<Op>(op), fd), -error)
          << kOpName[op] << " on " << fd;
    }
  }

  Table t_;
  std::vector<uint8_t> blob_;
  std::string path_;
  int file_fd_ = -1;
  int closed_fd_ = -1;
};

// ---- The rights matrix -------------------------------------------------

// For every set of rights and every operation: the operation succeeds on
// a regular file iff the set has its right; without it the result is
// EACCES and the backend is never reached (a grant whose handle the host
// does not have would answer EBADF from the backend).
TEST_F(TableTest, EveryOpWithAndWithoutItsRight) {
  for (Rights r = 0; r <= kRightsAll; ++r) {
    Init({{"file", kKindFile, r, file_fd_, 3},
          {"ghost", kKindFile, r, closed_fd_, 4}});
    EXPECT_EQ(t_.rights(3), r);
    for (int i = 0; i < kOpCount; ++i) {
      const Op op = static_cast<Op>(i);
      const bool has = (r & kOpRight[op]) != 0;
      const int64_t got = RunOp(t_, op, 3);
      const int64_t ghost = RunOp(t_, op, 4);
      if (!has) {
        EXPECT_EQ(got, -HCALL_EACCES) << kOpName[op] << " rights " << r;
        EXPECT_EQ(ghost, -HCALL_EACCES) << kOpName[op] << " rights " << r;
        continue;
      }
      EXPECT_EQ(ghost, -HCALL_EBADF) << kOpName[op] << " rights " << r;
      switch (op) {
        case kRead:
        case kPread:
          EXPECT_GE(got, 0) << kOpName[op];
          break;
        case kWrite:
        case kPwrite:
          EXPECT_EQ(got, 1) << kOpName[op];
          break;
        case kIsatty:
          EXPECT_EQ(got, 0) << kOpName[op];
          break;
        default:
          EXPECT_EQ(got, 0) << kOpName[op];
      }
    }
    EXPECT_TRUE(t_.consistent());
    t_.release();
  }
}

TEST_F(TableTest, DeniedWriteDoesNotTouchTheFile) {
  Init({{"file", kKindFile, kRightsAll & ~kRightWrite & ~kRightPwrite, file_fd_,
         3}});
  lseek(file_fd_, 0, SEEK_END);
  EXPECT_EQ(t_.write(3, "xyz", 3), -HCALL_EACCES);
  EXPECT_EQ(t_.pwrite(3, "xyz", 3, 0), -HCALL_EACCES);
  EXPECT_EQ(lseek(file_fd_, 0, SEEK_END), 10);
  char buf[10];
  EXPECT_EQ(t_.pread(3, buf, 10, 0), 10);
  EXPECT_EQ(std::string(buf, 10), "0123456789");
}

TEST_F(TableTest, OperationsReachTheBackend) {
  Init({{"file", kKindFile, kRightsAll, file_fd_, 3}});
  EXPECT_EQ(t_.pwrite(3, "AB", 2, 4), 2);
  char buf[16] = {};
  EXPECT_EQ(t_.pread(3, buf, sizeof(buf), 0), 10);
  EXPECT_EQ(std::string(buf, 10), "0123AB6789");
  struct hc_stat st;
  ASSERT_EQ(t_.fstat(3, &st), 0);
  EXPECT_EQ(st.kind, HC_KIND_FILE);
  EXPECT_EQ(st.size, 10u);
  EXPECT_EQ(t_.fsync(3), 0);
  EXPECT_EQ(t_.isatty(3), 0);
  // Backend errors come back as errno values.
  EXPECT_EQ(t_.pread(3, buf, 1, UINT64_MAX), -HCALL_EINVAL);
}

// A block device never grows: a write across its end writes the part
// inside, one at or past the end gets ENOSPC, and the file the grant names
// ends at the device's size (here 512 bytes of a 10-byte file).
TEST_F(TableTest, BlockWritesStopAtTheDevicesEnd) {
  Init({{"disk", kKindBlock, kRightPread | kRightPwrite | kRightStat, file_fd_,
         3, 512, 512}});
  EXPECT_EQ(t_.pwrite(3, "WXYZ12", 6, 508), 4);
  EXPECT_EQ(t_.pwrite(3, "Q", 1, 512), -HCALL_ENOSPC);
  EXPECT_EQ(t_.pwrite(3, "Q", 1, UINT64_MAX), -HCALL_ENOSPC);
  EXPECT_EQ(t_.pwrite(3, "Q", 0, 4096), 0);
  struct stat st;
  ASSERT_EQ(::fstat(file_fd_, &st), 0);
  EXPECT_EQ(st.st_size, 512);
  char buf[8] = {};
  EXPECT_EQ(t_.pread(3, buf, sizeof(buf), 508), 4);
  EXPECT_EQ(std::string(buf, 4), "WXYZ");
}

// A block grant is a block device of the grant's size and sector size,
// on every backend: here its handle is a 10-byte regular host file (a
// --block grant of a file on Linux). A file grant still says what the
// handle is, and the right is still checked.
TEST_F(TableTest, BlockGrantsAreBlockDevicesOfTheGrantsSize) {
  Init({{"disk", kKindBlock, kRightPread | kRightStat, file_fd_, 3, 8192, 4096},
        {"file", kKindFile, kRightRead | kRightStat, file_fd_, 4},
        {"blind", kKindBlock, kRightPread, file_fd_, 5, 512, 512}});
  struct hc_stat st = {};
  ASSERT_EQ(t_.fstat(3, &st), 0);
  EXPECT_EQ(st.kind, HC_KIND_BLOCK);
  EXPECT_EQ(st.size, 8192u);
  EXPECT_EQ(st.block_size, 4096u);
  st = {};
  ASSERT_EQ(t_.fstat(4, &st), 0);
  EXPECT_EQ(st.kind, HC_KIND_FILE);
  EXPECT_EQ(st.size, 10u);
  EXPECT_EQ(t_.fstat(5, &st), -HCALL_EACCES);
}

TEST_F(TableTest, ConsoleOnAPipe) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Init({{"stdin", kKindConsole, kRightRead | kRightStat, p[0], 0},
        {"stdout", kKindConsole, kRightWrite | kRightStat, p[1], 1}});
  EXPECT_EQ(t_.write(1, "hi", 2), 2);
  char buf[2];
  EXPECT_EQ(t_.read(0, buf, 2), 2);
  EXPECT_EQ(std::string(buf, 2), "hi");
  EXPECT_EQ(t_.write(0, "x", 1), -HCALL_EACCES);
  EXPECT_EQ(t_.read(1, buf, 1), -HCALL_EACCES);
  EXPECT_EQ(t_.isatty(1), 0);
  struct hc_stat st;
  ASSERT_EQ(t_.fstat(0, &st), 0);
  EXPECT_EQ(st.kind, HC_KIND_PIPE);
  ::close(p[0]);
  ::close(p[1]);
}

// A console the launcher relays from a terminal is a pipe to the backend,
// and a terminal to the image (kEntryTerminal): isatty says 1, fstat still
// says what the handle is, and the right is still checked.
TEST_F(TableTest, ConsoleRelayedFromATerminal) {
  int p[2];
  ASSERT_EQ(pipe(p), 0);
  Init({{"stdin", kKindConsole, kRightRead, p[0], 0, 0, 0, kEntryTerminal},
        {"stdout", kKindConsole, kRightWrite | kRightStat, p[1], 1, 0, 0,
         kEntryTerminal},
        {"log", kKindConsole, kRightWrite | kRightStat, p[1], 2}});
  EXPECT_EQ(t_.isatty(1), 1);
  EXPECT_EQ(t_.isatty(2), 0);
  EXPECT_EQ(t_.isatty(0), -HCALL_EACCES);
  struct hc_stat st;
  ASSERT_EQ(t_.fstat(1, &st), 0);
  EXPECT_EQ(st.kind, HC_KIND_PIPE);
  ::close(p[0]);
  ::close(p[1]);
}

// ---- Open by name ------------------------------------------------------

TEST_F(TableTest, OpenResolvesOnlyManifestNames) {
  Init({{"data", kKindFile, kRightsAll, file_fd_},
        {"caf\xc3\xa9", kKindFile, kRightRead, file_fd_}});
  EXPECT_EQ(t_.open("nope", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t_.open("", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t_.open("dat", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t_.open("data2", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t_.open("/data", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t_.open(path_.c_str(), kOpenReadWrite), -HCALL_ENOENT);
  EXPECT_EQ(t_.open("nope", kOpenWriteOnly | kOpenCreate), -HCALL_EACCES);
  EXPECT_EQ(t_.open("", kOpenWriteOnly | kOpenCreate), -HCALL_ENOENT);
  EXPECT_EQ(t_.open(std::string(255, 'x').c_str(), kOpenReadOnly),
            -HCALL_ENOENT);
  EXPECT_EQ(t_.open(std::string(256, 'x').c_str(), kOpenReadOnly),
            -HCALL_ENAMETOOLONG);
  EXPECT_EQ(t_.open(nullptr, kOpenReadOnly), -HCALL_EINVAL);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
  EXPECT_EQ(t_.open("caf\xc3\xa9", kOpenReadOnly), 1);
  EXPECT_EQ(t_.grant_of(1), 1);
  EXPECT_STREQ(t_.grant(1).name, "caf\xc3\xa9");
}

TEST_F(TableTest, OpenFlags) {
  Init({{"data", kKindFile, kRightsAll, file_fd_}});
  EXPECT_EQ(t_.open("data", 3), -HCALL_EINVAL);
  EXPECT_EQ(t_.open("data", kOpenReadWrite | kOpenTruncate), -HCALL_EINVAL);
  EXPECT_EQ(t_.open("data", kOpenWriteOnly | kOpenAppend), -HCALL_EINVAL);
  EXPECT_EQ(t_.open("data", kOpenReadOnly | kOpenNonBlock), -HCALL_EINVAL);
  EXPECT_EQ(t_.open("data", kOpenReadOnly | 0100000), -HCALL_EINVAL);
  EXPECT_EQ(t_.open("data", kOpenReadWrite | kOpenCreate | kOpenExclusive),
            -HCALL_EEXIST);
  EXPECT_EQ(t_.open("data", kOpenReadWrite | kOpenCreate), 0);
  EXPECT_EQ(t_.open("data", kOpenReadOnly | kOpenCloseOnExec | kOpenNoCtty), 1);
  // The exclusive bit alone (without create) means nothing, as in POSIX.
  EXPECT_EQ(t_.open("data", kOpenReadOnly | kOpenExclusive), 2);
  // The errno values equal Linux's <fcntl.h> flags.
  EXPECT_EQ(kOpenCreate, O_CREAT);
  EXPECT_EQ(kOpenExclusive, O_EXCL);
  EXPECT_EQ(kOpenNoCtty, O_NOCTTY);
  EXPECT_EQ(kOpenTruncate, O_TRUNC);
  EXPECT_EQ(kOpenAppend, O_APPEND);
  EXPECT_EQ(kOpenNonBlock, O_NONBLOCK);
  EXPECT_EQ(kOpenCloseOnExec, O_CLOEXEC);
  EXPECT_EQ(kOpenReadWrite, O_RDWR);
  EXPECT_EQ(kOpenWriteOnly, O_WRONLY);
}

// Every grant rights set against every access mode: access beyond the
// grant fails with EACCES; otherwise the descriptor gets the grant's rights
// minus those of the direction not asked for.
TEST_F(TableTest, OpenAccessAgainstGrantRights) {
  for (Rights r = 0; r <= kRightsAll; ++r) {
    Init({{"data", kKindFile, r, file_fd_}});
    const bool can_read = (r & kRightsReading) != 0;
    const bool can_write = (r & kRightsWriting) != 0;
    const int ro = t_.open("data", kOpenReadOnly);
    const int wo = t_.open("data", kOpenWriteOnly);
    const int rw = t_.open("data", kOpenReadWrite);
    if (can_read) {
      ASSERT_GE(ro, 0);
      EXPECT_EQ(t_.rights(ro), r & ~kRightsWriting) << r;
    } else {
      EXPECT_EQ(ro, -HCALL_EACCES) << r;
    }
    if (can_write) {
      ASSERT_GE(wo, 0);
      EXPECT_EQ(t_.rights(wo), r & ~kRightsReading) << r;
    } else {
      EXPECT_EQ(wo, -HCALL_EACCES) << r;
    }
    if (can_read && can_write) {
      ASSERT_GE(rw, 0);
      EXPECT_EQ(t_.rights(rw), r) << r;
    } else {
      EXPECT_EQ(rw, -HCALL_EACCES) << r;
    }
    EXPECT_TRUE(t_.consistent());
    t_.release();
  }
}

TEST_F(TableTest, GrantNamesOutliveTheManifestBytes) {
  Init({{"data", kKindFile, kRightsAll, file_fd_}});
  std::fill(blob_.begin(), blob_.end(), 0);
  blob_.clear();
  blob_.shrink_to_fit();
  EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
}

// ---- Attenuation -------------------------------------------------------

TEST_F(TableTest, AttenuationNeverAmplifies) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}}, 4);
  for (Rights have = 0; have <= kRightsAll; ++have) {
    const int fd = t_.attenuate(0, have);
    ASSERT_EQ(fd, 1);
    ASSERT_EQ(t_.rights(fd), have);
    for (Rights want = 0; want <= kRightsAll; ++want) {
      const int got = t_.attenuate(fd, want);
      if (is_subset(want, have)) {
        ASSERT_EQ(got, 2) << have << " -> " << want;
        EXPECT_EQ(t_.rights(got), want);
        // And a dup keeps exactly the rights, no more.
        const int d = t_.dup(got);
        ASSERT_EQ(d, 3);
        EXPECT_EQ(t_.rights(d), want);
        EXPECT_EQ(t_.close(d), 0);
        EXPECT_EQ(t_.close(got), 0);
      } else {
        EXPECT_EQ(got, -HCALL_EACCES) << have << " -> " << want;
      }
    }
    EXPECT_EQ(t_.attenuate(fd, have | 0x40), -HCALL_EINVAL);
    EXPECT_EQ(t_.attenuate(fd, 0x80000000u), -HCALL_EINVAL);
    EXPECT_EQ(t_.close(fd), 0);
    EXPECT_TRUE(t_.consistent());
  }
}

TEST_F(TableTest, AttenuatedDescriptorIsChecked) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}});
  const int ro = t_.attenuate(0, kRightPread);
  ASSERT_GE(ro, 0);
  char buf[4];
  EXPECT_EQ(t_.pread(ro, buf, 4, 0), 4);
  EXPECT_EQ(t_.pwrite(ro, "x", 1, 0), -HCALL_EACCES);
  EXPECT_EQ(t_.read(ro, buf, 4), -HCALL_EACCES);
  // A chain narrows at every step and never widens again.
  const int none = t_.attenuate(ro, kRightsNone);
  ASSERT_GE(none, 0);
  ExpectAllOpsFail(none, HCALL_EACCES);
  EXPECT_EQ(t_.attenuate(none, kRightPread), -HCALL_EACCES);
  EXPECT_EQ(t_.attenuate(ro, kRightPread | kRightStat), -HCALL_EACCES);
}

// ---- Revocation --------------------------------------------------------

TEST_F(TableTest, RevokeInvalidatesEveryDerivedDescriptor) {
  Init({{"data", kKindFile, kRightsAll, file_fd_}});
  const int a = t_.open("data", kOpenReadWrite);  // 0
  const int b = t_.dup(a);                        // 1: same capability
  const int c = t_.attenuate(a, kRightsAll & ~kRightWrite);  // 2: child
  const int d = t_.attenuate(c, kRightRead | kRightStat);    // 3: grandchild
  const int e = t_.dup(d);                                   // 4
  const int f = t_.open("data", kOpenReadWrite);             // 5: independent
  const int g = t_.attenuate(f, kRightStat);                 // 6
  ASSERT_EQ(g, 6);
  ASSERT_EQ(t_.revoke(c), 0);
  // c and everything derived from it are gone; a, b (its ancestor) live.
  for (int fd : {c, d, e}) {
    ExpectAllOpsFail(fd, HCALL_EREVOKED);
    EXPECT_EQ(t_.rights(fd), -HCALL_EREVOKED);
    EXPECT_EQ(t_.grant_of(fd), -HCALL_EREVOKED);
    EXPECT_EQ(t_.dup(fd), -HCALL_EREVOKED);
    EXPECT_EQ(t_.dup2(fd, 10), -HCALL_EREVOKED);
    EXPECT_EQ(t_.attenuate(fd, kRightsNone), -HCALL_EREVOKED);
    EXPECT_EQ(t_.revoke(fd), -HCALL_EREVOKED);
  }
  for (int fd : {a, b, f, g}) EXPECT_EQ(t_.rights(fd) >= 0, true) << fd;
  EXPECT_TRUE(t_.consistent());
  // Revoking through a dup revokes the shared capability; f and g, from
  // another open() of the same grant, are untouched.
  ASSERT_EQ(t_.revoke(b), 0);
  for (int fd : {a, b}) ExpectAllOpsFail(fd, HCALL_EREVOKED);
  EXPECT_EQ(t_.write(f, "x", 1), 1);
  struct hc_stat st;
  EXPECT_EQ(t_.fstat(g, &st), 0);
  // Revoked descriptors still close, and their numbers are reused.
  for (int fd : {a, b, c, d, e}) EXPECT_EQ(t_.close(fd), 0);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
  EXPECT_EQ(t_.rights(0), kRightsAll & ~kRightsWriting);
  EXPECT_TRUE(t_.consistent());
}

TEST_F(TableTest, RevokeReachesThroughClosedIntermediates) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}});
  const int c = t_.attenuate(0, kRightsAll & ~kRightFsync);  // 1
  const int d = t_.attenuate(c, kRightRead);                 // 2
  const int e = t_.attenuate(d, kRightRead);                 // 3
  ASSERT_EQ(t_.close(c), 0);
  ASSERT_EQ(t_.close(d), 0);
  EXPECT_TRUE(t_.consistent());
  char buf[1];
  EXPECT_EQ(t_.read(e, buf, 1), 1);
  ASSERT_EQ(t_.revoke(0), 0);
  EXPECT_EQ(t_.read(e, buf, 1), -HCALL_EREVOKED);
  EXPECT_TRUE(t_.consistent());
}

TEST_F(TableTest, RevokeLeavesAncestorsAndSiblings) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}});
  const int left = t_.attenuate(0, kRightRead);
  const int right = t_.attenuate(0, kRightWrite);
  const int leaf = t_.attenuate(left, kRightRead);
  ASSERT_EQ(t_.revoke(left), 0);
  char buf[1];
  EXPECT_EQ(t_.read(leaf, buf, 1), -HCALL_EREVOKED);
  EXPECT_EQ(t_.read(left, buf, 1), -HCALL_EREVOKED);
  EXPECT_EQ(t_.write(right, "x", 1), 1);
  EXPECT_EQ(t_.read(0, buf, 1), 1);
}

TEST_F(TableTest, Dup2OverARevokedDescriptor) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}});
  const int a = t_.attenuate(0, kRightRead);
  ASSERT_EQ(t_.revoke(a), 0);
  EXPECT_EQ(t_.dup2(0, a), a);
  EXPECT_EQ(t_.rights(a), kRightsAll);
  EXPECT_TRUE(t_.consistent());
}

TEST_F(TableTest, RevokeADeepChain) {
  constexpr uint32_t kFds = 512;
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}}, kFds);
  int fd = 0;
  for (uint32_t i = 1; i < kFds; ++i) {
    fd = t_.attenuate(fd, kRightsAll);
    ASSERT_EQ(fd, static_cast<int>(i));
  }
  EXPECT_EQ(t_.attenuate(fd, kRightsAll), -HCALL_EMFILE);
  // Close every other link, then revoke the root.
  for (uint32_t i = 1; i < kFds - 1; i += 2) ASSERT_EQ(t_.close(i), 0);
  ASSERT_EQ(t_.revoke(0), 0);
  for (uint32_t i = 0; i < kFds; i += 2) {
    EXPECT_EQ(t_.rights(i), -HCALL_EREVOKED) << i;
  }
  EXPECT_EQ(t_.rights(kFds - 1), -HCALL_EREVOKED);
  EXPECT_TRUE(t_.consistent());
}

// ---- Limits ------------------------------------------------------------

TEST_F(TableTest, DescriptorLimit) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 1}}, 4);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
  EXPECT_EQ(t_.dup(1), 2);
  EXPECT_EQ(t_.attenuate(1, kRightRead), 3);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), -HCALL_EMFILE);
  EXPECT_EQ(t_.dup(1), -HCALL_EMFILE);
  EXPECT_EQ(t_.attenuate(1, kRightRead), -HCALL_EMFILE);
  EXPECT_EQ(t_.dup2(1, 4), -HCALL_EBADF);
  EXPECT_EQ(t_.dup2(1, -1), -HCALL_EBADF);
  EXPECT_TRUE(t_.consistent());
  EXPECT_EQ(t_.close(2), 0);
  EXPECT_EQ(t_.dup(3), 2);
  EXPECT_EQ(t_.rights(2), kRightRead);
}

TEST_F(TableTest, OneDescriptor) {
  Init({{"data", kKindFile, kRightsAll, file_fd_}}, 1);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), -HCALL_EMFILE);
  EXPECT_EQ(t_.dup(0), -HCALL_EMFILE);
  EXPECT_EQ(t_.close(0), 0);
  EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
}

TEST_F(TableTest, LargestTable) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, kMaxDescriptorsLimit - 1}},
       kMaxDescriptorsLimit);
  EXPECT_EQ(t_.rights(kMaxDescriptorsLimit - 1), kRightsAll);
  EXPECT_EQ(t_.dup(kMaxDescriptorsLimit - 1), 0);
  EXPECT_EQ(t_.rights(kMaxDescriptorsLimit), -HCALL_EBADF);
}

TEST_F(TableTest, MappedBytesLimit) {
  const size_t page = hc_page_size();
  Init({}, 4, 3 * page);
  void* a = nullptr;
  void* b = nullptr;
  void* c = nullptr;
  ASSERT_EQ(t_.map_pages(2 * page, HC_PROT_READ | HC_PROT_WRITE, &a), 0);
  static_cast<char*>(a)[2 * page - 1] = 1;
  EXPECT_EQ(t_.map_pages(2 * page, HC_PROT_READ | HC_PROT_WRITE, &b),
            -HCALL_ENOMEM);
  EXPECT_EQ(b, nullptr);
  EXPECT_EQ(t_.mapped_bytes(), 2 * page);
  ASSERT_EQ(t_.map_pages(page, HC_PROT_READ, &b), 0);
  EXPECT_EQ(t_.map_pages(page, HC_PROT_READ, &c), -HCALL_ENOMEM);
  EXPECT_EQ(t_.mapped_bytes(), 3 * page);
  // A bad length is the backend's EINVAL and costs nothing.
  EXPECT_EQ(t_.unmap_pages(b, page), 0);
  EXPECT_EQ(t_.map_pages(page / 2, HC_PROT_READ, &c), -HCALL_EINVAL);
  EXPECT_EQ(t_.mapped_bytes(), 2 * page);
  EXPECT_EQ(t_.unmap_pages(a, 3 * page), -HCALL_EINVAL);
  EXPECT_EQ(t_.unmap_pages(a, 2 * page), 0);
  EXPECT_EQ(t_.mapped_bytes(), 0u);
  EXPECT_EQ(t_.map_pages(3 * page, HC_PROT_READ, &c), 0);
  EXPECT_EQ(t_.unmap_pages(c, 3 * page), 0);
}

TEST_F(TableTest, NothingMapsWithoutAQuota) {
  Init({}, 4, 0);
  void* a = nullptr;
  EXPECT_EQ(t_.map_pages(hc_page_size(), HC_PROT_READ, &a), -HCALL_ENOMEM);
  Table fresh;
  EXPECT_EQ(fresh.map_pages(hc_page_size(), HC_PROT_READ, &a), -HCALL_ENOMEM);
}

TEST_F(TableTest, HugeQuotaDoesNotOverflow) {
  Init({}, 4, UINT64_MAX);
  void* a = nullptr;
  ASSERT_EQ(t_.map_pages(hc_page_size(), HC_PROT_READ, &a), 0);
  // A mapping the host cannot make is the backend's ENOMEM, not a crash.
  void* b = nullptr;
  EXPECT_EQ(t_.map_pages(SIZE_MAX & ~(hc_page_size() - 1), HC_PROT_READ, &b),
            -HCALL_ENOMEM);
  EXPECT_EQ(t_.mapped_bytes(), hc_page_size());
  EXPECT_EQ(t_.unmap_pages(a, hc_page_size()), 0);
}

// ---- dup / close / reuse -----------------------------------------------

TEST_F(TableTest, LowestFreeDescriptorIsReused) {
  Init({{"data", kKindFile, kRightsAll, file_fd_}}, 130);
  for (int i = 0; i < 130; ++i) ASSERT_EQ(t_.open("data", kOpenReadOnly), i);
  for (int fd : {129, 64, 63, 5}) ASSERT_EQ(t_.close(fd), 0);
  EXPECT_EQ(t_.dup(0), 5);
  EXPECT_EQ(t_.dup(0), 63);
  EXPECT_EQ(t_.open("data", kOpenWriteOnly), 64);
  EXPECT_EQ(t_.attenuate(0, kRightRead), 129);
  EXPECT_EQ(t_.dup(0), -HCALL_EMFILE);
  EXPECT_TRUE(t_.consistent());
}

// Random closes and dups over three bitmap words: the new descriptor is
// always the lowest free one (checked against a plain array).
TEST_F(TableTest, LowestFreeDescriptorProperty) {
  constexpr int kFds = 130;
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}}, kFds);
  std::vector<bool> open(kFds, false);
  open[0] = true;
  uint32_t state = 12345;
  for (int step = 0; step < 5000; ++step) {
    state = state * 1103515245u + 12345u;
    const int fd = static_cast<int>((state >> 8) % kFds);
    if (open[fd] && fd != 0 && (state & 0x100) != 0) {
      ASSERT_EQ(t_.close(fd), 0);
      open[fd] = false;
      continue;
    }
    int want = -HCALL_EMFILE;
    for (int i = 0; i < kFds; ++i) {
      if (!open[i]) {
        want = i;
        break;
      }
    }
    const int got = (state & 0x200) != 0 ? t_.dup(0) : t_.attenuate(0, 0);
    ASSERT_EQ(got, want) << "step " << step;
    if (got >= 0) open[got] = true;
  }
  // The case a word-skipping bug hides in: only descriptor 1 free in the
  // first word, more free in later ones.
  for (int i = 1; i < kFds; ++i) {
    if (!open[i]) {
      ASSERT_GE(t_.dup(0), 0);
    }
  }
  ASSERT_EQ(t_.close(1), 0);
  ASSERT_EQ(t_.close(100), 0);
  EXPECT_EQ(t_.dup(0), 1);
  EXPECT_EQ(t_.dup(0), 100);
  EXPECT_TRUE(t_.consistent());
}

TEST_F(TableTest, BadDescriptors) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 2}}, 8);
  for (int fd : {-1, -100, 0, 1, 3, 7, 8, 9, 1 << 20, INT32_MIN, INT32_MAX}) {
    ExpectAllOpsFail(fd, HCALL_EBADF);
    EXPECT_EQ(t_.close(fd), -HCALL_EBADF) << fd;
    EXPECT_EQ(t_.dup(fd), -HCALL_EBADF) << fd;
    EXPECT_EQ(t_.dup2(fd, 5), -HCALL_EBADF) << fd;
    EXPECT_EQ(t_.attenuate(fd, 0), -HCALL_EBADF) << fd;
    EXPECT_EQ(t_.revoke(fd), -HCALL_EBADF) << fd;
    EXPECT_EQ(t_.rights(fd), -HCALL_EBADF) << fd;
    EXPECT_EQ(t_.grant_of(fd), -HCALL_EBADF) << fd;
  }
  EXPECT_EQ(t_.close(2), 0);
  EXPECT_EQ(t_.close(2), -HCALL_EBADF);
  ExpectAllOpsFail(2, HCALL_EBADF);
}

TEST_F(TableTest, Dup2) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}}, 8);
  const int r = t_.attenuate(0, kRightRead);  // 1
  EXPECT_EQ(t_.dup2(0, 0), 0);
  EXPECT_EQ(t_.dup2(0, 5), 5);
  EXPECT_EQ(t_.rights(5), kRightsAll);
  // Over an open descriptor: it is closed first.
  EXPECT_EQ(t_.dup2(r, 5), 5);
  EXPECT_EQ(t_.rights(5), kRightRead);
  // Over the last descriptor of a capability that has children.
  const int child = t_.attenuate(5, kRightsNone);
  ASSERT_EQ(t_.close(r), 0);
  EXPECT_EQ(t_.dup2(0, 5), 5);
  EXPECT_TRUE(t_.consistent());
  EXPECT_EQ(t_.rights(child), kRightsNone);
  // Onto a dup of the same capability.
  const int d = t_.dup(0);
  EXPECT_EQ(t_.dup2(0, d), d);
  EXPECT_TRUE(t_.consistent());
  ASSERT_EQ(t_.revoke(0), 0);
  EXPECT_EQ(t_.rights(child), -HCALL_EREVOKED);
}

// ---- permits() -----------------------------------------------------------

// permits() answers exactly when lookup() succeeds: live descriptors with
// and without each right, attenuated, revoked, closed and out of range.
TEST_F(TableTest, PermitsAgreesWithLookup) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 0}}, 8);
  const int read_only = t_.attenuate(0, kRightRead | kRightPread);  // 1
  const int revoked = t_.attenuate(0, kRightsAll);                  // 2
  const int closed = t_.dup(0);                                     // 3
  const int none = t_.attenuate(0, kRightsNone);                    // 4
  ASSERT_EQ(t_.revoke(revoked), 0);
  ASSERT_EQ(t_.close(closed), 0);
  for (int fd :
       {0, read_only, revoked, closed, none, 7, 8, -1, INT32_MIN, INT32_MAX}) {
    for (Rights r = 0; r <= kRightsAll; ++r) {
      hc_handle_t h = -1;
      EXPECT_EQ(t_.permits(fd, r), t_.lookup(fd, r, &h) == 0)
          << "fd " << fd << " rights " << r;
    }
  }
  EXPECT_TRUE(t_.permits(0, kRightsAll));
  EXPECT_TRUE(t_.permits(read_only, kRightPread));
  EXPECT_FALSE(t_.permits(read_only, kRightPwrite));
  EXPECT_FALSE(t_.permits(revoked, kRightsNone));
  EXPECT_TRUE(t_.permits(none, kRightsNone));
  Table fresh;
  EXPECT_FALSE(fresh.permits(0, kRightsNone));
}

// ---- Where the descriptors live ----------------------------------------

// Tables up to kInlineDescriptors keep their descriptors inside the Table,
// larger ones in mapped storage: both sides of the boundary fill up,
// revoke, close and reuse alike.
TEST_F(TableTest, InlineAndMappedDescriptorsBehaveAlike) {
  for (uint32_t n : {Table::kInlineDescriptors - 1, Table::kInlineDescriptors,
                     Table::kInlineDescriptors + 1}) {
    SCOPED_TRACE(n);
    Init({{"data", kKindFile, kRightsAll, file_fd_, 0}}, n);
    EXPECT_EQ(t_.max_descriptors(), n);
    int last = 0;
    for (uint32_t i = 1; i < n; ++i) {
      last = (i % 2 == 0) ? t_.dup(0) : t_.attenuate(0, kRightRead);
      ASSERT_EQ(last, static_cast<int>(i));
    }
    EXPECT_EQ(t_.dup(0), -HCALL_EMFILE);
    char buf[1];
    EXPECT_EQ(t_.read(last, buf, 1), 1);
    EXPECT_EQ(t_.rights(static_cast<int>(n)), -HCALL_EBADF);
    ASSERT_EQ(t_.revoke(0), 0);
    for (uint32_t i = 0; i < n; ++i) {
      EXPECT_EQ(t_.rights(static_cast<int>(i)), -HCALL_EREVOKED) << i;
    }
    EXPECT_TRUE(t_.consistent());
    for (uint32_t i = 0; i < n; ++i) ASSERT_EQ(t_.close(i), 0);
    EXPECT_EQ(t_.open("data", kOpenReadOnly), 0);
    EXPECT_EQ(t_.read(0, buf, 1), 1);
    EXPECT_TRUE(t_.consistent());
    t_.release();
  }
}

// Releasing a table with live inline descriptors leaves nothing behind for
// the next init(): every descriptor but the preopens is free again.
TEST_F(TableTest, ReleaseClearsInlineDescriptors) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 5}},
       Table::kInlineDescriptors);
  for (int i = 0; i < 10; ++i) ASSERT_GE(t_.dup(5), 0);
  ASSERT_EQ(t_.attenuate(5, kRightRead), 11);  // 0-4 and 6-10 are dups
  Manifest m;
  ASSERT_EQ(parse_manifest(blob_.data(), blob_.size(), &m, nullptr), 0);
  t_.release();
  EXPECT_TRUE(t_.consistent());
  ASSERT_EQ(t_.init(m), 0);
  EXPECT_TRUE(t_.consistent());
  for (int fd = 0; fd < static_cast<int>(Table::kInlineDescriptors); ++fd) {
    const int64_t want = fd == 5 ? int64_t{kRightsAll} : -HCALL_EBADF;
    EXPECT_EQ(t_.rights(fd), want) << fd;
    EXPECT_EQ(t_.permits(fd, kRightsNone), fd == 5) << fd;
  }
}

// ---- Set-up, release and the uninitialised table ------------------------

TEST_F(TableTest, Uninitialised) {
  Table t;
  EXPECT_FALSE(t.initialized());
  EXPECT_TRUE(t.consistent());
  for (int op = 0; op < kOpCount; ++op) {
    EXPECT_EQ(RunOp(t, static_cast<Op>(op), 0), -HCALL_EBADF) << kOpName[op];
  }
  EXPECT_EQ(t.open("data", kOpenReadOnly), -HCALL_ENOENT);
  EXPECT_EQ(t.close(0), -HCALL_EBADF);
  t.release();  // harmless
}

TEST_F(TableTest, InitTwiceAndAgainAfterRelease) {
  Init({{"data", kKindFile, kRightsAll, file_fd_, 3}});
  Manifest m;
  ASSERT_EQ(parse_manifest(blob_.data(), blob_.size(), &m, nullptr), 0);
  EXPECT_EQ(t_.init(m), -HCALL_EINVAL);
  t_.release();
  EXPECT_EQ(t_.rights(3), -HCALL_EBADF);
  ASSERT_EQ(t_.init(m), 0);
  EXPECT_EQ(t_.rights(3), kRightsAll);
}

TEST_F(TableTest, PreopensGetTheGrantsRights) {
  Init({{"in", kKindConsole, kRightRead, 0, 0},
        {"out", kKindConsole, kRightWrite | kRightStat, 1, 1},
        {"disk", kKindBlock, kRightPread, file_fd_, 7, 4096, 512},
        {"named", kKindFile, kRightsAll, file_fd_}});
  EXPECT_EQ(t_.rights(0), kRightRead);
  EXPECT_EQ(t_.rights(1), kRightWrite | kRightStat);
  EXPECT_EQ(t_.rights(7), kRightPread);
  EXPECT_EQ(t_.rights(2), -HCALL_EBADF);
  EXPECT_EQ(t_.write(1, "", 0), 0);
  EXPECT_EQ(t_.grant_count(), 4u);
  EXPECT_EQ(t_.grant(2).size, 4096u);
  EXPECT_EQ(t_.grant(2).block_size, 512u);
  EXPECT_EQ(t_.open("named", kOpenReadOnly), 2);
}

// ---- Errno mapping -----------------------------------------------------

TEST(Errors, NumbersAreLinuxs) {
  EXPECT_EQ(HCALL_EPERM, EPERM);
  EXPECT_EQ(HCALL_ENOENT, ENOENT);
  EXPECT_EQ(HCALL_EIO, EIO);
  EXPECT_EQ(HCALL_EBADF, EBADF);
  EXPECT_EQ(HCALL_EAGAIN, EAGAIN);
  EXPECT_EQ(HCALL_ENOMEM, ENOMEM);
  EXPECT_EQ(HCALL_EACCES, EACCES);
  EXPECT_EQ(HCALL_EFAULT, EFAULT);
  EXPECT_EQ(HCALL_EEXIST, EEXIST);
  EXPECT_EQ(HCALL_EINVAL, EINVAL);
  EXPECT_EQ(HCALL_EMFILE, EMFILE);
  EXPECT_EQ(HCALL_EFBIG, EFBIG);
  EXPECT_EQ(HCALL_ENOSPC, ENOSPC);
  EXPECT_EQ(HCALL_EPIPE, EPIPE);
  EXPECT_EQ(HCALL_ERANGE, ERANGE);
  EXPECT_EQ(HCALL_ENAMETOOLONG, ENAMETOOLONG);
  EXPECT_EQ(HCALL_EOPNOTSUPP, EOPNOTSUPP);
  EXPECT_EQ(HCALL_ENOTSUP, ENOTSUP);
  EXPECT_EQ(HCALL_EKEYREVOKED, EKEYREVOKED);
  EXPECT_STREQ(strerror(HCALL_EREVOKED), "Key has been revoked");
}

TEST(Errors, FromHc) {
  EXPECT_EQ(from_hc(0), 0);
  EXPECT_EQ(from_hc(12345), 12345);
  EXPECT_EQ(from_hc(INT64_MAX), INT64_MAX);
  EXPECT_EQ(from_hc(HC_EINVAL), -EINVAL);
  EXPECT_EQ(from_hc(HC_EBADH), -EBADF);
  EXPECT_EQ(from_hc(HC_EACCES), -EACCES);
  EXPECT_EQ(from_hc(HC_ENOMEM), -ENOMEM);
  EXPECT_EQ(from_hc(HC_EIO), -EIO);
  EXPECT_EQ(from_hc(HC_ENOSPC), -ENOSPC);
  EXPECT_EQ(from_hc(HC_EAGAIN), -EAGAIN);
  EXPECT_EQ(from_hc(HC_ENOTSUP), -EOPNOTSUPP);
  EXPECT_EQ(from_hc(HC_EFAULT), -EFAULT);
  EXPECT_EQ(from_hc(HC_EPIPE), -EPIPE);
  EXPECT_EQ(from_hc(HC_ERANGE), -EFBIG);
  EXPECT_EQ(from_hc(-12), -EIO);
  EXPECT_EQ(from_hc(INT64_MIN), -EIO);
}

// ---- Boot --------------------------------------------------------------

hc_boot_info BootInfo(const std::vector<uint8_t>& blob) {
  hc_boot_info info{};
  info.abi_version = HC_ABI_VERSION;
  info.size = sizeof(info);
  info.manifest = blob.empty() ? nullptr : blob.data();
  info.manifest_len = blob.size();
  return info;
}

// The image's own code must never run after a failed boot.
void BootThenRunApplication(const hc_boot_info& info) {
  boot(&info);
  fprintf(stderr, "APPLICATION RAN\n");
  exit(0);
}

using BootDeathTest = TableTest;

TEST_F(BootDeathTest, BadManifestStopsTheImage) {
  std::vector<uint8_t> blob =
      MakeManifest({{"stdout", kKindConsole, kRightWrite, 1, 1}}, 8, 0);
  blob[0] = 'X';
  const hc_boot_info bad_magic = BootInfo(blob);
  EXPECT_EXIT(BootThenRunApplication(bad_magic),
              ::testing::ExitedWithCode(kBootFailureStatus),
              "^hcall: bad boot manifest: bad magic 0x464d4358 \\(expected");
  blob[0] = 'H';
  blob.resize(blob.size() - 1);
  const hc_boot_info truncated = BootInfo(blob);
  EXPECT_EXIT(BootThenRunApplication(truncated),
              ::testing::ExitedWithCode(kBootFailureStatus),
              "^hcall: bad boot manifest: truncated: the header says 88 "
              "bytes, only 87 were passed\n$");
  const hc_boot_info none = BootInfo({});
  EXPECT_EXIT(BootThenRunApplication(none),
              ::testing::ExitedWithCode(kBootFailureStatus),
              "^hcall: bad boot manifest: none was given");
  EXPECT_EXIT(BootThenRunApplication(hc_boot_info{}),
              ::testing::ExitedWithCode(kBootFailureStatus),
              "^hcall: bad boot manifest: none was given");
}

TEST_F(BootDeathTest, GoodManifestSetsUpTheProcessTable) {
  const std::vector<uint8_t> blob =
      MakeManifest({{"stderr", kKindConsole, kRightWrite, 2, 2},
                    {"data", kKindFile, kRightsAll, file_fd_}},
                   8, 1 << 16);
  const hc_boot_info info = BootInfo(blob);
  EXPECT_EXIT(
      {
        Table& t = boot(&info);
        if (&t != &process_table() || t.rights(2) != kRightWrite ||
            t.open("data", kOpenReadOnly) != 0 || t.max_descriptors() != 8) {
          exit(1);
        }
        t.write(2, "booted\n", 7);
        // A second boot is a bug of the entry code, reported as such.
        boot(&info);
        exit(2);
      },
      ::testing::ExitedWithCode(kBootFailureStatus),
      "^booted\nhcall: capability table: boot\\(\\) was called twice\n$");
}

}  // namespace
}  // namespace hcall::cap
