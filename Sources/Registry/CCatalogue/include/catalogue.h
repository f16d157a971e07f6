/*
 * catalogue.h — the registry ABI, version 1.2.
 *
 * 1.2 (backward compatible with 1.1 and 1.0): the dense lower-level Hessian `lower_hessian_yy_matrix` in
 * cat_bilevel_oracles, appended before its reserved block. A 1.0/1.1 plugin's bilevel table keeps its smaller
 * struct_size (CAT_BILEVEL_ORACLES_SIZE_1_0) and works unchanged; callers then assemble the Hessian from products.
 *
 * 1.1 (backward compatible with 1.0): batched geometry operations (`*_batch` in cat_geometry) and batched oracles of
 * sampling problems (`*_batch` in cat_sampling_oracles), appended before the reserved blocks. A 1.0 plugin's tables
 * keep their 1.0 struct_size and work unchanged; readers detect the new fields by struct_size (CAT_*_SIZE_1_0).
 *
 * This header is the only thing the catalogue host and its plugins share. A plugin is a shared library that
 * exports exactly one function, `catalogue_plugin_entry`, which hands the host a description of the plugin:
 * its algorithms, its problems and its experiments. Everything crosses this boundary as plain C data and C
 * function pointers; no Swift, C++ or Rust types ever do.
 *
 * Conventions used throughout (see docs/abi.md for the field-by-field reference):
 *  - Every descriptor struct starts with `struct_size` (set it to sizeof the struct you compiled against) and
 *    ends with reserved fields that must be zero. A later minor version may append fields before the reserved
 *    block; a reader checks `struct_size` before touching a field added after 1.0 (CAT_<STRUCT>_SIZE_1_x give
 *    the sizes of the structs that grew).
 *  - Arrays of descriptors are arrays of pointers, so a struct can grow without changing the array's stride.
 *  - Strings are NUL-terminated UTF-8. Strings and arrays in descriptors are owned by the plugin and must live
 *    as long as the process (plugins are never unloaded). Data handed to the host through `cat_host_api`
 *    calls is copied by the host before the call returns.
 *  - Vectors are arrays of double. Matrices are column-major (LAPACK's order) with the leading dimension equal
 *    to the row count unless a field says otherwise.
 *  - Every call that can fail returns a `cat_status`; on failure it first calls `host->set_error` with a
 *    one-line message. Plugins never write to stdout and never exit the process.
 *  - Nothing in this header is thread-safe unless stated: the host calls a plugin from one thread per run.
 */
#ifndef CATALOGUE_H
#define CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ABI version of this header. Majors must be equal; a plugin's minor may not exceed the host's. */
#define CAT_ABI_MAJOR 1
#define CAT_ABI_MINOR 2

/* Name of the one symbol a plugin exports. */
#define CAT_ENTRY_SYMBOL "catalogue_plugin_entry"

/* ------------------------------------------------------------------------------------------------------------
 * Status codes
 * ------------------------------------------------------------------------------------------------------------ */

/* Result of every call that can fail. Zero is success; anything else comes with a message set through
 * `cat_host_api.set_error`. */
typedef int32_t cat_status;
enum {
    CAT_OK = 0,                 /* success */
    CAT_ERR_INVALID_ARGUMENT = 1, /* a parameter or input is out of its domain (the message names it) */
    CAT_ERR_UNSUPPORTED = 2,    /* the call is not supported for this input (e.g. optional oracle missing) */
    CAT_ERR_NUMERICAL = 3,      /* a numerical failure: factorisation failed, non-finite value, no convergence */
    CAT_ERR_CANCELLED = 4,      /* the host asked the run to stop and the plugin stopped early */
    CAT_ERR_OUT_OF_MEMORY = 5,  /* an allocation failed */
    CAT_ERR_ABI = 6,            /* version negotiation failed (entry point) */
    CAT_ERR_INTERNAL = 7,       /* a bug in the plugin: an invariant did not hold */
};

/* ------------------------------------------------------------------------------------------------------------
 * Random numbers
 *
 * One generator, specified exactly, so that a seed gives the same numbers in every plugin and on every machine:
 *  - state: xoshiro256** (Blackman & Vigna 2018) on four 64-bit words `s`;
 *  - seeding from (seed, stream): x = seed ^ (stream * 0x9E3779B97F4A7C15); then s[i] = splitmix64(&x) for
 *    i = 0..3 (splitmix64 adds 0x9E3779B97F4A7C15 to x and returns the mixed value);
 *  - uniform double in [0, 1): (next() >> 11) * 2^-53;
 *  - standard normal: Box–Muller on u1 = 1 - uniform(), u2 = uniform(): r = sqrt(-2 ln u1);
 *    returns r cos(2π u2) and caches r sin(2π u2) for the next call.
 * Streams: the host seeds problem instances with stream 1 and algorithms with stream 2 from the run's seed, so
 * that every algorithm compared on seed s sees the same problem instance.
 * The state is a plain struct, so a plugin may copy it to fork a generator deterministically.
 * ------------------------------------------------------------------------------------------------------------ */

/* State of the catalogue generator. Treat as opaque except for copying. */
typedef struct cat_rng {
    uint64_t s[4];          /* xoshiro256** state words */
    double cached_normal;   /* second Box–Muller value, valid when has_cached_normal != 0 */
    uint32_t has_cached_normal; /* 1 if cached_normal holds an unused value */
    uint32_t reserved;      /* zero */
} cat_rng;

/* ------------------------------------------------------------------------------------------------------------
 * Opaque host handles
 * ------------------------------------------------------------------------------------------------------------ */

/* Resolved, validated parameter values for one algorithm or problem. Read through cat_host_api.param_*. */
typedef struct cat_params cat_params;

