// swift-tools-version: 6.1
// An out-of-tree catalogue plugin written in Swift: copy this folder, change the ids, and point the dependency at
// your catalogue checkout (or its git URL). `swift build` produces .build/debug/libBarzilaiBorwein.so; put its
// folder on CATALOGUE_PLUGIN_PATH (or pass --plugin-path) and it appears in `catalogue list`.
import PackageDescription

let package = Package(
  name: "barzilai-borwein-plugin",
  products: [
    // A catalogue plugin is a dynamic library; the host loads it with dlopen.
    .library(name: "BarzilaiBorwein", type: .dynamic, targets: ["BarzilaiBorwein"])
  ],
  dependencies: [
    // The catalogue package, for its SDK product (the C header, the Swift SDK and the specified random numbers).
    .package(name: "catalogue", path: "../..")
  ],
  targets: [
    .target(
      name: "BarzilaiBorwein",
      dependencies: [.product(name: "CatalogueSDK", package: "catalogue")],
      // Export the entry point and nothing else (`catalogue validate` checks this): two plugins that both link
      // the SDK must never see each other's copy.
      linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/plugin.map"])]
    )
  ]
)
