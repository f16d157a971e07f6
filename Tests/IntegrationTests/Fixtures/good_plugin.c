/*
 * A complete catalogue plugin written in plain C against catalogue.h: the integration tests build it at test time
 * and run it through the `catalogue` executable, so it doubles as a conformance test of the C ABI.
 *
 * Problems: "quad2", f(x) = (a0 x0^2 + a1 x1^2) / 2 as a finite sum of two terms f_i = a_i x_i^2 (with gradients,
 * per-sample gradients and Hessian-vector products), and "ring", a graph sampler (a second problem kind).
 * Algorithms: "cgd" (gradient descent using every parameter kind), "cmanifold" (needs a manifold, so the host must
 * refuse quad2), "cfail" (fails with a message), "cgraph" (samples graphs). Experiment: "cgood-rates".
 * PLUGIN_ID and PLUGIN_VERSION can be overridden with -D to install two versions of one plugin.
 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue.h"

#ifndef PLUGIN_ID
#define PLUGIN_ID "org.catalogue.test.cgood"
#endif
#ifndef PLUGIN_VERSION
#define PLUGIN_VERSION "1.0.0"
#endif
/* -DCGD_ID='"gd"' builds a third-party plugin that registers an id another plugin has (the baselines' gd). */
#ifndef CGD_ID
#define CGD_ID "cgd"
#endif
/* -DCGD_NAME=NULL builds the variant whose algorithm has no display name, which `validate` must report. */
#ifndef CGD_NAME
#define CGD_NAME "C gradient descent"
#endif
/* -DPLUGIN_STRUCT_SIZE=0xFFFFFFF0u builds the variant with a nonsensical struct_size, which must be refused. */
#ifndef PLUGIN_STRUCT_SIZE
#define PLUGIN_STRUCT_SIZE sizeof(cat_plugin)
#endif

static const cat_host_api *g_host;

/* ---------------------------------------------------------------- quad2 ---------------------------------------- */

typedef struct quad2 {
    double a[2];
    double x0[2];
    cat_objective_oracles oracles;
    cat_problem problem;
} quad2;

static const char *const quad2_reference_names[] = {"f_star"};
static const double quad2_reference_values[] = {0.0};
static const char *const quad2_metric_names[] = {"distance"};

static cat_status quad2_initial_point(void *ctx, double *x) {
    quad2 *q = ctx;
    x[0] = q->x0[0];
    x[1] = q->x0[1];
    return CAT_OK;
}

static cat_status check_samples(const uint64_t *samples, uint64_t count) {
    for (uint64_t j = 0; samples != NULL && j < count; j++) {
        if (samples[j] > 1) {
            g_host->set_error("quad2: sample index out of range (quad2 has 2 samples)");
            return CAT_ERR_INVALID_ARGUMENT;
        }
    }
    if (samples != NULL && count == 0) {
        g_host->set_error("quad2: empty sample set");
        return CAT_ERR_INVALID_ARGUMENT;
    }
    return CAT_OK;
}

static cat_status quad2_value(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f) {
    quad2 *q = ctx;
    cat_status status = check_samples(samples, count);
    if (status != CAT_OK) return status;
    if (samples == NULL) {
        *f = 0.5 * (q->a[0] * x[0] * x[0] + q->a[1] * x[1] * x[1]);
        return CAT_OK;
    }
    double sum = 0;
    for (uint64_t j = 0; j < count; j++) {
        uint64_t i = samples[j];
        sum += q->a[i] * x[i] * x[i];
    }
    *f = sum / (double)count;
    return CAT_OK;
}

static cat_status quad2_gradient(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f,
                                 double *grad) {
    quad2 *q = ctx;
    cat_status status = check_samples(samples, count);
    if (status != CAT_OK) return status;
    if (f != NULL) quad2_value(ctx, x, samples, count, f);
    if (samples == NULL) {
        grad[0] = q->a[0] * x[0];
        grad[1] = q->a[1] * x[1];
        return CAT_OK;
    }
    grad[0] = grad[1] = 0;
    for (uint64_t j = 0; j < count; j++) {
        uint64_t i = samples[j];
        grad[i] += 2.0 * q->a[i] * x[i] / (double)count;
    }
    return CAT_OK;
}