/* One run of one algorithm. Reports go through cat_host_api calls that take this handle. */
typedef struct cat_run cat_run;

/* ------------------------------------------------------------------------------------------------------------
 * Parameter schemas
 * ------------------------------------------------------------------------------------------------------------ */

/* Kind of a parameter value. */
typedef uint32_t cat_param_kind;
enum {
    CAT_PARAM_REAL = 1,   /* a finite double; bounds in min_real/max_real */
    CAT_PARAM_INT = 2,    /* a 64-bit integer; bounds in min_int/max_int */
    CAT_PARAM_BOOL = 3,   /* true/false; default in default_int (0 or 1) */
    CAT_PARAM_CHOICE = 4, /* one of `choices`; default in default_string */
    CAT_PARAM_STRING = 5, /* free text; default in default_string */
};

/* Flags on a parameter. */
enum {
    CAT_PARAM_FLAG_MIN_EXCLUSIVE = 1u << 0, /* the lower bound itself is not allowed (e.g. step size > 0) */
    CAT_PARAM_FLAG_MAX_EXCLUSIVE = 1u << 1, /* the upper bound itself is not allowed */
    CAT_PARAM_FLAG_LOG_SCALE = 1u << 2,     /* hint: the value is best swept on a log scale */
};

/* One typed parameter of an algorithm or a problem. */
typedef struct cat_param_desc {
    uint32_t struct_size;        /* sizeof(cat_param_desc) as compiled by the plugin */
    cat_param_kind kind;         /* CAT_PARAM_* */
    const char *id;              /* stable id: lower-case, [a-z0-9_], e.g. "step_size" */
    const char *help;            /* one line: what it does, for `catalogue info` */
    const char *unit;            /* unit or scale hint ("iterations", "1/L"), or NULL */
    uint32_t flags;              /* CAT_PARAM_FLAG_* */
    uint32_t choice_count;       /* CHOICE: number of entries in `choices`; otherwise 0 */
    const char *const *choices;  /* CHOICE: the allowed values; otherwise NULL */
    double default_real;         /* REAL: default (finite, within bounds) */
    double min_real;             /* REAL: lower bound, -INFINITY for none */
    double max_real;             /* REAL: upper bound, +INFINITY for none */
    int64_t default_int;         /* INT: default; BOOL: 0 or 1 */
    int64_t min_int;             /* INT: lower bound (INT64_MIN for none) */
    int64_t max_int;             /* INT: upper bound (INT64_MAX for none) */
    const char *default_string;  /* CHOICE: one of `choices`; STRING: default text; otherwise NULL */
    uint64_t reserved[4];        /* zero */
} cat_param_desc;

/* ------------------------------------------------------------------------------------------------------------
 * Citation and provenance
 * ------------------------------------------------------------------------------------------------------------ */

/* Where a method comes from. */
typedef struct cat_citation {
    uint32_t struct_size; /* sizeof(cat_citation) */
    uint32_t year;        /* publication year, e.g. 2024 */
    const char *authors;  /* "Dutta, Cheng, Sra" */
    const char *title;    /* full title */
    const char *venue;    /* "NeurIPS 2024", "arXiv", ... */
    const char *arxiv_id; /* "2405.15816", or NULL */
    const char *url;      /* official code or paper page, or NULL */
    uint64_t reserved[4]; /* zero */
} cat_citation;

/* How faithful an algorithm is to its paper. Never claim more than was checked. */
typedef uint32_t cat_provenance;
enum {
    CAT_PROVENANCE_VERIFIED = 1,      /* checked against the paper's equations or its official code */
    CAT_PROVENANCE_RECONSTRUCTED = 2, /* derived from the paper's claims and its parent method */
    CAT_PROVENANCE_STANDARD = 3,      /* a textbook method (baselines) checked against known answers */
};

/* ------------------------------------------------------------------------------------------------------------
 * Geometry: a Riemannian manifold as a table of operations
 *
 * Points and tangent vectors are stored in an ambient representation of `point_size` doubles (a sphere point in
 * R^n, a Stiefel point as an n×p column-major matrix, an SPD point as a full symmetric n×n matrix, a Lorentz
 * point in R^{n+1}). Tangent vectors use the same layout. Output arrays never alias inputs.
 * Algorithms only ever call this table, so a third party can bring a new manifold.
 * ------------------------------------------------------------------------------------------------------------ */

