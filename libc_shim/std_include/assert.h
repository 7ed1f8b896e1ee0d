/* <assert.h> of images that take the hcall libc shim as their whole libc:
 * a failed assert() prints "FILE:LINE: FUNCTION: Assertion `EXPR' failed."
 * on stderr and aborts (status 134 through the launcher; stdout is not
 * flushed, as with glibc). Like every <assert.h>, it may be included again
 * after NDEBUG changes: assert follows NDEBUG at each inclusion. */
#ifndef HCALL_LIBC_SHIM_STD_ASSERT_H_
#define HCALL_LIBC_SHIM_STD_ASSERT_H_

#ifdef __cplusplus
extern "C" {
#endif

/* The message above, then abort(). */
void hcl_assert_fail(const char* expr, const char* file, int line,
                     const char* function) __attribute__((__noreturn__));

#ifdef __cplusplus
} /* extern "C" */
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

#endif /* HCALL_LIBC_SHIM_STD_ASSERT_H_ */

#undef assert
#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr) \
  ((expr) ? (void)0 : hcl_assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif
