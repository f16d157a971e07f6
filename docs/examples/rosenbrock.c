/*
 * The Rosenbrock function f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 (minimum 0 at (1, ..., 1)), exported
 * as an ordinary numerical library would export it, for the README's `catalogue run --objective` line:
 *
 *   cc -shared -fPIC -o librosen.so docs/examples/rosenbrock.c
 *   .build/debug/catalogue run gd --objective ./librosen.so:rosen --signature 'double(const double*, int64)' ...
 *
 * It knows nothing about the catalogue; the host calls it through libffi and differentiates it numerically.
 */
#include <stdint.h>

double rosen(const double *x, int64_t n) {
    double f = 0;
    for (int64_t i = 0; i + 1 < n; i++) {
        double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
        f += 100 * a * a + b * b;
    }
    return f;
}
