import CCatalogue
import CatalogueHost
import Glibc

/// The `validate` checks that must run plugin code, each executed in its own child process
/// (`catalogue __worker check CHECK FILE`) so that a crash fails the check instead of the validator.
public enum ValidationProbe {
  /// A check's verdict, as the child sends it.
  struct Verdict: Codable {
    var passed: Bool
    var detail: String
  }

  /// Runs one check on a file and returns the reply its child sends on descriptor 3.
  public static func reply(_ check: String, file: String) -> [UInt8] {
    (try? JSONCoding.encode(run(check, file: file))) ?? []
  }

  /// Runs one check on a file.
  static func run(_ check: String, file: String) -> Verdict {
    let (passed, detail): (Bool, String)
    switch check {
    case "load": (passed, detail) = load(file)
    case "abi": (passed, detail) = negotiation(file)
    default: (passed, detail) = (false, "unknown check '\(check)'")
    }
    return Verdict(passed: passed, detail: detail)
  }

  /// `dlopen(RTLD_NOW | RTLD_LOCAL)` succeeds: every symbol the library needs resolves now.
  private static func load(_ file: String) -> (Bool, String) {
    _ = dlerror()
    guard dlopen(file, RTLD_NOW | RTLD_LOCAL) != nil else {
      return (false, dlerror().map { String(cString: $0) } ?? "dlopen failed without a message")
    }
    return (true, "dlopen(RTLD_NOW | RTLD_LOCAL) resolved every symbol")
  }

  /// The entry point accepts this host, returns the same descriptor when called again, and declines a host of
  /// the next ABI major with a reason (as the header asks) instead of handing it a descriptor it cannot read.
  private static func negotiation(_ file: String) -> (Bool, String) {
    let major = CatalogueVersion.abiMajor
    let minor = CatalogueVersion.abiMinor
    let first: UnsafePointer<cat_plugin>
    switch PluginLoader.entryDescriptor(file, major: major, minor: minor) {
    case .success(let pointer): first = pointer
    case .failure(.notPlugin(let reason)), .failure(.failed(let reason)):
      return (false, "declined this host (ABI \(CatalogueVersion.abi)): \(reason)")
    }
    let raw = UnsafeRawPointer(first)
    guard raw.loadUnaligned(as: UInt32.self) >= 12 else { return (false, "the descriptor's struct_size is too small") }
    let pluginMajor = raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
    let pluginMinor = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
    if let problem = PluginLoader.abiProblem(major: pluginMajor, minor: pluginMinor) { return (false, problem) }
    guard case .success(let second) = PluginLoader.entryDescriptor(file, major: major, minor: minor), second == first
    else {
      return (false, "a second call of the entry point returned a different descriptor (it must return the same one)")
    }
    switch PluginLoader.entryDescriptor(file, major: major + 1, minor: 0) {
    case .success:
      return (
        false,
        "accepted a host speaking ABI \(major + 1).0; it must return NULL with a reason for a major it was not built "
          + "for (compare host_abi_major with CAT_ABI_MAJOR)"
      )
    case .failure(.failed(let reason)) where reason == "entry returned NULL without a reason":
      return (false, "declined a host speaking ABI \(major + 1).0 but gave no reason (call host->set_error first)")
    case .failure(.failed(let reason)), .failure(.notPlugin(let reason)):
      return (
        true,
        "built for ABI \(pluginMajor).\(pluginMinor); accepts ABI \(CatalogueVersion.abi), returns the same "
          + "descriptor twice, declines ABI \(major + 1).0 saying \"\(reason)\""
      )
    }
  }
}
