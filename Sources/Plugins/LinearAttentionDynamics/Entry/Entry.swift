import CCatalogue
import CatalogueSDK
import LinearAttentionDynamics

/// Built once, on the first call of the entry point, and kept for the life of the process.
private let descriptor = linearAttentionDynamics.descriptor()

/// The plugin's one exported symbol; the compiler checks this signature against `catalogue.h`.
@c @implementation
public func catalogue_plugin_entry(
  _ hostAbiMajor: UInt32, _ hostAbiMinor: UInt32, _ host: UnsafePointer<cat_host_api>?
) -> UnsafePointer<cat_plugin>? {
  Plugin.entry(hostAbiMajor, hostAbiMinor, host, descriptor)
}