typedef struct cat_geometry {
    uint32_t struct_size;     /* sizeof(cat_geometry) */
    uint32_t reserved0;       /* zero */
    const char *name;         /* human-readable, e.g. "stiefel(30,3)" */
    uint64_t point_size;      /* doubles per point and per tangent vector */
    uint64_t dimension;       /* intrinsic dimension of the manifold */
    void *ctx;                /* passed to every operation below */
    /* <u, v>_x, the Riemannian metric at x. */
    cat_status (*inner)(void *ctx, const double *x, const double *u, const double *v, double *out);
    /* Orthogonal projection of an ambient vector u onto the tangent space at x. */
    cat_status (*project)(void *ctx, const double *x, const double *u, double *out);
    /* Riemannian gradient from the Euclidean gradient of a smooth extension of f. */
    cat_status (*egrad_to_rgrad)(void *ctx, const double *x, const double *egrad, double *out);
    /* A retraction R_x(v). */
    cat_status (*retract)(void *ctx, const double *x, const double *v, double *out);
    /* The exponential map Exp_x(v), or NULL if the manifold has none in closed form. */
    cat_status (*exp)(void *ctx, const double *x, const double *v, double *out);
    /* The logarithm Log_x(y), or NULL. */
    cat_status (*log)(void *ctx, const double *x, const double *y, double *out);
    /* Vector transport of u from T_x to T_y (parallel transport where available, else projection). */
    cat_status (*transport)(void *ctx, const double *x, const double *y, const double *u, double *out);
    /* Geodesic distance d(x, y), or NULL. */
    cat_status (*distance)(void *ctx, const double *x, const double *y, double *out);
    /* A random point (distribution documented by the manifold), drawn from rng. */
    cat_status (*random_point)(void *ctx, cat_rng *rng, double *out);
    /* A standard Gaussian in T_x with respect to the metric: E<xi, xi>_x = dimension. */
    cat_status (*tangent_gaussian)(void *ctx, const double *x, cat_rng *rng, double *out);
    /* How far x is from the manifold (e.g. ||X^T X - I||_F on Stiefel); 0 for exact points. */
    cat_status (*manifold_error)(void *ctx, const double *x, double *out);
    /* --- ABI 1.1: batched operations. Present only when struct_size >= CAT_GEOMETRY_SIZE_1_1; each may still be
     * NULL, and then a caller loops over the per-point operation (the Swift SDK does this itself). Every array
     * holds m points (or tangent vectors) of point_size doubles back to back, point i at offset i * point_size;
     * outputs never alias inputs. Each call gives the same results as m calls of the per-point operation for
     * i = 0, ..., m-1 in order, and the sampling one draws from rng in that same order, so a caller may switch
     * between the two forms without changing its output. --- */
    /* project over m points: out_i = project(x_i, u_i). */
    cat_status (*project_batch)(void *ctx, uint64_t m, const double *x, const double *u, double *out);
    /* egrad_to_rgrad over m points: out_i = egrad_to_rgrad(x_i, egrad_i). */
    cat_status (*egrad_to_rgrad_batch)(void *ctx, uint64_t m, const double *x, const double *egrad, double *out);
    /* retract over m points: out_i = R_{x_i}(v_i). */
    cat_status (*retract_batch)(void *ctx, uint64_t m, const double *x, const double *v, double *out);
    /* exp over m points: out_i = Exp_{x_i}(v_i); NULL when exp is NULL. */
    cat_status (*exp_batch)(void *ctx, uint64_t m, const double *x, const double *v, double *out);
    /* tangent_gaussian over m points: out_i a standard Gaussian in T_{x_i}, drawn from rng for i = 0, 1, ... */
    cat_status (*tangent_gaussian_batch)(void *ctx, uint64_t m, const double *x, cat_rng *rng, double *out);
    uint64_t reserved[8];     /* zero */
} cat_geometry;

/* sizeof(cat_geometry) in ABI 1.0 (x86-64 and AArch64 Linux): a table this small has no batched operations. */
#define CAT_GEOMETRY_SIZE_1_0 192u
/* sizeof(cat_geometry) in ABI 1.1: a table at least this large has the `*_batch` fields (each possibly NULL). */
#define CAT_GEOMETRY_SIZE_1_1 232u

/* ------------------------------------------------------------------------------------------------------------
 * Problems
 *
 * A problem descriptor builds instances from parameters. An instance states its kind and carries the oracle
 * table for that kind. Gradients are Euclidean (ambient) gradients; an algorithm converts them with the
 * geometry table when the point lives on a manifold.
 *
 * Sample sets. Oracles of finite-sum problems take `samples`/`sample_count`: the indices (0-based, < the
 * problem's sample count) of the terms to average. samples == NULL means the full (deterministic) objective.
 * Problems without a finite-sum structure reject a non-NULL sample set with CAT_ERR_UNSUPPORTED.
 * ------------------------------------------------------------------------------------------------------------ */

typedef uint32_t cat_problem_kind;
enum {
    CAT_KIND_OBJECTIVE = 1,        /* min f(x), optionally on a manifold or a constraint set */
    CAT_KIND_BILEVEL = 2,          /* min_x f(x, y*(x)), y*(x) = argmin_y g(x, y) [s.t. h(x, y) <= 0 or = 0] */
    CAT_KIND_SAMPLING = 3,         /* sample from density proportional to exp(-h(x)) on a manifold */
    CAT_KIND_REGRESSION_TASKS = 4, /* a sampler of in-context linear regression prompts */
    CAT_KIND_GRAPHS = 5,           /* a sampler of graphs given by incidence matrices and edge resistances */
};

/* Bit for a kind in masks: CAT_KIND_BIT(CAT_KIND_BILEVEL). */
#define CAT_KIND_BIT(kind) (1u << (kind))

/* Oracles of an objective problem: min f(x), x in R^dim or on `geometry`. */
typedef struct cat_objective_oracles {
    uint32_t struct_size;        /* sizeof(cat_objective_oracles) */
    uint32_t reserved0;          /* zero */
    uint64_t dim;                /* doubles per point */
    uint64_t sample_count;       /* number of terms for a finite sum f = (1/n) sum f_i, or 0 */
    const cat_geometry *geometry; /* the manifold x lives on, or NULL for R^dim */
    /* The instance's starting point. */
    cat_status (*initial_point)(void *ctx, double *x);
    /* f(x), or the average of f_i over the sample set. */
    cat_status (*value)(void *ctx, const double *x, const uint64_t *samples, uint64_t sample_count, double *f);
    /* Euclidean gradient into grad, and the value into f if f != NULL (often free alongside the gradient). */
    cat_status (*gradient)(void *ctx, const double *x, const uint64_t *samples, uint64_t sample_count,
                           double *f, double *grad);
    /* Euclidean Hessian-vector product H(x) v, or NULL. */
    cat_status (*hessian_vector)(void *ctx, const double *x, const double *v, double *out);
    /* Euclidean projection onto the feasible set (in place), or NULL for an unconstrained problem. */
    cat_status (*project)(void *ctx, double *x);
    uint64_t reserved[8];        /* zero */
} cat_objective_oracles;

