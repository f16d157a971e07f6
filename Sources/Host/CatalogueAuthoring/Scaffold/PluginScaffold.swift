import CCatalogueHeaderText
import CatalogueHost
import Glibc

/// `catalogue new-plugin NAME --lang swift|c`: writes an out-of-tree plugin that builds, validates and runs as it
/// stands, so an author starts from something that works and changes one piece at a time.
///
/// Both languages get one algorithm (gradient descent with a fixed step, named NAME) and one problem family
/// (a diagonal quadratic, NAME-quadratic) with parameters, a citation, a trace and results, and a README with the
/// exact commands. The Swift package depends on the catalogue package by path, so it needs a catalogue source tree;
/// the C plugin gets a copy of `catalogue.h` (the one embedded in this executable when it was built, or the given
/// tree's) and a Makefile, and needs nothing else, so it works from a binary installed or copied anywhere.
public struct PluginScaffold {
  /// The plugin's language.
  public enum Language: String, CaseIterable, Sendable {
    case swift
    case c
  }

  /// The name: lower-case `[a-z][a-z0-9-]*`; also the algorithm id.
  public var name: String
  /// The language.
  public var language: Language
  /// The catalogue source tree: required for Swift (the SDK package); for C the source of the header, nil for the
  /// header embedded in this executable.
  public var catalogueRoot: String?

  /// Checks the name and the catalogue tree (a Swift plugin needs one).
  public init(name: String, language: Language, catalogueRoot: String?) throws(CatalogueError) {
    guard let first = name.first, first.isASCII, first.isLowercase, name.count <= 40,
      name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }), !name.hasSuffix("-")
    else {
      throw .usage(
        "plugin name '\(EchoedText.show(name))' must start with a lower-case letter and contain only a-z, 0-9 "
          + "and '-' (at most 40)")
    }
    if let catalogueRoot, FileSystem.kind(of: FileSystem.join(catalogueRoot, Self.headerPath)) != .file {
      throw .usage("\(catalogueRoot) is not a catalogue source tree (no \(Self.headerPath)); pass --catalogue PATH")
    }
    if language == .swift && catalogueRoot == nil {
      throw .usage(
        "a Swift plugin depends on the catalogue package (its SDK) by path, and no catalogue source tree was found "
          + "above this executable: pass --catalogue PATH to a clone of the catalogue repository, or use --lang c, "
          + "which needs only the header")
    }
    self.name = name
    self.language = language
    self.catalogueRoot = catalogueRoot
  }

  /// Where the header lives in the catalogue tree.
  static let headerPath = "Sources/Registry/CCatalogue/include/catalogue.h"

  /// `catalogue.h` as this executable was built with it (embedded by `#embed`, Sources/Host/CCatalogueHeaderText).
  public static var embeddedHeader: String {
    String(
      decoding: UnsafeBufferPointer(start: catalogue_header_text(), count: catalogue_header_text_length()),
      as: UTF8.self)
  }

  /// The catalogue source tree that holds an executable built in it (`<root>/.build/debug/catalogue`): the
  /// nearest folder above it with `Package.swift` and the header, or nil.
  public static func findCatalogueRoot(from executable: String?) -> String? {
    guard var folder = executable.map(FileSystem.directory(of:)) else { return nil }
    while folder != "/" && folder != "." {
      if FileSystem.kind(of: FileSystem.join(folder, "Package.swift")) == .file,
        FileSystem.kind(of: FileSystem.join(folder, headerPath)) == .file
      {
        return folder
      }
      folder = FileSystem.directory(of: folder)
    }
    return nil
  }

  /// The Swift module (and library) name: the name in UpperCamelCase ("my-method" → "MyMethod").
  var moduleName: String {
    name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
  }

  /// The name as a C identifier ("my-method" → "my_method").
  var cName: String { name.replacing("-", with: "_") }

  /// The files to write, by path relative to the plugin folder.
  func files() throws(CatalogueError) -> [(path: String, contents: String)] {
    switch language {
    case .swift:
      return SwiftPluginTemplate(name: name, module: moduleName, catalogueRoot: catalogueRoot ?? "").files
    case .c:
      let header =
        try catalogueRoot.map { (root: String) throws(CatalogueError) in
          try FileSystem.readText(FileSystem.join(root, Self.headerPath))
        } ?? Self.embeddedHeader
      return CPluginTemplate(name: name, identifier: cName).files + [("include/catalogue.h", header)]
    }
  }

  /// Writes the plugin into `folder` (created; it must not exist or be empty) and returns the paths written.
  public func write(into folder: String) throws(CatalogueError) -> [String] {
    switch FileSystem.kind(of: folder) {
    case .file: throw .usage("\(folder) is a file; choose a folder that does not exist yet")
    case .directory:
      if !(try FileSystem.contents(of: folder)).isEmpty {
        throw .usage("\(folder) already exists and is not empty; choose another --dir or name")
      }
    case .missing: break
    }
    var written: [String] = []
    for (path, contents) in try files() {
      let target = FileSystem.join(folder, path)
      try FileSystem.makeDirectories(FileSystem.directory(of: target))
      try FileSystem.writeAtomically(Array(contents.utf8), to: target)
      written.append(target)
    }
    return written
  }

  /// The commands that build, validate and run the new plugin, for the command's closing message.
  public func instructions(folder: String, catalogue: String) -> String {
    switch language {
    case .swift:
      return """
        cd \(folder)
        swift build
        \(catalogue) validate .build/debug/lib\(moduleName).so
        CATALOGUE_PLUGIN_PATH=$PWD/.build/debug \(catalogue) run \(name)

        """
    case .c:
      return """
        cd \(folder)
        make
        \(catalogue) validate build/lib\(name).so
        CATALOGUE_PLUGIN_PATH=$PWD/build \(catalogue) run \(name)

        """
    }
  }
}
