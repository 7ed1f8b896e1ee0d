/*
 * hypercall/hypercall.h -- the hcall hypercall ABI.
 *
 * This is the only interface between an hcall image and the platform it runs
 * on. An image that uses nothing but the declarations below runs unchanged on
 * every backend (linux, deterministic, baremetal). The header is C (C99/C11),
 * self-contained and freestanding: it includes only <stdint.h> and <stddef.h>.
 *
 * ---------------------------------------------------------------------------
 * The error contract (applies to every function in this header)
 * ---------------------------------------------------------------------------
 *  1. A function that can fail returns a value of type hc_status_t or
 *     hc_ssize_t. Zero or a positive value means success; a negative value is
 *     one of the HC_E* codes of enum hc_error, and nothing else.
 *  2. On failure a function MUST NOT have changed any output argument, unless
 *     its comment says otherwise, and MUST NOT have changed the state of
 *     (handle) beyond what the host makes unavoidable.
 *  3. Each function lists the codes it returns for conditions the caller can
 *     cause (a bad handle, a bad clock id, a misaligned length...). A backend
 *     MUST return exactly that code for that condition.
 *  4. A backend that cannot perform an operation at all (the host lacks it,
 *     or the handle's kind does not support it) MUST return HC_ENOTSUP; it
 *     MUST NOT pretend to succeed.
 *  5. A backend MAY additionally return HC_EIO for a host failure that has
 *     no closer code, and HC_ENOMEM when the host runs out of resources.
 *  6. Pointer arguments MUST point to accessible memory of the stated size.
 *     A backend MAY return HC_EFAULT when it detects that they do not, and
 *     MAY instead terminate the image; the caller MUST NOT rely on either.
 *  7. No function returns because of a host signal: a backend MUST restart
 *     or resume an interrupted host call itself (there is no HC_EINTR).
 *  8. Functions are not thread-safe; an image is single-threaded (fibers run
 *     on one host thread).
 *
 * ---------------------------------------------------------------------------
 * Handles
 * ---------------------------------------------------------------------------
 * A handle is a small non-negative integer naming an object the launcher
 * granted: the console (handles 0, 1 and 2: input, output, error output),
 * a file, or a block device. Images obtain other handles by name from the
 * boot manifest (see struct hc_boot_info); this header has no "open".
 *
 * ---------------------------------------------------------------------------
 * Entry
 * ---------------------------------------------------------------------------
 * The backend owns the entry point. It builds argc/argv/environ and the boot
 * information, initialises itself, checks that the image was built for this
 * HC_ABI_VERSION (and aborts with a message naming both versions if not), and
 * calls hc_main(). When hc_main() returns, the backend calls hc_exit() with
 * its return value. Before hc_main() the backend runs the image's static
 * constructors (.preinit_array, then .init_array, in link order); static
 * destructors (.fini_array) are NOT run. See hypercall/README.md for how
 * the Linux backends obtain the manifest and the seed from the launcher.
 */
#ifndef HCALL_HYPERCALL_HYPERCALL_H_
#define HCALL_HYPERCALL_HYPERCALL_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this ABI. Bumped on every incompatible change. */
#define HC_ABI_VERSION 1u

/* ------------------------------------------------------------------------ */
/* Results                                                                   */
/* ------------------------------------------------------------------------ */

/* 0 on success, or a negative HC_E* code. */
typedef int32_t hc_status_t;
/* A non-negative count on success, or a negative HC_E* code. */
typedef int64_t hc_ssize_t;

enum hc_error {
  HC_OK = 0,
  HC_EINVAL = -1, /* an argument is out of range or malformed */
  HC_EBADH = -2,  /* the handle does not name an object granted to the image */
  HC_EACCES = -3, /* the handle does not permit the operation (e.g. write to
                     a read-only handle), or the host refused it */
  HC_ENOMEM = -4, /* out of memory or address space; for page calls also:
                     the range is not mapped */
  HC_EIO = -5, /* input/output error, or a host failure with no closer code */
  HC_ENOSPC = -6,  /* no space left on the object */
  HC_EAGAIN = -7,  /* the operation would block on a non-blocking handle */
  HC_ENOTSUP = -8, /* the backend or the handle's kind cannot do this */
  HC_EFAULT = -9,  /* a pointer argument is not accessible (see rule 6) */
  HC_EPIPE = -10,  /* the reading side of the object is closed */
  HC_ERANGE = -11  /* an offset or size is beyond what the object supports */
};

