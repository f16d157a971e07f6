/*
 * An out-of-tree catalogue plugin in plain C, built with the Makefile next to it against catalogue.h alone.
 *
 * Algorithm "rgf": the random gradient-free method RG_mu of Nesterov & Spokoiny (2017), which needs only values of
 * f. With u ~ N(0, I_n) drawn from the run's random stream,
 *     g_mu(x) = (f(x + mu u) - f(x)) / mu * u,      x_{k+1} = x_k - h g_mu(x_k),
 * a forward-difference estimate of the gradient of the Gaussian smoothing of f along a random direction.
 * Problem "booth": Booth's function f(x, y) = (x + 2y - 7)^2 + (2x + y - 5)^2, minimum 0 at (1, 3), with its
 * gradient and (constant) Hessian, so any plugin's objective-kind algorithm can run on it too.
 *
 * Everything crosses the ABI as C data: descriptors are static and live for the process; a problem instance is
 * allocated in create() and freed in its destroy().
 */
#include <math.h>
#include <stdlib.h>

#include "catalogue.h"

/* Only the entry point is visible outside the library (the Makefile compiles with -fvisibility=hidden). */
#define RGF_EXPORT __attribute__((visibility("default")))

/* ------------------------------------------------------------------------------------------------ booth ------ */

typedef struct booth {
    double start;
    cat_objective_oracles oracles;
    cat_problem problem;
} booth;

static const char *const booth_reference_names[] = {"f_star"};
static const double booth_reference_values[] = {0.0};
static const char *const booth_metric_names[] = {"dist_to_opt"};

static cat_status booth_start(void *ctx, double *x) {
    const booth *b = ctx;
    x[0] = b->start;
    x[1] = b->start;
    return CAT_OK;
}

static double booth_f(const double *x) {
    double a = x[0] + 2 * x[1] - 7, b = 2 * x[0] + x[1] - 5;
    return a * a + b * b;
}

static cat_status booth_value(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f) {
    (void)ctx, (void)count;
    if (samples != NULL) return CAT_ERR_UNSUPPORTED; /* not a finite sum */
    *f = booth_f(x);
    return CAT_OK;
}

static cat_status booth_gradient(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f,
                                 double *grad) {
    (void)ctx, (void)count;
    if (samples != NULL) return CAT_ERR_UNSUPPORTED;
    double a = x[0] + 2 * x[1] - 7, b = 2 * x[0] + x[1] - 5;
    if (f != NULL) *f = a * a + b * b;
    grad[0] = 2 * a + 4 * b;
    grad[1] = 4 * a + 2 * b;
    return CAT_OK;
}

/* The Hessian is [[10, 8], [8, 10]] everywhere. */
static cat_status booth_hessian_vector(void *ctx, const double *x, const double *v, double *out) {
    (void)ctx, (void)x;
    out[0] = 10 * v[0] + 8 * v[1];
    out[1] = 8 * v[0] + 10 * v[1];
    return CAT_OK;
}

static cat_status booth_metrics(void *ctx, const double *x, double *out) {
    (void)ctx;
    out[0] = hypot(x[0] - 1, x[1] - 3);
    return CAT_OK;
}

static void booth_destroy(void *ctx) { free(ctx); }

static cat_status booth_create(const cat_problem_desc *self, const cat_host_api *host, const cat_params *params,
                               cat_rng *rng, const cat_problem **out) {
    (void)self, (void)rng;
    booth *b = calloc(1, sizeof *b);
    if (b == NULL) {
        host->set_error("booth: out of memory");
        return CAT_ERR_OUT_OF_MEMORY;
    }
    cat_status status = host->param_real(params, "start", &b->start);
    if (status != CAT_OK) { /* the host has set the message */
        free(b);
        return status;
    }
    b->oracles.struct_size = sizeof b->oracles;
    b->oracles.dim = 2;
    b->oracles.initial_point = booth_start;
    b->oracles.value = booth_value;
    b->oracles.gradient = booth_gradient;
    b->oracles.hessian_vector = booth_hessian_vector;
    b->problem.struct_size = sizeof b->problem;
    b->problem.kind = CAT_KIND_OBJECTIVE;
    b->problem.ctx = b;
    b->problem.objective = &b->oracles;
    b->problem.reference_count = 1;
    b->problem.reference_names = booth_reference_names;
    b->problem.reference_values = booth_reference_values;
    b->problem.metric_count = 1;
    b->problem.metric_names = booth_metric_names;
    b->problem.metrics = booth_metrics;
    b->problem.destroy = booth_destroy;
    *out = &b->problem;
    return CAT_OK;
}

static const cat_param_desc booth_start_param = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "start",
    .help = "both coordinates of the start point", .default_real = 0.0, .min_real = -100.0, .max_real = 100.0};
static const cat_param_desc *const booth_params[] = {&booth_start_param};

