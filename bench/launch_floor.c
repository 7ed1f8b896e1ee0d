// bench/launch_floor.c -- the floor of a strict `hcall run`: only what the
// launch-time goal requires, in a tiny static program, to compare with
// /bin/true and `hcall run` in one run (launcher/README.md, "Launch time";
// //bench:sandbox_bench's BM_launch_floor* rows). Built twice by Bazel from
// this one file, the same code with two starts:
//
//   //bench:launch_floor         static, with the C library's start-up
//                                (glibc: TLS, IRELATIVE, tunables, stdio)
//   //bench:launch_floor_nolibc  static, -nostdlib, its own _start: only
//                                what the kernel does to start a process
//
//   launch_floor [-v] IMAGE      (-v: clone with CLONE_VM|CLONE_VFORK, as
//                                `hcall run` does; without it, fork-style)
//
// It clones with the six namespace flags; the child writes its one-id
// uid/gid maps, makes / private, mounts an empty tmpfs, pivots into it,
// detaches the old root, remounts the new one read-only, sets
// no_new_privs, applies Landlock (every access handled, only the image's
// descriptor readable and executable), loads a prebuilt small seccomp
// filter and execveat()s IMAGE by descriptor with an empty environment;
// the parent waits and exits with the image's status. Every step is a raw
// system call, so the two builds differ only in their start. x86_64 only,
// Landlock ABI 6 or later (Linux 6.12+). Not part of hcall: a measuring
// tool.
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/fcntl.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/mount.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <stddef.h>

#define kUmountDetach 2  // MNT_DETACH, from <sys/mount.h>
#define kStatusFailed 120

static long Sys(long nr, long a, long b, long c, long d, long e) {
  long ret;
  register long r10 __asm__("r10") = d;
  register long r8 __asm__("r8") = e;
  __asm__ volatile("syscall"
                   : "=a"(ret)
                   : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
                   : "rcx", "r11", "memory");
  return ret;
}

static int Length(const char* s) {
  int n = 0;
  while (s[n] != '\0') ++n;
  return n;
}

static void Say(const char* text) {
  Sys(__NR_write, 2, (long)text, Length(text), 0, 0);
}

// "launch_floor: WHAT failed (errno N)" and exit 120.
static void Die(const char* what, long ret) {
  char num[24];
  int n = sizeof(num);
  unsigned long e = (unsigned long)-ret;
  num[--n] = '\0';
  do {
    num[--n] = (char)('0' + e % 10);
    e /= 10;
  } while (e != 0 && n > 0);
  Say("launch_floor: ");
  Say(what);
  Say(" failed (errno ");
  Say(num + n);
  Say(")\n");
  Sys(__NR_exit_group, kStatusFailed, 0, 0, 0, 0);
}

static long Check(const char* what, long ret) {
  if (ret < 0 && ret > -4096) Die(what, ret);
  return ret;
}

static int exec_fd;
static unsigned uid, gid;
static char* image_argv[2];
static char* image_env[] = {NULL};

static void WriteFile(const char* path, const char* text) {
  const long fd =
      Check(path, Sys(__NR_open, (long)path, O_WRONLY | O_CLOEXEC, 0, 0, 0));
  if (Sys(__NR_write, fd, (long)text, Length(text), 0, 0) != Length(text)) {
    Die(path, -5);
  }
  Sys(__NR_close, fd, 0, 0, 0, 0);
}

// "ID ID 1\n": the one-id map.
static void IdMap(char* out, unsigned id) {
  char digits[12];
  int n = 0;
  do {
    digits[n++] = (char)('0' + id % 10);
    id /= 10;
  } while (id != 0);
  int k = 0;
  for (int copy = 0; copy < 2; ++copy) {
    for (int i = n - 1; i >= 0; --i) out[k++] = digits[i];
    out[k++] = ' ';
  }
  out[k++] = '1';
  out[k++] = '\n';
  out[k] = '\0';
}

#define ALLOW(nr)                                  \
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
static struct sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    ALLOW(__NR_execveat),
    ALLOW(__NR_write),
    ALLOW(__NR_exit_group),
    ALLOW(__NR_exit),
    ALLOW(__NR_read),
    ALLOW(__NR_pread64),
    ALLOW(__NR_mmap),
    ALLOW(__NR_munmap),
    ALLOW(__NR_brk),
    ALLOW(__NR_arch_prctl),
    ALLOW(__NR_rt_sigaction),
    ALLOW(__NR_rt_sigprocmask),
    ALLOW(__NR_fstat),
    ALLOW(__NR_statx),
    ALLOW(__NR_getrandom),
    ALLOW(__NR_clock_gettime),
    ALLOW(__NR_close),
    ALLOW(__NR_mprotect),
    ALLOW(__NR_set_tid_address),
    ALLOW(__NR_prlimit64),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
};