/* ------------------------------------------------------------------------ */
/* Clocks                                                                    */
/* ------------------------------------------------------------------------ */

/* Clock ids. */
#define HC_CLOCK_REALTIME 0u  /* wall-clock time since 1970-01-01T00:00:00Z */
#define HC_CLOCK_MONOTONIC 1u /* never goes back; arbitrary origin */

/* Flags for hc_clock_nanosleep(). */
#define HC_TIMER_ABSTIME 1u /* (t) is an absolute time of (clock) */

/* A point or a span of time. Valid values have 0 <= tv_nsec < 1000000000 and
 * tv_sec >= 0. The layout equals Linux's struct __kernel_timespec. */
struct hc_timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
};

/* Stores the current time of (clock) in (ts).
 * Returns 0, or HC_EINVAL if (clock) is not an HC_CLOCK_* id. */
hc_status_t hc_clock_gettime(uint32_t clock, struct hc_timespec* ts);

/* Stores the resolution of (clock) in (res).
 * Returns 0, or HC_EINVAL if (clock) is not an HC_CLOCK_* id. */
hc_status_t hc_clock_getres(uint32_t clock, struct hc_timespec* res);

/* Suspends the image until (clock) reaches (t) if (flags) has
 * HC_TIMER_ABSTIME, or for the span (t) of (clock) if (flags) is 0. Returns
 * at once if an absolute (t) has passed. Never returns early.
 * Returns 0, or HC_EINVAL if (clock) is not an HC_CLOCK_* id, (flags) has a
 * bit other than HC_TIMER_ABSTIME, or (t) is not a valid hc_timespec. */
hc_status_t hc_clock_nanosleep(uint32_t clock, uint32_t flags,
                               const struct hc_timespec* t);

/* ------------------------------------------------------------------------ */
/* Memory                                                                    */
/* ------------------------------------------------------------------------ */

/* Page protections; HC_PROT_NONE or any OR of the others. */
#define HC_PROT_NONE 0u
#define HC_PROT_READ 1u
#define HC_PROT_WRITE 2u
#define HC_PROT_EXEC 4u

/* Returns the page size in bytes: a power of two, at least 4096, constant
 * for the life of the image. Cannot fail. */
size_t hc_page_size(void);

/* Maps (len) bytes of fresh zero-filled private memory with protection
 * (prot) and stores its page-aligned address in (addr).
 * Returns 0, HC_EINVAL if (len) is zero or not a multiple of hc_page_size()
 * or (prot) has an unknown bit, HC_ENOMEM if no memory is left, or HC_EACCES
 * if the host forbids (prot) (e.g. writable and executable). */
hc_status_t hc_page_map(size_t len, uint32_t prot, void** addr);

/* Unmaps the (len) bytes at (addr). Unmapping pages that are not mapped
 * succeeds. Returns 0, or HC_EINVAL if (addr) is not page-aligned or (len)
 * is zero or not a multiple of hc_page_size(). */
hc_status_t hc_page_unmap(void* addr, size_t len);

/* Sets the protection of the (len) bytes at (addr) to (prot).
 * Returns 0, HC_EINVAL if (addr) is not page-aligned, (len) is zero or not a
 * multiple of hc_page_size(), or (prot) has an unknown bit, HC_ENOMEM if part
 * of the range is not mapped, or HC_EACCES if the host forbids (prot). */
hc_status_t hc_page_protect(void* addr, size_t len, uint32_t prot);

/* ------------------------------------------------------------------------ */
/* Handles                                                                   */
/* ------------------------------------------------------------------------ */

typedef int32_t hc_handle_t;

#define HC_HANDLE_CONSOLE_IN 0
#define HC_HANDLE_CONSOLE_OUT 1
#define HC_HANDLE_CONSOLE_ERR 2