/* Whether a bilevel lower level has constraints h(x, y), and of which form. */
typedef uint32_t cat_constraint_form;
enum {
    CAT_CONSTRAINTS_NONE = 0,       /* unconstrained lower level */
    CAT_CONSTRAINTS_EQUALITY = 1,   /* h(x, y) = 0 */
    CAT_CONSTRAINTS_INEQUALITY = 2, /* h(x, y) <= 0 */
};

/* Oracles of a bilevel problem: min_x F(x) = f(x, y*(x)), y*(x) = argmin_{y: h(x,y) (<=|=) 0} g(x, y). */
typedef struct cat_bilevel_oracles {
    uint32_t struct_size;           /* sizeof(cat_bilevel_oracles) */
    cat_constraint_form constraint_form; /* CAT_CONSTRAINTS_* */
    uint64_t dim_x;                 /* doubles per upper-level point */
    uint64_t dim_y;                 /* doubles per lower-level point */
    uint64_t constraint_count;      /* m, the number of constraint rows h_i; 0 if none */
    uint64_t upper_sample_count;    /* finite-sum terms of f, or 0 */
    uint64_t lower_sample_count;    /* finite-sum terms of g, or 0 */
    const cat_geometry *geometry_x; /* manifold of x, or NULL for Euclidean */
    const cat_geometry *geometry_y; /* manifold of y, or NULL for Euclidean */
    /* Starting points x0 and y0. */
    cat_status (*initial_point)(void *ctx, double *x, double *y);
    /* Upper objective f(x, y) and its partial Euclidean gradients (either output may be NULL to skip it). */
    cat_status (*upper_value)(void *ctx, const double *x, const double *y, const uint64_t *samples,
                              uint64_t sample_count, double *f);
    cat_status (*upper_gradient)(void *ctx, const double *x, const double *y, const uint64_t *samples,
                                 uint64_t sample_count, double *grad_x, double *grad_y);
    /* Lower objective g(x, y) and its partial Euclidean gradients (either output may be NULL). */
    cat_status (*lower_value)(void *ctx, const double *x, const double *y, const uint64_t *samples,
                              uint64_t sample_count, double *g);
    cat_status (*lower_gradient)(void *ctx, const double *x, const double *y, const uint64_t *samples,
                                 uint64_t sample_count, double *grad_x, double *grad_y);
    /* Constraint values h(x, y) (m doubles) and Jacobians (m×dim_y and m×dim_x, column-major); NULL if none.
     * Either Jacobian output may be NULL to skip it. */
    cat_status (*constraints)(void *ctx, const double *x, const double *y, double *h, double *jac_y,
                              double *jac_x);
    /* The exact lower-level solution y*(x), and the multipliers (m doubles) if constrained; NULL if the
     * problem has no closed form or exact solver. Used for metrics and exact-hypergradient baselines. */
    cat_status (*lower_solution)(void *ctx, const double *x, double *y_star, double *multipliers);
    /* Lower-level Hessian products: d²g/dy² · v (dim_y) and d²g/dxdy · v (v in R^dim_y, out in R^dim_x), or
     * NULL. Only second-order baselines use these. */
    cat_status (*lower_hessian_yy)(void *ctx, const double *x, const double *y, const double *v, double *out);
    cat_status (*lower_hessian_xy)(void *ctx, const double *x, const double *y, const double *v, double *out);
    /* --- ABI 1.2: the dense lower-level Hessian. Present only when struct_size >= CAT_BILEVEL_ORACLES_SIZE_1_2; it
     * may still be NULL, and then a caller assembles the matrix from dim_y lower_hessian_yy products with the
     * coordinate vectors (the Swift SDK's callers do). --- */
    /* d²g/dy²(x, y) as a dense symmetric dim_y × dim_y matrix, column-major, into out (dim_y² doubles): column j is
     * lower_hessian_yy(x, y, e_j). For problems that hold the matrix (a g quadratic in y), so that a second-order
     * method gets it in one call instead of dim_y. The host counts one call as dim_y Hessian-vector products (the
     * products it replaces), so oracle counts do not depend on which form a caller used. NULL if the problem has
     * none; a problem with it should also have lower_hessian_yy. */
    cat_status (*lower_hessian_yy_matrix)(void *ctx, const double *x, const double *y, double *out);
    uint64_t reserved[8];           /* zero */
} cat_bilevel_oracles;

/* sizeof(cat_bilevel_oracles) in ABI 1.0 and 1.1 (the struct did not change in 1.1): no dense Hessian. */
#define CAT_BILEVEL_ORACLES_SIZE_1_0 200u
/* sizeof(cat_bilevel_oracles) in ABI 1.2: a table at least this large has `lower_hessian_yy_matrix` (possibly NULL). */
#define CAT_BILEVEL_ORACLES_SIZE_1_2 208u

/* Oracles of a sampling problem: the target density is proportional to exp(-h(x)) with respect to the
 * Riemannian volume of `geometry` (or Lebesgue measure on R^dim when geometry is NULL). */
