// test/rumpuser/abi_test.cc -- rump/rumpuser.h against the numbers of
// NetBSD's sys/rump/include/rump/rumpuser.h at RUMPUSER_VERSION 17: every
// constant, enum value, the layout of struct rumpuser_hyperup and struct
// rumpuser_iovec, and the type of every hypercall. A rump kernel compiled
// against NetBSD's header calls this library, so any difference here is an
// ABI break. The expected values are written out as literals on purpose.
//
// Portable (test/harness/hctest.h subset, no libc).
#include <stddef.h>
#include <stdint.h>

#include "rump/rumpuser.h"
#include "rump/rumpuser_component.h"
#include "test/harness/hctest.h"

namespace {

template <typename A, typename B>
struct Same {
  static constexpr bool value = false;
};
template <typename A>
struct Same<A, A> {
  static constexpr bool value = true;
};

// The type of every function a rump kernel imports, as NetBSD declares it
// (pid_t is int32_t there; off_t arguments are int64_t at version 17).
#define HC_RUMP_SIGNATURE(fn, type) \
  static_assert(Same<decltype(&fn), type>::value, #fn " has the wrong type")
HC_RUMP_SIGNATURE(rumpuser_init, int (*)(int, const rumpuser_hyperup*));
HC_RUMP_SIGNATURE(rumpuser_malloc, int (*)(size_t, int, void**));
HC_RUMP_SIGNATURE(rumpuser_free, void (*)(void*, size_t));
HC_RUMP_SIGNATURE(rumpuser_anonmmap, int (*)(void*, size_t, int, int, void**));
HC_RUMP_SIGNATURE(rumpuser_unmap, void (*)(void*, size_t));
HC_RUMP_SIGNATURE(rumpuser_open, int (*)(const char*, int, int*));
HC_RUMP_SIGNATURE(rumpuser_close, int (*)(int));
HC_RUMP_SIGNATURE(rumpuser_getfileinfo, int (*)(const char*, uint64_t*, int*));
HC_RUMP_SIGNATURE(rumpuser_bio, void (*)(int, int, void*, size_t, int64_t,
                                         rump_biodone_fn, void*));
HC_RUMP_SIGNATURE(rumpuser_iovread,
                  int (*)(int, rumpuser_iovec*, size_t, int64_t, size_t*));
HC_RUMP_SIGNATURE(rumpuser_iovwrite, int (*)(int, const rumpuser_iovec*, size_t,
                                             int64_t, size_t*));
HC_RUMP_SIGNATURE(rumpuser_syncfd, int (*)(int, int, uint64_t, uint64_t));
HC_RUMP_SIGNATURE(rumpuser_clock_gettime, int (*)(int, int64_t*, long*));
HC_RUMP_SIGNATURE(rumpuser_clock_sleep, int (*)(int, int64_t, long));
HC_RUMP_SIGNATURE(rumpuser_getparam, int (*)(const char*, void*, size_t));
HC_RUMP_SIGNATURE(rumpuser_seterrno, void (*)(int));
HC_RUMP_SIGNATURE(rumpuser_kill, int (*)(int64_t, int));
HC_RUMP_SIGNATURE(rumpuser_exit, void (*)(int));
HC_RUMP_SIGNATURE(rumpuser_putchar, void (*)(int));
// (The format attribute keeps decltype from naming this one exactly; a
// pointer of the exact type must accept it.)
[[maybe_unused]] void (*const kDprintf)(const char*, ...) = rumpuser_dprintf;
HC_RUMP_SIGNATURE(rumpuser_getrandom, int (*)(void*, size_t, int, size_t*));
HC_RUMP_SIGNATURE(rumpuser_thread_create,
                  int (*)(void* (*)(void*), void*, const char*, int, int, int,
                          void**));
HC_RUMP_SIGNATURE(rumpuser_thread_exit, void (*)(void));
HC_RUMP_SIGNATURE(rumpuser_thread_join, int (*)(void*));
HC_RUMP_SIGNATURE(rumpuser_curlwpop, void (*)(int, lwp*));
HC_RUMP_SIGNATURE(rumpuser_curlwp, lwp* (*)(void));
HC_RUMP_SIGNATURE(rumpuser_mutex_init, void (*)(rumpuser_mtx**, int));
HC_RUMP_SIGNATURE(rumpuser_mutex_enter, void (*)(rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_mutex_enter_nowrap, void (*)(rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_mutex_tryenter, int (*)(rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_mutex_exit, void (*)(rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_mutex_destroy, void (*)(rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_mutex_owner, void (*)(rumpuser_mtx*, lwp**));
HC_RUMP_SIGNATURE(rumpuser_mutex_spin_p, int (*)(rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_rw_init, void (*)(rumpuser_rw**));
HC_RUMP_SIGNATURE(rumpuser_rw_enter, void (*)(int, rumpuser_rw*));
HC_RUMP_SIGNATURE(rumpuser_rw_tryenter, int (*)(int, rumpuser_rw*));
HC_RUMP_SIGNATURE(rumpuser_rw_tryupgrade, int (*)(rumpuser_rw*));
HC_RUMP_SIGNATURE(rumpuser_rw_downgrade, void (*)(rumpuser_rw*));
HC_RUMP_SIGNATURE(rumpuser_rw_exit, void (*)(rumpuser_rw*));
HC_RUMP_SIGNATURE(rumpuser_rw_destroy, void (*)(rumpuser_rw*));
HC_RUMP_SIGNATURE(rumpuser_rw_held, void (*)(int, rumpuser_rw*, int*));
HC_RUMP_SIGNATURE(rumpuser_cv_init, void (*)(rumpuser_cv**));
HC_RUMP_SIGNATURE(rumpuser_cv_destroy, void (*)(rumpuser_cv*));
HC_RUMP_SIGNATURE(rumpuser_cv_wait, void (*)(rumpuser_cv*, rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_cv_wait_nowrap,
                  void (*)(rumpuser_cv*, rumpuser_mtx*));
HC_RUMP_SIGNATURE(rumpuser_cv_timedwait,
                  int (*)(rumpuser_cv*, rumpuser_mtx*, int64_t, int64_t));
HC_RUMP_SIGNATURE(rumpuser_cv_signal, void (*)(rumpuser_cv*));
HC_RUMP_SIGNATURE(rumpuser_cv_broadcast, void (*)(rumpuser_cv*));
HC_RUMP_SIGNATURE(rumpuser_cv_has_waiters, void (*)(rumpuser_cv*, int*));
HC_RUMP_SIGNATURE(rumpuser_dl_bootstrap,
                  void (*)(rump_modinit_fn, rump_symload_fn, rump_compload_fn,
                           rump_evcntattach_fn));
HC_RUMP_SIGNATURE(rumpuser_daemonize_begin, int (*)(void));
HC_RUMP_SIGNATURE(rumpuser_daemonize_done, int (*)(int));
HC_RUMP_SIGNATURE(rumpuser_sp_init,
                  int (*)(const char*, const char*, const char*, const char*));
HC_RUMP_SIGNATURE(rumpuser_sp_copyin,
                  int (*)(void*, const void*, void*, size_t));
HC_RUMP_SIGNATURE(rumpuser_sp_copyinstr,
                  int (*)(void*, const void*, void*, size_t*));
HC_RUMP_SIGNATURE(rumpuser_sp_copyout,
                  int (*)(void*, const void*, void*, size_t));
HC_RUMP_SIGNATURE(rumpuser_sp_copyoutstr,
                  int (*)(void*, const void*, void*, size_t*));
HC_RUMP_SIGNATURE(rumpuser_sp_anonmmap, int (*)(void*, size_t, void**));
HC_RUMP_SIGNATURE(rumpuser_sp_raise, int (*)(void*, int));
HC_RUMP_SIGNATURE(rumpuser_sp_fini, void (*)(void*));
// rump/rumpuser_component.h, which kernel components import.
HC_RUMP_SIGNATURE(rumpuser_component_unschedule, void* (*)(void));
HC_RUMP_SIGNATURE(rumpuser_component_schedule, void (*)(void*));
HC_RUMP_SIGNATURE(rumpuser_component_kthread, void (*)(void));
HC_RUMP_SIGNATURE(rumpuser_component_kthread_release, void (*)(void));
HC_RUMP_SIGNATURE(rumpuser_component_errtrans, int (*)(int));
// The callback and upcall types.
static_assert(Same<rump_biodone_fn, void (*)(void*, size_t, int)>::value, "");
static_assert(
    Same<rump_modinit_fn, void (*)(const modinfo* const*, size_t)>::value, "");
static_assert(
    Same<rump_symload_fn, int (*)(void*, uint64_t, char*, uint64_t)>::value,
    "");
static_assert(Same<rump_compload_fn, void (*)(const rump_component*)>::value,
              "");
static_assert(Same<rump_evcntattach_fn, void (*)(evcnt*)>::value, "");
static_assert(Same<decltype(rumpuser_hyperup::hyp_backend_unschedule),
                   void (*)(int, int*, void*)>::value,
              "");
static_assert(Same<decltype(rumpuser_hyperup::hyp_backend_schedule),
                   void (*)(int, void*)>::value,
              "");
static_assert(Same<decltype(rumpuser_hyperup::hyp_lwproc_rfork),
                   int (*)(void*, int, const char*)>::value,
              "");
static_assert(Same<decltype(rumpuser_hyperup::hyp_lwproc_newlwp),
                   int (*)(int32_t)>::value,
              "");
static_assert(Same<decltype(rumpuser_hyperup::hyp_syscall),
                   int (*)(int, void*, long*)>::value,
              "");
static_assert(
    Same<decltype(rumpuser_hyperup::hyp_getpid), int32_t (*)(void)>::value, "");
#undef HC_RUMP_SIGNATURE

constexpr size_t kPtr = sizeof(void*);

TEST(RumpuserAbi, Version) { EXPECT_EQ(RUMPUSER_VERSION, 17); }

TEST(RumpuserAbi, HyperupLayoutIsThirteenUpcallsThenEightSpares) {
  // Member order of NetBSD's struct rumpuser_hyperup; each is one pointer.
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_schedule), 0 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_unschedule), 1 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_backend_unschedule), 2 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_backend_schedule), 3 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_lwproc_switch), 4 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_lwproc_release), 5 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_lwproc_rfork), 6 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_lwproc_newlwp), 7 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_lwproc_curlwp), 8 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_syscall), 9 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_lwpexit), 10 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_execnotify), 11 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_getpid), 12 * kPtr);
  EXPECT_EQ(offsetof(rumpuser_hyperup, hyp__extra), 13 * kPtr);
  EXPECT_EQ(sizeof(rumpuser_hyperup::hyp__extra), 8 * kPtr);
  EXPECT_EQ(sizeof(rumpuser_hyperup), 21 * kPtr);
  EXPECT_EQ(alignof(rumpuser_hyperup), alignof(void*));
}

