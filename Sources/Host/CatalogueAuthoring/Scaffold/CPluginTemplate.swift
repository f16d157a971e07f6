import CatalogueHost

/// The files of a new C plugin: one source file, a Makefile and (added by `PluginScaffold`) a copy of
/// `catalogue.h`, so it builds anywhere with a C compiler.
struct CPluginTemplate {
  /// The plugin name (also the algorithm id and the library name).
  var name: String
  /// The name as a C identifier prefix.
  var identifier: String

  var files: [(path: String, contents: String)] {
    [("Makefile", makefile), ("\(identifier).c", source), ("README.md", readme), (".gitignore", "build/\n")]
  }

  var makefile: String {
    """
    # Builds the \(name) catalogue plugin against include/catalogue.h (a copy of the catalogue's header).
    #   make                 # build/lib\(name).so
    # -fvisibility=hidden keeps every symbol private except the entry point, which the source marks visible.

    CATALOGUE_INCLUDE ?= include
    OUT ?= build
    CFLAGS ?= -O2 -g
    PLUGIN_CFLAGS = -std=c11 -Wall -Wextra -Werror -fPIC -fvisibility=hidden -I$(CATALOGUE_INCLUDE)

    $(OUT)/lib\(name).so: \(identifier).c $(CATALOGUE_INCLUDE)/catalogue.h
    \tmkdir -p $(OUT)
    \t$(CC) $(PLUGIN_CFLAGS) $(CFLAGS) -shared -o $@ \(identifier).c -lm

    clean:
    \trm -f $(OUT)/lib\(name).so

    .PHONY: clean

    """
  }