static cat_status quad2_hessian_vector(void *ctx, const double *x, const double *v, double *out) {
    quad2 *q = ctx;
    (void)x;
    out[0] = q->a[0] * v[0];
    out[1] = q->a[1] * v[1];
    return CAT_OK;
}

static cat_status quad2_metrics(void *ctx, const double *x, double *out) {
    (void)ctx;
    out[0] = sqrt(x[0] * x[0] + x[1] * x[1]);
    return CAT_OK;
}

static void quad2_destroy(void *ctx) { free(ctx); }

static cat_status quad2_create(const cat_problem_desc *self, const cat_host_api *host, const cat_params *params,
                               cat_rng *rng, const cat_problem **out) {
    (void)self;
    double condition, start;
    if (host->param_real(params, "condition", &condition) != CAT_OK) return CAT_ERR_INVALID_ARGUMENT;
    if (host->param_real(params, "start", &start) != CAT_OK) return CAT_ERR_INVALID_ARGUMENT;
    if (start == 0.0) {
        host->set_error("start = 0 puts the initial point at the minimum; choose another start");
        return CAT_ERR_INVALID_ARGUMENT;
    }
    quad2 *q = calloc(1, sizeof *q);
    if (q == NULL) return CAT_ERR_OUT_OF_MEMORY;
    q->a[0] = condition;
    q->a[1] = 1.0;
    q->x0[0] = start + 0.1 * host->rng_normal(rng);
    q->x0[1] = start + 0.1 * host->rng_normal(rng);
    q->oracles.struct_size = sizeof q->oracles;
    q->oracles.dim = 2;
    q->oracles.sample_count = 2;
    q->oracles.initial_point = quad2_initial_point;
    q->oracles.value = quad2_value;
    q->oracles.gradient = quad2_gradient;
    q->oracles.hessian_vector = quad2_hessian_vector;
    q->problem.struct_size = sizeof q->problem;
    q->problem.kind = CAT_KIND_OBJECTIVE;
    q->problem.ctx = q;
    q->problem.objective = &q->oracles;
    q->problem.reference_count = 1;
    q->problem.reference_names = quad2_reference_names;
    q->problem.reference_values = quad2_reference_values;
    q->problem.metric_count = 1;
    q->problem.metric_names = quad2_metric_names;
    q->problem.metrics = quad2_metrics;
    q->problem.destroy = quad2_destroy;
    *out = &q->problem;
    return CAT_OK;
}

static const cat_param_desc quad2_condition = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "condition",
    .help = "curvature of the first coordinate", .flags = CAT_PARAM_FLAG_LOG_SCALE,
    .default_real = 10.0, .min_real = 1.0, .max_real = INFINITY};
static const cat_param_desc quad2_start = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "start",
    .help = "centre of the random initial point", .default_real = 1.0, .min_real = -INFINITY, .max_real = INFINITY};
static const cat_param_desc *const quad2_params[] = {&quad2_condition, &quad2_start};

static const cat_problem_desc quad2_desc = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_OBJECTIVE, .id = "quad2", .name = "2-d quadratic",
    .summary = "f(x) = (a0 x0^2 + x1^2)/2 as a sum of two terms", .param_count = 2, .params = quad2_params,
    .create = quad2_create};

/* ---------------------------------------------------------------- ring ----------------------------------------- */

typedef struct ring {
    uint64_t nodes;
    cat_graph_oracles oracles;
    cat_problem problem;
} ring;

static cat_status ring_sample(void *ctx, cat_rng *rng, double *incidence, double *resistances, uint64_t *edges) {
    ring *r = ctx;
    uint64_t n = r->nodes;
    memset(incidence, 0, sizeof(double) * n * n);
    for (uint64_t e = 0; e < n; e++) {
        incidence[e * n + e] = 1.0;
        incidence[e * n + (e + 1) % n] = -1.0;
        resistances[e] = 1.0 + g_host->rng_uniform(rng);
    }
    *edges = n;
    return CAT_OK;
}

static void ring_destroy(void *ctx) { free(ctx); }

