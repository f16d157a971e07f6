/*
 * A plugin that leaves a forked child behind, the way a plugin that starts a helper process or a pool might. The
 * child inherits every descriptor (the host's event pipe, the scanner's reply pipe), appends its pid to the file
 * named by CATALOGUE_TEST_FORKED and sleeps 30 s. "fork-run" forks after 50 reported iterations and goes on to
 * its iteration limit; "fork-hang" forks after 50 and then spins. Built with -DFORK_IN_ENTRY, the entry point
 * forks such a child too, every time the plugin is loaded. With CATALOGUE_TEST_SETSID set, each child first calls
 * setsid(), leaving the process group (and session) of the process that forked it, as a daemonising helper does.
 * The host must end each run (and each scan and validation) without waiting for the child, keep the rows, and
 * kill the child.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "catalogue.h"

/* Forks the child and returns once it has recorded its pid (so the host cannot kill it before it did). */
static void leave_a_child_behind(void) {
    int recorded[2];
    if (pipe(recorded) != 0) return;
    pid_t pid = fork();
    if (pid != 0) {
        char byte;
        close(recorded[1]);
        if (pid > 0) (void)!read(recorded[0], &byte, 1);
        close(recorded[0]);
        return;
    }
    close(recorded[0]);
    if (getenv("CATALOGUE_TEST_SETSID") != NULL && setsid() < 0) _exit(1);
    const char *record = getenv("CATALOGUE_TEST_FORKED");
    if (record != NULL) {
        FILE *file = fopen(record, "a");
        if (file != NULL) {
            fprintf(file, "%d\n", (int)getpid());
            fclose(file);
        }
    }
    close(recorded[1]);
    sleep(30);
    _exit(0);
}

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

/* Gradient descent with step 0.01 that forks after 50 reports; user_data 1 means it then spins. */
static cat_status fork_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                           const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)params, (void)rng;
    int hang = self->user_data != NULL;
    static const char *const columns[] = {"f"};
    host->declare_trace(run, 1, columns);
    const cat_objective_oracles *o = problem->objective;
    double x = 0, f = 0, g = 0;
    o->initial_point(problem->ctx, &x);
    for (uint64_t k = 0;; k++) {
        if (k == 50) {
            leave_a_child_behind();
            if (hang) {
                for (volatile unsigned long spin = 0;; spin++) {
                }
            }
        }
        o->gradient(problem->ctx, &x, NULL, 0, &f, &g);
        if (host->report(run, k, &f) != CAT_CONTINUE) return CAT_OK;
        x -= 0.01 * g;
    }
}

static const cat_citation citation = {
    .struct_size = sizeof(cat_citation), .year = 2024, .authors = "Test", .title = "Forks", .venue = "tests"};

static const cat_algorithm_desc fork_then_run = {.struct_size = sizeof(cat_algorithm_desc),
                                                 .provenance = CAT_PROVENANCE_STANDARD,
                                                 .id = "fork-run",
                                                 .name = "Fork then run",
                                                 .summary = "forks a lingering child after 50 iterations",
                                                 .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE),
                                                 .default_problem = "line",
                                                 .default_max_iters = 100,
                                                 .run = fork_run};
static const cat_algorithm_desc fork_then_hang = {.struct_size = sizeof(cat_algorithm_desc),
                                                  .provenance = CAT_PROVENANCE_STANDARD,
                                                  .id = "fork-hang",
                                                  .name = "Fork then hang",
                                                  .summary = "forks a lingering child after 50 iterations, then spins",
                                                  .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE),
                                                  .default_problem = "line",
                                                  .default_max_iters = 100,
                                                  .user_data = (const void *)1,
                                                  .run = fork_run};

static const cat_problem_desc line_desc = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_OBJECTIVE, .id = "line", .name = "Line",
    .summary = "x^2 / 2 in one dimension", .create = line_create};
static const cat_algorithm_desc *const algorithms[] = {&fork_then_run, &fork_then_hang};
static const cat_problem_desc *const problems[] = {&line_desc};
static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR,
    .id = "org.catalogue.test.fork", .name = "Forks", .version = "1.0.0", .summary = "leaves children behind",
    .license = "MIT", .citation = &citation, .algorithm_count = 2, .problem_count = 1, .algorithms = algorithms,
    .problems = problems};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_minor;
    if (host_abi_major != CAT_ABI_MAJOR) {
        host->set_error("built for catalogue ABI 1");
        return NULL;
    }
#ifdef FORK_IN_ENTRY
    leave_a_child_behind();
#endif
    return &plugin;
}