  var source: String {
    """
    /*
     * The \(name) catalogue plugin, made by `catalogue new-plugin \(name) --lang c`.
     *
     * Algorithm "\(name)": gradient descent x_{k+1} = x_k - step * grad f(x_k), to be replaced by your method.
     * Problem "\(name)-quadratic": f(x) = 1/2 sum_i a_i x_i^2 with a_i evenly spread over [1/condition, 1], started
     * at (1, ..., 1) plus noise from the problem's random stream; minimum 0 at the origin.
     * Conventions (docs/authoring.md): report iteration 0 at the start point and then once per iteration, return
     * when report says stop, draw random numbers only from the rng the host passes, never print.
     */
    #include <stdlib.h>

    #include "catalogue.h"

    #define EXPORT __attribute__((visibility("default")))

    typedef struct quadratic {
        uint64_t n;
        double *a, *x0;
        cat_objective_oracles oracles;
        cat_problem problem;
    } quadratic;

    static const char *const reference_names[] = {"f_star"};
    static const double reference_values[] = {0.0};

    static cat_status quadratic_start(void *ctx, double *x) {
        const quadratic *q = ctx;
        for (uint64_t i = 0; i < q->n; i++) x[i] = q->x0[i];
        return CAT_OK;
    }

    static cat_status quadratic_value(void *ctx, const double *x, const uint64_t *samples, uint64_t count, double *f) {
        const quadratic *q = ctx;
        (void)count;
        if (samples != NULL) return CAT_ERR_UNSUPPORTED;
        double sum = 0;
        for (uint64_t i = 0; i < q->n; i++) sum += q->a[i] * x[i] * x[i];
        *f = 0.5 * sum;
        return CAT_OK;
    }

    static cat_status quadratic_gradient(void *ctx, const double *x, const uint64_t *samples, uint64_t count,
                                         double *f, double *grad) {
        const quadratic *q = ctx;
        if (samples != NULL) return CAT_ERR_UNSUPPORTED;
        if (f != NULL) quadratic_value(ctx, x, samples, count, f);
        for (uint64_t i = 0; i < q->n; i++) grad[i] = q->a[i] * x[i];
        return CAT_OK;
    }

    static cat_status quadratic_hessian_vector(void *ctx, const double *x, const double *v, double *out) {
        const quadratic *q = ctx;
        (void)x;
        for (uint64_t i = 0; i < q->n; i++) out[i] = q->a[i] * v[i];
        return CAT_OK;
    }

    static void quadratic_destroy(void *ctx) {
        quadratic *q = ctx;
        free(q->a);
        free(q->x0);
        free(q);
    }

    static cat_status quadratic_create(const cat_problem_desc *self, const cat_host_api *host, const cat_params *params,
                                       cat_rng *rng, const cat_problem **out) {
        (void)self;
        int64_t n;
        double condition;
        cat_status status;
        if ((status = host->param_int(params, "dim", &n)) != CAT_OK) return status;
        if ((status = host->param_real(params, "condition", &condition)) != CAT_OK) return status;
        quadratic *q = calloc(1, sizeof *q);
        if (q != NULL) {
            q->a = calloc((size_t)n, sizeof(double));
            q->x0 = calloc((size_t)n, sizeof(double));
        }
        if (q == NULL || q->a == NULL || q->x0 == NULL) {
            if (q != NULL) quadratic_destroy(q);
            host->set_error("\(name)-quadratic: out of memory");
            return CAT_ERR_OUT_OF_MEMORY;
        }
        q->n = (uint64_t)n;
        for (int64_t i = 0; i < n; i++) {
            q->a[i] = n == 1 ? 1.0 : 1.0 - (1.0 - 1.0 / condition) * (double)i / (double)(n - 1);
            q->x0[i] = 1.0 + 0.1 * host->rng_normal(rng);
        }
        q->oracles.struct_size = sizeof q->oracles;
        q->oracles.dim = q->n;
        q->oracles.initial_point = quadratic_start;
        q->oracles.value = quadratic_value;
        q->oracles.gradient = quadratic_gradient;
        q->oracles.hessian_vector = quadratic_hessian_vector;
        q->problem.struct_size = sizeof q->problem;
        q->problem.kind = CAT_KIND_OBJECTIVE;
        q->problem.ctx = q;
        q->problem.objective = &q->oracles;
        q->problem.reference_count = 1;
        q->problem.reference_names = reference_names;
        q->problem.reference_values = reference_values;
        q->problem.destroy = quadratic_destroy;
        *out = &q->problem;
        return CAT_OK;
    }

    static const cat_param_desc dim_param = {
        .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_INT, .id = "dim", .help = "dimension n",
        .default_int = 10, .min_int = 1, .max_int = 1000000};
    static const cat_param_desc condition_param = {
        .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "condition",
        .help = "condition number kappa", .default_real = 10.0, .min_real = 1.0, .max_real = 1e12};
    static const cat_param_desc *const quadratic_params[] = {&dim_param, &condition_param};

    static const cat_problem_desc quadratic_desc = {
        .struct_size = sizeof(cat_problem_desc), .kind = CAT_KIND_OBJECTIVE, .id = "\(name)-quadratic",
        .name = "Diagonal quadratic", .summary = "1/2 sum a_i x_i^2, a_i evenly spread in [1/kappa, 1]; minimum 0",
        .param_count = 2, .params = quadratic_params, .create = quadratic_create};

    static cat_status method_run(const cat_algorithm_desc *self, const cat_host_api *host, cat_run *run,
                                 const cat_params *params, const cat_problem *problem, cat_rng *rng) {
        (void)self, (void)rng;
        const cat_objective_oracles *o = problem->objective;
        double step;
        cat_status status;
        if ((status = host->param_real(params, "step_size", &step)) != CAT_OK) return status;
        double *x = calloc(o->dim, sizeof(double)), *g = calloc(o->dim, sizeof(double));
        if (x == NULL || g == NULL) {
            free(x);
            free(g);
            host->set_error("\(name): out of memory");
            return CAT_ERR_OUT_OF_MEMORY;
        }
        static const char *const columns[] = {"f"};
        status = host->declare_trace(run, 1, columns);
        if (status == CAT_OK) status = o->initial_point(problem->ctx, x);
        for (uint64_t k = 0; status == CAT_OK; k++) {
            double f;
            if ((status = o->gradient(problem->ctx, x, NULL, 0, &f, g)) != CAT_OK) break;
            if (host->report(run, k, &f) != CAT_CONTINUE) break;
            for (uint64_t i = 0; i < o->dim; i++) x[i] -= step * g[i];
        }
        if (status == CAT_OK) status = host->result_vector(run, "x", o->dim, x);
        free(x);
        free(g);
        return status;
    }

    static const cat_param_desc step_param = {
        .struct_size = sizeof(cat_param_desc), .kind = CAT_PARAM_REAL, .id = "step_size",
        .help = "step (1/L is safe)", .flags = CAT_PARAM_FLAG_MIN_EXCLUSIVE | CAT_PARAM_FLAG_LOG_SCALE,
        .default_real = 0.5, .min_real = 0.0, .max_real = 1e6};
    static const cat_param_desc *const method_params[] = {&step_param};

    /* The method's source: cite your paper here. */
    static const cat_citation citation = {
        .struct_size = sizeof(cat_citation), .year = 1847, .authors = "Augustin-Louis Cauchy",
        .title = "Methode generale pour la resolution des systemes d'equations simultanees",
        .venue = "Comptes Rendus de l'Academie des Sciences"};

    static const cat_algorithm_desc method_desc = {
        .struct_size = sizeof(cat_algorithm_desc), .provenance = CAT_PROVENANCE_STANDARD, .id = "\(name)",
        .name = "\(name) (gradient descent for now)",
        .summary = "Gradient descent with a fixed step (the starting point of \(name))",
        .provenance_note = "checked: f decreases on \(name)-quadratic with the default step",
        .problem_kinds = CAT_KIND_BIT(CAT_KIND_OBJECTIVE), .needs = CAT_NEEDS_EUCLIDEAN,
        .default_problem = "\(name)-quadratic", .default_max_iters = 100, .param_count = 1, .params = method_params,
        .run = method_run};

    static const cat_algorithm_desc *const algorithms[] = {&method_desc};
    static const cat_problem_desc *const problems[] = {&quadratic_desc};

    static const cat_plugin plugin = {
        .struct_size = sizeof(cat_plugin), .abi_major = CAT_ABI_MAJOR, .abi_minor = CAT_ABI_MINOR,
        .id = "org.example.\(name)", .name = "\(name)", .version = "0.1.0",
        .summary = "\(name): a new method (it starts as gradient descent; make it yours)", .license = "Apache-2.0",
        .citation = &citation, .algorithm_count = 1, .problem_count = 1, .algorithms = algorithms,
        .problems = problems};

    /* The one exported symbol. Decline a host of another ABI major, saying why. */
    EXPORT const cat_plugin *catalogue_plugin_entry(uint32_t host_abi_major, uint32_t host_abi_minor,
                                                    const cat_host_api *host) {
        (void)host_abi_minor;
        if (host_abi_major != CAT_ABI_MAJOR) {
            host->set_error("org.example.\(name) is built for catalogue ABI 1");
            return NULL;
        }
        return &plugin;
    }

    """
  }

  var readme: String {
    """
    # \(name)

    A catalogue plugin in C, made by `catalogue new-plugin \(name) --lang c`. It needs only a C compiler and
    `include/catalogue.h` (a copy of the catalogue's header; replace it when the ABI's minor version grows).

        make
        catalogue validate build/lib\(name).so
        CATALOGUE_PLUGIN_PATH=$PWD/build catalogue list
        CATALOGUE_PLUGIN_PATH=$PWD/build catalogue run \(name)

    See docs/authoring.md in the catalogue repository for the conventions `catalogue validate` checks.

    """
  }
}
