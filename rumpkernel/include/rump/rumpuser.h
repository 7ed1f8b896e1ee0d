/*
 * rump/rumpuser.h -- the rumpuser(3) hypercall interface, version 17, as
 * hcall implements it (rumpkernel/).
 *
 * A NetBSD rump kernel is compiled against NetBSD's own
 * sys/rump/include/rump/rumpuser.h and linked against this library, so every
 * name, argument type, constant, flag value and the layout of struct
 * rumpuser_hyperup below equal that header's at RUMPUSER_VERSION 17 (NetBSD
 * rumpuser.h 1.116, the latest revision of version 17). This file is hcall's
 * own rendering of those interface facts; its comments say how hcall
 * implements each group. //test/rumpuser:abi_test checks every value and
 * offset against the numbers of NetBSD's header.
 *
 * Differences of spelling only (the ABI is the same):
 *   - pid_t is written int32_t (NetBSD's pid_t is int32_t; this header
 *     must not depend on a libc);
 *   - __dead and __printflike are written as GCC attributes;
 *   - curlwpop/curlwp and the sp_* calls are declared unconditionally
 *     (NetBSD hides them behind LIBRUMPUSER / _RUMP_SYSPROXY).
 *
 * Errors: every function returning int returns 0 or a positive errno value
 * in NetBSD's numbering (sys/errno.h), whatever the host's is, as rumpuser(3)
 * requires ("RETURN VALUES"). Functions returning void cannot fail; on an
 * impossible request (unlocking a mutex the caller does not hold...) they
 * print "rumpuser: panic: ..." and abort the image.
 *
 * The virtual CPU: a hypercall is entered with the caller scheduled in the
 * rump kernel. Every call that is about to block releases the virtual CPU
 * with hyp_backend_unschedule(0, &nlocks, interlock) first and takes it back
 * with hyp_backend_schedule(nlocks, interlock) before returning; calls that
 * complete without blocking make no upcall. See rumpkernel/README.md.
 */
#ifndef HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_H_
#define HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lwp;

/* ---- Initialisation ------------------------------------------------------ */

#define RUMPUSER_VERSION 17

/* The upcalls a rump kernel hands to rumpuser_init(): 13 function pointers
 * and 8 reserved pointers, in this order. */
struct rumpuser_hyperup {
  void (*hyp_schedule)(void);
  void (*hyp_unschedule)(void);
  void (*hyp_backend_unschedule)(int, int*, void*);
  void (*hyp_backend_schedule)(int, void*);
  void (*hyp_lwproc_switch)(struct lwp*);
  void (*hyp_lwproc_release)(void);
  int (*hyp_lwproc_rfork)(void*, int, const char*);
  int (*hyp_lwproc_newlwp)(int32_t /* pid_t */);
  struct lwp* (*hyp_lwproc_curlwp)(void);
  int (*hyp_syscall)(int, void*, long*);
  void (*hyp_lwpexit)(void);
  void (*hyp_execnotify)(const char*);
  int32_t /* pid_t */ (*hyp_getpid)(void);
  void* hyp__extra[8];
};

/* Checks (version) against RUMPUSER_VERSION and keeps a copy of (hyp).
 * A mismatch prints a line naming both versions on the console and returns
 * EINVAL; so does a null (hyp). */
int rumpuser_init(int version, const struct rumpuser_hyperup* hyp);

/* ---- Memory -------------------------------------------------------------- */

/* (alignment) is 0 or a power of two; the block is aligned to it (and to 16
 * in any case). Returns 0, ENOMEM, or EINVAL for a bad alignment. */
int rumpuser_malloc(size_t len, int alignment, void** memp);
/* (len) is the length given to rumpuser_malloc. */
void rumpuser_free(void* mem, size_t len);
/* Fresh zeroed pages aligned to 1 << (alignbit) (at least a page); (prefaddr)
 * is ignored. Executable memory needs the host to allow it (the launcher's
 * sandbox never maps W+X: EACCES). */
int rumpuser_anonmmap(void* prefaddr, size_t size, int alignbit, int exec,
                      void** memp);
void rumpuser_unmap(void* addr, size_t len);

/* ---- Files and I/O ------------------------------------------------------- */

#define RUMPUSER_OPEN_RDONLY 0x0000
#define RUMPUSER_OPEN_WRONLY 0x0001
#define RUMPUSER_OPEN_RDWR 0x0002
#define RUMPUSER_OPEN_ACCMODE 0x0003
#define RUMPUSER_OPEN_CREATE 0x0004
#define RUMPUSER_OPEN_EXCL 0x0008
#define RUMPUSER_OPEN_BIO 0x0010
/* (name) is a name of the boot manifest, opened through the capability
 * layer; the descriptor is the capability table's. */
