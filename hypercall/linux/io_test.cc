// Tests of the linux backend's handle I/O: write, read, pread, pwrite,
// fsync, stat and isatty, with every documented error on its exact code.
#include <fcntl.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "hypercall/hypercall.h"
#include "hypercall/linux/hosted.h"

namespace {

// --block_device=PATH, taken by main() (empty: look for a loop device).
std::string g_block_device;

constexpr hc_handle_t kNotAHandle = 987;

// An unlinked temporary file opened read-write.
int temp_file() {
  const char* dir = getenv("TEST_TMPDIR");
  std::string path =
      std::string(dir != nullptr ? dir : "/tmp") + "/hcall_io_test_XXXXXX";
  std::vector<char> buf(path.begin(), path.end());
  buf.push_back('\0');
  const int fd = mkstemp(buf.data());
  if (fd >= 0) unlink(buf.data());
  return fd;
}

class IoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(hc_linux::hosted_init(), HC_OK);
    ASSERT_EQ(fcntl(kNotAHandle, F_GETFD), -1);  // really not open
  }
  void TearDown() override {
    for (int fd : fds_) close(fd);
  }
  int keep(int fd) {
    EXPECT_GE(fd, 0);
    fds_.push_back(fd);
    return fd;
  }
  void make_pipe(int* r, int* w, int flags = 0) {
    int p[2];
    ASSERT_EQ(pipe2(p, flags), 0);
    *r = keep(p[0]);
    *w = keep(p[1]);
  }
  std::vector<int> fds_;
};

TEST_F(IoTest, WriteThenReadThroughAPipe) {
  int r, w;
  make_pipe(&r, &w);
  EXPECT_EQ(hc_write(w, "hcall", 5), 5);
  char buf[16] = {0};
  EXPECT_EQ(hc_read(r, buf, sizeof(buf)), 5);
  EXPECT_STREQ(buf, "hcall");
}

TEST_F(IoTest, ZeroLengthTransfersReturnZero) {
  int r, w;
  make_pipe(&r, &w);
  EXPECT_EQ(hc_write(w, "x", 0), 0);
  char c;
  EXPECT_EQ(hc_read(r, &c, 0), 0);
}

TEST_F(IoTest, ReadAtEndOfInputReturnsZero) {
  int r, w;
  make_pipe(&r, &w);
  close(w);
  fds_.pop_back();
  char c;
  EXPECT_EQ(hc_read(r, &c, 1), 0);
}

TEST_F(IoTest, BadHandles) {
  char c = 'x';
  struct hc_stat st = {77, 77, 77};
  for (hc_handle_t h : {kNotAHandle, -1, INT32_MIN}) {
    EXPECT_EQ(hc_write(h, &c, 1), HC_EBADH) << h;
    EXPECT_EQ(hc_read(h, &c, 1), HC_EBADH) << h;
    EXPECT_EQ(hc_pread(h, &c, 1, 0), HC_EBADH) << h;
    EXPECT_EQ(hc_pwrite(h, &c, 1, 0), HC_EBADH) << h;
    EXPECT_EQ(hc_fsync(h), HC_EBADH) << h;
    EXPECT_EQ(hc_stat(h, &st), HC_EBADH) << h;
    EXPECT_EQ(hc_isatty(h), HC_EBADH) << h;
  }
  EXPECT_EQ(st.kind, 77u);  // untouched on failure
  EXPECT_EQ(st.size, 77u);
}

TEST_F(IoTest, WrongDirectionIsAccessDenied) {
  const int ro = keep(open("/dev/null", O_RDONLY));
  const int wo = keep(open("/dev/null", O_WRONLY));
  char c = 'x';
  EXPECT_EQ(hc_write(ro, &c, 1), HC_EACCES);
  EXPECT_EQ(hc_read(wo, &c, 1), HC_EACCES);
  const int file = keep(temp_file());
  ASSERT_EQ(hc_write(file, "abc", 3), 3);
  const int file_ro =
      keep(open(("/proc/self/fd/" + std::to_string(file)).c_str(), O_RDONLY));
  const int file_wo =
      keep(open(("/proc/self/fd/" + std::to_string(file)).c_str(), O_WRONLY));
  EXPECT_EQ(hc_pwrite(file_ro, &c, 1, 0), HC_EACCES);
  EXPECT_EQ(hc_pread(file_wo, &c, 1, 0), HC_EACCES);
}

