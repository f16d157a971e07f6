/// An error the host reports to the user: one line that names the input and the fix, and the exit code it maps to.
///
/// The command-line front end prints `error: <message>` and exits with `exitCode`, so every failure mode of the
/// library is classified where it is detected rather than guessed at later.
public struct CatalogueError: Error, Equatable, CustomStringConvertible {
  /// How the failure is classified; each class has one documented exit code.
  public enum Kind: Sendable, Equatable {
    /// The command line or a parameter is wrong (exit code 2).
    case usage
    /// The run started but failed, or the environment refused (a file could not be written) (exit code 1).
    case runFailed
    /// A plugin could not be loaded (exit code 3).
    case pluginLoad
  }

  /// The class of the failure.
  public var kind: Kind
  /// One line, without the `error: ` prefix.
  public var message: String

  /// Creates an error of a given class.
  public init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  /// A usage error (exit code 2).
  public static func usage(_ message: String) -> CatalogueError { CatalogueError(.usage, message) }
  /// A failed run or an environment failure (exit code 1).
  public static func runFailed(_ message: String) -> CatalogueError { CatalogueError(.runFailed, message) }
  /// A plugin load failure (exit code 3).
  public static func pluginLoad(_ message: String) -> CatalogueError { CatalogueError(.pluginLoad, message) }

  /// The process exit code documented for this class: 1 run failed, 2 usage error, 3 plugin failed to load.
  public var exitCode: Int32 {
    switch kind {
    case .runFailed: return 1
    case .usage: return 2
    case .pluginLoad: return 3
    }
  }

  public var description: String { message }
}
