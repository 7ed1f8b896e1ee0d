// samples/hello.cc -- the sample hcall image: `./bazelw run //samples:hello`
// builds it for the host and runs it through the launcher, which grants it
// samples/greeting.txt under the manifest name "greeting" (read-only).
//
// It uses nothing but the hypercall ABI and the capability layer: no libc.
// It greets, opens the granted file by its manifest name, prints it, shows
// that a name it was not granted cannot be opened, echoes its arguments,
// reads the monotonic clock around a 1 ms sleep and exits 0.
#include "capability/errors.h"
#include "capability/table.h"
#include "hypercall/hypercall.h"

HC_DEFINE_IMAGE_ABI_VERSION;

namespace {

bool Print(const char* text, size_t len) {
  while (len > 0) {
    const hc_ssize_t n = hc_write(HC_HANDLE_CONSOLE_OUT, text, len);
    if (n <= 0) return false;
    text += n;
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool Print(const char* text) {
  size_t len = 0;
  while (text[len] != '\0') ++len;
  return Print(text, len);
}

}  // namespace

extern "C" int hc_main(const struct hc_boot_info* boot) {
  hcall::cap::Table& table = hcall::cap::boot(boot);
  if (!Print("Hello from hcall! This image uses only the hypercall ABI.\n")) {
    return 1;
  }

  const int fd = table.open("greeting", hcall::cap::kOpenReadOnly);
  if (fd < 0) {
    Print("hello: the launcher granted no file named \"greeting\"\n");
    return 1;
  }
  char text[512];
  const int64_t n = table.read(fd, text, sizeof(text));
  if (n < 0) {
    Print("hello: reading \"greeting\" failed\n");
    return 1;
  }
  Print("The granted file \"greeting\" says: ");
  Print(text, static_cast<size_t>(n));
  table.close(fd);
  if (table.open("/etc/passwd", hcall::cap::kOpenReadOnly) != -HCALL_ENOENT) {
    Print("hello: an ungranted name did not fail with ENOENT\n");
    return 1;
  }
  Print("Opening a name it was not granted fails with ENOENT, as it must.\n");

  for (int i = 1; i < boot->argc; ++i) {
    Print("  argument: ");
    Print(boot->argv[i]);
    Print("\n");
  }
  struct hc_timespec before, after;
  const struct hc_timespec one_ms = {0, 1000000};
  if (hc_clock_gettime(HC_CLOCK_MONOTONIC, &before) != 0 ||
      hc_clock_nanosleep(HC_CLOCK_MONOTONIC, 0, &one_ms) != 0 ||
      hc_clock_gettime(HC_CLOCK_MONOTONIC, &after) != 0) {
    Print("hello: the monotonic clock failed\n");
    return 1;
  }
  const int64_t slept_ns = (after.tv_sec - before.tv_sec) * 1000000000 +
                           (after.tv_nsec - before.tv_nsec);
  if (slept_ns < 1000000) {
    Print("hello: a 1 ms sleep returned early\n");
    return 1;
  }
  Print("Slept 1 ms on the monotonic clock; goodbye.\n");
  return 0;
}