/* Kinds of object a handle names. */
#define HC_KIND_OTHER 0u
#define HC_KIND_FILE 1u  /* regular file: size is meaningful, seekable */
#define HC_KIND_BLOCK 2u /* block device: size is meaningful, seekable */
#define HC_KIND_CHAR 3u  /* character device (a terminal, /dev/null...) */
#define HC_KIND_PIPE 4u
#define HC_KIND_SOCKET 5u
#define HC_KIND_DIRECTORY 6u

struct hc_stat {
  uint32_t kind;       /* HC_KIND_* */
  uint32_t block_size; /* FILE: preferred I/O size; BLOCK: logical sector
                          size; others: preferred I/O size */
  uint64_t size;       /* FILE and BLOCK: size in bytes; others: 0 */
};

/* Stores what (handle) names in (st).
 * Returns 0, or HC_EBADH if (handle) is not a handle. */
hc_status_t hc_stat(hc_handle_t handle, struct hc_stat* st);

/* Writes up to (len) bytes from (buf) to (handle) at its current position.
 * MAY write fewer bytes than asked. Returns the count written (0 if (len) is
 * 0), HC_EBADH if (handle) is not a handle, HC_EACCES if it is not open for
 * writing, HC_EAGAIN if it is non-blocking and full, HC_EPIPE if its reader
 * is gone, HC_ENOSPC if the object is full, HC_ERANGE if the write would
 * pass the object's maximum size, or HC_EIO. */
hc_ssize_t hc_write(hc_handle_t handle, const void* buf, size_t len);

/* Reads up to (len) bytes from (handle) at its current position into (buf).
 * MAY read fewer bytes than asked; 0 means end of input. Returns the count
 * read, HC_EBADH if (handle) is not a handle, HC_EACCES if it is not open
 * for reading, HC_EAGAIN if it is non-blocking and empty, HC_ENOTSUP if its
 * kind cannot be read (a directory), or HC_EIO. */
hc_ssize_t hc_read(hc_handle_t handle, void* buf, size_t len);

/* Reads up to (len) bytes at byte (offset) of (handle) into (buf) without
 * moving its position. MAY read fewer bytes; 0 means (offset) is at or past
 * the end. Returns the count read, HC_EBADH, HC_EACCES (not open for
 * reading), HC_EINVAL if (offset) is above INT64_MAX, HC_ENOTSUP if (handle)
 * is not seekable (console, pipe, socket, directory), or HC_EIO. */
hc_ssize_t hc_pread(hc_handle_t handle, void* buf, size_t len, uint64_t offset);

/* Writes up to (len) bytes from (buf) at byte (offset) of (handle) without
 * moving its position. MAY write fewer bytes. Returns the count written,
 * HC_EBADH, HC_EACCES (not open for writing), HC_EINVAL if (offset) is above
 * INT64_MAX, HC_ENOTSUP if (handle) is not seekable, HC_ENOSPC, HC_ERANGE if
 * the write would pass the object's maximum size, or HC_EIO. */
hc_ssize_t hc_pwrite(hc_handle_t handle, const void* buf, size_t len,
                     uint64_t offset);

/* Waits until the data written to (handle) is on stable storage.
 * Returns 0, HC_EBADH, HC_ENOTSUP if (handle)'s kind has no storage to
 * synchronise (console, pipe, socket), HC_ENOSPC, or HC_EIO. */
hc_status_t hc_fsync(hc_handle_t handle);

/* Returns 1 if (handle) is an interactive terminal, 0 if it is not, or
 * HC_EBADH if it is not a handle. */
hc_status_t hc_isatty(hc_handle_t handle);

/* ------------------------------------------------------------------------ */
/* Randomness                                                                */
/* ------------------------------------------------------------------------ */

/* Fills up to (len) bytes of (buf) with random bytes. MAY return fewer than
 * (len) (the caller loops); returns at least 1 when (len) > 0. Returns the
 * count, 0 if (len) is 0, or HC_ENOTSUP if the backend has no randomness.
 * The linux backend returns cryptographic randomness; the deterministic
 * backend returns a reproducible stream derived from the boot seed. */
hc_ssize_t hc_getrandom(void* buf, size_t len);

/* ------------------------------------------------------------------------ */
/* Process                                                                   */
/* ------------------------------------------------------------------------ */