TEST_F(IoTest, WriteToAFullDeviceIsNoSpace) {
  const int full = open("/dev/full", O_WRONLY);
  if (full < 0) GTEST_SKIP() << "no /dev/full";
  keep(full);
  EXPECT_EQ(hc_write(full, "x", 1), HC_ENOSPC);
}

TEST_F(IoTest, WriteWithoutReaderIsBrokenPipe) {
  int r, w;
  make_pipe(&r, &w);
  close(r);
  fds_.erase(fds_.begin());
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  EXPECT_EQ(hc_write(w, "x", 1), HC_EPIPE);
  signal(SIGPIPE, old);
}

TEST_F(IoTest, NonBlockingHandlesReportWouldBlock) {
  int r, w;
  make_pipe(&r, &w, O_NONBLOCK);
  char c;
  EXPECT_EQ(hc_read(r, &c, 1), HC_EAGAIN);
  std::vector<char> chunk(65536, 'x');
  hc_ssize_t n;
  while ((n = hc_write(w, chunk.data(), chunk.size())) > 0) {
  }
  EXPECT_EQ(n, HC_EAGAIN);
}

TEST_F(IoTest, ReadingADirectoryIsNotSupported) {
  const int dir = keep(open("/", O_RDONLY | O_DIRECTORY));
  char buf[8];
  EXPECT_EQ(hc_read(dir, buf, sizeof(buf)), HC_ENOTSUP);
  EXPECT_EQ(hc_pread(dir, buf, sizeof(buf), 0), HC_ENOTSUP);
}

TEST_F(IoTest, PreadAndPwriteUseOffsetsAndKeepThePosition) {
  const int fd = keep(temp_file());
  EXPECT_EQ(hc_pwrite(fd, "hello", 5, 100), 5);
  char buf[8] = {0};
  EXPECT_EQ(hc_pread(fd, buf, 5, 100), 5);
  EXPECT_STREQ(buf, "hello");
  EXPECT_EQ(hc_pread(fd, buf, 8, 103), 2);
  EXPECT_EQ(hc_pread(fd, buf, 8, 105), 0);
  EXPECT_EQ(hc_pread(fd, buf, 8, 1u << 20), 0);
  EXPECT_EQ(lseek(fd, 0, SEEK_CUR), 0);
  // Offsets above 4 GiB reach the kernel intact on 32-bit arm too.
  const uint64_t far = (uint64_t{1} << 32) + 7;
  EXPECT_EQ(hc_pwrite(fd, "far", 3, far), 3);
  struct stat64 st;  // 64-bit st_size on 32-bit arm too
  ASSERT_EQ(fstat64(fd, &st), 0);
  EXPECT_EQ(static_cast<uint64_t>(st.st_size), far + 3);
  EXPECT_EQ(hc_pread(fd, buf, 3, far), 3);
  EXPECT_EQ(std::memcmp(buf, "far", 3), 0);
}

TEST_F(IoTest, OffsetsAboveInt64MaxAreInvalid) {
  const int fd = keep(temp_file());
  char c = 'x';
  const uint64_t bad = uint64_t{1} << 63;
  EXPECT_EQ(hc_pread(fd, &c, 1, bad), HC_EINVAL);
  EXPECT_EQ(hc_pwrite(fd, &c, 1, bad), HC_EINVAL);
  EXPECT_EQ(hc_pwrite(fd, &c, 1, UINT64_MAX), HC_EINVAL);
}

TEST_F(IoTest, PositionalTransfersNeedASeekableHandle) {
  int r, w;
  make_pipe(&r, &w);
  char c = 'x';
  EXPECT_EQ(hc_pwrite(w, &c, 1, 0), HC_ENOTSUP);
  EXPECT_EQ(hc_pread(r, &c, 1, 0), HC_ENOTSUP);
}

TEST_F(IoTest, WritingPastTheSizeLimitIsOutOfRange) {
  const int fd = keep(temp_file());
  auto limited_write = [fd] {
    signal(SIGXFSZ, SIG_IGN);
    const rlimit limit = {4096, 4096};
    setrlimit(RLIMIT_FSIZE, &limit);
    const hc_ssize_t n = hc_pwrite(fd, "x", 1, 8192);
    _exit(n == HC_ERANGE ? 0 : 10 + static_cast<int>(-n));
  };
  EXPECT_EXIT(limited_write(), ::testing::ExitedWithCode(0), "");
}