TEST(RumpuserAbi, HyperupInBytesOnThisCpu) {
  if (kPtr == 8) {  // x86_64, aarch64
    EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_backend_schedule), 24u);
    EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_getpid), 96u);
    EXPECT_EQ(offsetof(rumpuser_hyperup, hyp__extra), 104u);
    EXPECT_EQ(sizeof(rumpuser_hyperup), 168u);
  } else {  // arm
    EXPECT_EQ(kPtr, 4u);
    EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_backend_schedule), 12u);
    EXPECT_EQ(offsetof(rumpuser_hyperup, hyp_getpid), 48u);
    EXPECT_EQ(offsetof(rumpuser_hyperup, hyp__extra), 52u);
    EXPECT_EQ(sizeof(rumpuser_hyperup), 84u);
  }
}

TEST(RumpuserAbi, IovecMatchesTheKernelsStructIovec) {
  EXPECT_EQ(offsetof(rumpuser_iovec, iov_base), 0u);
  EXPECT_EQ(offsetof(rumpuser_iovec, iov_len), kPtr);
  EXPECT_EQ(sizeof(rumpuser_iovec::iov_len), sizeof(size_t));
  EXPECT_EQ(sizeof(rumpuser_iovec), 2 * kPtr);
}

TEST(RumpuserAbi, OpenFlags) {
  EXPECT_EQ(RUMPUSER_OPEN_RDONLY, 0x0000);
  EXPECT_EQ(RUMPUSER_OPEN_WRONLY, 0x0001);
  EXPECT_EQ(RUMPUSER_OPEN_RDWR, 0x0002);
  EXPECT_EQ(RUMPUSER_OPEN_ACCMODE, 0x0003);
  EXPECT_EQ(RUMPUSER_OPEN_CREATE, 0x0004);
  EXPECT_EQ(RUMPUSER_OPEN_EXCL, 0x0008);
  EXPECT_EQ(RUMPUSER_OPEN_BIO, 0x0010);
}