static cat_status ring_create(const cat_problem_desc *self, const cat_host_api *host, const cat_params *params,
                              cat_rng *rng, const cat_problem **out) {
    (void)self;
    (void)rng;
    int64_t nodes;
    if (host->param_int(params, "nodes", &nodes) != CAT_OK) return CAT_ERR_INVALID_ARGUMENT;
    ring *r = calloc(1, sizeof *r);
    if (r == NULL) return CAT_ERR_OUT_OF_MEMORY;
    r->nodes = (uint64_t)nodes;
    r->oracles.struct_size = sizeof r->oracles;
    r->oracles.node_count = r->nodes;
    r->oracles.max_edges = r->nodes;
    r->oracles.sample = ring_sample;
    r->problem.struct_size = sizeof r->problem;
    r->problem.kind = CAT_KIND_GRAPHS;
    r->problem.ctx = r;
    r->problem.graphs = &r->oracles;
    r->problem.destroy = ring_destroy;
    *out = &r->problem;
    return CAT_OK;
}

static const cat_param_desc ring_nodes = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_INT, .id = "nodes", .help = "nodes in the ring",
    .default_int = 5, .min_int = 3, .max_int = 100};
static const cat_param_desc *const ring_params[] = {&ring_nodes};

static const cat_problem_desc ring_desc = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_GRAPHS, .id = "ring", .name = "Ring graphs",
    .summary = "rings with random resistances", .param_count = 1, .params = ring_params, .create = ring_create};

/* ---------------------------------------------------------------- cgd ------------------------------------------ */

static double dot(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }

static cat_status cgd_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                          const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)self;
    double step, noise;
    int64_t batch;
    int32_t normalized;
    const char *rule, *label;
    if (host->param_real(params, "step_size", &step) != CAT_OK || host->param_real(params, "noise", &noise) != CAT_OK ||
        host->param_int(params, "batch", &batch) != CAT_OK ||
        host->param_bool(params, "normalized", &normalized) != CAT_OK ||
        host->param_string(params, "rule", &rule) != CAT_OK || host->param_string(params, "label", &label) != CAT_OK)
        return CAT_ERR_INVALID_ARGUMENT;
    const cat_objective_oracles *o = problem->objective;
    if (o == NULL || o->dim != 2) {
        host->set_error("cgd only runs on 2-d objective problems");
        return CAT_ERR_UNSUPPORTED;
    }
    int exact = strcmp(rule, "exact") == 0;
    if (exact && o->hessian_vector == NULL) {
        host->set_error("rule=exact needs Hessian-vector products");
        return CAT_ERR_UNSUPPORTED;
    }
    const char *columns[] = {"f", "grad_norm"};
    cat_status status = host->declare_trace(run, 2, columns);
    if (status != CAT_OK) return status;
    double x[2], g[2], hg[2], f;
    uint64_t samples[2];
    status = o->initial_point(problem->ctx, x);
    if (status != CAT_OK) return status;
    for (uint64_t it = 0;; it++) {
        if (batch > 0) {
            for (int64_t j = 0; j < batch; j++) samples[j] = host->rng_next(rng) % 2;
            status = o->gradient(problem->ctx, x, samples, (uint64_t)batch, NULL, g);
        } else {
            status = o->gradient(problem->ctx, x, NULL, 0, NULL, g);
        }
        if (status != CAT_OK) return status;
        if (noise > 0) {
            g[0] += noise * host->rng_normal(rng);
            g[1] += noise * host->rng_normal(rng);
        }
        host->set_counting(run, 0);
        status = o->value(problem->ctx, x, NULL, 0, &f);
        host->set_counting(run, 1);
        if (status != CAT_OK) return status;
        double norm = sqrt(dot(g, g));
        double row[2] = {f, norm};
        if (host->report(run, it, row) == CAT_STOP) break;
        if (norm < 1e-300) {
            host->finish(run, CAT_TERM_CONVERGED, "the gradient vanished");
            break;
        }
        double t = step;
        if (exact) {
            status = o->hessian_vector(problem->ctx, x, g, hg);
            if (status != CAT_OK) return status;
            t = dot(g, g) / dot(g, hg);
        }
        if (normalized) t /= norm;
        x[0] -= t * g[0];
        x[1] -= t * g[1];
    }
    host->log(run, CAT_LOG_INFO, label);
    status = host->result_real(run, "f_final", f);
    if (status != CAT_OK) return status;
    status = host->result_vector(run, "x", 2, x);
    if (status != CAT_OK) return status;
    char text[128];
    int length = snprintf(text, sizeof text, "%s %.17g %.17g\n", label, x[0], x[1]);
    return host->write_artifact(run, "final.txt", text, (uint64_t)length);
}

