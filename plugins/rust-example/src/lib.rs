//! An out-of-tree catalogue plugin in Rust, built with cargo against catalogue.h alone (bindings in abi.rs).
//!
//! Algorithm "polyak": gradient descent with Polyak's step size (B. T. Polyak, Introduction to Optimization,
//! 1987, §5.3), which uses the optimal value f* instead of a Lipschitz constant:
//!     x_{k+1} = x_k − γ (f(x_k) − f*) / ‖∇f(x_k)‖² ∇f(x_k),     0 < γ < 2.
//! Problem "himmelblau": Himmelblau's function f(x, y) = (x² + y − 11)² + (x + y² − 7)², four global minima with
//! f* = 0 (one at (3, 2)), with gradient and Hessian-vector products, so any plugin's objective algorithm can run on
//! it too.
//!
//! Descriptors are statics; a problem instance is a Box handed to the host as `ctx` and freed by `destroy`.
//! Nothing here prints or panics across the ABI: every failure is a status code with a message set through the
//! host.

mod abi;

use abi::*;
use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::ptr;

// ------------------------------------------------------------------------------------------------- himmelblau --

/// One instance: its start point, its oracle table and the problem record that points at both.
struct Himmelblau {
    start: [f64; 2],
    oracles: cat_objective_oracles,
    problem: cat_problem,
}

fn himmelblau(x: &[f64]) -> (f64, f64, f64) {
    let a = x[0] * x[0] + x[1] - 11.0;
    let b = x[0] + x[1] * x[1] - 7.0;
    (a * a + b * b, a, b)
}

unsafe extern "C" fn initial_point(ctx: *mut c_void, x: *mut f64) -> cat_status {
    let instance = &*(ctx as *const Himmelblau);
    *x = instance.start[0];
    *x.add(1) = instance.start[1];
    CAT_OK
}

unsafe extern "C" fn value(
    _ctx: *mut c_void, x: *const f64, samples: *const u64, _count: u64, f: *mut f64,
) -> cat_status {
    if !samples.is_null() {
        return CAT_ERR_UNSUPPORTED; // not a finite sum
    }
    *f = himmelblau(std::slice::from_raw_parts(x, 2)).0;
    CAT_OK
}

unsafe extern "C" fn gradient(
    _ctx: *mut c_void, x: *const f64, samples: *const u64, _count: u64, f: *mut f64, grad: *mut f64,
) -> cat_status {
    if !samples.is_null() {
        return CAT_ERR_UNSUPPORTED;
    }
    let x = std::slice::from_raw_parts(x, 2);
    let (value, a, b) = himmelblau(x);
    if !f.is_null() {
        *f = value;
    }
    *grad = 4.0 * x[0] * a + 2.0 * b;
    *grad.add(1) = 2.0 * a + 4.0 * x[1] * b;
    CAT_OK
}

/// H = [[12x² + 4y − 42, 4(x + y)], [4(x + y), 4x + 12y² − 26]].
unsafe extern "C" fn hessian_vector(_ctx: *mut c_void, x: *const f64, v: *const f64, out: *mut f64) -> cat_status {
    let (x, v) = (std::slice::from_raw_parts(x, 2), std::slice::from_raw_parts(v, 2));
    let hxx = 12.0 * x[0] * x[0] + 4.0 * x[1] - 42.0;
    let hxy = 4.0 * (x[0] + x[1]);
    let hyy = 4.0 * x[0] + 12.0 * x[1] * x[1] - 26.0;
    *out = hxx * v[0] + hxy * v[1];
    *out.add(1) = hxy * v[0] + hyy * v[1];
    CAT_OK
}

unsafe extern "C" fn destroy(ctx: *mut c_void) {
    drop(Box::from_raw(ctx as *mut Himmelblau));
}

static REFERENCE_NAMES: Shared<[*const c_char; 1]> = Shared([c(b"f_star\0")]);
static REFERENCE_VALUES: [f64; 1] = [0.0];

unsafe extern "C" fn create(
    _this: *const cat_problem_desc, host: *const cat_host_api, params: *const cat_params, _rng: *mut cat_rng,
    out: *mut *const cat_problem,
) -> cat_status {
    let host = &*host;
    let mut start = [0.0; 2];
    for (slot, id) in start.iter_mut().zip([c(b"start_x\0"), c(b"start_y\0")]) {
        let status = (host.param_real.unwrap())(params, id, slot);
        if status != CAT_OK {
            return status; // the host has set the message
        }
    }
    let instance = Box::into_raw(Box::new(Himmelblau {
        start,
        oracles: cat_objective_oracles {
            struct_size: std::mem::size_of::<cat_objective_oracles>() as u32,
            reserved0: 0,
            dim: 2,
            sample_count: 0,
            geometry: ptr::null(),
            initial_point: Some(initial_point),
            value: Some(value),
            gradient: Some(gradient),
            hessian_vector: Some(hessian_vector),
            project: None,
            reserved: [0; 8],
        },
        problem: cat_problem {
            struct_size: std::mem::size_of::<cat_problem>() as u32,
            kind: CAT_KIND_OBJECTIVE,
            ctx: ptr::null_mut(),
            objective: ptr::null(),
            bilevel: ptr::null(),
            sampling: ptr::null(),
            regression: ptr::null(),
            graphs: ptr::null(),
            reference_count: 1,
            reserved0: 0,
            reference_names: REFERENCE_NAMES.0.as_ptr(),
            reference_values: REFERENCE_VALUES.as_ptr(),
            metric_count: 0,
            reserved1: 0,
            metric_names: ptr::null(),
            metrics: None,
            destroy: Some(destroy),
            reserved: [0; 8],
        },
    }));
    // The record points into the same allocation, which never moves until destroy().
    (*instance).problem.ctx = instance as *mut c_void;
    (*instance).problem.objective = &(*instance).oracles;
    *out = &(*instance).problem;
    CAT_OK
}

