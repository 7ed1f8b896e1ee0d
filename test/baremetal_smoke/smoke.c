/*
 * Bare-metal smoke program shared by every machine (none_aarch64, none_arm,
 * none_x86_64).  The per-architecture boot_<arch>.S sets up a stack, clears
 * .bss, calls smoke_main() and hands its return value to smoke_exit(), which
 * makes QEMU terminate with that status.
 *
 * The qemu_test runner looks for the marker HCALL-BAREMETAL-SMOKE-OK on the
 * serial console and checks QEMU's exit status against SMOKE_EXIT_STATUS.
 *
 * No libc: only the two routines below come from boot_<arch>.S.  Keep this file
 * free of struct copies and large initialised locals so that GCC never emits
 * memcpy/memset calls.
 */

#ifndef SMOKE_EXIT_STATUS
#define SMOKE_EXIT_STATUS 0
#endif

#if defined(__aarch64__)
#define SMOKE_ARCH "aarch64"
#elif defined(__arm__)
#define SMOKE_ARCH "arm"
#elif defined(__x86_64__)
#define SMOKE_ARCH "x86_64"
#else
#error "unsupported architecture"
#endif

/* Provided by boot_<arch>.S. */
void smoke_uart_putc(int c);
void smoke_exit(int status) __attribute__((noreturn));

int smoke_main(void);

static void smoke_puts(const char* s) {
  while (*s != '\0') {
    smoke_uart_putc((unsigned char)*s++);
  }
}

int smoke_main(void) {
  smoke_puts("HCALL-BAREMETAL-SMOKE-OK " SMOKE_ARCH "\n");
  return SMOKE_EXIT_STATUS;
}
