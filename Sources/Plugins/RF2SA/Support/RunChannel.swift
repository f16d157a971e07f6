import CatalogueSDK

/// What the drivers need from a run: the trace, results, oracle accounting.
///
/// The SDK's ``Run`` is the production channel; tests supply a recording one, so the exact loop that runs inside
/// the host (trace rows, result values, stopping) is the loop the tests check, without a host.
protocol RunChannel: AnyObject {
  /// Declares the trace columns once, before the first report.
  func declareTrace(_ columns: [String]) throws
  /// Records one row; false when the host's budget is spent.
  func report(iteration: Int, _ values: [Double]) -> Bool
  /// Adds work the host cannot see to an oracle counter.
  func count(_ oracle: Run.Oracle, _ n: Int)
  /// Runs `body` without counting its oracle calls (metrics the method itself does not need).
  func uncounted<T>(_ body: () throws -> T) rethrows -> T
  /// A final scalar result.
  func result(_ key: String, _ value: Double) throws
  /// A final vector result.
  func result(_ key: String, vector: [Double]) throws
}

extension Run: RunChannel {}