const fn real_param(
    id: &'static [u8], help: &'static [u8], default: f64, min: f64, max: f64, flags: u32,
) -> cat_param_desc {
    cat_param_desc {
        struct_size: std::mem::size_of::<cat_param_desc>() as u32,
        kind: CAT_PARAM_REAL,
        id: c(id),
        help: c(help),
        unit: ptr::null(),
        flags,
        choice_count: 0,
        choices: ptr::null(),
        default_real: default,
        min_real: min,
        max_real: max,
        default_int: 0,
        min_int: 0,
        max_int: 0,
        default_string: ptr::null(),
        reserved: [0; 4],
    }
}

static START_X: Shared<cat_param_desc> =
    Shared(real_param(b"start_x\0", b"x coordinate of the start point\0", 0.0, -6.0, 6.0, 0));
static START_Y: Shared<cat_param_desc> =
    Shared(real_param(b"start_y\0", b"y coordinate of the start point\0", 0.0, -6.0, 6.0, 0));
static HIMMELBLAU_PARAMS: Shared<[*const cat_param_desc; 2]> = Shared([&START_X.0, &START_Y.0]);

static HIMMELBLAU: Shared<cat_problem_desc> = Shared(cat_problem_desc {
    struct_size: std::mem::size_of::<cat_problem_desc>() as u32,
    kind: CAT_KIND_OBJECTIVE,
    id: c(b"himmelblau\0"),
    name: c(b"Himmelblau\0"),
    summary: c(b"(x^2 + y - 11)^2 + (x + y^2 - 7)^2; four global minima with f = 0, one at (3, 2)\0"),
    param_count: 2,
    reserved0: 0,
    params: HIMMELBLAU_PARAMS.0.as_ptr(),
    user_data: ptr::null(),
    create: Some(create),
    reserved: [0; 8],
});

// ----------------------------------------------------------------------------------------------------- polyak --

/// Sets the run's error message and returns the status.
unsafe fn fail(host: &cat_host_api, status: cat_status, message: &str) -> cat_status {
    let text = CString::new(message).unwrap_or_default();
    (host.set_error.unwrap())(text.as_ptr());
    status
}

unsafe extern "C" fn polyak_run(
    _this: *const cat_algorithm_desc, host: *const cat_host_api, run: *mut cat_run, params: *const cat_params,
    problem: *const cat_problem, _rng: *mut cat_rng,
) -> cat_status {
    let host = &*host;
    let problem = &*problem;
    let oracles = &*problem.objective;
    let (mut gamma, mut f_star) = (0.0, 0.0);
    for (slot, id) in [(&mut gamma, c(b"gamma\0")), (&mut f_star, c(b"f_star\0"))] {
        let status = (host.param_real.unwrap())(params, id, slot);
        if status != CAT_OK {
            return status;
        }
    }
    let n = oracles.dim as usize;
    let mut x = vec![0.0; n];
    let mut g = vec![0.0; n];
    let columns = [c(b"f\0"), c(b"grad_norm\0")];
    let status = (host.declare_trace.unwrap())(run, 2, columns.as_ptr());
    if status != CAT_OK {
        return status;
    }
    let status = (oracles.initial_point.unwrap())(problem.ctx, x.as_mut_ptr());
    if status != CAT_OK {
        return status;
    }
    let mut f = 0.0;
    let mut k: u64 = 0;
    loop {
        let status = (oracles.gradient.unwrap())(problem.ctx, x.as_ptr(), ptr::null(), 0, &mut f, g.as_mut_ptr());
        if status != CAT_OK {
            return status;
        }
        let squared: f64 = g.iter().map(|v| v * v).sum();
        let row = [f, squared.sqrt()];
        if (host.report.unwrap())(run, k, row.as_ptr()) != CAT_CONTINUE {
            break;
        }
        if f <= f_star || squared == 0.0 {
            let message = if squared == 0.0 { b"the gradient is zero\0" as &[u8] } else { b"f reached f_star\0" };
            (host.finish.unwrap())(run, CAT_TERM_CONVERGED, c(message));
            break;
        }
        let step = gamma * (f - f_star) / squared;
        for (xi, gi) in x.iter_mut().zip(&g) {
            *xi -= step * gi;
        }
        k += 1;
    }
    let status = (host.result_real.unwrap())(run, c(b"f_final\0"), f);
    if status != CAT_OK {
        return status;
    }
    (host.result_vector.unwrap())(run, c(b"x\0"), n as u64, x.as_ptr())
}

