/* test/newlib_files/files.c -- stdio and the POSIX file calls of a newlib
 * image on the grant "disk" (pattern.h), by manifest name:
 *   files rw KIND   the grant is writable: fopen("disk", "r+"), fwrite
 *                   across sector boundaries, fseek, fread back, fsync;
 *                   open/write/lseek/read/fstat/close; on a block device
 *                   (KIND "block") also the write that meets the end.
 *   files ro KIND   the grant is read-only: reading works, every way of
 *                   writing is refused (EACCES at open, EBADF from stdio's
 *                   read-only stream, EACCES from write()).
 * KIND is "block" (--block: on bare metal a virtio-blk device, on Linux
 * the host file) or "file" (Linux: --file). fstat and stat report a block
 * grant as a block device of the disk's size and 512-byte sectors on every
 * backend. Each check prints what it saw; the last line is
 * "NEWLIB FILES OK" and the status 0 only if every check passed. The
 * driver (files_test.cc) then checks the host file's bytes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test/newlib_files/pattern.h"

static int failures = 0;

static void check(int ok, const char* what) {
  printf("%s: %s\n", ok ? "ok" : "FAILED", what);
  if (!ok) ++failures;
}

static unsigned char g_buf[4096];

static void fill(long offset, long len, int seed) {
  for (long i = 0; i < len; ++i) g_buf[i] = files_pattern(offset + i, seed);
}

/* 1 if g_buf[0..len) holds range (seed)'s pattern from (offset); seed 0:
 * the background. */
static int holds(long offset, long len, int seed) {
  for (long i = 0; i < len; ++i) {
    const unsigned char want = seed == 0 ? files_background(offset + i)
                                         : files_pattern(offset + i, seed);
    if (g_buf[i] != want) return 0;
  }
  return 1;
}

static int read_at(FILE* f, long offset, long len) {
  memset(g_buf, 0, sizeof(g_buf));
  return fseek(f, offset, SEEK_SET) == 0 &&
         fread(g_buf, 1, (size_t)len, f) == (size_t)len;
}

static void check_kind(int fd, int block) {
  struct stat st;
  memset(&st, 0, sizeof(st));
  check(fstat(fd, &st) == 0 && st.st_size == FILES_DISK_SIZE,
        "fstat: the size of the disk");
  check(block ? S_ISBLK(st.st_mode) : S_ISREG(st.st_mode),
        block ? "fstat: a block device" : "fstat: a regular file");
  if (block) {
    check(st.st_blksize == FILES_SECTOR_SIZE, "fstat: 512-byte sectors");
  }
  struct stat by_name;
  memset(&by_name, 0, sizeof(by_name));
  check(stat("disk", &by_name) == 0 && by_name.st_mode == st.st_mode &&
            by_name.st_size == st.st_size &&
            by_name.st_blksize == st.st_blksize,
        "stat(\"disk\"): what fstat says");
}

static void check_stdio_rw(int block) {
  FILE* f = fopen("disk", "r+");
  check(f != NULL, "fopen(\"disk\", \"r+\")");
  if (f == NULL) return;
  check_kind(fileno(f), block);

  /* Range 1: across the sector boundary at 1024. */
  fill(FILES_R1_OFFSET, FILES_R1_LENGTH, 1);
  check(fseek(f, FILES_R1_OFFSET, SEEK_SET) == 0 &&
            fwrite(g_buf, 1, FILES_R1_LENGTH, f) == FILES_R1_LENGTH,
        "fwrite of range 1 (across a sector boundary)");
  /* Range 2: partial first and last sectors, whole ones between. */
  fill(FILES_R2_OFFSET, FILES_R2_LENGTH, 2);
  check(fseek(f, FILES_R2_OFFSET, SEEK_SET) == 0 &&
            fwrite(g_buf, 1, FILES_R2_LENGTH, f) == FILES_R2_LENGTH,
        "fwrite of range 2 (3000 bytes at an odd offset)");
  check(fflush(f) == 0, "fflush");
  check(fsync(fileno(f)) == 0, "fsync");

  check(read_at(f, FILES_R1_OFFSET, FILES_R1_LENGTH) &&
            holds(FILES_R1_OFFSET, FILES_R1_LENGTH, 1),
        "fread of range 1 after fseek");
  check(read_at(f, FILES_R2_OFFSET, FILES_R2_LENGTH) &&
            holds(FILES_R2_OFFSET, FILES_R2_LENGTH, 2),
        "fread of range 2 after fseek");
  /* The bytes on either side of each write are the disk's own. */
  check(read_at(f, FILES_R1_OFFSET - 24, 24) &&
            holds(FILES_R1_OFFSET - 24, 24, 0) &&
            read_at(f, FILES_R1_OFFSET + FILES_R1_LENGTH, 24) &&
            holds(FILES_R1_OFFSET + FILES_R1_LENGTH, 24, 0),
        "the bytes around range 1 are untouched");
  check(read_at(f, FILES_R2_OFFSET - 1, 1) &&
            holds(FILES_R2_OFFSET - 1, 1, 0) &&
            read_at(f, FILES_R2_OFFSET + FILES_R2_LENGTH, 600) &&
            holds(FILES_R2_OFFSET + FILES_R2_LENGTH, 600, 0),
        "the bytes around range 2 are untouched");

  check(fseek(f, 0, SEEK_END) == 0 && ftell(f) == FILES_DISK_SIZE,
        "ftell at the end");
  check(fgetc(f) == EOF && feof(f), "a read at the end is end of file");
  check(fclose(f) == 0, "fclose");
}

