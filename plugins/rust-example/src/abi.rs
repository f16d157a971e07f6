//! Hand-written Rust mirrors of the parts of catalogue.h this plugin uses, field for field and in order.
//! build.rs measures the C structs with the system compiler; the assertions at the end fail the build if a
//! mirror's size differs from the header's.
#![allow(non_camel_case_types, dead_code)]

use std::os::raw::{c_char, c_void};

include!(concat!(env!("OUT_DIR"), "/layout.rs"));

pub type cat_status = i32;
pub const CAT_OK: cat_status = 0;
pub const CAT_ERR_INVALID_ARGUMENT: cat_status = 1;
pub const CAT_ERR_UNSUPPORTED: cat_status = 2;
pub const CAT_ERR_NUMERICAL: cat_status = 3;
pub const CAT_ERR_OUT_OF_MEMORY: cat_status = 5;
pub const CAT_ERR_ABI: cat_status = 6;

pub const CAT_PARAM_REAL: u32 = 1;
pub const CAT_PARAM_FLAG_MIN_EXCLUSIVE: u32 = 1 << 0;
pub const CAT_PARAM_FLAG_MAX_EXCLUSIVE: u32 = 1 << 1;
pub const CAT_PARAM_FLAG_LOG_SCALE: u32 = 1 << 2;

pub const CAT_PROVENANCE_STANDARD: u32 = 3;
pub const CAT_KIND_OBJECTIVE: u32 = 1;
pub const fn cat_kind_bit(kind: u32) -> u32 {
    1 << kind
}
pub const CAT_NEEDS_EUCLIDEAN: u32 = 1 << 7;
pub const CAT_NEEDS_UNCONSTRAINED: u32 = 1 << 8;
pub const CAT_TERM_CONVERGED: u32 = 5;
pub const CAT_CONTINUE: i32 = 0;

/// Opaque host handles.
#[repr(C)]
pub struct cat_params {
    _private: [u8; 0],
}
#[repr(C)]
pub struct cat_run {
    _private: [u8; 0],
}
#[repr(C)]
pub struct cat_geometry {
    _private: [u8; 0],
}

#[repr(C)]
pub struct cat_rng {
    pub s: [u64; 4],
    pub cached_normal: f64,
    pub has_cached_normal: u32,
    pub reserved: u32,
}

#[repr(C)]
pub struct cat_param_desc {
    pub struct_size: u32,
    pub kind: u32,
    pub id: *const c_char,
    pub help: *const c_char,
    pub unit: *const c_char,
    pub flags: u32,
    pub choice_count: u32,
    pub choices: *const *const c_char,
    pub default_real: f64,
    pub min_real: f64,
    pub max_real: f64,
    pub default_int: i64,
    pub min_int: i64,
    pub max_int: i64,
    pub default_string: *const c_char,
    pub reserved: [u64; 4],
}

#[repr(C)]
pub struct cat_citation {
    pub struct_size: u32,
    pub year: u32,
    pub authors: *const c_char,
    pub title: *const c_char,
    pub venue: *const c_char,
    pub arxiv_id: *const c_char,
    pub url: *const c_char,
    pub reserved: [u64; 4],
}

#[repr(C)]
pub struct cat_objective_oracles {
    pub struct_size: u32,
    pub reserved0: u32,
    pub dim: u64,
    pub sample_count: u64,
    pub geometry: *const cat_geometry,
    pub initial_point: Option<unsafe extern "C" fn(ctx: *mut c_void, x: *mut f64) -> cat_status>,
    pub value: Option<
        unsafe extern "C" fn(
            ctx: *mut c_void,
            x: *const f64,
            samples: *const u64,
            sample_count: u64,
            f: *mut f64,
        ) -> cat_status,
    >,
    pub gradient: Option<
        unsafe extern "C" fn(
            ctx: *mut c_void,
            x: *const f64,
            samples: *const u64,
            sample_count: u64,
            f: *mut f64,
            grad: *mut f64,
        ) -> cat_status,
    >,
    pub hessian_vector: Option<
        unsafe extern "C" fn(ctx: *mut c_void, x: *const f64, v: *const f64, out: *mut f64) -> cat_status,
    >,
    pub project: Option<unsafe extern "C" fn(ctx: *mut c_void, x: *mut f64) -> cat_status>,
    pub reserved: [u64; 8],
}