static const char *const cgd_rules[] = {"fixed", "exact"};
static const cat_param_desc cgd_step = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "step_size", .help = "step length",
    .unit = "1/L", .flags = CAT_PARAM_FLAG_MIN_EXCLUSIVE | CAT_PARAM_FLAG_LOG_SCALE, .default_real = 0.05,
    .min_real = 0.0, .max_real = INFINITY};
static const cat_param_desc cgd_rule = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_CHOICE, .id = "rule",
    .help = "fixed step or exact line search", .choice_count = 2, .choices = cgd_rules, .default_string = "fixed"};
static const cat_param_desc cgd_batch = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_INT, .id = "batch",
    .help = "samples per stochastic gradient (0: full gradient)", .default_int = 0, .min_int = 0, .max_int = 2};
static const cat_param_desc cgd_normalized = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_BOOL, .id = "normalized",
    .help = "divide the step by the gradient norm", .default_int = 0};
static const cat_param_desc cgd_label = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_STRING, .id = "label", .help = "text for the log",
    .default_string = "cgd run"};
static const cat_param_desc cgd_noise = {
    .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "noise",
    .help = "standard deviation of gradient noise", .flags = CAT_PARAM_FLAG_MAX_EXCLUSIVE, .default_real = 0.0,
    .min_real = 0.0, .max_real = 1.0};
static const cat_param_desc *const cgd_params[] = {&cgd_step, &cgd_rule, &cgd_batch, &cgd_normalized, &cgd_label,
                                                   &cgd_noise};

static const cat_citation cgd_citation = {
    .struct_size = sizeof(cat_citation), .year = 1847, .authors = "Augustin-Louis Cauchy",
    .title = "Methode generale pour la resolution des systemes d'equations simultanees",
    .venue = "Comptes Rendus"};

static const cat_algorithm_desc cgd_desc = {
    .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = CGD_ID,
    .name = CGD_NAME, .summary = "gradient descent written in C", .provenance_note = "a test fixture",
    .citation = &cgd_citation, .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE), .needs = 0,
    .default_problem = "quad2", .default_max_iters = 200, .param_count = 6, .params = cgd_params, .run = cgd_run};

/* ---------------------------------------------------------------- others --------------------------------------- */

static cat_status cmanifold_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                                const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)self, (void)run, (void)params, (void)problem, (void)rng;
    host->set_error("cmanifold must never run on a Euclidean problem");
    return CAT_ERR_INTERNAL;
}

static const cat_algorithm_desc cmanifold_desc = {
    .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = "cmanifold",
    .name = "Needs a manifold", .summary = "refused on Euclidean problems",
    .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE), .needs = CAT_NEEDS_GEOMETRY, .default_problem = "quad2",
    .default_max_iters = 10, .run = cmanifold_run};

static cat_status cfail_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                            const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)self, (void)params, (void)problem, (void)rng;
    const char *columns[] = {"f"};
    host->declare_trace(run, 1, columns);
    double row[1] = {1.0};
    host->report(run, 0, row);
    host->set_error("deliberate failure: the factorisation broke down");
    return CAT_ERR_NUMERICAL;
}

static const cat_algorithm_desc cfail_desc = {
    .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = "cfail",
    .name = "Always fails", .summary = "fails after one report", .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE),
    .default_problem = "quad2", .default_max_iters = 10, .run = cfail_run};