static void Child(void) {
  char map[32];
  WriteFile("/proc/self/setgroups", "deny");
  IdMap(map, uid);
  WriteFile("/proc/self/uid_map", map);
  IdMap(map, gid);
  WriteFile("/proc/self/gid_map", map);
  Check("private /", Sys(__NR_mount, 0, (long)"/", 0, MS_REC | MS_PRIVATE, 0));
  Check("mount tmpfs",
        Sys(__NR_mount, (long)"tmpfs", (long)"/tmp", (long)"tmpfs",
            MS_NOSUID | MS_NODEV, (long)"mode=0755,size=64k"));
  Check("chdir", Sys(__NR_chdir, (long)"/tmp", 0, 0, 0, 0));
  Check("pivot_root", Sys(__NR_pivot_root, (long)".", (long)".", 0, 0, 0));
  Check("umount2", Sys(__NR_umount2, (long)".", kUmountDetach, 0, 0, 0));
  Check("chdir /", Sys(__NR_chdir, (long)"/", 0, 0, 0, 0));
  Check("remount read-only",
        Sys(__NR_mount, 0, (long)"/", 0,
            MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, 0));
  Check("no_new_privs", Sys(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
  struct {
    __u64 fs, net, scoped;
  } attr = {(1ull << 16) - 1, 3, 3};  // ABI 6+: files, TCP, scoping
  const long ruleset = Check(
      "landlock_create_ruleset",
      Sys(__NR_landlock_create_ruleset, (long)&attr, sizeof(attr), 0, 0, 0));
  struct landlock_path_beneath_attr rule = {
      .allowed_access =
          LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE,
      .parent_fd = exec_fd};
  Check("landlock_add_rule",
        Sys(__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH,
            (long)&rule, 0, 0));
  Check("landlock_restrict_self",
        Sys(__NR_landlock_restrict_self, ruleset, 0, 0, 0, 0));
  Sys(__NR_close, ruleset, 0, 0, 0, 0);
  struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};
  Check("seccomp",
        Sys(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0, 0));
  Die("execveat", Sys(__NR_execveat, exec_fd, (long)"", (long)image_argv,
                      (long)image_env, AT_EMPTY_PATH));
}

// clone(flags) onto (stack) (NULL: fork-style, on a copy of this stack);
// the child runs Child() and never returns here. The parent gets the pid.
_Static_assert(__NR_clone == 56, "the x86_64 clone number, in CloneInto");
long CloneInto(long flags, void* stack);
void ChildEntry(void);
void ChildEntry(void) { Child(); }
__asm__(
    ".text\n"
    ".globl CloneInto\n"
    "CloneInto:\n"
    "  mov $56, %eax\n"  // __NR_clone
    "  xor %edx, %edx\n"
    "  xor %r10d, %r10d\n"
    "  xor %r8d, %r8d\n"
    "  syscall\n"
    "  test %rax, %rax\n"
    "  jnz 1f\n"
    "  and $-16, %rsp\n"
    "  call ChildEntry\n"
    "  hlt\n"
    "1:\n"
    "  ret\n");

static char stack[16 * 1024] __attribute__((aligned(16)));

static int Launch(int argc, char** argv) {
  int shared_memory = 0;
  if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'v' && argv[1][2] == 0) {
    shared_memory = 1;
    ++argv;
    --argc;
  }
  if (argc != 2) {
    Say("usage: launch_floor [-v] IMAGE\n");
    return 64;
  }
  uid = (unsigned)Sys(__NR_geteuid, 0, 0, 0, 0, 0);
  gid = (unsigned)Sys(__NR_getegid, 0, 0, 0, 0, 0);
  exec_fd = (int)Check(
      argv[1], Sys(__NR_open, (long)argv[1], O_RDONLY | O_CLOEXEC, 0, 0, 0));
  image_argv[0] = argv[1];
  long flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
               CLONE_NEWIPC | CLONE_NEWUTS | 17 /* SIGCHLD */;
  if (shared_memory) flags |= CLONE_VM | CLONE_VFORK;
  const long pid = Check(
      "clone", CloneInto(flags, shared_memory ? stack + sizeof(stack) : NULL));
  int status = 0;
  Check("wait4", Sys(__NR_wait4, pid, (long)&status, 0, 0, 0));
  return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
}

#ifdef LAUNCH_FLOOR_NO_LIBC
void StartC(long* sp);
void StartC(long* sp) {
  Sys(__NR_exit_group, Launch((int)sp[0], (char**)(sp + 1)), 0, 0, 0, 0);
}
__asm__(
    ".text\n"
    ".globl _start\n"
    "_start:\n"
    "  xor %ebp, %ebp\n"
    "  mov %rsp, %rdi\n"
    "  and $-16, %rsp\n"
    "  call StartC\n"
    "  hlt\n");
#else
int main(int argc, char** argv) { return Launch(argc, argv); }
#endif
