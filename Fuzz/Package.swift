// swift-tools-version: 6.1
// libFuzzer targets for every parser of untrusted input in the host (scripts/fuzz.sh builds and runs them).
// A package of its own so the sanitizer flags (-sanitize=fuzzer,address -parse-as-library) never touch the
// project's normal build.
import PackageDescription

func fuzzTarget(_ name: String, _ products: [String]) -> Target {
  .executableTarget(
    name: name,
    dependencies: ["FuzzDriver"] + products.map { .product(name: $0, package: "catalogue") },
    path: "Sources/\(name)")
}

let package = Package(
  name: "catalogue-fuzz",
  dependencies: [.package(name: "catalogue", path: "..")],
  targets: [
    .target(name: "FuzzDriver", path: "Sources/FuzzDriver"),
    fuzzTarget("FuzzSweepSpec", ["CatalogueLab", "CatalogueHost"]),
    fuzzTarget("FuzzForeignSignature", ["CatalogueHost"]),
    fuzzTarget("FuzzELF", ["CatalogueHost"]),
    fuzzTarget("FuzzResultDocument", ["CatalogueHost"]),
    fuzzTarget("FuzzRegistryCache", ["CatalogueHost"]),
    fuzzTarget("FuzzDescriptor", ["CatalogueHost"]),
  ]
)
