import CatalogueSDK
import LinearAlgebra

/// Runs dense linear algebra and reports a LAPACK failure as the ABI's `.numerical` status with context, so a
/// breakdown inside a problem oracle or a hypergradient solve reaches the user as one readable line instead of the
/// SDK's generic `.internal`.
func numerical<T>(_ context: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as LinearAlgebraError {
    throw PluginError(.numerical, "\(context()): \(error)")
  }
}
