/// The catalogue's random number generator: xoshiro256** with splitmix64 seeding and Box–Muller normals.
///
/// Every plugin and the host use exactly this generator (it is specified in `catalogue.h`), so a seed gives the
/// same numbers in every plugin, in every language, on every machine. It is a value type: copying it forks an
/// identical stream, which is how an algorithm replays a draw deterministically.
public struct CatalogueRandom: RandomNumberGenerator, Sendable, Equatable {
  /// The four xoshiro256** state words.
  public var state: (UInt64, UInt64, UInt64, UInt64)
  /// The second value of the last Box–Muller pair, if not yet used.
  public var cachedNormal: Double?

  /// The multiplier that separates streams of one seed (the 64-bit golden ratio, as in splitmix64).
  public static let streamMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

  /// Stream of a run's problem instance, so every algorithm compared on one seed sees the same instance.
  public static let problemStream: UInt64 = 1
  /// Stream of a run's algorithm.
  public static let algorithmStream: UInt64 = 2

  /// Seeds the generator from a seed and a stream number, as `catalogue.h` specifies.
  public init(seed: UInt64, stream: UInt64 = 0) {
    var x = seed ^ (stream &* Self.streamMultiplier)
    state = (Self.splitmix64(&x), Self.splitmix64(&x), Self.splitmix64(&x), Self.splitmix64(&x))
    cachedNormal = nil
  }

  /// Restores a generator from its raw state (for example from a `cat_rng` handed over by the host).
  public init(state: (UInt64, UInt64, UInt64, UInt64), cachedNormal: Double?) {
    self.state = state
    self.cachedNormal = cachedNormal
  }

  /// One step of splitmix64 (Steele, Lea & Flood 2014), used only to expand a seed into a state.
  @inlinable
  public static func splitmix64(_ x: inout UInt64) -> UInt64 {
    x &+= 0x9E37_79B9_7F4A_7C15
    var z = x
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The next 64 random bits (xoshiro256**).
  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotl(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotl(state.3, 45)
    return result
  }

  @inlinable
  func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform double in [0, 1) with 53 random bits.
  @inlinable
  public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal draw (Box–Muller; the pair's second value is cached for the next call).
  @inlinable
  public mutating func normal() -> Double {
    if let cached = cachedNormal {
      cachedNormal = nil
      return cached
    }
    let u1 = 1.0 - uniform()  // in (0, 1], so the logarithm is finite
    let u2 = uniform()
    let r = (-2.0 * _log(u1)).squareRoot()
    let theta = 2.0 * Double.pi * u2
    cachedNormal = r * _sin(theta)
    return r * _cos(theta)
  }

  /// A uniform integer in 0..<n without modulo bias (Lemire's method); n must be positive.
  @inlinable
  public mutating func index(below n: Int) -> Int {
    precondition(n > 0, "index(below:) needs a positive bound")
    return Int(next(upperBound: UInt64(n)))
  }

  /// A Rademacher sign, +1 or −1 with equal probability.
  @inlinable
  public mutating func sign() -> Double {
    (next() >> 63) == 0 ? 1.0 : -1.0
  }

  /// Fills `buffer` with independent standard normals.
  @inlinable
  public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Double>) {
    for i in buffer.indices { buffer[i] = normal() }
  }

  /// An array of `count` independent standard normals.
  @inlinable
  public mutating func normals(_ count: Int) -> [Double] {
    (0..<count).map { _ in normal() }
  }

  /// A point uniform on the unit sphere S^{d−1} (a normalised Gaussian vector).
  public mutating func unitVector(_ dimension: Int) -> [Double] {
    precondition(dimension > 0, "unitVector needs a positive dimension")
    while true {
      let v = normals(dimension)
      let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if norm > 0 { return v.map { $0 / norm } }
    }
  }

  /// A Gamma(shape, 1) draw (Marsaglia & Tsang 2000; shape < 1 by the boosting identity).
  public mutating func gamma(shape: Double) -> Double {
    precondition(shape > 0, "gamma needs a positive shape")
    if shape < 1 {
      let u = uniform()
      return gamma(shape: shape + 1) * _pow(1.0 - u, 1.0 / shape)
    }
    let d = shape - 1.0 / 3.0
    let c = 1.0 / (9.0 * d).squareRoot()
    while true {
      var x: Double
      var v: Double
      repeat {
        x = normal()
        v = 1.0 + c * x
      } while v <= 0
      v = v * v * v
      let u = 1.0 - uniform()
      if _log(u) < 0.5 * x * x + d - d * v + d * _log(v) { return d * v }
    }
  }

  public static func == (lhs: CatalogueRandom, rhs: CatalogueRandom) -> Bool {
    lhs.state == rhs.state && lhs.cachedNormal == rhs.cachedNormal
  }
}
