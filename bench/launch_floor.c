// bench/launch_floor.c -- the floor of a strict `hcall run`: only what the
// launch-time goal requires, in a tiny static program, to compare with
// /bin/true in the same interleaved loop (launcher/README.md, "Launch
// time"). Not built by Bazel (it is a measuring tool, not part of hcall):
//
//   gcc -O2 -static -o /tmp/launch_floor bench/launch_floor.c
//   /tmp/launch_floor [-v] IMAGE      (-v: clone with CLONE_VM|CLONE_VFORK)
//
// It clones with the six namespace flags; the child writes its one-id
// uid/gid maps, makes / private, mounts an empty tmpfs, pivots into it,
// detaches the old root, remounts the new one read-only, sets
// no_new_privs, applies Landlock (every access handled, only the image's
// descriptor readable and executable), loads a prebuilt small seccomp
// filter and execveat()s IMAGE by descriptor with an empty environment;
// the parent waits and exits with the image's status. x86_64 only, and
// Landlock ABI 6 or later (Linux 6.12+).
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/landlock.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int exec_fd;
static uid_t uid;
static gid_t gid;
static char* image_argv[2];
static char* image_env[] = {NULL};

static void Die(const char* what) {
  fprintf(stderr, "launch_floor: %s: %s\n", what, strerror(errno));
  _exit(120);
}

static void WriteFile(const char* path, const char* text) {
  const int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
    Die(path);
  }
  close(fd);
}

#define ALLOW(nr)                                  \
  BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)
static struct sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
    ALLOW(SYS_execveat),
    ALLOW(SYS_write),
    ALLOW(SYS_exit_group),
    ALLOW(SYS_exit),
    ALLOW(SYS_read),
    ALLOW(SYS_mmap),
    ALLOW(SYS_munmap),
    ALLOW(SYS_brk),
    ALLOW(SYS_arch_prctl),
    ALLOW(SYS_rt_sigaction),
    ALLOW(SYS_rt_sigprocmask),
    ALLOW(SYS_fstat),
    ALLOW(SYS_getrandom),
    ALLOW(SYS_clock_gettime),
    ALLOW(SYS_close),
    ALLOW(SYS_mprotect),
    ALLOW(SYS_set_tid_address),
    ALLOW(SYS_prlimit64),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
};

static int Child(void* unused) {
  (void)unused;
  char map[64];
  WriteFile("/proc/self/setgroups", "deny");
  snprintf(map, sizeof(map), "%u %u 1\n", uid, uid);
  WriteFile("/proc/self/uid_map", map);
  snprintf(map, sizeof(map), "%u %u 1\n", gid, gid);
  WriteFile("/proc/self/gid_map", map);
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) Die("private");
  if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV,
            "mode=0755,size=64k") != 0) {
    Die("mount tmpfs");
  }
  if (chdir("/tmp") != 0) Die("chdir");
  if (syscall(SYS_pivot_root, ".", ".") != 0) Die("pivot_root");
  if (umount2(".", MNT_DETACH) != 0) Die("umount2");
  if (chdir("/") != 0) Die("chdir /");
  if (mount(NULL, "/", NULL,
            MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
            NULL) != 0) {
    Die("remount read-only");
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) Die("no_new_privs");
  struct {
    __u64 fs, net, scoped;
  } attr = {(1ull << 16) - 1, 3, 3};  // ABI 6+: files, TCP, scoping
  const int ruleset =
      (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof(attr), 0);
  if (ruleset < 0) Die("landlock_create_ruleset");
  struct landlock_path_beneath_attr rule = {
      .allowed_access =
          LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE,
      .parent_fd = exec_fd};
  if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule,
              0) != 0) {
    Die("landlock_add_rule");
  }
  if (syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
    Die("landlock_restrict_self");
  }
  close(ruleset);
  struct sock_fprog prog = {sizeof(filter) / sizeof(filter[0]), filter};
  if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0) {
    Die("seccomp");
  }
  syscall(SYS_execveat, exec_fd, "", image_argv, image_env, AT_EMPTY_PATH);
  Die("execveat");
  return 0;
}

static char stack[64 * 1024] __attribute__((aligned(16)));

int main(int argc, char** argv) {
  int shared_memory = 0;
  if (argc > 1 && strcmp(argv[1], "-v") == 0) {
    shared_memory = 1;
    ++argv;
    --argc;
  }
  if (argc != 2) {
    fprintf(stderr, "usage: launch_floor [-v] IMAGE\n");
    return 64;
  }
  uid = geteuid();
  gid = getegid();
  exec_fd = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (exec_fd < 0) Die(argv[1]);
  image_argv[0] = argv[1];
  const int flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET |
                    CLONE_NEWIPC | CLONE_NEWUTS | SIGCHLD;
  pid_t pid;
  if (shared_memory) {
    pid = clone(Child, stack + sizeof(stack), flags | CLONE_VM | CLONE_VFORK,
                NULL);
  } else {
    pid = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
    if (pid == 0) Child(NULL);
  }
  if (pid < 0) Die("clone");
  int status;
  if (waitpid(pid, &status, 0) < 0) Die("waitpid");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
