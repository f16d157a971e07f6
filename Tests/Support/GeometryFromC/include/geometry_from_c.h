/* Riemannian gradient descent written in C against the ABI's geometry table alone: proof that a C plugin can use
 * the manifolds the Swift SDK exports. */
#ifndef GEOMETRY_FROM_C_H
#define GEOMETRY_FROM_C_H

#include "catalogue.h"

/* Outcome of geometry_quadratic_descent. */
typedef struct geometry_descent_result {
    cat_status status;       /* CAT_OK, or the first failing operation's status */
    double initial_value;    /* f(x0) */
    double final_value;      /* f(x_K) */
    double max_manifold_error; /* largest manifold_error over all iterates */
    int monotone;            /* 1 if f never increased */
} geometry_descent_result;

/* Minimises f(x) = x^T A x (A symmetric, point_size × point_size, column-major) over the manifold from a random
 * point, with K steps x <- R_x(-step * grad f(x)), calling only the table's random_point, egrad_to_rgrad, inner,
 * retract and manifold_error. x receives the final point. */
geometry_descent_result geometry_quadratic_descent(const cat_geometry *geometry, const double *a, double step,
                                                   int iterations, cat_rng *rng, double *x);

#endif
