import CCatalogue

/// Versions the host reports in `result.json`, `list --json` and to plugins through `cat_host_api`.
public enum CatalogueVersion {
  /// The host's semantic version.
  public static let host = "0.1.0"
  /// The registry ABI major version the host speaks (from `catalogue.h`).
  public static let abiMajor = UInt32(CAT_ABI_MAJOR)
  /// The registry ABI minor version the host speaks (from `catalogue.h`).
  public static let abiMinor = UInt32(CAT_ABI_MINOR)
  /// "MAJOR.MINOR" of the ABI, as messages print it.
  public static var abi: String { "\(abiMajor).\(abiMinor)" }
  /// Version of the `result.json` layout, bumped when a field changes meaning.
  public static let resultFormat = 1
}