int rumpuser_open(const char* name, int mode, int* fdp);
int rumpuser_close(int fd);

#define RUMPUSER_FT_OTHER 0
#define RUMPUSER_FT_DIR 1
#define RUMPUSER_FT_REG 2
#define RUMPUSER_FT_BLK 3
#define RUMPUSER_FT_CHR 4
int rumpuser_getfileinfo(const char* name, uint64_t* size, int* type);

#define RUMPUSER_BIO_READ 0x01
#define RUMPUSER_BIO_WRITE 0x02
#define RUMPUSER_BIO_SYNC 0x04
typedef void (*rump_biodone_fn)(void*, size_t, int);
/* Queues the request and returns; a bio fiber performs it and calls
 * (biodone) between hyp_schedule() and hyp_unschedule(). */
void rumpuser_bio(int fd, int op, void* data, size_t dlen, int64_t off,
                  rump_biodone_fn biodone, void* donearg);

struct rumpuser_iovec {
  void* iov_base;
  size_t iov_len;
};
#define RUMPUSER_IOV_NOSEEK -1
int rumpuser_iovread(int fd, struct rumpuser_iovec* ruiov, size_t iovlen,
                     int64_t off, size_t* retv);
int rumpuser_iovwrite(int fd, const struct rumpuser_iovec* ruiov, size_t iovlen,
                      int64_t off, size_t* retv);

#define RUMPUSER_SYNCFD_READ 0x01
#define RUMPUSER_SYNCFD_WRITE 0x02
#define RUMPUSER_SYNCFD_BOTH (RUMPUSER_SYNCFD_READ | RUMPUSER_SYNCFD_WRITE)
#define RUMPUSER_SYNCFD_BARRIER 0x04
#define RUMPUSER_SYNCFD_SYNC 0x08
int rumpuser_syncfd(int fd, int flags, uint64_t start, uint64_t len);

/* ---- Clocks -------------------------------------------------------------- */

enum rumpclock { RUMPUSER_CLOCK_RELWALL, RUMPUSER_CLOCK_ABSMONO };
/* RELWALL reads HC_CLOCK_REALTIME, ABSMONO HC_CLOCK_MONOTONIC. */
int rumpuser_clock_gettime(int enum_rumpclock, int64_t* sec, long* nsec);
/* RELWALL sleeps for (sec, nsec); ABSMONO until the monotonic clock reaches
 * (sec, nsec). Other fibers run meanwhile. */
int rumpuser_clock_sleep(int enum_rumpclock, int64_t sec, long nsec);

/* ---- Parameters ---------------------------------------------------------- */

#define RUMPUSER_PARAM_NCPU "_RUMPUSER_NCPU"
#define RUMPUSER_PARAM_HOSTNAME "_RUMPUSER_HOSTNAME"
/* See rump/rumpuser_hcall.h for where the values come from. */
int rumpuser_getparam(const char* name, void* buf, size_t buflen);

/* ---- errno of rump system calls ------------------------------------------ */

/* Stores (error) in the calling fiber's errno slot (fibers::ErrnoLocation),
 * unchanged. */
void rumpuser_seterrno(int error);

/* ---- Termination --------------------------------------------------------- */

#define RUMPUSER_PID_SELF ((int64_t)-1)
int rumpuser_kill(int64_t pid, int sig);
#define RUMPUSER_PANIC (-1)
void rumpuser_exit(int value) __attribute__((noreturn));

/* ---- Console ------------------------------------------------------------- */

