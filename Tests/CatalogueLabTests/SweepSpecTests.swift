import XCTest

@testable import CatalogueHost
@testable import CatalogueLab

/// The sweep spec reader: the TOML subset, grids, errors that name the line or the key, and the stable ids.
final class SweepSpecTests: XCTestCase {
  func testReadsTheTOMLSubset() throws {
    let document = try TOMLReader.parse(
      """
      # comment
      name = "a b"   # trailing comment
      n = 1_000
      x = -2.5e-3
      flag = true
      list = [1, 2,
        3,]   # over lines, trailing comma
      'literal key' = 'C:\\path'
      esc = "tab\\tquote\\" \\u00e9"
      [parameters]
      "gd.step_size" = { log = [1e-3, 1e-1], count = 3 }
      adam.beta1 = [0.8, 0.9]
      [parameters.problem]
      dim = 4
      """)
    XCTAssertEqual(document["name"], .string("a b"))
    XCTAssertEqual(document["n"], .integer(1000))
    XCTAssertEqual(document["x"], .float(-2.5e-3))
    XCTAssertEqual(document["flag"], .boolean(true))
    XCTAssertEqual(document["list"], .array([.integer(1), .integer(2), .integer(3)]))
    XCTAssertEqual(document["literal key"], .string("C:\\path"))
    XCTAssertEqual(document["esc"], .string("tab\tquote\" é"))
    let parameters = try XCTUnwrap(document["parameters"]?.entries)
    XCTAssertEqual(parameters.map(\.key), ["gd.step_size", "adam", "problem"])
    XCTAssertEqual(document["parameters"]?["adam"]?["beta1"], .array([.float(0.8), .float(0.9)]))
    XCTAssertEqual(document["parameters"]?["problem"]?["dim"], .integer(4))
  }

  func testErrorsNameTheLineAndColumn() {
    let cases: [(String, String)] = [
      ("a = 1\nb = nope", "line 2, column 5: 'nope' is not a value"),
      ("a = 1\na = 2", "line 2, column 6: key 'a' is defined twice"),
      ("[[runs]]\n", "line 1, column 2: arrays of tables"),
      ("a = \"open\n", "line 1, column 10: unterminated string"),
      ("a = [1, 2\nb = 3", "line 2, column 1: expected ',' or ']' in an array"),
      ("a = 1979-05-27", "dates and times are not supported"),
      ("a = 1 2", "line 1, column 7: expected the end of the line"),
      ("a = 0x10", "'0x10' is not a value"),
      ("a = \"\"\"x\"\"\"", "multi-line strings are not supported"),
    ]
    for (text, expected) in cases {
      XCTAssertThrowsError(try TOMLReader.parse(text), text) { error in
        let message = (error as! CatalogueError).message
        XCTAssertTrue(message.contains(expected), "\(text): \(message)")
      }
    }
  }

  func testGridsExpandExactly() throws {
    XCTAssertEqual(
      try ParameterAxis(
        key: "k", spec: .table([("range", .array([.integer(10), .integer(30)])), ("step", .integer(10))])
      ).values,
      ["10", "20", "30"])
    XCTAssertEqual(
      try ParameterAxis(
        key: "k", spec: .table([("range", .array([.float(0.1), .float(0.3)])), ("step", .float(0.1))])
      ).values,
      ["0.1", "0.2", "0.3"])
    XCTAssertEqual(
      try ParameterAxis(key: "k", spec: .table([("log", .array([.float(1e-4), .float(1)])), ("count", .integer(5))]))
        .values,
      ["0.0001", "0.001", "0.01", "0.1", "1"])
    XCTAssertEqual(
      try ParameterAxis(
        key: "k", spec: .table([("linear", .array([.integer(0), .integer(1)])), ("count", .integer(3))])
      ).values,
      ["0", "0.5", "1"])
    XCTAssertEqual(try ParameterAxis(key: "k", spec: .array([.string("a"), .boolean(false)])).values, ["a", "false"])
    XCTAssertThrowsError(
      try ParameterAxis(key: "k", spec: .table([("log", .array([.integer(0), .integer(1)])), ("count", .integer(3))])))
    XCTAssertThrowsError(try ParameterAxis(key: "k", spec: .array([])))
    XCTAssertThrowsError(try ParameterAxis(key: "k", spec: .table([("range", .array([.integer(0), .integer(1)]))])))
  }

