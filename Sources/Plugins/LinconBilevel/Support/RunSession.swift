import CatalogueSDK
import SeededRandom

/// What an algorithm body needs from its run: parameters, problem, random stream, trace, results and counters.
///
/// The SDK's ``Run`` is built only by the host, so the algorithm bodies are written against this protocol instead;
/// `Run` conforms with no extra code, and the unit tests drive the same bodies through an in-memory session to check
/// traces (same seed, same trace) without a host.
protocol RunSession: AnyObject {
  /// Validated algorithm parameters.
  var parameters: ParameterValues { get }
  /// The problem instance.
  var problem: ProblemInstance { get }
  /// The algorithm's random stream.
  var rng: CatalogueRandom { get set }
  /// Declares the trace columns.
  func declareTrace(_ columns: [String]) throws
  /// Records one row; false when the host's budget is spent.
  func report(iteration: Int, _ values: [Double]) -> Bool
  /// Adds inner-solver work the host cannot see.
  func count(_ oracle: Run.Oracle, _ n: Int)
  /// Runs `body` without counting its oracle calls.
  func uncounted<T>(_ body: () throws -> T) rethrows -> T
  /// A final scalar result.
  func result(_ key: String, _ value: Double) throws
  /// A final vector result.
  func result(_ key: String, vector: [Double]) throws
  /// Ends the run on the method's own terms.
  func finish(_ reason: Termination, _ message: String)
}

extension Run: RunSession {}