typedef struct cat_sampling_oracles {
    uint32_t struct_size;         /* sizeof(cat_sampling_oracles) */
    uint32_t reserved0;           /* zero */
    uint64_t dim;                 /* doubles per point */
    uint64_t sample_count;        /* finite-sum terms of h (stochastic-gradient samplers), or 0 */
    const cat_geometry *geometry; /* the manifold, or NULL for R^dim */
    /* A starting point for chain `chain` (chains may start at different points; rng is the algorithm's). */
    cat_status (*initial_point)(void *ctx, uint64_t chain, cat_rng *rng, double *x);
    /* The potential h(x). */
    cat_status (*potential)(void *ctx, const double *x, const uint64_t *samples, uint64_t sample_count,
                            double *h);
    /* Its Euclidean gradient (and h itself into `h` if non-NULL). */
    cat_status (*potential_gradient)(void *ctx, const double *x, const uint64_t *samples,
                                     uint64_t sample_count, double *h, double *grad);
    /* Number of test statistics with exact reference expectations, and their names. */
    uint32_t statistic_count;
    uint32_t reserved1;                   /* zero */
    const char *const *statistic_names;   /* e.g. "cos_theta"; NULL if statistic_count == 0 */
    /* The test statistics of x (statistic_count doubles). */
    cat_status (*statistics)(void *ctx, const double *x, double *out);
    /* Their exact expectations under the target (quadrature or closed form). */
    cat_status (*reference_expectations)(void *ctx, double *out);
    /* --- ABI 1.1: batched oracles over m points. Present only when struct_size >= CAT_SAMPLING_ORACLES_SIZE_1_1;
     * each may still be NULL, and then a caller loops over the per-point oracle. x holds m points of dim doubles
     * back to back (point i at offset i * dim). samples is NULL (full potential for every point) or m sample sets
     * of sample_count indices back to back (point i uses samples[i * sample_count ...]). Each call gives the same
     * results as m per-point calls in order, and the host counts it as m calls (m * sample_count per-sample
     * gradients for a gradient with sample sets). --- */
    /* h(x_i) into h[i], i < m. */
    cat_status (*potential_batch)(void *ctx, uint64_t m, const double *x, const uint64_t *samples,
                                  uint64_t sample_count, double *h);
    /* The Euclidean gradient of point i into grad[i * dim ...] and h(x_i) into h[i] if h != NULL. */
    cat_status (*potential_gradient_batch)(void *ctx, uint64_t m, const double *x, const uint64_t *samples,
                                           uint64_t sample_count, double *h, double *grad);
    /* The test statistics of point i into out[i * statistic_count ...]. */
    cat_status (*statistics_batch)(void *ctx, uint64_t m, const double *x, double *out);
    uint64_t reserved[8];                 /* zero */
} cat_sampling_oracles;

/* sizeof(cat_sampling_oracles) in ABI 1.0: a table this small has no batched oracles. */
#define CAT_SAMPLING_ORACLES_SIZE_1_0 152u
/* sizeof(cat_sampling_oracles) in ABI 1.1: a table at least this large has the `*_batch` fields. */
#define CAT_SAMPLING_ORACLES_SIZE_1_1 176u

/* Oracles of a regression-task sampler: prompts (x_1, y_1, ..., x_n, y_n, x_query) with y = w^T x + noise. */
typedef struct cat_regression_oracles {
    uint32_t struct_size;      /* sizeof(cat_regression_oracles) */
    uint32_t reserved0;        /* zero */
    uint64_t feature_dim;      /* d */
    uint64_t context_length;   /* n, the number of labelled points before the query */
    double noise_std;          /* standard deviation of the label noise (0 for noiseless) */
    /* Draw `batch` prompts. features: d × (n+1) × batch (column j of prompt b is point j; the last is the
     * query); targets: (n+1) × batch (the last is the query's true label); task: d × batch (the w's), or NULL. */
    cat_status (*sample)(void *ctx, cat_rng *rng, uint64_t batch, double *features, double *targets,
                         double *task);
    /* The feature covariance Σ (d × d), or NULL when it is not fixed. */
    cat_status (*covariance)(void *ctx, double *sigma);
    uint64_t reserved[8];      /* zero */
} cat_regression_oracles;

/* Oracles of a graph sampler: graphs with `node_count` nodes given by their incidence matrix. */
typedef struct cat_graph_oracles {
    uint32_t struct_size;  /* sizeof(cat_graph_oracles) */
    uint32_t reserved0;    /* zero */
    uint64_t node_count;   /* n */
    uint64_t max_edges;    /* upper bound on the number of edges of any sampled graph */
    /* Draw one graph: incidence (n × max_edges, column e is edge e: +1 at its head, -1 at its tail; only the
     * first *edge_count columns are set), edge resistances (max_edges, first *edge_count set). */
    cat_status (*sample)(void *ctx, cat_rng *rng, double *incidence, double *resistances,
                         uint64_t *edge_count);
    uint64_t reserved[8];  /* zero */
} cat_graph_oracles;

/* A problem instance. Exactly the oracle table of its kind is non-NULL. */
typedef struct cat_problem {
    uint32_t struct_size;   /* sizeof(cat_problem) */
    cat_problem_kind kind;  /* CAT_KIND_* */
    void *ctx;              /* passed to every oracle of this instance */
    const cat_objective_oracles *objective;   /* kind OBJECTIVE */
    const cat_bilevel_oracles *bilevel;       /* kind BILEVEL */
    const cat_sampling_oracles *sampling;     /* kind SAMPLING */
    const cat_regression_oracles *regression; /* kind REGRESSION_TASKS */
    const cat_graph_oracles *graphs;          /* kind GRAPHS */
    /* Known reference values, e.g. "f_star" (optimal value) or "x_star_norm"; lengths reference_count. */
    uint32_t reference_count;
    uint32_t reserved0;                       /* zero */
    const char *const *reference_names;
    const double *reference_values;
    /* Extra metrics of a point (test error, distance to the minimum set, ...): names and an evaluator that
     * writes metric_count doubles. The point is x for objective/sampling, x for bilevel. */
    uint32_t metric_count;
    uint32_t reserved1;                       /* zero */
    const char *const *metric_names;
    cat_status (*metrics)(void *ctx, const double *x, double *out);
    /* Release the instance. Called once, after the last oracle call. */
    void (*destroy)(void *ctx);
    uint64_t reserved[8];                     /* zero */
} cat_problem;

