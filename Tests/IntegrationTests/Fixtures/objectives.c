/*
 * Objective functions as an existing numerical library would export them, in several calling conventions, for
 * `catalogue run --objective`. None of them knows about the catalogue.
 *
 * The Rosenbrock function f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 (minimum 0 at (1, ..., 1)) appears as:
 *   rosen_c64       double rosen_c64(const double *x, int64_t n)            C, length after the point
 *   rosen_c32       double rosen_c32(const double *x, int32_t n)
 *   rosen_size      double rosen_size(size_t n, const double *x)            length first
 *   rosen_fn_       double rosen_fn_(double *x, int32_t *n)                 a Fortran REAL*8 FUNCTION
 *   rosen_sub_      void rosen_sub_(int32_t *n, double *x, double *f)       a Fortran SUBROUTINE
 * with gradients rosen_grad_c64 (void(const double*, double*, int64)) and rosen_grad_ (void(int32*, double*,
 * double*)). shifted_sphere is sum_i (x_i - i)^2 (minimum at (0, 1, 2, ...)); not_finite returns NaN.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

static double rosenbrock(const double *x, int64_t n) {
    double f = 0;
    for (int64_t i = 0; i + 1 < n; i++) {
        double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
    }
    return f;
}

static void rosenbrock_gradient(const double *x, double *g, int64_t n) {
    for (int64_t i = 0; i < n; i++) g[i] = 0;
    for (int64_t i = 0; i + 1 < n; i++) {
        double a = x[i + 1] - x[i] * x[i];
        g[i] += -400 * x[i] * a - 2 * (1 - x[i]);
        g[i + 1] += 200 * a;
    }
}

double rosen_c64(const double *x, int64_t n) { return rosenbrock(x, n); }
double rosen_c32(const double *x, int32_t n) { return rosenbrock(x, n); }
double rosen_size(size_t n, const double *x) { return rosenbrock(x, (int64_t)n); }
double rosen_fn_(double *x, int32_t *n) { return rosenbrock(x, *n); }
void rosen_sub_(int32_t *n, double *x, double *f) { *f = rosenbrock(x, *n); }
void rosen_grad_c64(const double *x, double *g, int64_t n) { rosenbrock_gradient(x, g, n); }
void rosen_grad_(int32_t *n, double *x, double *g) { rosenbrock_gradient(x, g, *n); }

double shifted_sphere(const double *x, int64_t n) {
    double f = 0;
    for (int64_t i = 0; i < n; i++) f += (x[i] - (double)i) * (x[i] - (double)i);
    return f;
}

double not_finite(const double *x, int64_t n) {
    (void)x, (void)n;
    return NAN;
}

int not_a_function = 3;

/* Never returns: a foreign objective that hangs at the start point, which --time-limit must still stop. */
double hang_forever(const double *x, int64_t n) {
    (void)x, (void)n;
    for (volatile unsigned long spin = 0;; spin++) {
    }
    return 0;
}
