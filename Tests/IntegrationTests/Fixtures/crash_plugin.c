/*
 * A plugin whose algorithms fail in every way a process can: "crash-segv" segfaults after reporting 100
 * iterations, "crash-trap" executes a trap instruction, "crash-abort" calls abort(), "crash-hang" stops reporting
 * and spins, "crash-exit" calls exit(3), "crash-kill" is killed with SIGKILL as the kernel's out-of-memory killer
 * would, and "crash-noisy" prints on stdout and stderr while it runs normally. They
 * all run on "line", f(x) = x^2 / 2 in one dimension. The run worker must turn each into a clear ending and keep
 * the rows reported before it.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "catalogue.h"

typedef struct line {
    cat_objective_oracles oracles;
    cat_problem problem;
} line;

static cat_status line_start(void *ctx, double *x) {
    (void)ctx;
    x[0] = 1.0;
    return CAT_OK;
}

static cat_status line_value(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f) {
    (void)ctx, (void)samples, (void)count;
    *f = 0.5 * x[0] * x[0];
    return CAT_OK;
}

static cat_status line_gradient(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f,
                                double *grad) {
    (void)ctx, (void)samples, (void)count;
    if (f != NULL) *f = 0.5 * x[0] * x[0];
    grad[0] = x[0];
    return CAT_OK;
}

static void line_destroy(void *ctx) { free(ctx); }

static cat_status line_create(const cat_problem_desc *self, const cat_host_api *host, const cat_params *params,
                              cat_rng *rng, const cat_problem **out) {
    (void)self, (void)host, (void)params, (void)rng;
    line *l = calloc(1, sizeof *l);
    if (l == NULL) return CAT_ERR_OUT_OF_MEMORY;
    l->oracles.struct_size = sizeof l->oracles;
    l->oracles.dim = 1;
    l->oracles.initial_point = line_start;
    l->oracles.value = line_value;
    l->oracles.gradient = line_gradient;
    l->problem.struct_size = sizeof l->problem;
    l->problem.kind = CAT_KIND_OBJECTIVE;
    l->problem.ctx = l;
    l->problem.objective = &l->oracles;
    l->problem.destroy = line_destroy;
    *out = &l->problem;
    return CAT_OK;
}

enum failure { SEGV, TRAP, ABORT, HANG, EXIT, KILL, NOISY };

/* Gradient descent with step 0.01 that fails its own way after `after` iterations. */
static cat_status crash_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                            const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)params, (void)rng;
    enum failure how = (enum failure)(uintptr_t)self->user_data;
    static const char *const columns[] = {"f"};
    host->declare_trace(run, 1, columns);
    const cat_objective_oracles *o = problem->objective;
    double x = 0, f = 0, g = 0;
    o->initial_point(problem->ctx, &x);
    uint64_t after = how == SEGV ? 100 : 10;
    for (uint64_t k = 0;; k++) {
        o->gradient(problem->ctx, &x, NULL, 0, &f, &g);
        if (k == after) {
            switch (how) {
            case SEGV: {
                volatile double *nowhere = NULL;
                *nowhere = f;
                break;
            }
            case TRAP: __builtin_trap();
            case ABORT: abort();
            case HANG:
                for (volatile unsigned long spin = 0;; spin++) {
                }
            case EXIT: exit(3);
            case KILL: raise(SIGKILL); break;
            case NOISY: break;
            }
        }
        if (how == NOISY) {
            printf("noisy stdout %llu\n", (unsigned long long)k);
            fprintf(stderr, "noisy stderr %llu\n", (unsigned long long)k);
        }
        if (host->report(run, k, &f) != CAT_CONTINUE) return CAT_OK;
        x -= 0.01 * g;
    }
}

static const cat_citation citation = {
    .struct_size = sizeof(cat_citation), .year = 2024, .authors = "Test", .title = "Crashes", .venue = "tests"};

/* One algorithm per failure: id "crash-LABEL", run by crash_run with the failure in user_data. */
#define CRASH_ALGORITHM(label, how)                                                                             \
    static const cat_algorithm_desc algorithm_##label = {.struct_size = sizeof(cat_algorithm_desc),             \
                                                         .provenance = CAT_PROVENANCE_STANDARD,                 \
                                                         .id = "crash-" #label,                                 \
                                                         .name = #label,                                        \
                                                         .summary = "fails on purpose",                         \
                                                         .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE),     \
                                                         .default_problem = "line",                             \
                                                         .default_max_iters = 1000,                             \
                                                         .user_data = (const void *)(uintptr_t)how,             \
                                                         .run = crash_run}

CRASH_ALGORITHM(segv, SEGV);
CRASH_ALGORITHM(trap, TRAP);
CRASH_ALGORITHM(abort, ABORT);
CRASH_ALGORITHM(hang, HANG);
CRASH_ALGORITHM(exit, EXIT);
CRASH_ALGORITHM(kill, KILL);
CRASH_ALGORITHM(noisy, NOISY);

static const cat_problem_desc line_desc = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_OBJECTIVE, .id = "line", .name = "Line",
    .summary = "x^2 / 2 in one dimension", .create = line_create};
static const cat_algorithm_desc *const algorithms[] = {&algorithm_segv, &algorithm_trap, &algorithm_abort,
                                                       &algorithm_hang, &algorithm_exit, &algorithm_kill,
                                                       &algorithm_noisy};
static const cat_problem_desc *const problems[] = {&line_desc};
static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR,
    .id = "org.catalogue.test.crash", .name = "Crashes", .version = "1.0.0", .summary = "fails on purpose",
    .license = "MIT", .citation = &citation, .algorithm_count = 7, .problem_count = 1, .algorithms = algorithms,
    .problems = problems};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_minor;
    if (host_abi_major != CAT_ABI_MAJOR) {
        host->set_error("built for catalogue ABI 1");
        return NULL;
    }
    return &plugin;
}
