import Glibc

// Thin, inlinable wrappers so the generator does not need Foundation.
@inlinable func _log(_ x: Double) -> Double { log(x) }
@inlinable func _sin(_ x: Double) -> Double { sin(x) }
@inlinable func _cos(_ x: Double) -> Double { cos(x) }
@inlinable func _pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
