// swift-tools-version: 6.1
// The catalogue: a host that loads research optimisation algorithms as plugins through one C ABI.
// Layout (docs/architecture.md §2): Sources/Registry is the contract (C header, RNG, Swift SDK),
// Sources/Host the host library and `catalogue` executable, Sources/Plugins one folder per plugin plus the
// shared numerical modules under Sources/Plugins/Shared.
// Platform: Linux only (glibc, ELF shared objects, /proc/self/exe, prctl(PR_SET_PDEATHSIG)); SwiftPM has no
// `platforms` entry for Linux, so none is declared.
import PackageDescription

/// Linker flags every in-tree plugin uses: export only `catalogue_plugin_entry` (the version script lives next
/// to the header), so two plugins can never interpose each other's symbols. Linked with lld (shipped with the
/// Swift toolchain): gold, swiftc's default on Linux, keeps every GOT-referenced Swift symbol in `.dynsym` despite
/// `local: *` (Tests/IntegrationTests/PluginSymbolTests.swift).
let pluginLinkerSettings: [LinkerSetting] = [
  .unsafeFlags(["-use-ld=lld", "-Xlinker", "--version-script=Sources/Registry/CCatalogue/plugin.map"])
]

/// A catalogue plugin: one folder under Sources/Plugins/NAME holding the plugin's code as a static module NAME
/// (which its tests import), and in Sources/Plugins/NAME/Entry the one-file module NAMEPlugin with the exported
/// entry point, built as the dynamic library libNAME.so. The split keeps `catalogue_plugin_entry` out of the test
/// bundle, which links several plugins' code at once.
func plugin(_ name: String, dependencies: [Target.Dependency] = []) -> [Target] {
  [
    .target(
      name: name,
      dependencies: ["CCatalogue", "CatalogueSDK"] + dependencies,
      path: "Sources/Plugins/\(name)",
      exclude: ["Entry"]
    ),
    .target(
      name: "\(name)Plugin",
      dependencies: ["CCatalogue", "CatalogueSDK", .target(name: name)],
      path: "Sources/Plugins/\(name)/Entry",
      linkerSettings: pluginLinkerSettings
    ),
  ]
}

/// The dynamic-library product of a plugin.
func pluginProduct(_ name: String) -> Product {
  .library(name: name, type: .dynamic, targets: ["\(name)Plugin"])
}

/// Every in-tree plugin (each a separately versioned dynamic library) and the shared modules it links statically.
let pluginTargets: [Target] =
  plugin("Baselines", dependencies: ["LinearAlgebra", "Manifolds"])
  + plugin("FlatMinima", dependencies: ["LinearAlgebra"])
  + plugin("RF2SA", dependencies: ["LinearAlgebra", "Manifolds"])
  + plugin("LinconBilevel", dependencies: ["LinearAlgebra"])
  + plugin("Memformer", dependencies: ["LinearAlgebra", "LinearAttention"])
  + plugin("InContextRegression", dependencies: ["LinearAttention"])
  + plugin("Invex", dependencies: ["LinearAlgebra", "Manifolds"])
  + plugin("RiemannianLangevin", dependencies: ["Manifolds", "SeededRandom"])
  + plugin("FunctionalGD", dependencies: ["LinearAlgebra", "LinearAttention"])
  + plugin("PreconditionedGD", dependencies: ["LinearAlgebra", "LinearAttention", "SeededRandom"])
  + plugin("ElectricFlow", dependencies: ["LinearAlgebra", "LinearAttention", "SeededRandom"])
  + plugin("LinearAttentionDynamics", dependencies: ["LinearAlgebra", "LinearAttention", "SeededRandom"])