static cat_status cgraph_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                             const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)self, (void)params;
    const cat_graph_oracles *o = problem->graphs;
    const char *columns[] = {"edges", "resistance"};
    cat_status status = host->declare_trace(run, 2, columns);
    if (status != CAT_OK) return status;
    uint64_t n = o->node_count, m = o->max_edges, edges = 0;
    double *incidence = malloc(sizeof(double) * n * m), *resistances = malloc(sizeof(double) * m);
    for (uint64_t it = 1; it <= 3; it++) {
        status = o->sample(problem->ctx, rng, incidence, resistances, &edges);
        if (status != CAT_OK) break;
        double row[2] = {(double)edges, resistances[0]};
        host->count_oracle(run, CAT_ORACLE_INNER_STEP, 1);
        if (host->report(run, it, row) == CAT_STOP) break;
    }
    free(incidence);
    free(resistances);
    if (status == CAT_OK && !host->should_stop(run)) host->finish(run, CAT_TERM_COMPLETED, "three graphs sampled");
    return status;
}

static const cat_algorithm_desc cgraph_desc = {
    .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = "cgraph",
    .name = "Graph sampler", .summary = "samples three graphs", .problem_kinds = CAT_KIND_BIT(CAT_KIND_GRAPHS),
    .default_problem = "ring", .default_max_iters = 10, .run = cgraph_run};

/* ---------------------------------------------------------------- experiment ----------------------------------- */

/* "cgood-rates" for `catalogue reproduce`: two claims that hold and one that is false on purpose, so the tests see
 * a failing claim reported with its margin and exit code 1. On quad2 (a = (10, 1)) cgd with step 0.05 halves the
 * steep coordinate and shrinks the flat one by 0.95 per step, so f (5.5 at the start, mostly steep) falls ~600x in
 * 40 steps, to ~0.005, far above the false claim's 1e-6; the exact line search contracts f by at most
 * ((10 - 1) / (10 + 1))^2 per step (f falls > 1e6x). */
static const cat_experiment_run rates_plain = {
    .struct_size = sizeof(cat_experiment_run), .seed_count = 3, .label = "plain", .algorithm = CGD_ID,
    .problem = "quad2", .first_seed = 1, .max_iters = 40, .quick_seed_count = 2, .quick_max_iters = 30};
static const cat_experiment_run rates_exact = {
    .struct_size = sizeof(cat_experiment_run), .seed_count = 3, .label = "exact", .algorithm = CGD_ID,
    .algorithm_params = "rule=exact", .first_seed = 1, .max_iters = 40, .quick_seed_count = 2,
    .quick_max_iters = 30};
static const cat_experiment_run *const rates_runs[] = {&rates_plain, &rates_exact};

static const cat_claim rates_descends = {
    .struct_size = sizeof(cat_claim), .kind = CAT_CLAIM_REDUCTION, .id = "descends",
    .statement = "Gradient descent with a small fixed step halves f", .run = "plain", .metric = "f",
    .aggregate = CAT_AGG_MAX, .lower = -INFINITY, .upper = 0.5};
static const cat_claim rates_exact_faster = {
    .struct_size = sizeof(cat_claim), .kind = CAT_CLAIM_AT_MOST_RATIO, .id = "exact-faster",
    .statement = "The exact line search ends 100x lower than the fixed step", .run = "exact", .other_run = "plain",
    .metric = "f_final", .aggregate = CAT_AGG_MEDIAN, .lower = -INFINITY, .upper = 0.01};
static const cat_claim rates_too_fast = {
    .struct_size = sizeof(cat_claim), .kind = CAT_CLAIM_RANGE, .id = "too-fast",
    .statement = "A deliberately false claim: the fixed step reaches f <= 1e-6", .run = "plain", .metric = "f",
    .aggregate = CAT_AGG_MAX, .lower = 0.0, .upper = 1e-6};
static const cat_claim *const rates_claims[] = {&rates_descends, &rates_exact_faster, &rates_too_fast};

static const cat_experiment_desc rates_desc = {
    .struct_size = sizeof(cat_experiment_desc), .run_count = 2, .id = "cgood-rates",
    .title = "Fixed step against exact line search on quad2",
    .summary = "Two claims that hold and one that is false on purpose.", .runs = rates_runs, .claim_count = 3,
    .claims = rates_claims};
/* Staged: a quick claim on a short group and a full-only claim on a full-only group (ABI 1.1 flags). */
static const cat_experiment_run staged_short = {
    .struct_size = sizeof(cat_experiment_run), .seed_count = 2, .label = "short", .algorithm = "cgd",
    .problem = "quad2", .first_seed = 1, .max_iters = 20, .quick_seed_count = 1};
