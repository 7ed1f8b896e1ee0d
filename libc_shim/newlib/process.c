/* libc_shim/newlib/process.c -- newlib's process calls on the hypercall
 * ABI: exit, signals to oneself, the process id, times, and the calls an
 * image cannot make (fork, exec, wait). exit() is newlib's: atexit
 * functions, then every stdio stream flushed, then _exit(). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "hypercall/hypercall.h"
#include "libc_shim/newlib/internal.h"

/* The image is the only process there is. */
enum { kImagePid = 1 };

int main(int argc, char** argv, char** envp);

/* When the image started, for times(). */
static struct hc_timespec g_start;

void hcl_newlib_run(int argc, char** argv, char** envp) {
  hc_clock_gettime(HC_CLOCK_MONOTONIC, &g_start);
  environ = envp;
  exit(main(argc, argv, envp));
}

void _exit(int status) { hc_exit(status); }

int _getpid(void) { return kImagePid; }

/* raise() of a signal with no handler ends here. SIGABRT (abort()) flushes
 * stdio, then aborts through the backend; any other signal ends the image
 * with status 128 + signal, as a shell reports a signal's death. */
int _kill(int pid, int sig) {
  if (pid != kImagePid) {
    errno = ESRCH;
    return -1;
  }
  if (sig == 0) return 0;
  fflush(NULL);
  if (sig == SIGABRT) hc_abort();
  hc_exit(128 + sig);
}

/* Process time is the MONOTONIC clock since the image started (no
 * accounting of user and system time by the ABI): all of it counts as
 * user time of this process. */
clock_t _times(struct tms* t) {
  struct hc_timespec now;
  if (hc_clock_gettime(HC_CLOCK_MONOTONIC, &now) != 0) {
    errno = EINVAL;
    return (clock_t)-1;
  }
  const long long ns = (now.tv_sec - g_start.tv_sec) * 1000000000LL +
                       (now.tv_nsec - g_start.tv_nsec);
  const clock_t ticks = (clock_t)(ns / (1000000000LL / CLOCKS_PER_SEC));
  if (t != NULL) {
    t->tms_utime = ticks;
    t->tms_stime = 0;
    t->tms_cutime = 0;
    t->tms_cstime = 0;
  }
  return ticks;
}

int _fork(void) {
  errno = ENOSYS;
  return -1;
}

int _execve(const char* path, char* const argv[], char* const envp[]) {
  (void)path;
  (void)argv;
  (void)envp;
  errno = ENOSYS;
  return -1;
}

int _wait(int* status) {
  (void)status;
  errno = ECHILD;
  return -1;
}
