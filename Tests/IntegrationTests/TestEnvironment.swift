import CatalogueHost
import Foundation
import XCTest

/// Paths and helpers shared by the integration tests: the repository, the built products, the C fixtures compiled
/// once per test process, and a runner for the `catalogue` executable.
enum TestEnvironment {
  /// The repository root (this file is Tests/IntegrationTests/TestEnvironment.swift).
  static let repository: String = {
    var path = #filePath
    for _ in 0..<3 { path = FileSystem.directory(of: path) }
    return path
  }()

  /// The folder SwiftPM builds products into: the folder of the test bundle (.build/<config>/).
  static let binFolder: String = {
    if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
      return FileSystem.directory(of: bundle.bundlePath)
    }
    return ProcessEnvironment.executableDirectory() ?? "."
  }()

  /// The built `catalogue` executable.
  static var catalogue: String { FileSystem.join(binFolder, "catalogue") }

  /// The C fixtures, compiled into a fresh temporary folder once per process.
  static let fixtures: Result<Fixtures, FixtureError> = {
    do throws(FixtureError) {
      return .success(try Fixtures.build())
    } catch {
      return .failure(error)
    }
  }()

  /// A fresh temporary folder removed when the test ends.
  static func temporaryFolder(_ test: XCTestCase, _ name: String = "work") -> String {
    let path = FileSystem.join(NSTemporaryDirectory(), "catalogue-\(name)-\(UUID().uuidString)")
    try? FileSystem.makeDirectories(path)
    test.addTeardownBlock {
      FileSystem.removeTree(path)
      FileSystem.removeTree(cacheFolder(for: path))
    }
    return path
  }

  /// The registry cache used by runs in a working folder: next to it rather than in it, so tests can check that a
  /// failed command leaves the folder empty.
  static func cacheFolder(for directory: String) -> String { directory + ".cache" }

  /// What a `catalogue` invocation printed and returned.
  struct Output {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The stderr lines that start with `error: `.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init).filter { $0.hasPrefix("error: ") } }
  }

  /// Runs the built `catalogue` with arguments in a working directory, with an environment that cannot pick up
  /// plugins from the user's folders and a registry cache of its own (in the working directory).
  static func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:]) throws
    -> Output
  {
    guard FileSystem.kind(of: catalogue) == .file else {
      throw XCTSkip("\(catalogue) is not built: run 'swift build' before 'swift test'")
    }
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_DATA_HOME"] = FileSystem.join(directory, ".xdg")
    environment["XDG_CACHE_HOME"] = cacheFolder(for: directory)
    environment.removeValue(forKey: "CATALOGUE_PLUGIN_PATH")
    for (key, value) in extra { environment[key] = value }
    return try execute(catalogue, arguments, in: directory, environment: environment)
  }

  /// The first executable of that name on PATH.
  static func program(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = FileSystem.join(String(folder), name)
      if access(candidate, X_OK) == 0 { return candidate }
    }
    return nil
  }

  /// Runs any program (a compiler, make, swift) and captures its output.
  static func execute(
    _ program: String, _ arguments: [String], in directory: String,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> Output {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    process.environment = environment
    // Output goes to files, so neither stream can fill a pipe and block the child.
    let capture = FileSystem.join(NSTemporaryDirectory(), "catalogue-output-\(UUID().uuidString)")
    FileManager.default.createFile(atPath: capture + ".out", contents: nil)
    FileManager.default.createFile(atPath: capture + ".err", contents: nil)
    defer {
      unlink(capture + ".out")
      unlink(capture + ".err")
    }
    process.standardOutput = FileHandle(forWritingAtPath: capture + ".out")
    process.standardError = FileHandle(forWritingAtPath: capture + ".err")
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    let stdoutData = FileManager.default.contents(atPath: capture + ".out") ?? Data()
    let stderrData = FileManager.default.contents(atPath: capture + ".err") ?? Data()
    return Output(
      status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
      stderr: String(decoding: stderrData, as: UTF8.self))
  }
}

/// Why the fixtures could not be built (no C compiler, a compile error).
struct FixtureError: Error, CustomStringConvertible {
  var description: String
}

/// The compiled fixture plugins: a good C plugin in two versions and one file per failure mode.
struct Fixtures {
  /// Folder with the good plugin (version 1.0.0) only.
  var good: String
  /// Folder with version 1.2.0 of the same plugin id.
  var newer: String
  /// Folder with every bad plugin.
  var bad: String
  /// Folder with a plugin that crashes in its entry point and one that hangs there.
  var hostile: String
  /// Folder with the plugin whose algorithms crash, trap, abort, hang, exit and print.
  var crash: String
  /// Folder with the plugin that counts its loads in $CATALOGUE_TEST_MARKER and prints while loading.
  var marker: String
  /// Folder with the plugin whose algorithms fork a lingering child during the run.
  var forkRun: String
  /// Folder with the same plugin built to fork a lingering child in its entry point as well.
  var forkEntry: String
  /// Folder with the plugin that prints instead of logging (and, with CATALOGUE_TEST_NOISE, while it loads).
  var noisy: String
  /// Folder with the same plugin built with "chatter-hang" as well, which prints 1500 lines and then hangs.
  var chatter: String

