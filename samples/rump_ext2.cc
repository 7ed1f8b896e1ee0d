// samples/rump_ext2.cc -- a NetBSD rump kernel in an hcall image (README.md,
// "Running a NetBSD rump kernel"). The kernel mounts the ext2 file system on
// the granted block device "disk", writes /hello.txt (argv[1], or a default
// line), reads it back, unmounts and halts; the host checks the file system
// with e2fsck and reads the file with debugfs afterwards.
//
// Links the kernel's component archives (@rump_kernel//:kernel: rump,
// rumpvfs, rumpdev, rumpdev_disk, rumpfs_ext2fs, ...) and runs on
// //rumpkernel/start:crt. It declares the kernel entry points it calls
// itself, with NetBSD's types, so it needs no NetBSD headers and no libc
// besides hcall's shim.
#include <stddef.h>
#include <stdint.h>

#include "hcl/errno.h"
#include "hcl/stdio.h"
#include "hcl/string.h"
#include "rump/hcall_start.h"

extern "C" {
// <rump/rump.h> and <rump/rump_syscalls.h> (NetBSD 7 and later).
int rump_init(void);
int rump_sys_mkdir(const char* path, uint32_t mode);  // mode_t
int rump_sys_mount(const char* type, const char* path, int flags, void* data,
                   size_t data_len);
int rump_sys_unmount(const char* path, int flags);
int rump_sys_open(const char* path, int flags, ...);
intptr_t rump_sys_write(int fd, const void* buf, size_t len);  // ssize_t
intptr_t rump_sys_read(int fd, void* buf, size_t len);
int rump_sys_fsync(int fd);
int rump_sys_close(int fd);
int rump_sys_reboot(int howto, char* bootstr);
}

namespace {

// <rump/rumpdefs.h>: NetBSD's open flags.
constexpr int kRumpORdonly = 0x0;
constexpr int kRumpORdwr = 0x2;
constexpr int kRumpOCreat = 0x200;
constexpr int kRumpOTrunc = 0x400;

// NetBSD's struct ufs_args (<ufs/ufs/ufsmount.h>), ext2fs's mount argument.
struct UfsArgs {
  char* fspec;
};

int Fail(const char* what) {
  hcl_printf("rump_ext2: %s failed: NetBSD errno %d\n", what, hcl_errno);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* text = argc > 1 ? argv[1] : "hello from a NetBSD rump kernel\n";
  const size_t len = hcl_strlen(text);
  if (const int e = rump_init(); e != 0) {
    hcl_printf("rump_init: error %d\n", e);
    return 1;
  }
  // The block grant "disk" becomes /dev/disk in the kernel.
  if (hcall_rump_register_grants() != 0) return Fail("registering the grants");
  if (rump_sys_mkdir("/mnt", 0755) == -1) return Fail("mkdir /mnt");
  static char fspec[] = "/dev/disk";
  UfsArgs args = {fspec};
  if (rump_sys_mount("ext2fs", "/mnt", 0, &args, sizeof(args)) == -1) {
    return Fail("mount ext2fs /dev/disk on /mnt");
  }
  int fd = rump_sys_open("/mnt/hello.txt",
                         kRumpORdwr | kRumpOCreat | kRumpOTrunc, 0644);
  if (fd == -1) return Fail("open /mnt/hello.txt");
  if (rump_sys_write(fd, text, len) != static_cast<intptr_t>(len)) {
    return Fail("write");
  }
  if (rump_sys_fsync(fd) == -1) return Fail("fsync");
  if (rump_sys_close(fd) == -1) return Fail("close");
  fd = rump_sys_open("/mnt/hello.txt", kRumpORdonly);
  if (fd == -1) return Fail("reopen");
  static char back[4096];
  const intptr_t got = rump_sys_read(fd, back, sizeof(back) - 1);
  rump_sys_close(fd);
  if (got != static_cast<intptr_t>(len) || hcl_memcmp(back, text, len) != 0) {
    hcl_printf("rump_ext2: read back %d bytes that differ\n",
               static_cast<int>(got));
    return 1;
  }
  if (rump_sys_unmount("/mnt", 0) == -1) return Fail("unmount /mnt");
  hcl_printf("rump_ext2: wrote and read back %d bytes of /hello.txt\n",
             static_cast<int>(len));
  // Halts the kernel (it syncs what is left); the image exits 0.
  rump_sys_reboot(0, nullptr);
  return 1;
}