#[repr(C)]
pub struct cat_problem {
    pub struct_size: u32,
    pub kind: u32,
    pub ctx: *mut c_void,
    pub objective: *const cat_objective_oracles,
    pub bilevel: *const c_void,
    pub sampling: *const c_void,
    pub regression: *const c_void,
    pub graphs: *const c_void,
    pub reference_count: u32,
    pub reserved0: u32,
    pub reference_names: *const *const c_char,
    pub reference_values: *const f64,
    pub metric_count: u32,
    pub reserved1: u32,
    pub metric_names: *const *const c_char,
    pub metrics: Option<unsafe extern "C" fn(ctx: *mut c_void, x: *const f64, out: *mut f64) -> cat_status>,
    pub destroy: Option<unsafe extern "C" fn(ctx: *mut c_void)>,
    pub reserved: [u64; 8],
}

#[repr(C)]
pub struct cat_problem_desc {
    pub struct_size: u32,
    pub kind: u32,
    pub id: *const c_char,
    pub name: *const c_char,
    pub summary: *const c_char,
    pub param_count: u32,
    pub reserved0: u32,
    pub params: *const *const cat_param_desc,
    pub user_data: *const c_void,
    pub create: Option<
        unsafe extern "C" fn(
            this: *const cat_problem_desc,
            host: *const cat_host_api,
            params: *const cat_params,
            rng: *mut cat_rng,
            out: *mut *const cat_problem,
        ) -> cat_status,
    >,
    pub reserved: [u64; 8],
}

#[repr(C)]
pub struct cat_algorithm_desc {
    pub struct_size: u32,
    pub provenance: u32,
    pub id: *const c_char,
    pub name: *const c_char,
    pub summary: *const c_char,
    pub provenance_note: *const c_char,
    pub citation: *const cat_citation,
    pub problem_kinds: u32,
    pub needs: u32,
    pub default_problem: *const c_char,
    pub default_max_iters: u64,
    pub param_count: u32,
    pub reserved0: u32,
    pub params: *const *const cat_param_desc,
    pub user_data: *const c_void,
    pub run: Option<
        unsafe extern "C" fn(
            this: *const cat_algorithm_desc,
            host: *const cat_host_api,
            run: *mut cat_run,
            params: *const cat_params,
            problem: *const cat_problem,
            rng: *mut cat_rng,
        ) -> cat_status,
    >,
    pub reserved: [u64; 8],
}

#[repr(C)]
pub struct cat_plugin {
    pub struct_size: u32,
    pub abi_major: u32,
    pub abi_minor: u32,
    pub reserved0: u32,
    pub id: *const c_char,
    pub name: *const c_char,
    pub version: *const c_char,
    pub summary: *const c_char,
    pub license: *const c_char,
    pub citation: *const cat_citation,
    pub algorithm_count: u32,
    pub problem_count: u32,
    pub algorithms: *const *const cat_algorithm_desc,
    pub problems: *const *const cat_problem_desc,
    pub experiment_count: u32,
    pub reserved1: u32,
    pub experiments: *const c_void,
    pub reserved: [u64; 8],
}

