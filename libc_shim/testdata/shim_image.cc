// libc_shim/testdata/shim_image.cc -- a libc-free image on the shim's
// standard names that checks what only an image can: exit() runs atexit
// functions (last first) and then flushes buffered stdout; environ and
// getenv see the launcher's environment; threads (fibers) run; a double
// free aborts with the allocator's message. Modes (argv[1]):
//   (none)       prints the checks, then "SHIM IMAGE OK", exits 5
//   double-free  frees a block twice (must die with SIGABRT)
//   bad-name     open() of a name not in the manifest (prints errno)
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

namespace {

void LastWords() { printf("atexit 1\n"); }
void FirstWords() { printf("atexit 2\n"); }

pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
int g_sum = 0;

void* Add(void* arg) {
  for (int i = 0; i < 100; ++i) {
    pthread_mutex_lock(&g_lock);
    const int seen = g_sum;
    sched_yield();
    g_sum = seen + static_cast<int>(reinterpret_cast<long>(arg));
    pthread_mutex_unlock(&g_lock);
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && strcmp(argv[1], "double-free") == 0) {
    // volatile: GCC knows malloc/free and would drop the pair.
    void* volatile p = malloc(48);
    free(p);
    free(p);
    printf("still alive\n");
    return 0;
  }
  if (argc > 1 && strcmp(argv[1], "bad-name") == 0) {
    const int fd = open("no-such-grant", O_RDONLY);
    printf("open: %d errno %d (%s)\n", fd, errno, strerror(errno));
    return 0;
  }
  atexit(LastWords);
  atexit(FirstWords);
  const char* v = getenv("SHIM_TEST");
  printf("getenv: %s\n", v != nullptr ? v : "(unset)");
  setenv("SHIM_NEW", "42", 1);
  int count = 0;
  for (char** e = environ; *e != nullptr; ++e) {
    if (strncmp(*e, "SHIM_", 5) == 0) ++count;
  }
  printf("environ SHIM_ entries: %d\n", count);
  pthread_t t[4];
  for (long i = 0; i < 4; ++i)
    pthread_create(&t[i], nullptr, Add, reinterpret_cast<void*>(i + 1));
  for (pthread_t th : t) pthread_join(th, nullptr);
  printf("threads sum: %d\n", g_sum);
  struct timespec a, b, req = {0, 2000000};
  clock_gettime(CLOCK_MONOTONIC, &a);
  nanosleep(&req, nullptr);
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf(
      "slept enough: %s\n",
      (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec) >= 2000000
          ? "yes"
          : "no");
  char buf[64];
  snprintf(buf, sizeof(buf), "%-6s|%+05d|%#x|%p", "ab", 42, 255,
           static_cast<void*>(nullptr));
  printf("snprintf: %s\n", buf);
  printf("strtol: %ld\n", strtol("  -0x1F", nullptr, 0));
  printf("SHIM IMAGE OK\n");
  // No newline and no flush: exit() must flush this.
  printf("unflushed tail ");
  return 5;
}