static const cat_problem_desc booth_desc = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_OBJECTIVE, .id = "booth", .name = "Booth",
    .summary = "(x + 2y - 7)^2 + (2x + y - 5)^2; minimum 0 at (1, 3)", .param_count = 1, .params = booth_params,
    .create = booth_create};

/* -------------------------------------------------------------------------------------------------- rgf ------ */

#define RGF_MAX_DIM 4096

static cat_status rgf_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                          const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)self;
    const cat_objective_oracles *o = problem->objective;
    double h, mu;
    cat_status status;
    if ((status = host->param_real(params, "step_size", &h)) != CAT_OK) return status;
    if ((status = host->param_real(params, "smoothing", &mu)) != CAT_OK) return status;
    if (o->dim > RGF_MAX_DIM) {
        host->set_error("rgf: dimension above 4096 is not supported by this example");
        return CAT_ERR_INVALID_ARGUMENT;
    }
    uint64_t n = o->dim;
    double x[RGF_MAX_DIM], u[RGF_MAX_DIM], trial[RGF_MAX_DIM];
    static const char *const columns[] = {"f"};
    if ((status = host->declare_trace(run, 1, columns)) != CAT_OK) return status;
    if ((status = o->initial_point(problem->ctx, x)) != CAT_OK) return status;
    double f;
    if ((status = o->value(problem->ctx, x, NULL, 0, &f)) != CAT_OK) return status;
    for (uint64_t k = 0; host->report(run, k, &f) == CAT_CONTINUE; k++) {
        for (uint64_t i = 0; i < n; i++) {
            u[i] = host->rng_normal(rng);
            trial[i] = x[i] + mu * u[i];
        }
        double shifted;
        if ((status = o->value(problem->ctx, trial, NULL, 0, &shifted)) != CAT_OK) return status;
        double slope = (shifted - f) / mu;
        for (uint64_t i = 0; i < n; i++) x[i] -= h * slope * u[i];
        if ((status = o->value(problem->ctx, x, NULL, 0, &f)) != CAT_OK) return status;
    }
    host->result_real(run, "f_final", f);
    return host->result_vector(run, "x", n, x);
}

static const cat_param_desc rgf_step = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "step_size",
    .help = "step h; the paper's h = 1/(4(n+4)L) for L-smooth f", .unit = "1/L",
    .flags = CAT_PARAM_FLAG_MIN_EXCLUSIVE | CAT_PARAM_FLAG_LOG_SCALE, .default_real = 0.002, .min_real = 0.0,
    .max_real = INFINITY};
static const cat_param_desc rgf_smoothing = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "smoothing",
    .help = "smoothing radius mu of the finite difference",
    .flags = CAT_PARAM_FLAG_MIN_EXCLUSIVE | CAT_PARAM_FLAG_LOG_SCALE, .default_real = 1e-6, .min_real = 0.0,
    .max_real = 1.0};
static const cat_param_desc *const rgf_params[] = {&rgf_step, &rgf_smoothing};

static const cat_citation nesterov_spokoiny = {
    .struct_size = sizeof(cat_citation), .year = 2017, .authors = "Yurii Nesterov, Vladimir Spokoiny",
    .title = "Random gradient-free minimization of convex functions",
    .venue = "Foundations of Computational Mathematics 17(2)", .url = "https://doi.org/10.1007/s10208-015-9296-2"};

static const cat_algorithm_desc rgf_desc = {
    .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = "rgf",
    .name = "Random gradient-free",
    .summary = "Nesterov-Spokoiny RG_mu: a forward difference along a Gaussian direction",
    .provenance_note = "checked: f falls from 74 to below 1e-3 on booth in 2000 iterations; same seed, same trace",
    .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE), .needs = CAT_NEEDS_EUCLIDEAN, .default_problem = "booth",
    .default_max_iters = 2000, .param_count = 2, .params = rgf_params, .run = rgf_run};

/* ----------------------------------------------------------------------------------------------- plugin ------ */

static const cat_algorithm_desc *const algorithms[] = {&rgf_desc};
static const cat_problem_desc *const problems[] = {&booth_desc};

static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR,
    .id = "org.example.rgf", .name = "Random gradient-free", .version = "1.0.0",
    .summary = "Nesterov-Spokoiny random gradient-free descent, with Booth's function", .license = "Apache-2.0",
    .citation = &nesterov_spokoiny, .algorithm_count = 1, .problem_count = 1, .algorithms = algorithms,
    .problems = problems};

/* Version negotiation: the major must match exactly. The host's minor only has to be at least the minor whose
 * services we call; this plugin uses nothing newer than 1.0, so every host of major 1 will do. A plugin that calls a
 * service added in 1.3 would also decline host_abi_minor < 3. */
RGF_EXPORT const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor,
                                                    const cat_host_api *host) {
    (void)host_abi_minor;
    if (host_abi_major != CAT_ABI_MAJOR) {
        host->set_error("org.example.rgf is built for catalogue ABI 1.0");
        return NULL;
    }
    return &plugin;
}