static void check_posix_rw(int block) {
  const int fd = open("disk", O_RDWR);
  check(fd >= 3, "open(\"disk\", O_RDWR)");
  if (fd < 0) return;
  check_kind(fd, block);

  fill(FILES_R3_OFFSET, FILES_R3_LENGTH, 3);
  check(lseek(fd, FILES_R3_OFFSET, SEEK_SET) == FILES_R3_OFFSET &&
            write(fd, g_buf, FILES_R3_LENGTH) == FILES_R3_LENGTH,
        "write of range 3 (two whole sectors)");
  check(lseek(fd, 0, SEEK_CUR) == FILES_R3_OFFSET + FILES_R3_LENGTH,
        "write moved the position");
  memset(g_buf, 0, sizeof(g_buf));
  check(lseek(fd, -FILES_R3_LENGTH, SEEK_CUR) == FILES_R3_OFFSET &&
            read(fd, g_buf, FILES_R3_LENGTH) == FILES_R3_LENGTH &&
            holds(FILES_R3_OFFSET, FILES_R3_LENGTH, 3),
        "read of range 3 after lseek(SEEK_CUR)");
  check(fsync(fd) == 0, "fsync of the descriptor");
  check(lseek(fd, 0, SEEK_END) == FILES_DISK_SIZE, "lseek(SEEK_END)");
  check(read(fd, g_buf, 16) == 0, "read at the end returns 0");

  if (block) {
    /* A device cannot grow: the part inside lands, the rest is refused,
     * and nothing past the end is touched (the driver checks the file). */
    fill(FILES_R4_OFFSET, 2 * FILES_R4_LENGTH, 4);
    check(lseek(fd, FILES_R4_OFFSET, SEEK_SET) == FILES_R4_OFFSET &&
              write(fd, g_buf, 2 * FILES_R4_LENGTH) == FILES_R4_LENGTH,
          "a write across the end stops at the end");
    errno = 0;
    check(write(fd, g_buf + FILES_R4_LENGTH, FILES_R4_LENGTH) == -1 &&
              errno == ENOSPC,
          "a write at the end: ENOSPC");
    errno = 0;
    check(
        lseek(fd, FILES_DISK_SIZE + 4096, SEEK_SET) == FILES_DISK_SIZE + 4096 &&
            write(fd, g_buf, 1) == -1 && errno == ENOSPC,
        "a write past the end: ENOSPC");
  }
  check(close(fd) == 0, "close");
  errno = 0;
  check(close(fd) == -1 && errno == EBADF, "close again: EBADF");
  errno = 0;
  check(write(fd, g_buf, 1) == -1 && errno == EBADF,
        "write to a closed descriptor: EBADF");
}

static void check_ro(int block) {
  FILE* f = fopen("disk", "r");
  check(f != NULL, "fopen(\"disk\", \"r\")");
  if (f != NULL) {
    check_kind(fileno(f), block);
    check(read_at(f, FILES_R2_OFFSET, FILES_R2_LENGTH) &&
              holds(FILES_R2_OFFSET, FILES_R2_LENGTH, 0),
          "fread of the disk's own bytes");
    errno = 0;
    check(fwrite("x", 1, 1, f) == 0 && errno == EBADF,
          "fwrite on a read-only stream: EBADF");
    check(fclose(f) == 0, "fclose");
  }
  errno = 0;
  check(fopen("disk", "r+") == NULL && errno == EACCES,
        "fopen(\"disk\", \"r+\") of a read-only grant: EACCES");
  errno = 0;
  check(open("disk", O_WRONLY) == -1 && errno == EACCES,
        "open(\"disk\", O_WRONLY) of a read-only grant: EACCES");
  const int fd = open("disk", O_RDONLY);
  check(fd >= 3, "open(\"disk\", O_RDONLY)");
  if (fd >= 0) {
    errno = 0;
    check(lseek(fd, FILES_R1_OFFSET, SEEK_SET) == FILES_R1_OFFSET &&
              write(fd, "x", 1) == -1 && errno == EACCES,
          "write() to a read-only descriptor: EACCES");
    errno = 0;
    check(fsync(fd) == -1 && errno == EACCES,
          "fsync of a read-only descriptor: EACCES");
    check(close(fd) == 0, "close");
  }
}

int main(int argc, char** argv, char** envp) {
  (void)envp;
  if (argc != 3 || (strcmp(argv[1], "rw") != 0 && strcmp(argv[1], "ro") != 0) ||
      (strcmp(argv[2], "block") != 0 && strcmp(argv[2], "file") != 0)) {
    fprintf(stderr, "usage: files rw|ro block|file\n");
    return 64;
  }
  const int block = strcmp(argv[2], "block") == 0;
  errno = 0;
  check(fopen("missing", "r") == NULL && errno == ENOENT,
        "fopen of a name not granted: ENOENT");
  if (strcmp(argv[1], "rw") == 0) {
    check_stdio_rw(block);
    check_posix_rw(block);
  } else {
    check_ro(block);
  }
  if (failures != 0) {
    printf("%d checks FAILED\n", failures);
    return 1;
  }
  printf("NEWLIB FILES OK\n");
  return 0;
}