let package = Package(
  name: "catalogue",
  products: [
    .executable(name: "catalogue", targets: ["catalogue"]),
    .library(name: "CatalogueSDK", targets: ["CatalogueSDK", "CCatalogue", "SeededRandom"]),
    .library(name: "CatalogueSDKTesting", targets: ["CatalogueSDKTesting"]),
    // The host libraries, for tools built on them (the fuzz targets in Fuzz/).
    .library(name: "CatalogueHost", targets: ["CatalogueHost"]),
    .library(name: "CatalogueLab", targets: ["CatalogueLab"]),
    pluginProduct("Baselines"),
    pluginProduct("FlatMinima"),
    pluginProduct("RF2SA"),
    pluginProduct("LinconBilevel"),
    pluginProduct("Memformer"),
    pluginProduct("InContextRegression"),
    pluginProduct("Invex"),
    pluginProduct("RiemannianLangevin"),
    pluginProduct("FunctionalGD"),
    pluginProduct("PreconditionedGD"),
    pluginProduct("ElectricFlow"),
    // The host's C API (catalogue_host.h) for other languages: the Python package loads it with cffi.
    .library(name: "CatalogueHostAPI", type: .dynamic, targets: ["CatalogueHostAPI"]),
    pluginProduct("LinearAttentionDynamics"),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The registry ABI: the C header every plugin and the host compile against.
    .target(name: "CCatalogue", path: "Sources/Registry/CCatalogue", exclude: ["plugin.map"]),
    // The one specified random number generator (xoshiro256**), shared by host and SDK.
    .target(name: "SeededRandom", path: "Sources/Registry/SeededRandom"),
    // The Swift plugin SDK: plain Swift declarations in, the C ABI out.
    .target(
      name: "CatalogueSDK",
      dependencies: ["CCatalogue", "SeededRandom"],
      path: "Sources/Registry/SDK"
    ),
    // A recording host for plugin unit tests: run an algorithm on a problem in-process and inspect what it sent.
    .target(
      name: "CatalogueSDKTesting",
      dependencies: ["CCatalogue", "CatalogueSDK", "SeededRandom"],
      path: "Sources/Registry/SDKTesting"
    ),

    // Shared numerics that plugins link statically.
    .systemLibrary(
      name: "COpenBLAS",
      path: "Sources/Plugins/Shared/COpenBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),

    // Dense linear algebra over OpenBLAS/LAPACKE: column-major value types, factorisations, matrix functions.
    .target(
      name: "LinearAlgebra",
      dependencies: ["COpenBLAS"],
      path: "Sources/Plugins/Shared/LinearAlgebra"
    ),
    // Riemannian manifolds (Euclidean, sphere, Stiefel, SPD, hyperbolic, products) behind the SDK's Geometry.
    .target(
      name: "Manifolds",
      dependencies: ["LinearAlgebra", "SeededRandom", "CatalogueSDK"],
      path: "Sources/Plugins/Shared/Manifolds"
    ),

    // Linear-attention models for in-context regression (Memformer, preconditioned GD, training dynamics, ...).
    .target(
      name: "LinearAttention",
      dependencies: ["LinearAlgebra", "SeededRandom", "CatalogueSDK"],
      path: "Sources/Plugins/Shared/LinearAttention"
    ),

    // The host library and the thin command-line front end.
    // System interfaces Swift cannot import directly: libffi for foreign objectives (§7) and prctl.
    .systemLibrary(
      name: "CHostSystem",
      path: "Sources/Host/CHostSystem",
      pkgConfig: "libffi",
      providers: [.apt(["libffi-dev"])]
    ),
    .target(
      name: "CatalogueHost",
      dependencies: ["CCatalogue", "SeededRandom", "CHostSystem"],
      path: "Sources/Host/CatalogueHost",
      exclude: ["README.md"]
    ),
    // The exported host C API (Sources/Registry/CCatalogue/include/catalogue_host.h): `@c` functions over
    // RunSession and the in-process driver, so its runs and `catalogue run --in-process` share one code path.
    .target(
      name: "CatalogueHostAPI",
      dependencies: ["CatalogueHost", "CCatalogue"],
      path: "Sources/Host/CatalogueHostAPI"
    ),
    // compare, plot and reproduce: batches of runs, their statistics, claims and figures, read from run folders.
    .target(name: "CatalogueLab", dependencies: ["CatalogueHost"], path: "Sources/Host/CatalogueLab"),
    // catalogue.h's text, embedded at build time (#embed) for new-plugin from a binary outside the source tree.
    .target(name: "CCatalogueHeaderText", path: "Sources/Host/CCatalogueHeaderText"),
    // validate and new-plugin: checks a plugin file against the ABI's rules and scaffolds a new plugin.
    .target(
      name: "CatalogueAuthoring",
      dependencies: ["CatalogueHost", "CCatalogue", "CCatalogueHeaderText"],
      path: "Sources/Host/CatalogueAuthoring"
    ),
    .executableTarget(
      name: "catalogue",
      dependencies: [
        "CatalogueHost", "CatalogueLab", "CatalogueAuthoring",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Sources/Host/catalogue"
    ),

    // Benchmarks: executables that print ratios against a baseline measured in the same run.
    .executableTarget(
      name: "linalg-benchmark",
      dependencies: ["LinearAlgebra", "COpenBLAS"],
      path: "Benchmarks/Swift/LinearAlgebra"
    ),
    // The host's overhead per oracle call (counting interposer against a direct call).
    .executableTarget(
      name: "host-overhead-benchmark",
      dependencies: ["CatalogueHost", "CCatalogue"],
      path: "Benchmarks/Swift/HostOverhead"
    ),

    .testTarget(name: "SeededRandomTests", dependencies: ["SeededRandom"], path: "Tests/SeededRandomTests"),
    .testTarget(
      name: "CatalogueSDKTests",
      dependencies: ["CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "CCatalogue"],
      path: "Tests/CatalogueSDKTests"
    ),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"], path: "Tests/LinearAlgebraTests"),
    // C code that uses exported manifolds through the geometry table only (tested from ManifoldsTests).
    .target(name: "GeometryFromC", dependencies: ["CCatalogue"], path: "Tests/Support/GeometryFromC"),
    .testTarget(
      name: "ManifoldsTests",
      dependencies: [
        "Manifolds", "LinearAlgebra", "SeededRandom", "CatalogueSDK", "CatalogueSDKTesting", "GeometryFromC",
        "CCatalogue",
      ],
      path: "Tests/ManifoldsTests"
    ),
    .testTarget(
      name: "BaselinesTests",
      dependencies: ["Baselines", "CatalogueSDK", "SeededRandom", "LinearAlgebra"],
      path: "Tests/BaselinesTests"
    ),
    .testTarget(
      name: "FlatMinimaTests",
      dependencies: ["FlatMinima", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra"],
      path: "Tests/FlatMinimaTests"
    ),
    .testTarget(
      name: "RF2SATests",
      dependencies: ["RF2SA", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra", "Manifolds"],
      path: "Tests/RF2SATests"
    ),
    .testTarget(
      name: "LinconBilevelTests",
      dependencies: ["LinconBilevel", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra"],
      path: "Tests/LinconBilevelTests"
    ),
    .testTarget(
      name: "LinearAttentionTests",
      dependencies: ["LinearAttention", "LinearAlgebra", "SeededRandom", "CatalogueSDK", "CatalogueSDKTesting"],
      path: "Tests/LinearAttentionTests"
    ),
    .testTarget(
      name: "MemformerTests",
      dependencies: [
        "Memformer", "LinearAttention", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra",
      ],
      path: "Tests/MemformerTests"
    ),
    .testTarget(
      name: "InvexTests",
      dependencies: [
        "Invex", "Baselines", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra", "Manifolds",
      ],
      path: "Tests/InvexTests"
    ),
    .testTarget(
      name: "RiemannianLangevinTests",
      dependencies: ["RiemannianLangevin", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "Manifolds"],
      path: "Tests/RiemannianLangevinTests"
    ),
    .testTarget(
      name: "FunctionalGDTests",
      dependencies: [
        "FunctionalGD", "LinearAttention", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra",
      ],
      path: "Tests/FunctionalGDTests"
    ),
    .testTarget(
      name: "PreconditionedGDTests",
      dependencies: [
        "PreconditionedGD", "LinearAttention", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra",
      ],
      path: "Tests/PreconditionedGDTests"
    ),
    .testTarget(
      name: "ElectricFlowTests",
      dependencies: [
        "ElectricFlow", "LinearAttention", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom", "LinearAlgebra",
      ],
      path: "Tests/ElectricFlowTests"
    ),
    .testTarget(
      name: "LinearAttentionDynamicsTests",
      dependencies: [
        "LinearAttentionDynamics", "LinearAttention", "CatalogueSDK", "CatalogueSDKTesting", "SeededRandom",
        "LinearAlgebra",
      ],
      path: "Tests/LinearAttentionDynamicsTests"
    ),
    .testTarget(
      name: "CatalogueHostTests",
      dependencies: ["CatalogueHost", "CCatalogue", "SeededRandom"],
      path: "Tests/CatalogueHostTests"
    ),
    .testTarget(
      name: "CatalogueLabTests",
      dependencies: ["CatalogueLab", "CatalogueHost"],
      path: "Tests/CatalogueLabTests"
    ),
    .testTarget(
      name: "CatalogueAuthoringTests",
      dependencies: ["CatalogueAuthoring", "CatalogueHost", "CCatalogue"],
      path: "Tests/CatalogueAuthoringTests"
    ),
    // Integration tests compile the C plugins in Fixtures at test time and run the built `catalogue`.
    .testTarget(
      name: "IntegrationTests",
      dependencies: ["CatalogueHost", "CatalogueLab"],
      path: "Tests/IntegrationTests",
      exclude: ["Fixtures"]
    ),
  ] + pluginTargets
)
