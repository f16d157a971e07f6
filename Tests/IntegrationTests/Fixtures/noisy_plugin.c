/*
 * A plugin that prints instead of logging. "noisy-run" writes 16 KiB to stdout and 16 KiB to stderr at every
 * iteration; with CATALOGUE_TEST_NOISE=load a library constructor prints 1 MiB when the file is loaded, and with
 * CATALOGUE_TEST_NOISE=entry the entry point does. Built with -DCHATTER it also has "chatter-hang", which prints
 * 1500 numbered lines, reports 10 iterations and then spins without reporting, so a test can read run.log while
 * the run still goes. `validate` must fail the check during which a plugin printed heavily, and `run` must log
 * what it prints as it comes, within bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"

static void print_a_lot(size_t bytes) {
    char line[1024];
    memset(line, 'x', sizeof line - 1);
    line[sizeof line - 2] = '\n';
    line[sizeof line - 1] = '\0';
    for (size_t written = 0; written < bytes; written += sizeof line - 1) fputs(line, stdout);
    fflush(stdout);
}

static int noise_is(const char *when) {
    const char *noise = getenv("CATALOGUE_TEST_NOISE");
    return noise != NULL && strcmp(noise, when) == 0;
}

__attribute__((constructor)) static void noisy_load(void) {
    if (noise_is("load")) print_a_lot(1 << 20);
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

/* Gradient descent with step 0.1; user_data 1 makes it chatter and then hang, otherwise it prints 32 KiB per
 * iteration. */
static cat_status noisy_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                            const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)params, (void)rng;
    int chatter = self->user_data != NULL;
    static const char *const columns[] = {"f"};
    host->declare_trace(run, 1, columns);
    const cat_objective_oracles *o = problem->objective;
    double x = 0, f = 0, g = 0;
    o->initial_point(problem->ctx, &x);
    if (chatter) {
        for (int n = 1; n <= 1500; n++) printf("chatter line %d\n", n);
        fflush(stdout);
    }
    for (uint64_t k = 0;; k++) {
        if (chatter && k == 10) {
            for (volatile unsigned long spin = 0;; spin++) {
            }
        }
        if (!chatter) {
            print_a_lot(16 << 10);
            for (int n = 0; n < 16; n++) fprintf(stderr, "%01023d\n", n);
        }
        o->gradient(problem->ctx, &x, NULL, 0, &f, &g);
        if (host->report(run, k, &f) != CAT_CONTINUE) return CAT_OK;
        x -= 0.1 * g;
    }
}

static const cat_citation citation = {
    .struct_size = sizeof(cat_citation), .year = 2024, .authors = "Test", .title = "Noise", .venue = "tests"};

static const cat_algorithm_desc noisy = {.struct_size = sizeof(cat_algorithm_desc),
                                         .provenance = CAT_PROVENANCE_STANDARD,
                                         .id = "noisy-run",
                                         .name = "Noisy run",
                                         .summary = "prints 32 KiB per iteration",
                                         .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE),
                                         .default_problem = "line",
                                         .default_max_iters = 100,
                                         .run = noisy_run};
#ifdef CHATTER
static const cat_algorithm_desc chatter = {.struct_size = sizeof(cat_algorithm_desc),
                                           .provenance = CAT_PROVENANCE_STANDARD,
                                           .id = "chatter-hang",
                                           .name = "Chatter then hang",
                                           .summary = "prints 1500 lines, reports 10 iterations, then spins",
                                           .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE),
                                           .default_problem = "line",
                                           .default_max_iters = 100,
                                           .user_data = (const void *)1,
                                           .run = noisy_run};
static const cat_algorithm_desc *const algorithms[] = {&noisy, &chatter};
#else
static const cat_algorithm_desc *const algorithms[] = {&noisy};
#endif

static const cat_problem_desc line_desc = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_OBJECTIVE, .id = "line", .name = "Line",
    .summary = "x^2 / 2 in one dimension", .create = line_create};
static const cat_problem_desc *const problems[] = {&line_desc};
static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR,
    .id = "org.catalogue.test.noisy", .name = "Noise", .version = "1.0.0", .summary = "prints instead of logging",
    .license = "MIT", .citation = &citation, .algorithm_count = sizeof algorithms / sizeof algorithms[0],
    .problem_count = 1, .algorithms = algorithms, .problems = problems};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_minor;
    if (host_abi_major != CAT_ABI_MAJOR) {
        host->set_error("built for catalogue ABI 1");
        return NULL;
    }
    if (noise_is("entry")) print_a_lot(1 << 20);
    return &plugin;
}