  static func build() throws(FixtureError) -> Fixtures {
    let root = FileSystem.join(NSTemporaryDirectory(), "catalogue-fixtures-\(getpid())")
    FileSystem.removeTree(root)
    atexit { FileSystem.removeTree(FileSystem.join(NSTemporaryDirectory(), "catalogue-fixtures-\(getpid())")) }
    let good = FileSystem.join(root, "good")
    let newer = FileSystem.join(root, "newer")
    let bad = FileSystem.join(root, "bad")
    let hostile = FileSystem.join(root, "hostile")
    let crash = FileSystem.join(root, "crash")
    let marker = FileSystem.join(root, "marker")
    let forkRun = FileSystem.join(root, "fork-run")
    let forkEntry = FileSystem.join(root, "fork-entry")
    let noisy = FileSystem.join(root, "noisy")
    let chatter = FileSystem.join(root, "chatter")
    do {
      for folder in [good, newer, bad, hostile, crash, marker, forkRun, forkEntry, noisy, chatter] {
        try FileSystem.makeDirectories(folder)
      }
    } catch {
      throw FixtureError(description: error.message)
    }
    let sources = FileSystem.join(TestEnvironment.repository, "Tests/IntegrationTests/Fixtures")
    try compile(FileSystem.join(sources, "good_plugin.c"), to: FileSystem.join(good, "libcgood.so"))
    try compile(
      FileSystem.join(sources, "good_plugin.c"), to: FileSystem.join(newer, "libcgood-1.2.so"),
      flags: ["-DPLUGIN_VERSION=\"1.2.0\""])
    for name in ["no_entry", "wrong_major", "newer_minor", "null_entry"] {
      try compile(FileSystem.join(sources, "\(name).c"), to: FileSystem.join(bad, "lib\(name).so"))
    }
    for name in ["crash_entry", "hang_entry"] {
      try compile(FileSystem.join(sources, "\(name).c"), to: FileSystem.join(hostile, "lib\(name).so"))
    }
    try compile(FileSystem.join(sources, "crash_plugin.c"), to: FileSystem.join(crash, "libcrash.so"))
    try compile(FileSystem.join(sources, "marker_plugin.c"), to: FileSystem.join(marker, "libmarker.so"))
    try compile(FileSystem.join(sources, "fork_plugin.c"), to: FileSystem.join(forkRun, "libfork.so"))
    try compile(
      FileSystem.join(sources, "fork_plugin.c"), to: FileSystem.join(forkEntry, "libforkentry.so"),
      flags: ["-DFORK_IN_ENTRY"])
    try compile(FileSystem.join(sources, "noisy_plugin.c"), to: FileSystem.join(noisy, "libnoisy.so"))
    try compile(
      FileSystem.join(sources, "noisy_plugin.c"), to: FileSystem.join(chatter, "libchatter.so"), flags: ["-DCHATTER"])
    do {
      try FileSystem.writeAtomically(Array("this is a text file\n".utf8), to: FileSystem.join(bad, "text.so"))
      _ = try FileSystem.makeDirectory(FileSystem.join(bad, "folder.so"))
    } catch {
      throw FixtureError(description: error.message)
    }
    return Fixtures(
      good: good, newer: newer, bad: bad, hostile: hostile, crash: crash, marker: marker, forkRun: forkRun,
      forkEntry: forkEntry, noisy: noisy, chatter: chatter)
  }

  /// The first of cc, clang and gcc found on PATH.
  static let cCompiler: String? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for name in ["cc", "clang", "gcc"] {
      for folder in path.split(separator: ":") {
        let candidate = FileSystem.join(String(folder), name)
        if access(candidate, X_OK) == 0 { return candidate }
      }
    }
    return nil
  }()

  /// `cc -shared -fPIC -I<header folder>`, as a third party would build a C plugin.
  static func compile(_ source: String, to output: String, flags: [String] = []) throws(FixtureError) {
    let include = FileSystem.join(TestEnvironment.repository, "Sources/Registry/CCatalogue/include")
    let process = Process()
    guard let compiler = cCompiler else { throw FixtureError(description: "no C compiler (cc, clang or gcc) on PATH") }
    process.executableURL = URL(fileURLWithPath: compiler)
    process.arguments =
      ["-shared", "-fPIC", "-std=c11", "-Wall", "-Werror", "-I\(include)"] + flags
      + ["-o", output, source, "-lm"]
    let err = Pipe()
    process.standardError = err
    do {
      try process.run()
    } catch {
      throw FixtureError(description: "cannot run cc: \(error)")
    }
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw FixtureError(description: "cc failed on \(source): \(message)")
    }
  }
}

extension XCTestCase {
  /// The fixtures, or a failure that says why they could not be built.
  func fixtures() throws -> Fixtures {
    switch TestEnvironment.fixtures {
    case .success(let fixtures): return fixtures
    case .failure(let error):
      XCTFail("cannot build the C fixtures: \(error)")
      throw error
    }
  }
}
