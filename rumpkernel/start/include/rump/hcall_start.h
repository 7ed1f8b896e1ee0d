/*
 * rump/hcall_start.h -- the start-up of an hcall image that runs a rump
 * kernel (//rumpkernel/start). Not part of NetBSD's interface.
 *
 * //rumpkernel/start:crt is the image's hc_main: it calls
 * hcall_rump_start(boot, flush the libc shim's streams), sets the shim's
 * environ from the boot environment, runs main(argc, argv, envp) and exits
 * with its result (atexit handlers, streams flushed). main() then calls
 * rump_init() and, to reach granted devices by name,
 * hcall_rump_register_grants().
 *
 * Exit statuses of such an image:
 *   main's result          main returned (or called exit)
 *   0                      the kernel halted: rump_sys_reboot() without
 *                          RB_HALT (the kernel calls rumpuser_exit(0));
 *                          with RB_HALT the kernel never returns
 *   HCALL_RUMP_STATUS_PANIC  the kernel panicked (rumpuser_exit(
 *                          RUMPUSER_PANIC)), or the rumpuser library did
 *                          on the kernel's misuse; the line "rumpuser: the
 *                          rump kernel panicked" (or "rumpuser: panic:
 *                          WHAT") is the last on the error stream
 *   HCALL_RUMP_STATUS_CONFIG a bad boot manifest or RUMP_* environment,
 *                          with one line on the error stream
 *   128 + N                the kernel sent itself signal N that ends a
 *                          process (rumpuser_kill); SIGABRT-like signals
 *                          abort the image instead (none_x86_64 relays
 *                          statuses up to 127 only: 127 there)
 * In every one of these cases, and before the fiber scheduler's deadlock
 * report aborts the image, the libc shim's stdout and the kernel's console
 * buffer (rumpuser_putchar) are flushed first, so no line is lost. The
 * application's own abort() does not flush (ISO C leaves that open), and a
 * crash (SIGSEGV, a CPU exception) cannot.
 */
#ifndef HCALL_RUMPKERNEL_START_INCLUDE_RUMP_HCALL_START_H_
#define HCALL_RUMPKERNEL_START_INCLUDE_RUMP_HCALL_START_H_

#include <stdint.h>

#include "hypercall/hypercall.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Exit status of an image whose rump kernel panicked. */
#define HCALL_RUMP_STATUS_PANIC 100
/* Exit status of an image whose boot manifest or RUMP_* environment is bad
 * (the capability layer's kBootFailureStatus, sysexits' EX_CONFIG). */
#define HCALL_RUMP_STATUS_CONFIG 78

/* Sets the image up before main(), in this order:
 *  1. boots the capability table from (boot)'s manifest (capability::boot);
 *  2. derives RUMP_MEMLIMIT from the memory quota (the launcher's
 *     --memory): hcall_rump_memlimit_for(quota) bytes, in decimal, unless
 *     the boot environment sets RUMP_MEMLIMIT itself (that value is kept);
 *  3. configures rumpuser(3) from the boot environment plus that
 *     RUMP_MEMLIMIT (hcall_rumpuser_configure_from_boot: RUMP_NCPU,
 *     RUMP_HOSTNAME, and every other variable for rumpuser_getparam);
 *  4. makes panics end the image with HCALL_RUMP_STATUS_PANIC, and calls
 *     (flush) (may be NULL), then flushes the kernel's console buffer,
 *     whenever the kernel ends the image (hcall_rumpuser_set_exit) and
 *     before the fiber scheduler's deadlock report.
 * On failure it writes one line to the error stream and ends the image with
 * HCALL_RUMP_STATUS_CONFIG. Call it once. */
void hcall_rump_start(const struct hc_boot_info* boot, void (*flush)(void));

/* The RUMP_MEMLIMIT, in bytes, for a memory quota of (quota) bytes: three
 * quarters of it, rounded down to 4 KiB. The rest is for what the kernel's
 * accounting does not see: fiber stacks, allocator slack, the image's own
 * heap. 0 for a quota of 0 (no limit known: RUMP_MEMLIMIT is not set). */
uint64_t hcall_rump_memlimit_for(uint64_t quota);

/* The RUMP_MEMLIMIT hcall_rump_start set, in bytes; 0 if it set none
 * (no quota, or the environment chose its own). */
uint64_t hcall_rump_memlimit(void);

/* Registers every granted block device and file with the rump kernel, by
 * its manifest name, as NetBSD's rump_pub_etfs_register does for a host
 * path: a block grant NAME becomes the block device /dev/NAME
 * (RUMP_ETFS_BLK), a file grant NAME the regular file /NAME (RUMP_ETFS_REG);
 * rumpuser_open then opens NAME through the capability table. Consoles are
 * skipped. Call it after rump_init(). Returns 0, ENOSYS (NetBSD's 78) if
 * the kernel has no rump_pub_etfs_register (no VFS component linked), or
 * the first error the kernel returned (every grant is still tried; each
 * failure is reported on the error stream). */
int hcall_rump_register_grants(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_RUMPKERNEL_START_INCLUDE_RUMP_HCALL_START_H_ */