static const cat_experiment_run staged_long = {
    .struct_size = sizeof(cat_experiment_run), .seed_count = 2, .label = "long", .algorithm = "cgd",
    .problem = "quad2", .first_seed = 1, .max_iters = 200, .flags = CAT_EXPERIMENT_FULL_ONLY};
static const cat_experiment_run *const staged_runs[] = {&staged_short, &staged_long};
static const cat_claim staged_descends = {
    .struct_size = sizeof(cat_claim), .kind = CAT_CLAIM_REDUCTION, .id = "short-descends",
    .statement = "Twenty fixed steps halve f", .run = "short", .metric = "f", .aggregate = CAT_AGG_MAX,
    .lower = -INFINITY, .upper = 0.5};
static const cat_claim staged_long_lower = {
    .struct_size = sizeof(cat_claim), .kind = CAT_CLAIM_AT_MOST_RATIO, .id = "long-lower",
    .statement = "Two hundred steps end 100x lower than twenty", .run = "long", .other_run = "short", .metric = "f",
    .aggregate = CAT_AGG_MAX, .lower = -INFINITY, .upper = 0.01, .flags = CAT_EXPERIMENT_FULL_ONLY};
static const cat_claim *const staged_claims[] = {&staged_descends, &staged_long_lower};
static const cat_experiment_desc staged_desc = {
    .struct_size = sizeof(cat_experiment_desc), .run_count = 2, .id = "cgood-staged",
    .title = "A full-only group and claim", .summary = "--quick checks one claim and skips the other.",
    .runs = staged_runs, .claim_count = 2, .claims = staged_claims};
/* A plugin bug: a claim --quick would check names a full-only group. */
static const cat_claim staged_bad_claim = {
    .struct_size = sizeof(cat_claim), .kind = CAT_CLAIM_AT_MOST_RATIO, .id = "quick-about-long",
    .statement = "Checked by --quick, about a group --quick skips", .run = "long", .other_run = "short",
    .metric = "f", .aggregate = CAT_AGG_MAX, .lower = -INFINITY, .upper = 0.01};
static const cat_claim *const staged_bad_claims[] = {&staged_descends, &staged_bad_claim};
static const cat_experiment_desc staged_bad_desc = {
    .struct_size = sizeof(cat_experiment_desc), .run_count = 2, .id = "cgood-staged-bad",
    .title = "A quick claim about a full-only group", .summary = "Invalid on purpose.", .runs = staged_runs,
    .claim_count = 2, .claims = staged_bad_claims};
static const cat_experiment_desc *const experiments[] = {&rates_desc, &staged_desc, &staged_bad_desc};

/* ---------------------------------------------------------------- plugin --------------------------------------- */

static const cat_algorithm_desc *const algorithms[] = {&cgd_desc, &cmanifold_desc, &cfail_desc, &cgraph_desc};
static const cat_problem_desc *const problems[] = {&quad2_desc, &ring_desc};

static const cat_citation plugin_citation = {
    .struct_size = sizeof(cat_citation), .year = 2024, .authors = "Ada Lovelace, Charles Babbage, Alan Turing",
    .title = "A test plugin", .venue = "Integration Tests 2024", .arxiv_id = "0000.00000"};

static const cat_plugin plugin = {
    .struct_size = PLUGIN_STRUCT_SIZE, .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR, .id = PLUGIN_ID,
    .name = "C test plugin", .version = PLUGIN_VERSION, .summary = "a plugin written in C", .license = "MIT",
    .citation = &plugin_citation, .algorithm_count = 4, .problem_count = 2, .algorithms = algorithms,
    .problems = problems, .experiment_count = 3, .experiments = experiments};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_minor;
    if (host_abi_major != CAT_ABI_MAJOR) {
        host->set_error("built for catalogue ABI 1");
        return NULL;
    }
    g_host = host;
    /* For the early Ctrl-C test: announce the load through a marker file, then take half a second to load. */
    const char *marker = getenv("CATALOGUE_TEST_SLOW_LOAD_MARKER");
    if (marker != NULL) {
        FILE *file = fopen(marker, "w");
        if (file != NULL) fclose(file);
        struct timespec pause = {0, 500000000};
        nanosleep(&pause, NULL);
    }
    return &plugin;
}
