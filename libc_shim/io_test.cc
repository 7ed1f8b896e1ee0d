// libc_shim/io_test.cc -- the shim's descriptor I/O on the booted process
// table, checked against the host files behind it: positions the shim keeps
// for files (pread/pwrite at the position), streams for pipes and for
// descriptors without the positioned right, and the capability layer's
// refusals as errno.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "capability/manifest.h"
#include "capability/rights.h"
#include "capability/table.h"
#include "hcl/errno.h"
#include "hcl/fcntl.h"
#include "hcl/unistd.h"
#include "libc_shim/internal/test_init.h"

namespace {

namespace cap = hcall::cap;

// Host objects granted to the process table once for the whole binary
// (the shim sizes its per-descriptor state on first use).
struct Host {
  std::string path;
  int file = -1;     // a regular file, "0123456789"
  int pipe_rd = -1;  // granted as "pipe" (write side)
  int pipe_wr = -1;
};

Host& H() {
  static Host* h = new Host;
  return *h;
}

class ProcessTableEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    ASSERT_TRUE(hcall::libc::testing::InitBackendOnce());
    Host& h = H();
    const char* dir = getenv("TEST_TMPDIR");
    h.path = std::string(dir != nullptr ? dir : "/tmp") + "/hcl_io_XXXXXX";
    h.file = mkstemp(&h.path[0]);
    ASSERT_GE(h.file, 0);
    ASSERT_EQ(::write(h.file, "0123456789", 10), 10);
    int p[2];
    ASSERT_EQ(pipe(p), 0);
    h.pipe_rd = p[0];
    h.pipe_wr = p[1];

    const cap::Rights all = cap::kRightsAll;
    const cap::Rights streams = cap::kRightRead | cap::kRightWrite |
                                cap::kRightStat;  // no pread/pwrite
    struct {
      const char* name;
      uint32_t kind;
      cap::Rights rights;
      int handle;
    } grants[] = {
        {"file", cap::kKindFile, all, h.file},
        {"file-stream", cap::kKindFile, streams, h.file},
        {"file-ro", cap::kKindFile,
         cap::kRightRead | cap::kRightPread | cap::kRightStat, h.file},
        {"pipe", cap::kKindConsole, cap::kRightsConsole, h.pipe_wr},
    };
    std::vector<cap::Grant> gs;
    for (const auto& g : grants) {
      cap::Grant x{};
      x.name = g.name;
      x.name_len = static_cast<uint32_t>(strlen(g.name));
      x.kind = g.kind;
      x.rights = g.rights;
      x.handle = g.handle;
      x.preopen_fd = cap::kNoPreopen;
      gs.push_back(x);
    }
    std::vector<uint8_t> blob(cap::manifest_size(gs.data(), gs.size()));
    cap::ManifestError err;
    ASSERT_GE(cap::write_manifest({16, 1 << 20}, gs.data(), gs.size(),
                                  blob.data(), blob.size(), &err),
              0)
        << err.message;
    cap::Manifest m;
    ASSERT_EQ(cap::parse_manifest(blob.data(), blob.size(), &m, &err), 0)
        << err.message;
    ASSERT_EQ(cap::process_table().init(m), 0);
  }
};
::testing::Environment* const kProcessTable =
    ::testing::AddGlobalTestEnvironment(new ProcessTableEnvironment);

std::string HostRead(int fd, size_t len, off_t at) {
  std::string s(len, '\0');
  const ssize_t n = ::pread(fd, s.data(), len, at);
  s.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return s;
}

