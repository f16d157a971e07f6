import CatalogueHost

/// The files of a new Swift plugin: a package that depends on the catalogue's SDK product by path.
struct SwiftPluginTemplate {
  /// The plugin name (also the algorithm id).
  var name: String
  /// The Swift module and library name.
  var module: String
  /// The catalogue source tree the package depends on.
  var catalogueRoot: String

  var files: [(path: String, contents: String)] {
    [
      ("Package.swift", package), ("plugin.map", versionScript), ("README.md", readme),
      (".gitignore", ".build/\n.swiftpm/\n"),
      ("Sources/\(module)/Entry.swift", entry), ("Sources/\(module)/Method.swift", method),
      ("Sources/\(module)/DiagonalQuadratic.swift", problem),
    ]
  }

  var package: String {
    #"""
    // swift-tools-version: 6.1
    // The \#(name) catalogue plugin. `swift build` produces .build/debug/lib\#(module).so.
    import PackageDescription

    let package = Package(
      name: "\#(name)",
      products: [
        .library(name: "\#(module)", type: .dynamic, targets: ["\#(module)"])
      ],
      dependencies: [
        // The catalogue package, for its SDK product; a path here, or its git URL once it is published.
        .package(name: "catalogue", path: "\#(catalogueRoot)")
      ],
      targets: [
        .target(
          name: "\#(module)",
          dependencies: [.product(name: "CatalogueSDK", package: "catalogue")],
          // Export only the entry point (`catalogue validate` checks it).
          linkerSettings: [.unsafeFlags(["-Xlinker", "--version-script=\(Context.packageDirectory)/plugin.map"])]
        )
      ]
    )

    """#
  }

  var versionScript: String {
    """
    /* Linker version script: export the catalogue entry point and nothing else. */
    {
      global: catalogue_plugin_entry;
      local: *;
    };

    """
  }

  var entry: String {
    #"""
    import CCatalogue
    import CatalogueSDK

    /// The plugin: its identity and what it registers. Change the id before you publish it.
    let plugin = Plugin(
      id: "org.example.\#(name)",
      name: "\#(name)",
      version: "0.1.0",
      summary: "\#(name): a new method (it starts as gradient descent; make it yours)",
      license: "Apache-2.0",
      citation: Method.citation,
      algorithms: [Method.algorithm],
      problems: [DiagonalQuadratic.family]
    )

    /// Built once and kept for the life of the process.
    private let descriptor = plugin.descriptor()

    /// The one exported symbol; `Plugin.entry` declines hosts of another ABI major with a reason.
    @c @implementation
    public func catalogue_plugin_entry(
      _ hostAbiMajor: UInt32, _ hostAbiMinor: UInt32, _ host: UnsafePointer<cat_host_api>?
    ) -> UnsafePointer<cat_plugin>? {
      Plugin.entry(hostAbiMajor, hostAbiMinor, host, descriptor)
    }

    """#
  }

  var method: String {
    #"""
    import CatalogueSDK

    /// The algorithm. It starts as gradient descent, xₖ₊₁ = xₖ − η∇f(xₖ); replace the body with your method,
    /// keeping the conventions: report iteration 0 at the start point and then once per iteration, stop when
    /// report returns false, draw random numbers only from run.rng.
    enum Method {
      /// The method's source; cite your paper here (and say in `provenance` what you checked it against).
      static let citation = Citation(
        authors: "Augustin-Louis Cauchy",
        title: "Méthode générale pour la résolution des systèmes d'équations simultanées",
        venue: "Comptes Rendus de l'Académie des Sciences", year: 1847)

      static let algorithm = Algorithm(
        id: "\#(name)",
        name: "\#(name) (gradient descent for now)",
        summary: "Gradient descent with a fixed step (the starting point of \#(name))",
        provenance: .standard("checked: f decreases on \#(name)-quadratic with the default step"),
        accepts: [.objective],
        needs: [.euclidean],
        defaultProblem: "\#(name)-quadratic",
        defaultMaxIterations: 100,
        parameters: [.real("step_size", default: 0.5, above: 0, logScale: true, help: "step η (1/L is safe)")]
      ) { run in
        let f = try run.problem.objective()
        let eta = try run.parameters.real("step_size")
        try run.declareTrace(["f", "grad_norm"])
        var x = try f.initialPoint()
        var k = 0
        while true {
          let (value, gradient) = try f.gradient(x)
          let norm = gradient.reduce(0) { $0 + $1 * $1 }.squareRoot()
          guard run.report(iteration: k, [value, norm]) else { break }
          x = zip(x, gradient).map { $0 - eta * $1 }
          k += 1
        }
        try run.result("x", vector: x)
      }
    }

    """#
  }

  var problem: String {
    #"""
    import CatalogueSDK

    /// f(x) = ½ Σᵢ aᵢxᵢ² with aᵢ spread evenly over [1/κ, 1], started at x = (1, …, 1) plus noise from the
    /// problem's random stream: L = 1, μ = 1/κ, f* = 0. Any plugin's objective-kind algorithm can run on it.
    struct DiagonalQuadratic: ObjectiveFunction {
      let curvatures: [Double]
      let start: [Double]

      var dimension: Int { curvatures.count }
      var hasHessianVector: Bool { true }

      func initialPoint() throws -> [Double] { start }

      func value(_ x: [Double], samples: [Int]?) throws -> Double {
        try requireNoSamples(samples, problem: "\#(name)-quadratic")
        return 0.5 * zip(curvatures, x).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
      }

      func gradient(_ x: [Double], samples: [Int]?) throws -> (value: Double, gradient: [Double]) {
        (try value(x, samples: samples), zip(curvatures, x).map { $0 * $1 })
      }

      func hessianVector(_ x: [Double], _ v: [Double]) throws -> [Double] {
        zip(curvatures, v).map { $0 * $1 }
      }

      static let family = ProblemFamily(
        id: "\#(name)-quadratic",
        name: "Diagonal quadratic",
        summary: "½Σaᵢxᵢ² with aᵢ evenly spread in [1/κ, 1]; minimum 0 at the origin",
        kind: .objective,
        parameters: [
          .int("dim", default: 10, in: 1...1_000_000, help: "dimension n"),
          .real("condition", default: 10, min: 1, help: "condition number κ"),
        ]
      ) { params, rng in
        let n = try params.int("dim")
        let kappa = try params.real("condition")
        let curvatures = (0..<n).map { n == 1 ? 1 : 1 - (1 - 1 / kappa) * Double($0) / Double(n - 1) }
        let start = (0..<n).map { _ in 1 + 0.1 * rng.normal() }
        let quadratic = DiagonalQuadratic(curvatures: curvatures, start: start)
        return ProblemInstance(.objective(quadratic), references: [("f_star", 0)])
      }
    }

    """#
  }

  var readme: String {
    """
    # \(name)

    A catalogue plugin in Swift, made by `catalogue new-plugin \(name) --lang swift`.

        swift build
        catalogue validate .build/debug/lib\(module).so
        CATALOGUE_PLUGIN_PATH=$PWD/.build/debug catalogue list
        CATALOGUE_PLUGIN_PATH=$PWD/.build/debug catalogue run \(name)

    `Sources/\(module)/Method.swift` is the algorithm (gradient descent to start with),
    `DiagonalQuadratic.swift` its default problem, `Entry.swift` the plugin's identity and entry point.
    See docs/authoring.md in the catalogue repository for the conventions `catalogue validate` checks.

    """
  }
}