/* Ends the image with exit status (status); the host sees (status & 255).
 * Never returns. */
void hc_exit(int32_t status) __attribute__((noreturn));

/* Ends the image abnormally at once (SIGABRT on Linux, whatever handlers or
 * masks were set). Never returns. */
void hc_abort(void) __attribute__((noreturn));

/* ------------------------------------------------------------------------ */
/* Thread-local storage                                                      */
/* ------------------------------------------------------------------------ */

/* An image's thread-local variables (`_Thread_local`, `__thread`: its
 * PT_TLS segment) live in a TLS block that the code finds through the CPU's
 * thread pointer (x86_64: the fs base, TLS variant II; aarch64: TPIDR_EL0
 * and arm: TPIDRURO, variant I). Before the static constructors the backend
 * gives the entry context a block of its own. A scheduler that runs several
 * contexts on the one host thread (fibers) gives each a block with
 * hc_tls_init() and installs it with hc_tls_set() on every switch. */

/* Bytes a TLS block needs (alignment slack and the ABI's thread control block
 * included), or 0 if the image has no thread-local variables, or the program
 * is not an image (a hosted test: its libc owns the thread pointer). Constant
 * for the life of the image. Cannot fail. */
size_t hc_tls_size(void);

/* Builds a fresh TLS block in the hc_tls_size() bytes at (mem), which are
 * 16-byte aligned: the initialised thread-local data copied from the image,
 * the rest zeroed, the thread control block as the CPU's ABI wants it (on
 * x86_64 its first word points to itself). Returns the thread pointer value
 * that selects it, for hc_tls_set(); NULL if hc_tls_size() is 0. */
void* hc_tls_init(void* mem);

/* Returns the running context's thread pointer: the value last given to
 * hc_tls_set(), or the entry context's. NULL if hc_tls_size() is 0. */
void* hc_tls_get(void);

/* Makes (tp), a value returned by hc_tls_init() or hc_tls_get(), the running
 * context's thread pointer. On the linux backend this is a system call on
 * x86_64 (arch_prctl) and arm (set_tls); elsewhere a register write.
 * Returns 0, or HC_ENOTSUP if hc_tls_size() is 0 (nothing is changed). */
hc_status_t hc_tls_set(void* tp);

/* ------------------------------------------------------------------------ */
/* Boot information and the image entry                                      */
/* ------------------------------------------------------------------------ */

/* Bits of hc_boot_info.flags. */
#define HC_BOOT_SEED_GIVEN 1u /* the launcher supplied (seed) */

struct hc_boot_info {
  uint32_t abi_version; /* HC_ABI_VERSION of the backend */
  uint32_t size;        /* sizeof(struct hc_boot_info) of the backend */
  int32_t argc;
  uint32_t flags;        /* HC_BOOT_* */
  char** argv;           /* argv[argc] == NULL */
  char** envp;           /* NULL-terminated; launcher variables removed */
  const void* manifest;  /* the launcher's boot manifest, read-only and opaque
                            to the backend; NULL if there is none */
  uint64_t manifest_len; /* its length in bytes; 0 if there is none */
  uint64_t seed;         /* launcher's seed if HC_BOOT_SEED_GIVEN, else 0 */
  uint64_t reserved[8];  /* zero; room for later versions */
};

/* The image's entry function, called once by the backend with (boot), which
 * stays valid until the image ends. Its return value is the exit status. */
int hc_main(const struct hc_boot_info* boot);

/* The HC_ABI_VERSION the image was built against, checked by the backend
 * before hc_main() runs. Every image MUST define it exactly once, with
 * HC_DEFINE_IMAGE_ABI_VERSION at file scope in one of its sources. */
extern const uint32_t hc_image_abi_version;

#ifdef __cplusplus
#define HC_DEFINE_IMAGE_ABI_VERSION \
  extern "C" const uint32_t hc_image_abi_version = HC_ABI_VERSION
#else
#define HC_DEFINE_IMAGE_ABI_VERSION \
  const uint32_t hc_image_abi_version = HC_ABI_VERSION
#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_HYPERCALL_HYPERCALL_H_ */