TEST(RumpuserAbi, FileTypes) {
  EXPECT_EQ(RUMPUSER_FT_OTHER, 0);
  EXPECT_EQ(RUMPUSER_FT_DIR, 1);
  EXPECT_EQ(RUMPUSER_FT_REG, 2);
  EXPECT_EQ(RUMPUSER_FT_BLK, 3);
  EXPECT_EQ(RUMPUSER_FT_CHR, 4);
}

TEST(RumpuserAbi, BioSyncfdAndIovConstants) {
  EXPECT_EQ(RUMPUSER_BIO_READ, 0x01);
  EXPECT_EQ(RUMPUSER_BIO_WRITE, 0x02);
  EXPECT_EQ(RUMPUSER_BIO_SYNC, 0x04);
  EXPECT_EQ(RUMPUSER_IOV_NOSEEK, -1);
  EXPECT_EQ(RUMPUSER_SYNCFD_READ, 0x01);
  EXPECT_EQ(RUMPUSER_SYNCFD_WRITE, 0x02);
  EXPECT_EQ(RUMPUSER_SYNCFD_BOTH, 0x03);
  EXPECT_EQ(RUMPUSER_SYNCFD_BARRIER, 0x04);
  EXPECT_EQ(RUMPUSER_SYNCFD_SYNC, 0x08);
}

