import CCatalogue
import Glibc

/// An objective problem instance whose f (and optionally ∇f) is a foreign C or Fortran function: the
/// `cat_problem` the host hands an algorithm for `run --objective`.
///
/// Without a gradient symbol the gradient is computed by central differences,
/// gᵢ = (f(x + hᵢeᵢ) − f(x − hᵢeᵢ)) / 2hᵢ with hᵢ = ε^{1/3} max(1, |xᵢ|) (ε the double precision unit
/// roundoff), whose truncation and rounding errors balance at O(ε^{2/3}); that costs 2n evaluations of f per
/// gradient, which the host's oracle counters do not see (they count one gradient). With a gradient symbol,
/// Hessian-vector products are offered as central differences of the gradient,
/// Hv ≈ (∇f(x + tv) − ∇f(x − tv)) / 2t with t = ε^{1/3} max(1, ‖x‖) / ‖v‖, so second-order methods (CG) run too.
/// A non-finite value or gradient is an error (`CAT_ERR_NUMERICAL`) that names the function. The point is copied
/// before every call, since a Fortran routine receives it by reference and may write to it.
final class ForeignObjective {
  let specification: ForeignObjectiveSpecification
  private let objective: ForeignFunction
  private let gradientFunction: ForeignFunction?
  private let dimension: Int
  private var scratch: [Double]
  private var scratchGradient: [Double]
  /// The copy of the point a foreign function receives.
  private var input: [Double]
  private var oracles = cat_objective_oracles()
  private var problem = cat_problem()
  private var allocations: [UnsafeMutableRawPointer] = []

  /// The cube root of the double precision unit roundoff: the central-difference step scale.
  static let step = cbrt(Double.ulpOfOne)

  /// Opens the library (in the process that runs the algorithm), resolves the symbols and checks f at x0.
  init(_ specification: ForeignObjectiveSpecification) throws(CatalogueError) {
    self.specification = specification
    dimension = specification.dimension
    _ = dlerror()
    guard let handle = dlopen(specification.library, RTLD_NOW | RTLD_LOCAL) else {
      throw .usage(
        "--objective \(specification.library): " + (dlerror().map { String(cString: $0) } ?? "dlopen failed"))
    }
    objective = try ForeignFunction(
      handle: handle, library: specification.library, symbol: specification.symbol,
      signature: try specification.signature)
    if let symbol = specification.gradientSymbol, let signature = try specification.gradientSignature {
      gradientFunction = try ForeignFunction(
        handle: handle, library: specification.library, symbol: symbol, signature: signature)
    } else {
      gradientFunction = nil
    }
    scratch = Array(repeating: 0, count: dimension)
    scratchGradient = Array(repeating: 0, count: dimension)
    input = Array(repeating: 0, count: dimension)
    let start = specification.start
    let value = start.withUnsafeBufferPointer { evaluate($0.baseAddress!) }
    guard value.isFinite else {
      throw .runFailed(
        "objective \(specification.name) returned \(NumberFormat.shortest(value)) at the start point; check --x0, "
          + "--dim and --signature \(try specification.signature)")
    }
    oracles.struct_size = UInt32(MemoryLayout<cat_objective_oracles>.size)
    oracles.dim = UInt64(dimension)
    oracles.initial_point = { ctx, x in
      let me = ForeignObjective.from(ctx)
      for index in 0..<me.dimension { x![index] = me.specification.start[index] }
      return cat_status(CAT_OK)
    }
    oracles.value = { ctx, x, samples, _, f in
      let me = ForeignObjective.from(ctx)
      guard samples == nil else { return me.noSamples() }
      let value = me.evaluate(x!)
      guard value.isFinite else { return me.nonFinite("value", value) }
      f?.pointee = value
      return cat_status(CAT_OK)
    }
    oracles.gradient = { ctx, x, samples, _, f, grad in
      let me = ForeignObjective.from(ctx)
      guard samples == nil else { return me.noSamples() }
      return me.gradient(x!, value: f, into: grad!)
    }
    if gradientFunction != nil {
      oracles.hessian_vector = { ctx, x, v, out in ForeignObjective.from(ctx).hessianVector(x!, v!, into: out!) }
    }
    problem.struct_size = UInt32(MemoryLayout<cat_problem>.size)
    problem.kind = cat_problem_kind(CAT_KIND_OBJECTIVE)
    problem.ctx = Unmanaged.passUnretained(self).toOpaque()
    problem.destroy = { ctx in Unmanaged<ForeignObjective>.fromOpaque(ctx!).release() }
  }

  deinit {
    for pointer in allocations { pointer.deallocate() }
  }

