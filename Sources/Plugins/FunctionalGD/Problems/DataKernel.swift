import CatalogueSDK
import LinearAlgebra
import LinearAttention

/// The kernel K(u, v) = κ(α·⟨u, v⟩) of the Gaussian process that generates a prompt's labels (functional-gd.md §3).
///
/// The ReLU kernel's Gram matrices are not positive semidefinite, so its prompts are drawn from K₊, the Gram matrix
/// with its eigenvalues replaced by their absolute values (§3, §6); linear and exp Gram matrices are PSD and used as
/// they are. The same ``jointCovariance(_:scale:jitter:)`` serves the sampler and the Bayes predictor, so the
/// predictor conditions on exactly the covariance that generated y.
public enum DataKernel: String, Sendable, CaseIterable {
  /// K(u, v) = ⟨u, v⟩.
  case linear
  /// K(u, v) = max(⟨u, v⟩, 0), used through K₊.
  case relu
  /// K(u, v) = exp(α·⟨u, v⟩).
  case exp

  /// The matching attention non-linearity.
  public var attention: AttentionNonlinearity {
    switch self {
    case .linear: .linear
    case .relu: .relu
    case .exp: .exp
    }
  }

  /// The code a problem publishes in its `data_kernel` reference (0, 1, 2).
  public var code: Double { Double(Self.allCases.firstIndex(of: self)!) }

  /// The kernel with reference code `code`.
  public init?(code: Double) {
    guard let index = Int(exactly: code), Self.allCases.indices.contains(index) else { return nil }
    self = Self.allCases[index]
  }

  /// The Gram matrix G_{ij} = h(α·⟨pᵢ, pⱼ⟩) of the columns of `points` (d × m) under the pointwise `h`.
  public static func gram(_ points: Matrix, _ h: AttentionNonlinearity, scale: Double) -> Matrix {
    let inner = Matrix.product(points, points, transposeA: true, alpha: scale)
    return Matrix(rows: inner.rows, cols: inner.cols) { i, j in h(inner[min(i, j), max(i, j)]) }
  }

  /// The covariance of the labels of the columns of `points`: K(X) (K₊(X) for relu) + jitter·I.
  public func jointCovariance(_ points: Matrix, scale: Double, jitter: Double) throws -> Matrix {
    var k = Self.gram(points, attention, scale: scale)
    if self == .relu {
      k = try SymmetricEigen(k).reconstructed { abs($0) }
    }
    for i in 0..<k.rows { k[i, i] += jitter }
    return k
  }
}
