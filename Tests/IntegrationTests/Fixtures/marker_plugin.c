/*
 * A working plugin with three bad habits: a library constructor that appends a line to the file named by
 * CATALOGUE_TEST_MARKER (so a test can count how often the plugin was loaded, by anyone), output on stdout and
 * stderr while loading (which must never reach the host's output or corrupt the scanner's reply), and a second
 * exported function (which `catalogue validate` must report).
 */
#include <stdio.h>
#include <stdlib.h>

#include "catalogue.h"

__attribute__((constructor)) static void loaded(void) {
    const char *marker = getenv("CATALOGUE_TEST_MARKER");
    if (marker != NULL) {
        FILE *file = fopen(marker, "a");
        if (file != NULL) {
            fputs("loaded\n", file);
            fclose(file);
        }
    }
    printf("{\"outcome\": \"failed\", \"reason\": \"printed by the plugin\"}\n");
    fprintf(stderr, "marker plugin: loading\n");
    fflush(NULL);
}

/* Exported by mistake: not static, and the fixture is built without -fvisibility=hidden. */
int marker_helper(void) { return 42; }

static cat_status nothing(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                          const cat_params *params, const cat_problem *problem, cat_rng *rng) {
    (void)self, (void)params, (void)problem, (void)rng;
    host->report(run, 0, NULL);
    host->finish(run, CAT_TERM_COMPLETED, "nothing to do");
    return CAT_OK;
}

static cat_status create(const cat_problem_desc *self, const cat_host_api *host, const cat_params *params,
                         cat_rng *rng, const cat_problem **out) {
    (void)self, (void)params, (void)rng, (void)out;
    host->set_error("the marker problem has no instances");
    return CAT_ERR_UNSUPPORTED;
}

static const cat_citation citation = {
    .struct_size = sizeof(cat_citation), .year = 2024, .authors = "Test", .title = "Marker", .venue = "tests"};
static const cat_algorithm_desc idle = {
    .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = "marker-idle",
    .name = "Idle", .summary = "does nothing", .problem_kinds = CAT_KIND_BIT(CAT_KIND_GRAPHS),
    .default_problem = "marker-graphs", .default_max_iters = 1, .run = nothing};
static const cat_problem_desc graphs = {
    .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_GRAPHS, .id = "marker-graphs", .name = "Graphs",
    .summary = "no instances", .create = create};
static const cat_algorithm_desc *const algorithms[] = {&idle};
static const cat_problem_desc *const problems[] = {&graphs};
static const cat_plugin plugin = {
    .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR,
    .id = "org.catalogue.test.marker", .name = "Marker", .version = "1.0.0", .summary = "counts its loads",
    .license = "MIT", .citation = &citation, .algorithm_count = 1, .problem_count = 1, .algorithms = algorithms,
    .problems = problems};

const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor, const cat_host_api *host) {
    (void)host_abi_minor;
    printf("entry called\n");
    fflush(stdout);
    if (host_abi_major != CAT_ABI_MAJOR) {
        host->set_error("built for catalogue ABI 1");
        return NULL;
    }
    return &plugin;
}
