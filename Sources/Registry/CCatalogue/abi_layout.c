/*
 * Compile-time checks of the ABI's fixed layout. The fields that "never move" (catalogue.h) are pinned here, so
 * an edit that would break older plugins fails to compile instead of failing at a user's site.
 */
#include "catalogue.h"

_Static_assert(offsetof(cat_host_api, struct_size) == 0, "cat_host_api.struct_size never moves");
_Static_assert(offsetof(cat_host_api, abi_major) == 4, "cat_host_api.abi_major never moves");
_Static_assert(offsetof(cat_host_api, abi_minor) == 8, "cat_host_api.abi_minor never moves");
_Static_assert(offsetof(cat_host_api, set_error) == 16, "cat_host_api.set_error never moves");
_Static_assert(offsetof(cat_plugin, abi_major) == 4, "cat_plugin.abi_major never moves");
_Static_assert(offsetof(cat_plugin, abi_minor) == 8, "cat_plugin.abi_minor never moves");
_Static_assert(sizeof(cat_rng) == 48, "cat_rng is part of the ABI");
_Static_assert(offsetof(cat_geometry, project_batch) + 64 == CAT_GEOMETRY_SIZE_1_0,
               "1.1 fields of cat_geometry start where the 1.0 reserved block started");
_Static_assert(sizeof(cat_geometry) == CAT_GEOMETRY_SIZE_1_1, "cat_geometry is CAT_GEOMETRY_SIZE_1_1 bytes");
_Static_assert(offsetof(cat_sampling_oracles, potential_batch) + 64 == CAT_SAMPLING_ORACLES_SIZE_1_0,
               "1.1 fields of cat_sampling_oracles start where the 1.0 reserved block started");
_Static_assert(sizeof(cat_sampling_oracles) == CAT_SAMPLING_ORACLES_SIZE_1_1,
               "cat_sampling_oracles is CAT_SAMPLING_ORACLES_SIZE_1_1 bytes");
_Static_assert(offsetof(cat_bilevel_oracles, lower_hessian_yy_matrix) + 64 == CAT_BILEVEL_ORACLES_SIZE_1_0,
               "1.2 fields of cat_bilevel_oracles start where the 1.0 reserved block started");
_Static_assert(sizeof(cat_bilevel_oracles) == CAT_BILEVEL_ORACLES_SIZE_1_2,
               "cat_bilevel_oracles is CAT_BILEVEL_ORACLES_SIZE_1_2 bytes");
_Static_assert(sizeof(double) == 8, "the ABI assumes IEEE-754 binary64 doubles");

/* The ABI version this copy of the header declares, for hosts written in languages without a C preprocessor. */
const uint32_t cat_abi_version_major = CAT_ABI_MAJOR;
const uint32_t cat_abi_version_minor = CAT_ABI_MINOR;
