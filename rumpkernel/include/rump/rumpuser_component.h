/*
 * rump/rumpuser_component.h -- hcall's rendering of the helpers NetBSD's
 * rump kernel components (networking drivers such as virtif, shmif and
 * sockin; USB host drivers) use to call into the host from kernel code and
 * to run host threads as kernel threads. Same names, types and meaning as
 * NetBSD's sys/rump/include/rump/rumpuser_component.h; not part of
 * rumpuser.h and not versioned with it.
 *
 * A component that is about to block in the host releases its virtual CPU
 * first and takes it back afterwards:
 *     void* cookie = rumpuser_component_unschedule();
 *     ... host call that may wait ...
 *     rumpuser_component_schedule(cookie);
 * A host thread (here: a fiber) that the component created enters the kernel
 * once with rumpuser_component_kthread(), which gives it an lwp of its own,
 * and leaves with rumpuser_component_kthread_release().
 */
#ifndef HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_COMPONENT_H_
#define HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_COMPONENT_H_

#ifdef __cplusplus
extern "C" {
#endif

/* Releases the caller's virtual CPU: hyp_backend_unschedule(0, &nlocks,
 * NULL). Returns a cookie holding (nlocks) for rumpuser_component_schedule.
 * Before rumpuser_init it does nothing and returns a cookie for 0 locks. */
void* rumpuser_component_unschedule(void);

/* Takes a virtual CPU back: hyp_backend_schedule(nlocks, NULL) with the
 * (nlocks) that (cookie) holds. */
void rumpuser_component_schedule(void* cookie);

/* Makes the calling fiber, which holds no virtual CPU, a kernel thread:
 * hyp_schedule(), hyp_lwproc_newlwp(0), hyp_unschedule(). The new lwp stays
 * the fiber's current lwp (rumpuser_curlwpop SET from the kernel). */
void rumpuser_component_kthread(void);

/* The opposite, before such a fiber exits: hyp_schedule(),
 * hyp_lwproc_release(), hyp_unschedule(). */
void rumpuser_component_kthread_release(void);

/* Translates a host errno value, as the libc the component calls reports
 * it (hcall numbers errors as Linux does: capability/errors.h), into the
 * rump kernel's (NetBSD's). 0 stays 0; HCALL_EREVOKED (a revoked
 * capability) becomes EBADF; a value NetBSD has no number for, or a
 * negative one, becomes EIO. */
int rumpuser_component_errtrans(int hosterr);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* HCALL_RUMPKERNEL_INCLUDE_RUMP_RUMPUSER_COMPONENT_H_ */