// Writes and reads of a file with pread/pwrite rights go through the
// shim's own position, whatever the host descriptor's offset is.
TEST(Io, FileReadsAndWritesAtTheShimsPosition) {
  const int fd = hcl_open("file", HCL_O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::lseek(H().file, 7, SEEK_SET), 7);  // must not matter
  char buf[4] = {};
  ASSERT_EQ(hcl_read(fd, buf, 3), 3);
  EXPECT_EQ(std::string(buf, 3), "012");
  EXPECT_EQ(hcl_write(fd, "ab", 2), 2);  // at 3
  EXPECT_EQ(hcl_lseek(fd, 0, HCL_SEEK_CUR), 5);
  EXPECT_EQ(HostRead(H().file, 10, 0), "012ab56789");
  EXPECT_EQ(hcl_lseek(fd, -1, HCL_SEEK_END), 9);
  ASSERT_EQ(hcl_read(fd, buf, 4), 1);
  EXPECT_EQ(buf[0], '9');
  EXPECT_EQ(hcl_read(fd, buf, 4), 0);  // end of file
  EXPECT_EQ(::lseek(H().file, 0, SEEK_CUR), 7);
  EXPECT_EQ(hcl_close(fd), 0);
  ASSERT_EQ(::pwrite(H().file, "34", 2, 3), 2);
}

// Without pread/pwrite rights a file descriptor is a stream: read and
// write use the host descriptor's offset.
TEST(Io, FileWithoutPositionedRightsIsAStream) {
  const int fd = hcl_open("file-stream", HCL_O_RDWR);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::lseek(H().file, 8, SEEK_SET), 8);
  char buf[4] = {};
  ASSERT_EQ(hcl_read(fd, buf, 4), 2);
  EXPECT_EQ(std::string(buf, 2), "89");
  EXPECT_EQ(hcl_write(fd, "X", 1), 1);  // at the host's offset, 10
  EXPECT_EQ(HostRead(H().file, 16, 0), "0123456789X");
  ASSERT_EQ(ftruncate(H().file, 10), 0);
  EXPECT_EQ(hcl_close(fd), 0);
}

TEST(Io, PipeIsAStream) {
  const int fd = hcl_open("pipe", HCL_O_WRONLY);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(hcl_write(fd, "hello", 5), 5);
  char buf[8] = {};
  ASSERT_EQ(::read(H().pipe_rd, buf, sizeof(buf)), 5);
  EXPECT_EQ(std::string(buf, 5), "hello");
  hcl_errno = 0;
  EXPECT_EQ(hcl_lseek(fd, 0, HCL_SEEK_SET), -1);
  EXPECT_EQ(hcl_errno, HCL_ESPIPE);
  EXPECT_EQ(hcl_close(fd), 0);
}

TEST(Io, RefusalsAreErrno) {
  const int ro = hcl_open("file-ro", HCL_O_RDONLY);
  ASSERT_GE(ro, 0);
  hcl_errno = 0;
  EXPECT_EQ(hcl_write(ro, "x", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EACCES);
  char buf[2];
  EXPECT_EQ(hcl_read(ro, buf, 2), 2);
  for (int bad : {-1, 15, 16, 1 << 20}) {
    hcl_errno = 0;
    EXPECT_EQ(hcl_write(bad, "x", 1), -1) << bad;
    EXPECT_EQ(hcl_errno, HCL_EBADF) << bad;
    hcl_errno = 0;
    EXPECT_EQ(hcl_read(bad, buf, 1), -1) << bad;
    EXPECT_EQ(hcl_errno, HCL_EBADF) << bad;
  }
  // A revoked capability fails every call with EREVOKED, the file's too.
  const int rw = hcl_open("file", HCL_O_RDWR);
  ASSERT_GE(rw, 0);
  ASSERT_EQ(hcl_read(rw, buf, 1), 1);
  ASSERT_EQ(cap::process_table().revoke(rw), 0);
  hcl_errno = 0;
  EXPECT_EQ(hcl_write(rw, "x", 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EREVOKED);
  hcl_errno = 0;
  EXPECT_EQ(hcl_read(rw, buf, 1), -1);
  EXPECT_EQ(hcl_errno, HCL_EREVOKED);
  EXPECT_EQ(HostRead(H().file, 16, 0), "0123456789");
  EXPECT_EQ(hcl_close(rw), 0);
  EXPECT_EQ(hcl_close(ro), 0);
}

}  // namespace