struct cat_host_api;

/* A family of problem instances, built from parameters. */
typedef struct cat_problem_desc {
    uint32_t struct_size;              /* sizeof(cat_problem_desc) */
    cat_problem_kind kind;             /* kind of every instance it builds */
    const char *id;                    /* stable id, lower-case, [a-z0-9-], e.g. "quadratic" */
    const char *name;                  /* display name */
    const char *summary;               /* one line */
    uint32_t param_count;              /* entries in params */
    uint32_t reserved0;                /* zero */
    const cat_param_desc *const *params; /* problem parameters (sizes, conditioning, ...) */
    /* The plugin's own data for create() (e.g. which of several families this is); may be NULL. */
    const void *user_data;
    /* Build an instance. `self` is this descriptor. rng is seeded by the host from the run's seed (stream 1).
     * On success *out points to an instance owned by the plugin until its destroy is called. */
    cat_status (*create)(const struct cat_problem_desc *self, const struct cat_host_api *host,
                         const cat_params *params, cat_rng *rng, const cat_problem **out);
    uint64_t reserved[8];              /* zero */
} cat_problem_desc;

/* ------------------------------------------------------------------------------------------------------------
 * Algorithms
 * ------------------------------------------------------------------------------------------------------------ */

/* Optional oracles an algorithm needs; the host refuses a problem that lacks one before anything runs. */
enum {
    CAT_NEEDS_SAMPLES = 1u << 0,        /* a finite sum (sample_count > 0) */
    CAT_NEEDS_HESSIAN_VECTOR = 1u << 1, /* objective.hessian_vector */
    CAT_NEEDS_GEOMETRY = 1u << 2,       /* a non-NULL geometry (a manifold) */
    CAT_NEEDS_PROJECTION = 1u << 3,     /* objective.project */
    CAT_NEEDS_CONSTRAINTS = 1u << 4,    /* bilevel.constraints */
    CAT_NEEDS_LOWER_SOLUTION = 1u << 5, /* bilevel.lower_solution */
    CAT_NEEDS_LOWER_HESSIAN = 1u << 6,  /* bilevel.lower_hessian_yy and lower_hessian_xy */
    CAT_NEEDS_EUCLIDEAN = 1u << 7,      /* refuses manifolds: geometry must be NULL */
    CAT_NEEDS_UNCONSTRAINED = 1u << 8,  /* refuses constraints: no bilevel.constraints, no objective.project */
};

/* An algorithm: what it solves, its parameters and its run function. */
typedef struct cat_algorithm_desc {
    uint32_t struct_size;          /* sizeof(cat_algorithm_desc) */
    cat_provenance provenance;     /* CAT_PROVENANCE_* */
    const char *id;                /* stable id, lower-case, [a-z0-9-], unique across the catalogue */
    const char *name;              /* display name */
    const char *summary;           /* one line */
    const char *provenance_note;   /* what was checked, and against what */
    const cat_citation *citation;  /* the method's source, or NULL for the plugin's citation */
    uint32_t problem_kinds;        /* mask of CAT_KIND_BIT(kind) the algorithm accepts */
    uint32_t needs;                /* mask of CAT_NEEDS_* */
    const char *default_problem;   /* problem id run when none is given ("quadratic" or "plugin.id/quadratic") */
    uint64_t default_max_iters;    /* iteration budget when the user gives none */
    uint32_t param_count;          /* entries in params */
    uint32_t reserved0;            /* zero */
    const cat_param_desc *const *params; /* algorithm parameters */
    /* The plugin's own data for run() (e.g. which of several algorithms shares one run function); may be NULL. */
    const void *user_data;
    /* Run to completion. `self` is this descriptor. Iterate, report each iteration with cat_host_api.report, and
     * return when report says stop, when the method's own criterion is met (say which with
     * cat_host_api.finish), or on an error. rng is seeded by the host from the run's seed (stream 2). */
    cat_status (*run)(const struct cat_algorithm_desc *self, const struct cat_host_api *host, cat_run *run,
                      const cat_params *params, const cat_problem *problem, cat_rng *rng);
    uint64_t reserved[8];          /* zero */
} cat_algorithm_desc;

/* ------------------------------------------------------------------------------------------------------------
 * Experiments: a paper's headline claim made executable (`catalogue reproduce`)
 * ------------------------------------------------------------------------------------------------------------ */

/* Flags of a run group or a claim (ABI 1.1; a 1.0 plugin leaves the field zero). Unknown bits are ignored. */
typedef uint32_t cat_experiment_flags;
enum {
    /* Only in the full version: `--quick` skips the run group, or reports the claim as skipped. A claim about a
     * full-only run group must be full-only itself. For claims that need the full budget to be decided. */
    CAT_EXPERIMENT_FULL_ONLY = 1u << 0,
};

