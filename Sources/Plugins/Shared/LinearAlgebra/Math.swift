import Glibc

// Thin wrappers over libm so the module needs no Foundation and names do not clash with methods (e.g. `exp`).
@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
@inline(__always) func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func _log2(_ x: Double) -> Double { log2(x) }
