// rumpkernel/internal.h -- what the files of the rumpuser implementation
// share: NetBSD's errno numbers and the translation into them, the upcalls
// into the rump kernel, the console, panics and internal allocation.
#ifndef HCALL_RUMPKERNEL_INTERNAL_H_
#define HCALL_RUMPKERNEL_INTERNAL_H_

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "rump/rumpuser.h"

namespace hcall::rump {

// NetBSD's errno numbers (sys/errno.h): what every int-returning rumpuser
// call returns. Only 1..34 agree with Linux's, and 11 differs there too.
namespace nb {
inline constexpr int kEPERM = 1;
inline constexpr int kENOENT = 2;
inline constexpr int kESRCH = 3;
inline constexpr int kEIO = 5;
inline constexpr int kEBADF = 9;
inline constexpr int kEDEADLK = 11;
inline constexpr int kENOMEM = 12;
inline constexpr int kEACCES = 13;
inline constexpr int kEFAULT = 14;
inline constexpr int kEBUSY = 16;
inline constexpr int kEEXIST = 17;
inline constexpr int kEINVAL = 22;
inline constexpr int kEMFILE = 24;
inline constexpr int kEFBIG = 27;
inline constexpr int kENOSPC = 28;
inline constexpr int kEPIPE = 32;
inline constexpr int kERANGE = 34;
inline constexpr int kEAGAIN = 35;
inline constexpr int kEINPROGRESS = 36;
inline constexpr int kEOPNOTSUPP = 45;
inline constexpr int kETIMEDOUT = 60;
inline constexpr int kENAMETOOLONG = 63;
inline constexpr int kENOSYS = 78;
}  // namespace nb

// Translates a Linux errno number (what the capability layer and the libc
// shim use) into NetBSD's: 0 stays 0; HCALL_EREVOKED becomes EBADF; numbers
// NetBSD has no counterpart for, and negative ones, become EIO
// (errtrans.cc).
int NbErrnoFromLinux(int error);
// Translates an errno-style result of the capability layer (0, a count, or
// -HCALL_E*, Linux's numbers) into 0 or a positive NetBSD errno.
int NbErrnoFromCap(int64_t result);
// The same for an hc_* result (0, a count, or a negative HC_E* code).
int NbErrnoFromHc(int64_t result);

// ---- Upcalls (init.cc) ----------------------------------------------------

// Releases the caller's virtual CPU before a wait: calls
// hyp_backend_unschedule(0, &nlocks, interlock) and returns nlocks. Before
// rumpuser_init() (no upcalls yet) it does nothing and returns 0.
int Unschedule(void* interlock);
// Takes the virtual CPU back after a wait: hyp_backend_schedule(nlocks,
// interlock).
void Schedule(int nlocks, void* interlock);
// hyp_schedule() / hyp_unschedule(): a context without a virtual CPU (the
// bio fiber) entering and leaving the rump kernel.
void EnterKernel();
void LeaveKernel();
// hyp_lwproc_newlwp(0) (between EnterKernel and LeaveKernel), or 0 before
// rumpuser_init().
int NewLwp();
// hyp_lwproc_release() (between EnterKernel and LeaveKernel), if the kernel
// provides it.
void ReleaseLwp();

// ---- Console (console.cc) -------------------------------------------------

// Writes (len) bytes to the console's error stream (descriptor 2 of the
// capability table when it is set up, else HC_HANDLE_CONSOLE_ERR).
void WriteError(const char* s, size_t len);
void WriteErrorString(const char* s);
// Flushes what rumpuser_putchar has buffered.
void FlushPutchar();
// Formats like snprintf into (buf) of (size) bytes (NUL-terminated when
// size > 0); returns the full length. Conversions: d i u o x X c s p %, with
// flags - 0 + space #, width and precision (or *), lengths hh h l ll z j t.
int FormatV(char* buf, size_t size, const char* fmt, va_list ap);
int Format(char* buf, size_t size, const char* fmt, ...)
    __attribute__((format(printf, 3, 4)));

// Prints "rumpuser: panic: (what)\n" on the error stream and ends the image
// as a panic (EndAsPanic).
[[noreturn]] void Panic(const char* what);

// ---- Parameters (params.cc)
// --------------------------------------------------

// Chooses the default host name ("rump-NNNNN.hcall", from hc_getrandom)
// unless one was configured or chosen already.
void ChooseHostname();

// ---- Ending the image (exit.cc) ---------------------------------------------

// Calls the image's flush hook (hcall_rumpuser_set_exit), then flushes
// rumpuser_putchar's buffer; not re-entered while it runs.
void FlushBeforeEnd();
// Ends the image as hcall_rumpuser_set_exit says a panic does: hc_exit of
// the configured status, or hc_abort(). Does not flush.
[[noreturn]] void EndAsPanic();

// ---- Memory (memory.cc) ---------------------------------------------------

// Internal objects (locks, thread records): 16-byte aligned, never null
// (panics when memory is exhausted).
void* Allocate(size_t len);
void Release(void* p, size_t len);

// ---- Strings --------------------------------------------------------------

size_t Length(const char* s);
bool Equal(const char* a, const char* b);
// Copies (s) into (buf) of (size) bytes, truncating; NUL-terminated when
// size > 0. Returns Length(s).
size_t CopyString(char* buf, size_t size, const char* s);

// ---- Block I/O (bio.cc) ---------------------------------------------------

// True while a request for (fd), or for any descriptor if (fd) is -1, is
// queued or in progress.
bool BioBusy(int fd);
// Waits until BioBusy(fd) is false. The caller has released the virtual
// CPU (Unschedule) if BioBusy(fd) may be true.
void WaitBio(int fd);

}  // namespace hcall::rump

#endif  // HCALL_RUMPKERNEL_INTERNAL_H_
