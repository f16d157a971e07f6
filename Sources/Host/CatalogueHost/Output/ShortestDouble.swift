/// The shortest decimal that reads back as a given double: the digits `NumberFormat.shortest` (Swift's
/// `description`) prints, computed without the standard library's printer.
///
/// A trace row prints every reported value in this form, and the standard library's printer (generic stream
/// path, out-of-line 128-bit helpers, a copy into our buffer) was half of a row's cost; this one is about 3×
/// cheaper per value (docs/benchmarks.md). The method is Schubfach (R. Giulietti, "The Schubfach way to render
/// doubles", 2020): a double v = c·2^q rounds back from every decimal in its rounding interval R (endpoints
/// included when c is even); with k = ⌊log₁₀ 2^q⌋ (⌊log₁₀ ¾·2^q⌋ when v sits on a power of two, where the interval
/// below is half as wide), R scaled by 10^−k is between 1 and 10 wide, so it holds at most one multiple of 10 —
/// the shortest candidate when it exists — and otherwise one of s = ⌊v·10^−k⌋ and s + 1, the nearer one winning
/// (the even one on a tie). The scaled endpoints come from a 126-bit upper approximation g of 10^−k
/// (`powersOfTen`, generated with exact integers by scripts/generate-shortest-double-table.py) and are rounded to
/// odd, which keeps every comparison with a candidate exact. Tests/CatalogueHostTests/ShortestDoubleTests.swift
/// compares the result with `description` on millions of values of every kind.
enum ShortestDouble {
  /// The smallest k with an entry in `powersOfTen` (the table starts at 10^−292).
  static let smallestPower = -292

  /// The decimal d·10^e with the fewest significant digits that reads back as `value`, the nearest such one to
  /// `value` (the even one on a tie), with d free of trailing zeros. `value` must be finite and nonzero; its sign
  /// is ignored.
  @inline(__always)
  static func decimal(_ value: Double) -> (significand: UInt64, exponent: Int) {
    let bits = value.bitPattern
    let fraction = bits & (1 << 52 &- 1)
    let biased = Int(truncatingIfNeeded: (bits >> 52) & 0x7ff)
    // v = c·2^q; subnormals have no hidden bit and the smallest exponent.
    let c = biased == 0 ? fraction : fraction | 1 << 52
    let q = biased == 0 ? -1074 : biased &- 1075
    // On a power of two (other than the smallest normal) the next double below is half as far as the next above.
    let irregular = fraction == 0 && biased > 1
    // k = ⌊log₁₀ 2^q⌋, or ⌊log₁₀ ¾·2^q⌋ when irregular (multiply-and-shift forms checked over every q by the
    // table's generator).
    let k = irregular ? (q &* 315_653 &- 131_237) >> 20 : (q &* 315_653) >> 20
    // The scaled products are taken 2^h times the 4-fold interval points, h = q + ⌊log₂ 10^−k⌋ + 3 ∈ [3, 7].
    let h = q &+ ((-k &* 1_741_647) >> 19) &+ 3
    let index = (-k &- smallestPower) &* 2
    let g1 = powersOfTen[index]
    let g0 = powersOfTen[index &+ 1]
    // Four times c and the interval's ends, in units of 2^q.
    let cb = c << 2
    let cbl = cb &- (irregular ? 1 : 2)
    let cbr = cb &+ 2
    // The same scaled by 10^−k, rounded to odd.
    let vb = roundedToOdd(g1, g0, cb &<< h)
    let vbl = roundedToOdd(g1, g0, cbl &<< h)
    let vbr = roundedToOdd(g1, g0, cbr &<< h)
    // Ends excluded from the interval for an odd c: a candidate must lie strictly inside.
    let open: UInt64 = c & 1
    let s = vb >> 2
    // One digit fewer: the multiple of ten below or above s, if one is in the interval (at most one can be).
    let below = s / 10 &* 10
    let above = below &+ 10
    let belowIn = vbl &+ open <= below << 2
    let aboveIn = above << 2 &+ open <= vbr
    // Full length: s or s + 1, whichever is in the interval; the nearer to v (vb / 4 against s + ½, both times
    // four) if both are.
    let next = s &+ 1
    let sIn = vbl &+ open <= s << 2
    let nextIn = next << 2 &+ open <= vbr
    let difference = Int64(bitPattern: vb &- ((s &+ next) << 1))
    let nearer = difference < 0 || (difference == 0 && s & 1 == 0) ? s : next
    // Every condition is computed first and the choice made by selection: which case applies is data, and a
    // mispredicted branch costs as much as the arithmetic.
    let fullLength = sIn != nextIn ? (sIn ? s : next) : nearer
    var digits = belowIn != aboveIn ? (belowIn ? below : above) : fullLength
    var exponent = k
    while digits % 10 == 0 {
      digits /= 10
      exponent &+= 1
    }
    return (digits, exponent)
  }

  /// ⌊g·x / 2^128⌋ rounded to odd, g = g1·2^64 + g0: its lowest bit set when the 64 bits below the quotient are
  /// not all zero. The lowest 64 bits of the product do not count: they hold the table's excess over 10^−k (under
  /// x < 2^64), so where v·10^−k is exactly an integer or a half — a decimal power that is itself a double, and the
  /// ties between two candidates — the quotient comes out exact.
  @inline(__always)
  private static func roundedToOdd(_ g1: UInt64, _ g0: UInt64, _ x: UInt64) -> UInt64 {
    let low = g0.multipliedFullWidth(by: x)
    let high = g1.multipliedFullWidth(by: x)
    let (middle, carry) = high.low.addingReportingOverflow(low.high)
    let whole = high.high &+ (carry ? 1 : 0)
    return whole | (middle != 0 ? 1 : 0)
  }
}