  /// The instance handed to the host, which owns this object until it calls `destroy` (the instance's `ctx` is
  /// this object, retained once).
  func retainedProblem() -> UnsafePointer<cat_problem> {
    let table = UnsafeMutablePointer<cat_objective_oracles>.allocate(capacity: 1)
    table.initialize(to: oracles)
    problem.objective = UnsafePointer(table)
    let instance = UnsafeMutablePointer<cat_problem>.allocate(capacity: 1)
    instance.initialize(to: problem)
    allocations += [UnsafeMutableRawPointer(table), UnsafeMutableRawPointer(instance)]
    _ = Unmanaged.passRetained(self)
    return UnsafePointer(instance)
  }

  private static func from(_ ctx: UnsafeMutableRawPointer?) -> ForeignObjective {
    Unmanaged<ForeignObjective>.fromOpaque(ctx!).takeUnretainedValue()
  }

  /// f(x) through the foreign function.
  private func evaluate(_ x: UnsafePointer<Double>) -> Double {
    var out = 0.0
    let returned = call(objective, x, output: &out)
    return objective.signature.result == .double ? returned : out
  }

  /// Calls a foreign function on a private copy of x.
  private func call(_ function: ForeignFunction, _ x: UnsafePointer<Double>, output: UnsafeMutablePointer<Double>?)
    -> Double
  {
    for index in 0..<dimension { input[index] = x[index] }
    return input.withUnsafeBufferPointer { function.call(x: $0.baseAddress!, output: output, n: dimension) }
  }

  private func noSamples() -> cat_status {
    ErrorSlot.set("objective \(specification.name) is not a finite sum: it takes no sample set")
    return cat_status(CAT_ERR_UNSUPPORTED)
  }

  private func nonFinite(_ what: String, _ value: Double) -> cat_status {
    ErrorSlot.set(
      "objective \(specification.name): the \(what) is \(NumberFormat.shortest(value)) at the current point")
    return cat_status(CAT_ERR_NUMERICAL)
  }

  /// ∇f(x) (and f(x) if asked) by the gradient function or by central differences.
  private func gradient(
    _ x: UnsafePointer<Double>, value: UnsafeMutablePointer<Double>?, into grad: UnsafeMutablePointer<Double>
  )
    -> cat_status
  {
    if let value {
      value.pointee = evaluate(x)
      guard value.pointee.isFinite else { return nonFinite("value", value.pointee) }
    }
    if let gradientFunction {
      _ = call(gradientFunction, x, output: grad)
    } else {
      for index in 0..<dimension { scratch[index] = x[index] }
      for index in 0..<dimension {
        let original = x[index]
        let raised = original + Self.step * max(1, abs(original))
        let h = raised - original  // exactly representable step
        scratch[index] = raised
        let up = scratch.withUnsafeBufferPointer { evaluate($0.baseAddress!) }
        scratch[index] = original - h
        let down = scratch.withUnsafeBufferPointer { evaluate($0.baseAddress!) }
        scratch[index] = original
        grad[index] = (up - down) / (2 * h)
      }
    }
    for index in 0..<dimension where !grad[index].isFinite { return nonFinite("gradient", grad[index]) }
    return cat_status(CAT_OK)
  }

  /// H(x)v by central differences of the gradient function.
  private func hessianVector(
    _ x: UnsafePointer<Double>, _ v: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>
  ) -> cat_status {
    guard let gradientFunction else { return cat_status(CAT_ERR_UNSUPPORTED) }
    var xNorm = 0.0
    var vNorm = 0.0
    for index in 0..<dimension {
      xNorm += x[index] * x[index]
      vNorm += v[index] * v[index]
    }
    xNorm = xNorm.squareRoot()
    vNorm = vNorm.squareRoot()
    guard vNorm > 0 else {
      for index in 0..<dimension { out[index] = 0 }
      return cat_status(CAT_OK)
    }
    let t = Self.step * max(1, xNorm) / vNorm
    for index in 0..<dimension { input[index] = x[index] + t * v[index] }
    input.withUnsafeBufferPointer { point in
      _ = gradientFunction.call(x: point.baseAddress!, output: out, n: dimension)
    }
    for index in 0..<dimension { input[index] = x[index] - t * v[index] }
    scratchGradient.withUnsafeMutableBufferPointer { minus in
      input.withUnsafeBufferPointer { point in
        _ = gradientFunction.call(x: point.baseAddress!, output: minus.baseAddress!, n: dimension)
      }
      for index in 0..<dimension { out[index] = (out[index] - minus[index]) / (2 * t) }
    }
    for index in 0..<dimension where !out[index].isFinite { return nonFinite("Hessian-vector product", out[index]) }
    return cat_status(CAT_OK)
  }
}