  func testSpecKeysAndErrors() throws {
    let spec = try SweepSpec(
      parsing: """
        algorithms = ["gd", "adam"]
        seeds = [0, 5]
        max_iters = 50
        [parameters]
        step_size = [0.1, 0.2]
        """, defaultName: "file")
    XCTAssertEqual(spec.name, "file")
    XCTAssertEqual(spec.algorithms, ["gd", "adam"])
    XCTAssertEqual(spec.seeds, [0, 5])
    XCTAssertEqual(spec.maxIters, 50)
    XCTAssertEqual(spec.axes, [ParameterAxis(key: "step_size", values: ["0.1", "0.2"])])
    XCTAssertEqual(try SweepSpec(parsing: "algorithms = [\"gd\"]\nseeds = \"3\"", defaultName: "s").seeds, [0, 1, 2])
    let bad: [(String, String)] = [
      ("algorithm = [\"gd\"]", "unknown key 'algorithm'"),
      ("seeds = 3", "names no algorithms"),
      ("algorithms = [\"gd\"]\nmax_iters = 0", "max_iters must be a positive integer"),
      ("algorithms = [\"gd\"]\nseeds = [1, 1]", "without repeats"),
      ("algorithms = [\"gd\"]\nname = \"a/b\"", "usable as a folder name"),
      ("algorithms = [1]", "list of ids as strings"),
    ]
    for (text, expected) in bad {
      XCTAssertThrowsError(try SweepSpec(parsing: text, defaultName: "s"), text) { error in
        XCTAssertTrue((error as! CatalogueError).message.contains(expected), "\(text): \(error)")
      }
    }
  }

  func testCombinationsAndStableDigests() {
    XCTAssertEqual(
      SweepPlan.combinations([["a", "b"], ["1", "2", "3"]]),
      [["a", "1"], ["a", "2"], ["a", "3"], ["b", "1"], ["b", "2"], ["b", "3"]])
    XCTAssertEqual(SweepPlan.combinations([]), [[]])
    let stopping = StoppingCriteria(maxIters: 10)
    let a = SweepPlan.digest(
      algorithm: "p/gd@1.0.0", problem: "p/q@1.0.0", parameters: ["x=1", "y=2"], stopping: stopping)
    // The digest is a function of the configuration, not of the order parameters were written in.
    XCTAssertEqual(
      a,
      SweepPlan.digest(algorithm: "p/gd@1.0.0", problem: "p/q@1.0.0", parameters: ["y=2", "x=1"], stopping: stopping))
    XCTAssertNotEqual(
      a,
      SweepPlan.digest(algorithm: "p/gd@1.0.0", problem: "p/q@1.0.0", parameters: ["x=1", "y=3"], stopping: stopping))
    XCTAssertNotEqual(
      a,
      SweepPlan.digest(
        algorithm: "p/gd@1.0.0", problem: "p/q@1.0.0", parameters: ["x=1", "y=2"],
        stopping: StoppingCriteria(maxIters: 11)))
    // Pinned: a digest that changed would make every existing sweep folder look new.
    XCTAssertEqual(a, "ca94845d4122")  // FNV-1a 64 of the canonical text, computed independently
  }

  func testSlurmScriptAndTaskIndices() {
    let script = SlurmScript(
      name: "s", taskCount: 8, concurrency: 3, executable: "/opt/cat alogue", tasks: "/d/slurm/1/tasks.json",
      logs: "/d/slurm/1/logs", options: ["--partition=short"], environment: [("CATALOGUE_PLUGIN_PATH", "/p")])
    let lines = script.text.split(separator: "\n").map(String.init)
    XCTAssertTrue(lines.contains("#SBATCH --array=0-7%3"))
    XCTAssertTrue(lines.contains("#SBATCH --output=/d/slurm/1/logs/task-%a.out"))
    XCTAssertTrue(lines.contains("#SBATCH --partition=short"))
    XCTAssertTrue(lines.contains("export OPENBLAS_NUM_THREADS=1"))
    XCTAssertEqual(
      lines.last, "exec '/opt/cat alogue' sweep --task /d/slurm/1/tasks.json --index \"$SLURM_ARRAY_TASK_ID\"")
    XCTAssertEqual(SlurmClient.taskIndices("4"), [4])
    XCTAssertEqual(SlurmClient.taskIndices("[0-3%2]"), [0, 1, 2, 3])
    XCTAssertEqual(SlurmClient.taskIndices("[1,5-6]"), [1, 5, 6])
  }
}