void rumpuser_putchar(int ch);
void rumpuser_dprintf(const char* fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* ---- Randomness ---------------------------------------------------------- */

#define RUMPUSER_RANDOM_HARD 0x01
#define RUMPUSER_RANDOM_NOWAIT 0x02
int rumpuser_getrandom(void* buf, size_t buflen, int flags, size_t* retp);

/* ---- Threads and the current lwp ----------------------------------------- */

/* A rump thread is a fiber; (priority) and (cpuidx) are ignored. */
int rumpuser_thread_create(void* (*fun)(void*), void* arg, const char* thrname,
                           int mustjoin, int priority, int cpuidx,
                           void** cookie);
void rumpuser_thread_exit(void) __attribute__((noreturn));
int rumpuser_thread_join(void* cookie);

enum rumplwpop {
  RUMPUSER_LWP_CREATE,
  RUMPUSER_LWP_DESTROY,
  RUMPUSER_LWP_SET,
  RUMPUSER_LWP_CLEAR
};
/* The current lwp is per fiber (fibers::UserPointer). */
void rumpuser_curlwpop(int enum_rumplwpop, struct lwp* l);
struct lwp* rumpuser_curlwp(void);

/* ---- Mutexes, rwlocks, condition variables ------------------------------- */

struct rumpuser_mtx;
#define RUMPUSER_MTX_SPIN 0x01
#define RUMPUSER_MTX_KMUTEX 0x02
void rumpuser_mutex_init(struct rumpuser_mtx** mtxp, int flags);
void rumpuser_mutex_enter(struct rumpuser_mtx* mtx);
void rumpuser_mutex_enter_nowrap(struct rumpuser_mtx* mtx);
/* 0, or EBUSY. */
int rumpuser_mutex_tryenter(struct rumpuser_mtx* mtx);
void rumpuser_mutex_exit(struct rumpuser_mtx* mtx);
void rumpuser_mutex_destroy(struct rumpuser_mtx* mtx);
void rumpuser_mutex_owner(struct rumpuser_mtx* mtx, struct lwp** lp);
int rumpuser_mutex_spin_p(struct rumpuser_mtx* mtx);

struct rumpuser_rw;
enum rumprwlock { RUMPUSER_RW_READER, RUMPUSER_RW_WRITER };
void rumpuser_rw_init(struct rumpuser_rw** rwp);
void rumpuser_rw_enter(int enum_rumprwlock, struct rumpuser_rw* rw);
/* 0, or EBUSY. */
int rumpuser_rw_tryenter(int enum_rumprwlock, struct rumpuser_rw* rw);
/* 0, or EBUSY. */
int rumpuser_rw_tryupgrade(struct rumpuser_rw* rw);
void rumpuser_rw_downgrade(struct rumpuser_rw* rw);
void rumpuser_rw_exit(struct rumpuser_rw* rw);
void rumpuser_rw_destroy(struct rumpuser_rw* rw);
void rumpuser_rw_held(int enum_rumprwlock, struct rumpuser_rw* rw, int* heldp);

struct rumpuser_cv;
void rumpuser_cv_init(struct rumpuser_cv** cvp);
void rumpuser_cv_destroy(struct rumpuser_cv* cv);
void rumpuser_cv_wait(struct rumpuser_cv* cv, struct rumpuser_mtx* mtx);
void rumpuser_cv_wait_nowrap(struct rumpuser_cv* cv, struct rumpuser_mtx* mtx);
/* (sec, nsec) is relative. 0 if signalled, ETIMEDOUT if the time passed. */
int rumpuser_cv_timedwait(struct rumpuser_cv* cv, struct rumpuser_mtx* mtx,
                          int64_t sec, int64_t nsec);
void rumpuser_cv_signal(struct rumpuser_cv* cv);
void rumpuser_cv_broadcast(struct rumpuser_cv* cv);
/* Stores the number of fibers inside a wait on (cv). */
void rumpuser_cv_has_waiters(struct rumpuser_cv* cv, int* waitersp);

/* ---- Module and component bootstrap -------------------------------------- */

struct modinfo;
struct rump_component;
struct evcnt;
typedef void (*rump_modinit_fn)(const struct modinfo* const*, size_t);
typedef int (*rump_symload_fn)(void*, uint64_t, char*, uint64_t);
typedef void (*rump_compload_fn)(const struct rump_component*);
typedef void (*rump_evcntattach_fn)(struct evcnt*);
/* Does nothing: every hcall image is statically linked, and a statically
 * linked kernel registers its own link sets (modules, components, event
 * counters) in rump_init, as with NetBSD's static librumpuser. None of the
 * callbacks is called. Kernels of the version-17 generation that predate
 * (evcntattach) call this with three arguments: the fourth is never read. */
void rumpuser_dl_bootstrap(rump_modinit_fn domodinit, rump_symload_fn symload,
                           rump_compload_fn compload,
                           rump_evcntattach_fn evcntattach);

/* ---- Daemonisation ------------------------------------------------------- */

int rumpuser_daemonize_begin(void);
int rumpuser_daemonize_done(int error);

/* ---- Remote clients (sysproxy): not supported ---------------------------- */

/* rumpuser_sp_init returns EOPNOTSUPP, so no other sp_* call is reached;
 * they return EOPNOTSUPP too, and rumpuser_sp_fini does nothing. */
int rumpuser_sp_init(const char* url, const char* ostype, const char* osrelease,
                     const char* machine);
int rumpuser_sp_copyin(void* arg, const void* raddr, void* laddr, size_t len);
int rumpuser_sp_copyinstr(void* arg, const void* raddr, void* laddr,
                          size_t* lenp);
int rumpuser_sp_copyout(void* arg, const void* laddr, void* raddr, size_t dlen);
int rumpuser_sp_copyoutstr(void* arg, const void* laddr, void* raddr,
                           size_t* dlenp);
int rumpuser_sp_anonmmap(void* arg, size_t howmuch, void** addr);
int rumpuser_sp_raise(void* arg, int signo);
void rumpuser_sp_fini(void* arg);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_H_ */
