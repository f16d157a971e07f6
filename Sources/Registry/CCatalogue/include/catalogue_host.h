/* catalogue_host.h: the host's own C API, exported by libCatalogueHostAPI.so.
 *
 * catalogue.h is what plugins implement; this header is what other programs (the Python package, notebooks,
 * other languages) call to use the host itself: discover plugins, describe them, and run an algorithm on a
 * registered problem or on a caller-supplied cat_problem, with the host's parameter validation, stopping rules,
 * oracle counters, RNG streams and run folder. A run goes through the same RunSession and in-process driver
 * as `catalogue run --in-process`.
 *
 * Conventions: every function that can fail returns a cath_status (0 = CATH_OK) and, on failure, stores a
 * one-line message in *error (malloc'd; release with cath_free). Every char* the API hands out is released with
 * cath_free. Strings are UTF-8. A cath_registry is used by one thread at a time.
 */
#ifndef CATALOGUE_HOST_H
#define CATALOGUE_HOST_H

#include "catalogue.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Version of this API: a new major breaks callers, a new minor only adds. */
#define CATH_API_MAJOR 1
#define CATH_API_MINOR 0

typedef int32_t cath_status;
enum {
    CATH_OK = 0,
    CATH_ERR_RUN_FAILED = 1,  /* the run started and failed or was cancelled; the run folder exists */
    CATH_ERR_USAGE = 2,       /* bad input: unknown entry, parameter out of range, wrong problem kind, ... */
    CATH_ERR_PLUGIN_LOAD = 3  /* a plugin file could not be loaded */
};

/* The plugins on one search path, as `catalogue list` sees them. */
typedef struct cath_registry cath_registry;

/* Receives one run event as a JSON object: {"event": "columns", "names": [...]}, {"event": "row",
 * "iteration": i, "values": [...]}, {"event": "progress", "fraction": p, "message": m}, {"event": "log",
 * "level": l, "message": m}, {"event": "finished", "termination": t, "message": m}. The text is valid only
 * during the call. */
typedef void (*cath_event_fn)(void *user_data, const char *event_json);

/* (CATH_API_MAJOR << 16) | CATH_API_MINOR of the library. */
uint32_t cath_api_version(void);

/* Discovers plugins. plugin_path: colon-separated files or folders searched first (may be NULL); the rest of the
 * search path is the CLI's (CATALOGUE_PLUGIN_PATH, user and system folders). cache_path: the registry cache file,
 * NULL for the CLI's (~/.cache/catalogue/registry-cache.json or as configured), "" for none. scanner: the `catalogue` executable that scans each plugin file in a child process, or NULL
 * to load the files in this process; its folder is searched as the CLI searches its own. */
cath_status cath_open(const char *plugin_path, const char *cache_path, const char *scanner,
                      cath_registry **out, char **error);
void cath_close(cath_registry *registry);

/* `catalogue list --json`: every plugin with its algorithms, problems and experiments, and the failures. */
cath_status cath_list_json(const cath_registry *registry, char **out_json, char **error);

/* One entry as JSON: {"plugins": [...], "algorithms": [...], "problems": [...]} holding whatever `reference`
 * ([plugin-id/]id[@version], or a plugin id) names. */
cath_status cath_describe_json(const cath_registry *registry, const char *reference, char **out_json, char **error);

/* Runs one algorithm. request_json: {"algorithm": "gd", "problem": "rosenbrock", "parameters": ["lr=0.1", ...],
 * "seed": 0, "max_iters": 100, "time_limit": s, "grad_tol": g, "target": f, "out": "folder",
 * "command_line": "..."}; all but "algorithm" optional. problem: a caller-supplied instance to run on instead of
 * a registered problem (then "problem" must be absent and "problem_name" may name it in the run folder); the
 * host calls its destroy (if any) when the run ends, and its oracles on this thread. on_event may be NULL.
 * On CATH_OK and CATH_ERR_RUN_FAILED, *out_result_json holds result.json's text and the folder exists. */
cath_status cath_run(cath_registry *registry, const char *request_json, const cat_problem *problem,
                     cath_event_fn on_event, void *user_data, char **out_result_json, char **error);

/* The host-services table plugins receive (catalogue.h): a caller-supplied problem's oracles report a failure
 * the way a plugin's do, with set_error(message) before returning a non-OK status, and the message becomes the
 * run's. Valid for the life of the process. */
const struct cat_host_api *cath_host_services(void);

/* Releases a string the API returned. */
void cath_free(char *text);

#ifdef __cplusplus
}
#endif

#endif /* CATALOGUE_HOST_H */