static GAMMA: Shared<cat_param_desc> = Shared(real_param(
    b"gamma\0",
    b"step scale: the step is gamma (f - f*) / |grad f|^2; Polyak's method converges for 0 < gamma < 2\0",
    1.0,
    0.0,
    2.0,
    CAT_PARAM_FLAG_MIN_EXCLUSIVE | CAT_PARAM_FLAG_MAX_EXCLUSIVE,
));
static F_STAR: Shared<cat_param_desc> = Shared(real_param(
    b"f_star\0",
    b"the optimal value f* the step size uses (0 for himmelblau)\0",
    0.0,
    f64::NEG_INFINITY,
    f64::INFINITY,
    0,
));
static POLYAK_PARAMS: Shared<[*const cat_param_desc; 2]> = Shared([&GAMMA.0, &F_STAR.0]);

static POLYAK_CITATION: Shared<cat_citation> = Shared(cat_citation {
    struct_size: std::mem::size_of::<cat_citation>() as u32,
    year: 1987,
    authors: c(b"Boris T. Polyak\0"),
    title: c(b"Introduction to Optimization\0"),
    venue: c(b"Optimization Software, New York\0"),
    arxiv_id: ptr::null(),
    url: ptr::null(),
    reserved: [0; 4],
});

static POLYAK: Shared<cat_algorithm_desc> = Shared(cat_algorithm_desc {
    struct_size: std::mem::size_of::<cat_algorithm_desc>() as u32,
    provenance: CAT_PROVENANCE_STANDARD,
    id: c(b"polyak\0"),
    name: c(b"Polyak-step gradient descent\0"),
    summary: c(b"x <- x - gamma (f(x) - f*) / |grad f(x)|^2 grad f(x): gradient descent with Polyak's step size\0"),
    provenance_note: c(b"checked: the first step from (0, 0) equals the closed form (3.5, 5.5); f below 1e-20 on \
himmelblau in 500 iterations; same seed, same trace\0"),
    citation: &POLYAK_CITATION.0,
    problem_kinds: cat_kind_bit(CAT_KIND_OBJECTIVE),
    needs: CAT_NEEDS_EUCLIDEAN | CAT_NEEDS_UNCONSTRAINED,
    default_problem: c(b"himmelblau\0"),
    default_max_iters: 500,
    param_count: 2,
    reserved0: 0,
    params: POLYAK_PARAMS.0.as_ptr(),
    user_data: ptr::null(),
    run: Some(polyak_run),
    reserved: [0; 8],
});

// ----------------------------------------------------------------------------------------------------- plugin --

static ALGORITHMS: Shared<[*const cat_algorithm_desc; 1]> = Shared([&POLYAK.0]);
static PROBLEMS: Shared<[*const cat_problem_desc; 1]> = Shared([&HIMMELBLAU.0]);

static PLUGIN: Shared<cat_plugin> = Shared(cat_plugin {
    struct_size: std::mem::size_of::<cat_plugin>() as u32,
    abi_major: ABI_MAJOR,
    abi_minor: ABI_MINOR,
    reserved0: 0,
    id: c(b"org.example.polyak\0"),
    name: c(b"Polyak step (Rust)\0"),
    version: c(b"1.0.0\0"),
    summary: c(b"Gradient descent with Polyak's step size, and Himmelblau's function, written in Rust\0"),
    license: c(b"Apache-2.0\0"),
    citation: &POLYAK_CITATION.0,
    algorithm_count: 1,
    problem_count: 1,
    algorithms: ALGORITHMS.0.as_ptr(),
    problems: PROBLEMS.0.as_ptr(),
    experiment_count: 0,
    reserved1: 0,
    experiments: ptr::null(),
    reserved: [0; 8],
});

/// The one exported symbol. Major versions must match; this plugin calls nothing newer than ABI 1.0, so any
/// host minor will do.
///
/// # Safety
/// Called by the catalogue host with a valid service table.
#[no_mangle]
pub unsafe extern "C" fn catalogue_plugin_entry(
    host_abi_major: u32, _host_abi_minor: u32, host: *const cat_host_api,
) -> *const cat_plugin {
    if host_abi_major != ABI_MAJOR {
        if let Some(host) = host.as_ref() {
            let message = format!("org.example.polyak is built for catalogue ABI {}.{}", ABI_MAJOR, ABI_MINOR);
            fail(host, CAT_ERR_ABI, &message);
        }
        return ptr::null();
    }
    &PLUGIN.0
}
