// test/rumpuser/file_test.cc -- files and block I/O through the capability
// table, in a hosted test: host files, a directory, /dev/null and a pipe are
// granted under names (host_grants.h) as the launcher would, and what the
// hypercalls do is checked with the host's own pread. Block I/O completes
// asynchronously on the bio fiber, between hyp_schedule and hyp_unschedule.
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <vector>

#include "capability/manifest.h"
#include "capability/rights.h"
#include "gtest/gtest.h"
#include "rump/rumpuser.h"
#include "test/rumpuser/fake_kernel.h"
#include "test/rumpuser/fixture.h"
#include "test/rumpuser/host_grants.h"

namespace rumptest {
namespace {

namespace cap = hcall::cap;

constexpr int kNetbsdENOENT = 2;
constexpr int kNetbsdEBADF = 9;
constexpr int kNetbsdEACCES = 13;
constexpr int kNetbsdEEXIST = 17;
constexpr int kNetbsdEINVAL = 22;

constexpr uint64_t kDiskSize = 64 * 1024;

uint8_t DiskPattern(uint64_t i) { return static_cast<uint8_t>(i * 7 + 3); }
uint8_t DataPattern(uint64_t i) { return static_cast<uint8_t>('a' + i % 26); }

class RumpFiles : public RumpuserTest {
 protected:
  void SetUp() override {
    RumpuserTest::SetUp();
    disk_ = MakeTempFile(kDiskSize, DiskPattern, disk_path_);
    data_ = MakeTempFile(1000, DataPattern, data_path_);
    ASSERT_GE(disk_, 0);
    ASSERT_GE(data_, 0);
    null_ = open("/dev/null", O_RDWR | O_CLOEXEC);
    dir_ = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_EQ(pipe(pipe_), 0);
    const HostGrant grants[] = {
        {"disk", cap::kKindBlock, disk_, cap::kRightsAll, kDiskSize, 512},
        {"data", cap::kKindFile, data_, cap::kRightsAll, 0, 0},
        {"null", cap::kKindFile, null_, cap::kRightsAll, 0, 0},
        {"root", cap::kKindFile, dir_, cap::kRightStat | cap::kRightRead, 0, 0},
        {"pipe", cap::kKindConsole, pipe_[0], cap::kRightRead | cap::kRightStat,
         0, 0},
        {"blind", cap::kKindFile, data_, cap::kRightRead, 0, 0},
        {"readonly", cap::kKindBlock, disk_,
         cap::kRightRead | cap::kRightPread | cap::kRightStat, kDiskSize, 512},
    };
    ASSERT_EQ(InstallGrants(grants, sizeof(grants) / sizeof(grants[0])), 0);
  }

  void TearDown() override {
    RemoveGrants();
    for (int fd : {disk_, data_, null_, dir_, pipe_[0], pipe_[1]}) close(fd);
    unlink(disk_path_);
    unlink(data_path_);
    RumpuserTest::TearDown();
  }

  std::vector<uint8_t> HostRead(int fd, uint64_t off, size_t len) {
    std::vector<uint8_t> v(len);
    EXPECT_EQ(pread(fd, v.data(), len, static_cast<off_t>(off)),
              static_cast<ssize_t>(len));
    return v;
  }

