// libc_shim/std_names/unistd.cc -- the standard names of hcl/unistd.h,
// hcl/fcntl.h, hcl/stat.h, hcl/time.h.
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static_assert(sizeof(struct timespec) == sizeof(struct hcl_timespec) &&
                  offsetof(struct timespec, tv_nsec) ==
                      offsetof(struct hcl_timespec, tv_nsec),
              "struct timespec has hcl_timespec's layout");
static_assert(sizeof(struct stat) == sizeof(struct hcl_stat) &&
                  offsetof(struct stat, st_nlink) ==
                      offsetof(struct hcl_stat, st_nlink) &&
                  offsetof(struct stat, st_size) ==
                      offsetof(struct hcl_stat, st_size) &&
                  offsetof(struct stat, st_blksize) ==
                      offsetof(struct hcl_stat, st_blksize) &&
                  offsetof(struct stat, st_blocks) ==
                      offsetof(struct hcl_stat, st_blocks),
              "struct stat has hcl_stat's layout");
static_assert(sizeof(struct timeval) == sizeof(struct hcl_timeval) &&
                  offsetof(struct timeval, tv_usec) ==
                      offsetof(struct hcl_timeval, tv_usec),
              "struct timeval has hcl_timeval's layout");

extern "C" {

int open(const char* name, int flags, ...) { return hcl_open(name, flags); }
ssize_t read(int fd, void* b, size_t n) { return hcl_read(fd, b, n); }
ssize_t write(int fd, const void* b, size_t n) { return hcl_write(fd, b, n); }
ssize_t pread(int fd, void* b, size_t n, off_t o) {
  return hcl_pread(fd, b, n, o);
}
ssize_t pwrite(int fd, const void* b, size_t n, off_t o) {
  return hcl_pwrite(fd, b, n, o);
}
int close(int fd) { return hcl_close(fd); }
int fsync(int fd) { return hcl_fsync(fd); }
off_t lseek(int fd, off_t o, int w) { return hcl_lseek(fd, o, w); }
int isatty(int fd) { return hcl_isatty(fd); }
int fstat(int fd, struct stat* st) {
  return hcl_fstat(fd, reinterpret_cast<hcl_stat*>(st));
}
int stat(const char* name, struct stat* st) {
  int fd = hcl_open(name, HCL_O_RDONLY);
  if (fd < 0 && hcl_errno == HCL_EACCES) fd = hcl_open(name, HCL_O_WRONLY);
  if (fd < 0) return -1;
  const int r = fstat(fd, st);
  const int saved = hcl_errno;
  hcl_close(fd);
  hcl_errno = saved;
  return r;
}
unsigned sleep(unsigned s) { return hcl_sleep(s); }
int usleep(unsigned long us) { return hcl_usleep(us); }

time_t time(time_t* t) { return hcl_time(t); }
int clock_gettime(clockid_t c, struct timespec* ts) {
  return hcl_clock_gettime(c, reinterpret_cast<hcl_timespec*>(ts));
}
int clock_getres(clockid_t c, struct timespec* ts) {
  return hcl_clock_getres(c, reinterpret_cast<hcl_timespec*>(ts));
}
int nanosleep(const struct timespec* req, struct timespec* rem) {
  return hcl_nanosleep(reinterpret_cast<const hcl_timespec*>(req),
                       reinterpret_cast<hcl_timespec*>(rem));
}
int gettimeofday(struct timeval* tv, void* tz) {
  return hcl_gettimeofday(reinterpret_cast<hcl_timeval*>(tv), tz);
}

}  // extern "C"
