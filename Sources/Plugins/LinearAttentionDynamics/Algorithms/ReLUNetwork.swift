import LinearAlgebra
import LinearAttention
import SeededRandom

/// A one-hidden-layer ReLU network x ↦ W₂·ReLU(W₁x + b₁) + b₂ applied to many inputs at once (the columns of a
/// matrix), with its exact backward pass: both the fixed random feature map of the non-linear data and the learned
/// feature map of `lt-train-mlp` (linear-attention-dynamics.md §3.2, `nonlinear_regression.ipynb`).
struct ReLUNetwork: Sendable, Equatable {
  /// W₁ (hidden × inputs).
  var w1: Matrix
  /// b₁.
  var b1: [Double]
  /// W₂ (outputs × hidden).
  var w2: Matrix
  /// b₂.
  var b2: [Double]

  /// The tensor names, in ``tensors`` order.
  static let names = ["mlp.w1", "mlp.b1", "mlp.w2", "mlp.b2"]

  /// PyTorch's default `nn.Linear` initialisation: weights and biases Uniform(−1/√fan_in, 1/√fan_in), drawn in the
  /// order W₁, b₁, W₂, b₂ (each column-major).
  init(inputs: Int, hidden: Int, outputs: Int, rng: inout CatalogueRandom) {
    func uniform(_ count: Int, fanIn: Int) -> [Double] {
      let bound = 1 / Double(fanIn).squareRoot()
      return (0..<count).map { _ in bound * (2 * rng.uniform() - 1) }
    }
    w1 = Matrix(rows: hidden, cols: inputs, elements: uniform(hidden * inputs, fanIn: inputs))
    b1 = uniform(hidden, fanIn: inputs)
    w2 = Matrix(rows: outputs, cols: hidden, elements: uniform(outputs * hidden, fanIn: hidden))
    b2 = uniform(outputs, fanIn: hidden)
  }

  /// The network stored in four tensors named ``names``.
  init(_ tensors: ArraySlice<ParameterTensor>) {
    let t = Array(tensors)
    w1 = Matrix(rows: t[0].rows, cols: t[0].cols, elements: t[0].values)
    b1 = t[1].values
    w2 = Matrix(rows: t[2].rows, cols: t[2].cols, elements: t[2].values)
    b2 = t[3].values
  }

  /// The values as (name, rows, cols, values), W₁, b₁, W₂, b₂.
  var tensors: [ParameterTensor] {
    [
      ParameterTensor(name: Self.names[0], rows: w1.rows, cols: w1.cols, values: w1.elements),
      ParameterTensor(name: Self.names[1], rows: b1.count, cols: 1, values: b1),
      ParameterTensor(name: Self.names[2], rows: w2.rows, cols: w2.cols, values: w2.elements),
      ParameterTensor(name: Self.names[3], rows: b2.count, cols: 1, values: b2),
    ]
  }

  /// The intermediates of a forward pass over the columns of x.
  struct Pass {
    /// W₁x + b₁.
    var preActivation: Matrix
    /// ReLU(W₁x + b₁).
    var hidden: Matrix
    /// The outputs.
    var output: Matrix
  }

  /// Applies the network to every column of `x` (one `dgemm` per layer).
  func forward(_ x: Matrix) -> Pass {
    var pre = Matrix(rows: w1.rows, cols: x.cols)
    pre.withUnsafeMutableBufferPointer { p in
      for j in 0..<x.cols {
        for i in 0..<w1.rows { p[i + j * w1.rows] = b1[i] }
      }
    }
    pre.addProduct(w1, x)
    let hidden = pre.map { max($0, 0) }
    var out = Matrix(rows: w2.rows, cols: x.cols)
    out.withUnsafeMutableBufferPointer { o in
      for j in 0..<x.cols {
        for i in 0..<w2.rows { o[i + j * w2.rows] = b2[i] }
      }
    }
    out.addProduct(w2, hidden)
    return Pass(preActivation: pre, hidden: hidden, output: out)
  }

  /// The gradients (W₁, b₁, W₂, b₂) given ∂loss/∂output for the columns of `x` and their forward `pass`:
  /// ∂W₂ = G·Hᵀ, ∂b₂ = G·1, ∂A = (W₂ᵀG) ⊙ 1[A > 0], ∂W₁ = ∂A·xᵀ, ∂b₁ = ∂A·1.
  func gradients(_ x: Matrix, _ pass: Pass, outputGradient g: Matrix) -> ReLUNetwork {
    var result = self
    result.w2 = Matrix.product(g, pass.hidden, transposeB: true)
    result.b2 = rowSums(g)
    var da = Matrix.product(w2, g, transposeA: true)
    pass.preActivation.withUnsafeBufferPointer { a in
      da.withUnsafeMutableBufferPointer { d in
        for i in 0..<d.count where a[i] <= 0 { d[i] = 0 }
      }
    }
    result.w1 = Matrix.product(da, x, transposeB: true)
    result.b1 = rowSums(da)
    return result
  }

  private func rowSums(_ m: Matrix) -> [Double] {
    var sums = [Double](repeating: 0, count: m.rows)
    m.withUnsafeBufferPointer { e in
      for j in 0..<m.cols {
        for i in 0..<m.rows { sums[i] += e[i + j * m.rows] }
      }
    }
    return sums
  }
}