#[repr(C)]
pub struct cat_host_api {
    pub struct_size: u32,
    pub abi_major: u32,
    pub abi_minor: u32,
    pub reserved0: u32,
    pub set_error: Option<unsafe extern "C" fn(message: *const c_char)>,
    pub host_version: *const c_char,
    pub last_error: Option<unsafe extern "C" fn() -> *const c_char>,
    pub param_real: Option<unsafe extern "C" fn(*const cat_params, *const c_char, *mut f64) -> cat_status>,
    pub param_int: Option<unsafe extern "C" fn(*const cat_params, *const c_char, *mut i64) -> cat_status>,
    pub param_bool: Option<unsafe extern "C" fn(*const cat_params, *const c_char, *mut i32) -> cat_status>,
    pub param_string: Option<unsafe extern "C" fn(*const cat_params, *const c_char, *mut *const c_char) -> cat_status>,
    pub declare_trace: Option<unsafe extern "C" fn(*mut cat_run, u32, *const *const c_char) -> cat_status>,
    pub report: Option<unsafe extern "C" fn(*mut cat_run, u64, *const f64) -> i32>,
    pub progress: Option<unsafe extern "C" fn(*mut cat_run, f64, *const c_char)>,
    pub log: Option<unsafe extern "C" fn(*mut cat_run, u32, *const c_char)>,
    pub should_stop: Option<unsafe extern "C" fn(*mut cat_run) -> i32>,
    pub finish: Option<unsafe extern "C" fn(*mut cat_run, u32, *const c_char)>,
    pub result_real: Option<unsafe extern "C" fn(*mut cat_run, *const c_char, f64) -> cat_status>,
    pub result_vector: Option<unsafe extern "C" fn(*mut cat_run, *const c_char, u64, *const f64) -> cat_status>,
    pub count_oracle: Option<unsafe extern "C" fn(*mut cat_run, u32, u64)>,
    pub write_artifact: Option<unsafe extern "C" fn(*mut cat_run, *const c_char, *const c_void, u64) -> cat_status>,
    pub set_counting: Option<unsafe extern "C" fn(*mut cat_run, i32)>,
    pub rng_seed: Option<unsafe extern "C" fn(*mut cat_rng, u64, u64)>,
    pub rng_next: Option<unsafe extern "C" fn(*mut cat_rng) -> u64>,
    pub rng_uniform: Option<unsafe extern "C" fn(*mut cat_rng) -> f64>,
    pub rng_normal: Option<unsafe extern "C" fn(*mut cat_rng) -> f64>,
    pub reserved: [u64; 16],
}

// The mirrors must have the header's sizes (build.rs measured them with the C compiler).
const _: () = assert!(std::mem::size_of::<cat_rng>() == SIZEOF_CAT_RNG);
const _: () = assert!(std::mem::size_of::<cat_param_desc>() == SIZEOF_CAT_PARAM_DESC);
const _: () = assert!(std::mem::size_of::<cat_citation>() == SIZEOF_CAT_CITATION);
const _: () = assert!(std::mem::size_of::<cat_objective_oracles>() == SIZEOF_CAT_OBJECTIVE_ORACLES);
const _: () = assert!(std::mem::size_of::<cat_problem>() == SIZEOF_CAT_PROBLEM);
const _: () = assert!(std::mem::size_of::<cat_problem_desc>() == SIZEOF_CAT_PROBLEM_DESC);
const _: () = assert!(std::mem::size_of::<cat_algorithm_desc>() == SIZEOF_CAT_ALGORITHM_DESC);
const _: () = assert!(std::mem::size_of::<cat_plugin>() == SIZEOF_CAT_PLUGIN);
const _: () = assert!(std::mem::size_of::<cat_host_api>() == SIZEOF_CAT_HOST_API);

/// Descriptors are statics that hold raw pointers to other statics; they are immutable for the life of the
/// process, so sharing them between threads is sound.
#[repr(transparent)]
pub struct Shared<T>(pub T);
unsafe impl<T> Sync for Shared<T> {}

/// A C string literal as a pointer (the literal must end in `\0`).
pub const fn c(text: &'static [u8]) -> *const c_char {
    text.as_ptr() as *const c_char
}
