/* newlib.h -- hcall's newlib configuration, written by hand in place of the
 * header newlib's configure generates (newlib/newlib.hin lists every
 * option). Images and newlib's own sources see this one file. */
#ifndef __NEWLIB_H__
#define __NEWLIB_H__ 1

#include <_newlib_version.h>

/* printf/scanf: C99 formats (%a, %hh, %j, %z, %t, ...), long long, and
 * positional arguments (%1$d). long double is printed as double would be
 * not at all: _WANT_IO_LONG_DOUBLE is off (README.md, "C library"). */
#define _WANT_IO_C99_FORMATS 1
#define _WANT_IO_LONG_LONG 1
#define _WANT_IO_POS_ARGS 1

/* POSIX clocks: clock_gettime/getres and nanosleep on REALTIME and
 * MONOTONIC (libc_shim/newlib/time.c). No timers (timer_create). */
#define _POSIX_TIMERS 1
#define _POSIX_MONOTONIC_CLOCK 200112L

/* The C locale only; one byte per character. */
#define _MB_LEN_MAX 1

/* The backends run .preinit_array/.init_array before hc_main. */
#define HAVE_INITFINI_ARRAY 1

/* atexit() takes more than 32 functions, from the heap. */
#define _ATEXIT_DYNAMIC_ALLOC 1

/* GCC has long double everywhere; on arm (AAPCS) it is double. */
#define _HAVE_LONG_DOUBLE 1
#if defined(__arm__)
#define _LDBL_EQ_DBL 1
#endif

/* newlib's loops must not become calls to memset/memcpy. */
#define _HAVE_CC_INHIBIT_LOOP_TO_LIBCALL 1

/* stdio: vectored writes, seek optimisation, wide orientation, and the
 * unbuffered-stream optimisation, as a default newlib build has them. */
#define _FVWRITE_IN_STREAMIO 1
#define _FSEEK_OPTIMIZATION 1
#define _WIDE_ORIENT 1
#define _UNBUF_STREAM_OPT 1

#endif /* __NEWLIB_H__ */
