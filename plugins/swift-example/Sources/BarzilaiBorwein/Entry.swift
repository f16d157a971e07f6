import CCatalogue
import CatalogueSDK

/// The plugin: one algorithm and one problem family, declared as plain Swift values.
let barzilaiBorwein = Plugin(
  id: "org.example.barzilai-borwein",
  name: "Barzilai–Borwein",
  version: "1.0.0",
  summary: "Two-point step size gradient method, with the Trid test function",
  license: "Apache-2.0",
  citation: BarzilaiBorwein.citation,
  algorithms: [BarzilaiBorwein.algorithm],
  problems: [Trid.family]
)

/// Built once, on the first call of the entry point, and kept for the life of the process.
private let descriptor = barzilaiBorwein.descriptor()

/// The plugin's one exported symbol; the compiler checks this signature against `catalogue.h`, and
/// `Plugin.entry` declines a host whose ABI major differs (with a reason the host prints).
@c @implementation
public func catalogue_plugin_entry(
  _ hostAbiMajor: UInt32, _ hostAbiMinor: UInt32, _ host: UnsafePointer<cat_host_api>?
) -> UnsafePointer<cat_plugin>? {
  Plugin.entry(hostAbiMajor, hostAbiMinor, host, descriptor)
}