  int disk_ = -1, data_ = -1, null_ = -1, dir_ = -1;
  int pipe_[2] = {-1, -1};
  char disk_path_[256];
  char data_path_[256];
};

// A block I/O completion, waited for as a rump kernel does: biodone takes
// the mutex and signals.
struct Completion {
  rumpuser_mtx* m = nullptr;
  rumpuser_cv* cv = nullptr;
  int done = 0;
  size_t bytes = 0;
  int error = -1;
  bool scheduled_in_biodone = false;
};

void BioDone(void* arg, size_t bytes, int error) {
  Completion* c = static_cast<Completion*>(arg);
  c->scheduled_in_biodone = IsScheduled();
  rumpuser_mutex_enter(c->m);
  c->bytes = bytes;
  c->error = error;
  ++c->done;
  rumpuser_cv_broadcast(c->cv);
  rumpuser_mutex_exit(c->m);
}

void WaitFor(Completion* c, int n) {
  rumpuser_mutex_enter(c->m);
  while (c->done < n) rumpuser_cv_wait(c->cv, c->m);
  rumpuser_mutex_exit(c->m);
}

struct CompletionGuard {
  explicit CompletionGuard(Completion* c) : c(c) {
    rumpuser_mutex_init(&c->m, RUMPUSER_MTX_KMUTEX);
    rumpuser_cv_init(&c->cv);
  }
  ~CompletionGuard() {
    rumpuser_cv_destroy(c->cv);
    rumpuser_mutex_destroy(c->m);
  }
  Completion* c;
};

TEST_F(RumpFiles, GetfileinfoReportsEachKind) {
  struct Case {
    const char* name;
    int type;
    uint64_t size;
  };
  const Case cases[] = {
      {"disk", RUMPUSER_FT_BLK, kDiskSize}, {"data", RUMPUSER_FT_REG, 1000},
      {"null", RUMPUSER_FT_CHR, 0},         {"root", RUMPUSER_FT_DIR, 0},
      {"pipe", RUMPUSER_FT_OTHER, 0},       {"blind", RUMPUSER_FT_REG, 0},
  };
  for (const Case& c : cases) {
    uint64_t size = 12345;
    int type = -1;
    EXPECT_EQ(rumpuser_getfileinfo(c.name, &size, &type), 0) << c.name;
    EXPECT_EQ(type, c.type) << c.name;
    EXPECT_EQ(size, c.size) << c.name;
  }
  EXPECT_EQ(rumpuser_getfileinfo("disk", nullptr, nullptr), 0);
  EXPECT_EQ(rumpuser_getfileinfo("nonesuch", nullptr, nullptr), kNetbsdENOENT);
  EXPECT_EQ(rumpuser_getfileinfo("dis", nullptr, nullptr), kNetbsdENOENT);
}

TEST_F(RumpFiles, OpenMapsModesAndErrors) {
  int fd = -1;
  ASSERT_EQ(rumpuser_open("disk", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd),
            0);
  EXPECT_GE(fd, 3);
  EXPECT_EQ(rumpuser_close(fd), 0);
  EXPECT_EQ(rumpuser_close(fd), kNetbsdEBADF);
  EXPECT_EQ(rumpuser_open("nonesuch", RUMPUSER_OPEN_RDONLY, &fd),
            kNetbsdENOENT);
  // The image cannot create files...
  EXPECT_EQ(
      rumpuser_open("nonesuch", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE, &fd),
      kNetbsdEACCES);
  // ... and an existing one fails EXCL.
  EXPECT_EQ(
      rumpuser_open(
          "data",
          RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_CREATE | RUMPUSER_OPEN_EXCL, &fd),
      kNetbsdEEXIST);
  EXPECT_EQ(rumpuser_open("data", RUMPUSER_OPEN_ACCMODE, &fd), kNetbsdEINVAL);
  // Writing needs a writing right.
  EXPECT_EQ(rumpuser_open("readonly", RUMPUSER_OPEN_RDWR, &fd), kNetbsdEACCES);
  ASSERT_EQ(rumpuser_open("readonly", RUMPUSER_OPEN_RDONLY, &fd), 0);
  EXPECT_EQ(rumpuser_close(fd), 0);
  EXPECT_EQ(Count().backend_unschedule, 0);
}

TEST_F(RumpFiles, BioReadsAndWritesAsynchronously) {
  int fd = -1;
  ASSERT_EQ(rumpuser_open("disk", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd),
            0);
  Completion c;
  CompletionGuard guard(&c);
  std::vector<uint8_t> buf(4096, 0);
  const int schedules = Count().schedule;
  const int unschedules = Count().backend_unschedule;
  rumpuser_bio(fd, RUMPUSER_BIO_READ, buf.data(), buf.size(), 8192, BioDone,
               &c);
  // Queued, not done: no upcall, no completion yet.
  EXPECT_EQ(c.done, 0);
  EXPECT_EQ(Count().backend_unschedule, unschedules);
  WaitFor(&c, 1);
  EXPECT_EQ(c.error, 0);
  EXPECT_EQ(c.bytes, 4096u);
  EXPECT_TRUE(c.scheduled_in_biodone);
  EXPECT_EQ(buf, HostRead(disk_, 8192, 4096));
  // The completion ran inside hyp_schedule/hyp_unschedule (plus, for the
  // first request of the process, the bio fiber's own start).
  EXPECT_GE(Count().schedule - schedules, 1);
  EXPECT_EQ(Count().schedule, Count().unschedule);
  EXPECT_LE(Count().newlwp, 1);

  std::vector<uint8_t> out(8192);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(~i);
  rumpuser_bio(fd, RUMPUSER_BIO_WRITE | RUMPUSER_BIO_SYNC, out.data(),
               out.size(), 512, BioDone, &c);
  WaitFor(&c, 2);
  EXPECT_EQ(c.error, 0);
  EXPECT_EQ(c.bytes, 8192u);
  EXPECT_EQ(HostRead(disk_, 512, 8192), out);
  EXPECT_EQ(HostRead(disk_, 0, 512), std::vector<uint8_t>([] {
              std::vector<uint8_t> v(512);
              for (int i = 0; i < 512; ++i) v[i] = DiskPattern(i);
              return v;
            }()));

  // Past the end: 0 bytes, no error.
  rumpuser_bio(fd, RUMPUSER_BIO_READ, buf.data(), 512, kDiskSize, BioDone, &c);
  WaitFor(&c, 3);
  EXPECT_EQ(c.bytes, 0u);
  EXPECT_EQ(c.error, 0);
  EXPECT_EQ(rumpuser_close(fd), 0);

  // A closed descriptor: the error reaches biodone, in NetBSD's numbering.
  rumpuser_bio(fd, RUMPUSER_BIO_READ, buf.data(), 512, 0, BioDone, &c);
  WaitFor(&c, 4);
  EXPECT_EQ(c.error, kNetbsdEBADF);
  EXPECT_EQ(c.bytes, 0u);
}

TEST_F(RumpFiles, FullRingMakesTheCallerWaitUnscheduled) {
  int fd = -1;
  ASSERT_EQ(rumpuser_open("disk", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd),
            0);
  Completion c;
  CompletionGuard guard(&c);
  std::vector<uint8_t> buf(512 * 200);
  const int before = UnschedulesOfCurrent();
  for (int i = 0; i < 200; ++i) {
    rumpuser_bio(fd, RUMPUSER_BIO_READ, buf.data() + 512 * i, 512,
                 512 * (i % 128), BioDone, &c);
  }
  EXPECT_GE(UnschedulesOfCurrent(), before + 1) << "200 requests, 128 slots";
  WaitFor(&c, 200);
  for (int i = 0; i < 200; ++i) {
    EXPECT_EQ(buf[512 * i + 5], DiskPattern(512 * (i % 128) + 5)) << i;
  }
  EXPECT_EQ(rumpuser_close(fd), 0);
}

TEST_F(RumpFiles, SyncfdWaitsForEarlierBioAndCloseDrains) {
  int fd = -1;
  ASSERT_EQ(rumpuser_open("disk", RUMPUSER_OPEN_RDWR | RUMPUSER_OPEN_BIO, &fd),
            0);
  Completion c;
  CompletionGuard guard(&c);
  std::vector<uint8_t> out(1024, 0x5a);
  rumpuser_bio(fd, RUMPUSER_BIO_WRITE, out.data(), out.size(), 4096, BioDone,
               &c);
  EXPECT_EQ(c.done, 0);
  EXPECT_EQ(
      rumpuser_syncfd(fd, RUMPUSER_SYNCFD_WRITE | RUMPUSER_SYNCFD_SYNC, 0, 0),
      0);
  EXPECT_EQ(c.done, 1) << "syncfd returned before the earlier write";
  EXPECT_EQ(HostRead(disk_, 4096, 1024), out);
  const int before = Count().backend_unschedule;
  EXPECT_EQ(rumpuser_syncfd(fd, RUMPUSER_SYNCFD_READ, 0, 0), 0);
  EXPECT_EQ(rumpuser_syncfd(fd, 0, 0, 0), kNetbsdEINVAL);
  EXPECT_EQ(Count().backend_unschedule, before);
  rumpuser_bio(fd, RUMPUSER_BIO_WRITE, out.data(), out.size(), 0, BioDone, &c);
  EXPECT_EQ(rumpuser_close(fd), 0);
  EXPECT_EQ(c.done, 2) << "close returned before the queued write";
  EXPECT_EQ(c.error, 0);
}

TEST_F(RumpFiles, IovreadAndIovwrite) {
  int fd = -1;
  ASSERT_EQ(rumpuser_open("data", RUMPUSER_OPEN_RDWR, &fd), 0);
  char a[3] = {'X', 'Y', 'Z'};
  char b[5] = {'1', '2', '3', '4', '5'};
  rumpuser_iovec wv[2] = {{a, sizeof(a)}, {b, sizeof(b)}};
  size_t n = 0;
  const int before = Count().backend_unschedule;
  EXPECT_EQ(rumpuser_iovwrite(fd, wv, 2, 10, &n), 0);
  EXPECT_EQ(n, 8u);
  EXPECT_EQ(Count().backend_unschedule, before + 1);
  const std::vector<uint8_t> host = HostRead(data_, 10, 8);
  EXPECT_EQ(memcmp(host.data(), "XYZ12345", 8), 0);
  char r1[6] = {};
  char r2[6] = {};
  rumpuser_iovec rv[2] = {{r1, 5}, {r2, 5}};
  EXPECT_EQ(rumpuser_iovread(fd, rv, 2, 8, &n), 0);
  EXPECT_EQ(n, 10u);
  EXPECT_STREQ(r1, "ijXYZ");
  EXPECT_STREQ(r2, "12345");
  // Short at the end of the file.
  EXPECT_EQ(rumpuser_iovread(fd, rv, 2, 995, &n), 0);
  EXPECT_EQ(n, 5u);
  // No seek: the descriptor's own position (0 after open).
  char s[4] = {};
  rumpuser_iovec sv[1] = {{s, 3}};
  EXPECT_EQ(rumpuser_iovread(fd, sv, 1, RUMPUSER_IOV_NOSEEK, &n), 0);
  EXPECT_EQ(n, 3u);
  EXPECT_STREQ(s, "abc");
  EXPECT_EQ(rumpuser_iovread(fd, sv, 1, -7, &n), kNetbsdEINVAL);
  EXPECT_EQ(rumpuser_close(fd), 0);
  EXPECT_EQ(rumpuser_iovread(fd, sv, 1, 0, &n), kNetbsdEBADF);
}

}  // namespace
}  // namespace rumptest
