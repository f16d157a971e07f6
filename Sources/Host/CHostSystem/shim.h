/*
 * System interfaces the catalogue host needs that Swift cannot import directly.
 *
 *  - libffi (ARCHITECTURE §7): `catalogue run --objective lib.so:symbol --signature SIG` calls a C or Fortran
 *    function whose signature is known only at run time. libffi's type descriptors are C globals, which Swift 6
 *    refuses to touch as mutable state; the accessors below hand out their addresses.
 *  - prctl(PR_SET_PDEATHSIG) is variadic in C, so Swift cannot call it; the run worker and the scanner use it so
 *    that a child never outlives a host that was killed.
 *  - prctl(PR_SET_CHILD_SUBREAPER) (same reason): the host adopts the processes a plugin's child left behind, even
 *    one that called setsid(), so it can kill and reap them.
 */
#ifndef CATALOGUE_HOST_SYSTEM_SHIM_H
#define CATALOGUE_HOST_SYSTEM_SHIM_H

#include <ffi.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

static inline ffi_type *catalogue_ffi_type_void(void) { return &ffi_type_void; }
static inline ffi_type *catalogue_ffi_type_double(void) { return &ffi_type_double; }
static inline ffi_type *catalogue_ffi_type_sint32(void) { return &ffi_type_sint32; }
static inline ffi_type *catalogue_ffi_type_sint64(void) { return &ffi_type_sint64; }
static inline ffi_type *catalogue_ffi_type_uint64(void) { return &ffi_type_uint64; }
static inline ffi_type *catalogue_ffi_type_pointer(void) { return &ffi_type_pointer; }

/* ffi_prep_cif with the platform's default calling convention (FFI_DEFAULT_ABI is an enum constant Swift does not
 * import portably). */
static inline ffi_status catalogue_ffi_prep(ffi_cif *cif, unsigned count, ffi_type *result, ffi_type **arguments) {
    return ffi_prep_cif(cif, FFI_DEFAULT_ABI, count, result, arguments);
}

/* ffi_call with the function as a plain address (as dlsym returns it). */
static inline void catalogue_ffi_call(ffi_cif *cif, void *function, void *result, void **arguments) {
    ffi_call(cif, (void (*)(void))function, result, arguments);
}

/* Asks the kernel to send `signal` to this process when its parent dies (Linux); returns 0 on success. */
static inline int catalogue_set_parent_death_signal(int signal) {
#ifdef __linux__
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
#else
    (void)signal;
    return 0;
#endif
}

/* Makes this process the reaper of its orphaned descendants (Linux >= 3.4); returns 0 on success. */
static inline int catalogue_set_child_subreaper(void) {
#ifdef __linux__
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
#else
    return -1;
#endif
}

#endif
