/*
 * rump/rumpuser_hcall.h -- hcall's additions to rumpuser(3): where the
 * hypervisor's parameters come from. Not part of NetBSD's interface; a rump
 * kernel never calls these. The image's start code calls one of them before
 * rump_init() (which calls rumpuser_init()).
 *
 * Parameters (rumpuser_getparam):
 *   _RUMPUSER_NCPU      (ncpu), default 1: every rump thread runs on the one
 *                       host thread of the image, so more virtual CPUs add
 *                       no parallelism.
 *   _RUMPUSER_HOSTNAME  (hostname), default "rump-NNNNN.hcall" with five
 *                       digits from hc_getrandom, drawn once per image.
 *   any other "_NAME"   EINVAL (a mandatory parameter hcall does not know).
 *   any other NAME      the value of NAME in (envp), as NetBSD's
 *                       implementation reads the host environment: ENOENT if
 *                       absent, ERANGE if it does not fit.
 * Values are copied as NUL-terminated strings, truncated to the buffer (as
 * NetBSD's snprintf does) for the two mandatory ones.
 */
#ifndef HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_HCALL_H_
#define HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_HCALL_H_

#include <stdint.h>

#include "hypercall/hypercall.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hcall_rumpuser_config {
  uint32_t ncpu;        /* 1..4096; 0 keeps the default */
  const char* hostname; /* NULL keeps the default; not copied */
  char* const* envp;    /* NULL-terminated "NAME=value" list, or NULL;
                           not copied */
};

/* Sets the parameters. Returns 0, or EINVAL (NetBSD numbering) if (config)
 * is NULL or (ncpu) is above 4096; nothing changes then. */
int hcall_rumpuser_configure(const struct hcall_rumpuser_config* config);

/* How the image ends when the rump kernel ends it. rumpuser_exit,
 * rumpuser_kill with a signal that ends a process, and panics (the
 * kernel's rumpuser_exit(RUMPUSER_PANIC), or this library's own on misuse)
 * first call (flush), if not NULL (the image's own buffered streams), then
 * flush rumpuser_putchar's buffer. Then a panic ends the image with
 * hc_exit(panic_status) when panic_status is 0..255, or with hc_abort() when
 * it is -1, as NetBSD's implementation aborts (the default). */
struct hcall_rumpuser_exit_config {
  void (*flush)(void);
  int32_t panic_status;
};

/* Sets it; NULL restores the defaults (no flush hook, abort on panic).
 * Returns 0, or EINVAL if panic_status is outside -1..255 (nothing changes
 * then). */
int hcall_rumpuser_set_exit(const struct hcall_rumpuser_exit_config* config);

/* Calls the flush hook, then flushes rumpuser_putchar's buffer: what the
 * image's own fatal paths (a fiber deadlock report, ...) call before they
 * abort. Re-entered (a flush hook that panics) it does nothing. */
void hcall_rumpuser_flush(void);

/* The same from the boot information: envp is (boot)->envp; RUMP_NCPU
 * (a decimal number, or "host", which means 1 here) and RUMP_HOSTNAME, the
 * variables NetBSD's implementation reads, set ncpu and hostname. Returns 0
 * or EINVAL (a malformed RUMP_NCPU; nothing changes then). */
int hcall_rumpuser_configure_from_boot(const struct hc_boot_info* boot);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_HCALL_H_ */