TEST_F(IoTest, FsyncFilesButNotPipes) {
  const int fd = keep(temp_file());
  ASSERT_EQ(hc_write(fd, "data", 4), 4);
  EXPECT_EQ(hc_fsync(fd), HC_OK);
  int r, w;
  make_pipe(&r, &w);
  EXPECT_EQ(hc_fsync(w), HC_ENOTSUP);
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  keep(sv[0]);
  keep(sv[1]);
  EXPECT_EQ(hc_fsync(sv[0]), HC_ENOTSUP);
}

TEST_F(IoTest, StatOfAFile) {
  const int fd = keep(temp_file());
  std::vector<char> data(1234, 'z');
  ASSERT_EQ(hc_write(fd, data.data(), data.size()), 1234);
  struct hc_stat st;
  ASSERT_EQ(hc_stat(fd, &st), HC_OK);
  EXPECT_EQ(st.kind, HC_KIND_FILE);
  EXPECT_EQ(st.size, 1234u);
  EXPECT_GT(st.block_size, 0u);
}

TEST_F(IoTest, StatOfOtherKinds) {
  struct hc_stat st;
  int r, w;
  make_pipe(&r, &w);
  ASSERT_EQ(hc_write(w, "abc", 3), 3);
  ASSERT_EQ(hc_stat(r, &st), HC_OK);
  EXPECT_EQ(st.kind, HC_KIND_PIPE);
  EXPECT_EQ(st.size, 0u);

  const int null = keep(open("/dev/null", O_RDWR));
  ASSERT_EQ(hc_stat(null, &st), HC_OK);
  EXPECT_EQ(st.kind, HC_KIND_CHAR);
  EXPECT_EQ(st.size, 0u);

  const int dir = keep(open("/", O_RDONLY | O_DIRECTORY));
  ASSERT_EQ(hc_stat(dir, &st), HC_OK);
  EXPECT_EQ(st.kind, HC_KIND_DIRECTORY);
  EXPECT_EQ(st.size, 0u);

  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  keep(sv[0]);
  keep(sv[1]);
  ASSERT_EQ(hc_stat(sv[0], &st), HC_OK);
  EXPECT_EQ(st.kind, HC_KIND_SOCKET);
}

// A block device: --block_device=PATH if given (by hand: bazel test
// --test_arg=--block_device=/dev/sdX ...), else the first loop device that
// opens (unattached ones have size 0).
TEST_F(IoTest, StatOfABlockDeviceReportsItsSizeAndSectorSize) {
  std::vector<std::string> candidates;
  if (!g_block_device.empty()) candidates.push_back(g_block_device);
  for (int i = 0; i < 8; ++i)
    candidates.push_back("/dev/loop" + std::to_string(i));
  int fd = -1;
  std::string used;
  for (const std::string& path : candidates) {
    fd = open(path.c_str(), O_RDONLY);
    if (fd >= 0) {
      used = path;
      break;
    }
  }
  if (fd < 0) GTEST_SKIP() << "no block device can be opened here";
  keep(fd);
  uint64_t bytes = 0;
  int sector = 0;
  ASSERT_EQ(ioctl(fd, BLKGETSIZE64, &bytes), 0);
  ASSERT_EQ(ioctl(fd, BLKSSZGET, &sector), 0);
  struct hc_stat st;
  ASSERT_EQ(hc_stat(fd, &st), HC_OK) << used;
  EXPECT_EQ(st.kind, HC_KIND_BLOCK) << used;
  EXPECT_EQ(st.size, bytes) << used;
  EXPECT_EQ(st.block_size, static_cast<uint32_t>(sector)) << used;
  RecordProperty("block_device", used);
  RecordProperty("block_device_bytes", std::to_string(bytes));
}

TEST_F(IoTest, IsattyOnlyForTerminals) {
  int r, w;
  make_pipe(&r, &w);
  EXPECT_EQ(hc_isatty(r), 0);
  EXPECT_EQ(hc_isatty(keep(open("/dev/null", O_RDONLY))), 0);
  EXPECT_EQ(hc_isatty(keep(temp_file())), 0);
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0) GTEST_SKIP() << "no pseudo-terminals here";
  keep(master);
  ASSERT_EQ(grantpt(master), 0);
  ASSERT_EQ(unlockpt(master), 0);
  const int slave = keep(open(ptsname(master), O_RDWR | O_NOCTTY));
  EXPECT_EQ(hc_isatty(slave), 1);
  EXPECT_EQ(hc_isatty(master), 1);
}

}  // namespace

// The test's one setting comes as a flag, read here once.
int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--block_device=", 15) == 0) {
      g_block_device = argv[i] + 15;
    } else {
      fprintf(stderr, "io_test: unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  return RUN_ALL_TESTS();
}