TEST(RumpuserAbi, EnumsArePassedAsTheseInts) {
  EXPECT_EQ(static_cast<int>(RUMPUSER_CLOCK_RELWALL), 0);
  EXPECT_EQ(static_cast<int>(RUMPUSER_CLOCK_ABSMONO), 1);
  EXPECT_EQ(static_cast<int>(RUMPUSER_RW_READER), 0);
  EXPECT_EQ(static_cast<int>(RUMPUSER_RW_WRITER), 1);
  EXPECT_EQ(static_cast<int>(RUMPUSER_LWP_CREATE), 0);
  EXPECT_EQ(static_cast<int>(RUMPUSER_LWP_DESTROY), 1);
  EXPECT_EQ(static_cast<int>(RUMPUSER_LWP_SET), 2);
  EXPECT_EQ(static_cast<int>(RUMPUSER_LWP_CLEAR), 3);
}

TEST(RumpuserAbi, MutexRandomAndTerminationConstants) {
  EXPECT_EQ(RUMPUSER_MTX_SPIN, 0x01);
  EXPECT_EQ(RUMPUSER_MTX_KMUTEX, 0x02);
  EXPECT_EQ(RUMPUSER_RANDOM_HARD, 0x01);
  EXPECT_EQ(RUMPUSER_RANDOM_NOWAIT, 0x02);
  EXPECT_EQ(RUMPUSER_PANIC, -1);
  EXPECT_EQ(RUMPUSER_PID_SELF, static_cast<int64_t>(-1));
  EXPECT_EQ(sizeof(RUMPUSER_PID_SELF), 8u);
}

TEST(RumpuserAbi, ParameterNames) {
  EXPECT_STREQ(RUMPUSER_PARAM_NCPU, "_RUMPUSER_NCPU");
  EXPECT_STREQ(RUMPUSER_PARAM_HOSTNAME, "_RUMPUSER_HOSTNAME");
}

}  // namespace
