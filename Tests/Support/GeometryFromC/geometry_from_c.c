#include "geometry_from_c.h"

#include <stdlib.h>
#include <string.h>

static double quadratic(const double *a, const double *x, uint64_t n, double *ax) {
    double f = 0;
    for (uint64_t i = 0; i < n; i++) {
        double s = 0;
        for (uint64_t j = 0; j < n; j++) s += a[j * n + i] * x[j];
        ax[i] = s;
        f += x[i] * s;
    }
    return f;
}

geometry_descent_result geometry_quadratic_descent(const cat_geometry *g, const double *a, double step,
                                                   int iterations, cat_rng *rng, double *x) {
    geometry_descent_result r = {CAT_OK, 0, 0, 0, 1};
    uint64_t n = g->point_size;
    double *ax = calloc(n, sizeof(double));
    double *egrad = calloc(n, sizeof(double));
    double *rgrad = calloc(n, sizeof(double));
    double *v = calloc(n, sizeof(double));
    double *next = calloc(n, sizeof(double));
    if (!ax || !egrad || !rgrad || !v || !next) {
        r.status = CAT_ERR_OUT_OF_MEMORY;
        goto done;
    }
    if ((r.status = g->random_point(g->ctx, rng, x)) != CAT_OK) goto done;
    double f = quadratic(a, x, n, ax);
    r.initial_value = f;
    for (int k = 0; k < iterations; k++) {
        for (uint64_t i = 0; i < n; i++) egrad[i] = 2 * ax[i];
        if ((r.status = g->egrad_to_rgrad(g->ctx, x, egrad, rgrad)) != CAT_OK) goto done;
        double norm2 = 0;
        if ((r.status = g->inner(g->ctx, x, rgrad, rgrad, &norm2)) != CAT_OK) goto done;
        if (norm2 < 0) {
            r.status = CAT_ERR_NUMERICAL;
            goto done;
        }
        for (uint64_t i = 0; i < n; i++) v[i] = -step * rgrad[i];
        if ((r.status = g->retract(g->ctx, x, v, next)) != CAT_OK) goto done;
        memcpy(x, next, n * sizeof(double));
        double error = 0;
        if ((r.status = g->manifold_error(g->ctx, x, &error)) != CAT_OK) goto done;
        if (error > r.max_manifold_error) r.max_manifold_error = error;
        double f_next = quadratic(a, x, n, ax);
        if (f_next > f + 1e-12 * (1 + (f < 0 ? -f : f))) r.monotone = 0;
        f = f_next;
    }
    r.final_value = f;
done:
    free(ax);
    free(egrad);
    free(rgrad);
    free(v);
    free(next);
    return r;
}