/* One group of runs in an experiment: an algorithm on a problem over several seeds. */
typedef struct cat_experiment_run {
    uint32_t struct_size;         /* sizeof(cat_experiment_run) */
    uint32_t seed_count;          /* seeds first_seed .. first_seed + seed_count - 1 */
    const char *label;            /* unique within the experiment, referenced by claims, e.g. "adam" */
    const char *algorithm;        /* algorithm id (any plugin) */
    const char *problem;          /* problem id (any plugin), or NULL for the algorithm's default */
    const char *algorithm_params; /* "key=value;key=value" or NULL */
    const char *problem_params;   /* "key=value;key=value" or NULL */
    uint64_t first_seed;          /* first seed */
    uint64_t max_iters;           /* iteration budget (0: the algorithm's default) */
    uint32_t quick_seed_count;    /* seeds in the --quick version (0: same as seed_count) */
    cat_experiment_flags flags;   /* CAT_EXPERIMENT_* bits (1.1; zero in 1.0) */
    uint64_t quick_max_iters;     /* budget in the --quick version (0: same as max_iters) */
    uint64_t reserved[4];         /* zero */
} cat_experiment_run;

/* How a claim is checked. */
typedef uint32_t cat_claim_kind;
enum {
    /* aggregate(metric of run) lies in [lower, upper] */
    CAT_CLAIM_RANGE = 1,
    /* aggregate(metric of run) <= aggregate(metric of other_run) * upper (an ordering of methods) */
    CAT_CLAIM_AT_MOST_RATIO = 2,
    /* least-squares slope of log(metric) against log(iteration) over the trace of run lies in [lower, upper] */
    CAT_CLAIM_LOG_LOG_SLOPE = 3,
    /* aggregate(final metric / initial metric) of run <= upper (e.g. 1e-2 for "falls 100x") */
    CAT_CLAIM_REDUCTION = 4,
};

/* How per-seed values are combined. */
typedef uint32_t cat_aggregate;
enum {
    CAT_AGG_MEAN = 1,
    CAT_AGG_MEDIAN = 2,
    CAT_AGG_MAX = 3,
    CAT_AGG_MIN = 4,
};

/* One checkable claim. Metrics are trace columns (final row) or result keys. */
typedef struct cat_claim {
    uint32_t struct_size;   /* sizeof(cat_claim) */
    cat_claim_kind kind;    /* CAT_CLAIM_* */
    const char *id;         /* stable id within the experiment */
    const char *statement;  /* the paper's statement, quoted or paraphrased, for the report */
    const char *run;        /* label of the run group the claim is about */
    const char *other_run;  /* second run group (AT_MOST_RATIO), else NULL */
    const char *metric;     /* trace column or result key */
    cat_aggregate aggregate; /* CAT_AGG_*: how seeds are combined */
    cat_experiment_flags flags; /* CAT_EXPERIMENT_* bits (1.1; zero in 1.0) */
    double lower;           /* lower bound (RANGE, LOG_LOG_SLOPE), -INFINITY for none */
    double upper;           /* upper bound or ratio */
    uint64_t reserved[4];   /* zero */
} cat_claim;

/* An experiment: runs plus the claims that decide whether the paper's statement was reproduced. */
typedef struct cat_experiment_desc {
    uint32_t struct_size;                  /* sizeof(cat_experiment_desc) */
    uint32_t run_count;                    /* entries in runs */
    const char *id;                        /* stable id, e.g. "baselines-quadratic" */
    const char *title;                     /* one line */
    const char *summary;                   /* what is run and why */
    const cat_experiment_run *const *runs; /* run groups */
    uint32_t claim_count;                  /* entries in claims */
    uint32_t reserved0;                    /* zero */
    const cat_claim *const *claims;        /* claims checked after the runs */
    uint64_t reserved[8];                  /* zero */
} cat_experiment_desc;

/* ------------------------------------------------------------------------------------------------------------
 * The plugin
 * ------------------------------------------------------------------------------------------------------------ */

/* What catalogue_plugin_entry returns: the plugin and everything it registers. */
typedef struct cat_plugin {
    uint32_t struct_size;          /* sizeof(cat_plugin) */
    uint32_t abi_major;            /* CAT_ABI_MAJOR the plugin was built against */
    uint32_t abi_minor;            /* CAT_ABI_MINOR the plugin was built against */
    uint32_t reserved0;            /* zero */
    const char *id;                /* reverse-DNS-like, stable: "org.catalogue.baselines" */
    const char *name;              /* display name */
    const char *version;           /* semantic version "MAJOR.MINOR.PATCH" */
    const char *summary;           /* one line */
    const char *license;           /* SPDX identifier, e.g. "Apache-2.0" */
    const cat_citation *citation;  /* the paper the plugin implements, or NULL */
    uint32_t algorithm_count;      /* entries in algorithms */
    uint32_t problem_count;        /* entries in problems */
    const cat_algorithm_desc *const *algorithms;
    const cat_problem_desc *const *problems;
    uint32_t experiment_count;     /* entries in experiments */
    uint32_t reserved1;            /* zero */
    const cat_experiment_desc *const *experiments;
    uint64_t reserved[8];          /* zero */
} cat_plugin;

/* ------------------------------------------------------------------------------------------------------------
 * Host services: an append-only table. New services are added at the end in a new minor version; a plugin
 * checks host->abi_minor (or struct_size) before calling a service newer than 1.0. The first four fields never
 * move, in any major version, so that a plugin can always report why it declines.
 * ------------------------------------------------------------------------------------------------------------ */

/* Why a run ended. */
typedef uint32_t cat_termination;
enum {
    CAT_TERM_MAX_ITERS = 1,  /* the iteration budget was used up */
    CAT_TERM_TIME_LIMIT = 2, /* --time-limit was reached */
    CAT_TERM_CANCELLED = 3,  /* the user interrupted the run */
    CAT_TERM_GRAD_TOL = 4,   /* the reported grad_norm fell below --grad-tol */
    CAT_TERM_CONVERGED = 5,  /* the method's own criterion (e.g. CG residual) was met */
    CAT_TERM_COMPLETED = 6,  /* a fixed schedule finished (training epochs, a set number of samples) */
    CAT_TERM_DIVERGED = 7,   /* a reported value was not finite */
    CAT_TERM_FAILED = 8,     /* the plugin returned an error */
    CAT_TERM_TARGET = 9,     /* the reported value reached --target */
};

