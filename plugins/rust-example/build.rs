//! Checks the hand-written bindings in src/abi.rs against catalogue.h: compiles a small C program with the
//! system C compiler that prints `sizeof` of every struct the bindings mirror, and writes them as constants that
//! src/abi.rs asserts on at compile time. A header that grew or a field typed wrongly fails the build here,
//! not in a user's run.
use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let include = env::var("CATALOGUE_INCLUDE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| manifest.join("../../Sources/Registry/CCatalogue/include"));
    let header = include.join("catalogue.h");
    println!("cargo:rerun-if-changed={}", header.display());
    println!("cargo:rerun-if-env-changed=CATALOGUE_INCLUDE");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let structs = [
        "cat_rng",
        "cat_param_desc",
        "cat_citation",
        "cat_objective_oracles",
        "cat_problem",
        "cat_problem_desc",
        "cat_algorithm_desc",
        "cat_plugin",
        "cat_host_api",
    ];
    let mut program = String::from("#include <stdio.h>\n#include \"catalogue.h\"\nint main(void) {\n");
    program.push_str("    printf(\"pub const ABI_MAJOR: u32 = %d;\\n\", CAT_ABI_MAJOR);\n");
    program.push_str("    printf(\"pub const ABI_MINOR: u32 = %d;\\n\", CAT_ABI_MINOR);\n");
    for name in structs {
        program.push_str(&format!(
            "    printf(\"pub const SIZEOF_{}: usize = %zu;\\n\", sizeof({}));\n",
            name.to_uppercase(),
            name
        ));
    }
    program.push_str("    return 0;\n}\n");
    let source = out.join("layout.c");
    let binary = out.join("layout");
    fs::write(&source, program).unwrap();
    let compiler = env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let status = Command::new(&compiler)
        .arg(format!("-I{}", include.display()))
        .arg("-o")
        .arg(&binary)
        .arg(&source)
        .status()
        .unwrap_or_else(|e| panic!("cannot run the C compiler '{}': {}", compiler, e));
    assert!(status.success(), "compiling the layout check against {} failed", header.display());
    let output = Command::new(&binary).output().expect("cannot run the layout check");
    assert!(output.status.success(), "the layout check failed");
    fs::write(out.join("layout.rs"), output.stdout).unwrap();
}
