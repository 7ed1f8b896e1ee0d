/* libc_shim/newlib/internal.h -- what the files of hcall's system layer for
 * newlib share. The layer is C compiled against newlib's headers; below it
 * are the shim's hcl_* functions (Linux errno values, Linux O_* values) and
 * the hypercall ABI. */
#ifndef HCALL_LIBC_SHIM_NEWLIB_INTERNAL_H_
#define HCALL_LIBC_SHIM_NEWLIB_INTERNAL_H_

/* newlib's errno value for the shim's (Linux) error number (hcl_error);
 * EIO for one newlib has no name for. */
int hcl_newlib_errno_from_hcl(int hcl_error);

/* Sets newlib's errno from the shim's, and returns (result): for the calls
 * that return -1 with the shim's errno set. */
long hcl_newlib_fail(long result);

/* Runs main(argc, argv, envp) with (envp) as environ, then exit()s with its
 * result; called by hc_main (start.cc) once the capability table is up. */
void hcl_newlib_run(int argc, char** argv, char** envp)
    __attribute__((noreturn));

#endif /* HCALL_LIBC_SHIM_NEWLIB_INTERNAL_H_ */