/* Severity of a log line. */
typedef uint32_t cat_log_level;
enum {
    CAT_LOG_DEBUG = 0,
    CAT_LOG_INFO = 1,
    CAT_LOG_WARNING = 2,
};

/* What report() answers. */
enum {
    CAT_CONTINUE = 0, /* keep iterating */
    CAT_STOP = 1,     /* return from run() now; the host has recorded why */
};

/* Kinds of oracle calls the host counts (per run, added to every trace row). */
typedef uint32_t cat_oracle;
enum {
    CAT_ORACLE_VALUE = 0,          /* f, g, h or potential evaluations */
    CAT_ORACLE_GRADIENT = 1,       /* full gradients */
    CAT_ORACLE_SAMPLE_GRADIENT = 2, /* per-sample gradients (one per sample in a sample set) */
    CAT_ORACLE_HESSIAN_VECTOR = 3, /* Hessian-vector products */
    CAT_ORACLE_INNER_STEP = 4,     /* steps of an inner solver inside the algorithm */
    CAT_ORACLE_COUNT = 5           /* number of kinds in 1.0 */
};

typedef struct cat_host_api {
    uint32_t struct_size;   /* sizeof(cat_host_api) as compiled by the host. Never moves. */
    uint32_t abi_major;     /* host's CAT_ABI_MAJOR. Never moves. */
    uint32_t abi_minor;     /* host's CAT_ABI_MINOR. Never moves. */
    uint32_t reserved0;     /* zero. Never moves. */
    /* Set the message that goes with the next non-OK status (or a NULL entry result). Copied. Never moves. */
    void (*set_error)(const char *message);
    const char *host_version; /* the host's semantic version */
    /* The message of the last set_error on this thread ("" if none), so a plugin that calls another plugin's
     * oracle can add context to its failure. Valid until the next set_error on this thread. */
    const char *(*last_error)(void);

    /* --- parameters: read validated values by id; CAT_ERR_INVALID_ARGUMENT if the id or kind is wrong --- */
    cat_status (*param_real)(const cat_params *params, const char *id, double *out);
    cat_status (*param_int)(const cat_params *params, const char *id, int64_t *out);
    cat_status (*param_bool)(const cat_params *params, const char *id, int32_t *out);
    /* CHOICE and STRING; the string lives as long as `params`. */
    cat_status (*param_string)(const cat_params *params, const char *id, const char **out);

    /* --- run reporting --- */
    /* Declare the trace columns once, before the first report: e.g. "f", "grad_norm". The host adds "iter" and
     * the oracle counters itself (wall time goes to a separate timing file, so traces are reproducible).
     * Column names are [a-z0-9_]. */
    cat_status (*declare_trace)(cat_run *run, uint32_t column_count, const char *const *column_names);
    /* Record one iteration's values (column_count doubles) and learn whether to go on: CAT_CONTINUE or
     * CAT_STOP (budget, time limit, cancellation, tolerance, or a non-finite value). */
    int32_t (*report)(cat_run *run, uint64_t iteration, const double *values);
    /* Progress of a run whose length is not its iteration count (fraction in [0, 1]); message may be NULL. */
    void (*progress)(cat_run *run, double fraction, const char *message);
    /* A log line for the run's log (never stdout). */
    void (*log)(cat_run *run, cat_log_level level, const char *message);
    /* Non-zero once the run should stop (for long steps between reports). */
    int32_t (*should_stop)(cat_run *run);
    /* End the run for a reason of the method's own (CAT_TERM_CONVERGED or CAT_TERM_COMPLETED). */
    void (*finish)(cat_run *run, cat_termination reason, const char *message);
    /* A final scalar result, e.g. "f_final"; keys are [a-z0-9_]. */
    cat_status (*result_real)(cat_run *run, const char *key, double value);
    /* A final vector result, e.g. "x" (the final point); copied. */
    cat_status (*result_vector)(cat_run *run, const char *key, uint64_t count, const double *values);
    /* Add to an oracle counter (for oracle calls the host cannot see, e.g. inside an inner solver). Calls
     * through the problem's own oracle tables are counted by the host. */
    void (*count_oracle)(cat_run *run, cat_oracle kind, uint64_t count);
    /* Write a named artifact (model weights, ...) into the run folder; name is a plain file name. */
    cat_status (*write_artifact)(cat_run *run, const char *name, const void *bytes, uint64_t size);
    /* Stop (enabled = 0) or resume (enabled = 1) counting oracle calls, so that evaluating metrics for the
     * trace (e.g. f at the iterate of a method that never needs f) does not inflate the method's counts. */
    void (*set_counting)(cat_run *run, int32_t enabled);

    /* --- random numbers: the generator specified above --- */
    void (*rng_seed)(cat_rng *rng, uint64_t seed, uint64_t stream);
    uint64_t (*rng_next)(cat_rng *rng);
    double (*rng_uniform)(cat_rng *rng);
    double (*rng_normal)(cat_rng *rng);

    uint64_t reserved[16];  /* zero; new services are appended above this block in later minors */
} cat_host_api;

/* The one exported symbol. The host passes its ABI version and services; the plugin returns its descriptor,
 * or NULL after calling host->set_error with the reason (e.g. "needs ABI minor 3, host has 1"). The
 * descriptor must stay valid for the life of the process. May be called more than once; return the same
 * descriptor. */
const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor,
                                         const cat_host_api *host);

#ifdef __cplusplus
}
#endif

#endif /* CATALOGUE_H */
