import CCatalogue
import CatalogueSDK

/// Everything one run sent to the ``RecordingHost``: trace, results, artifacts, logs, progress and termination.
///
/// A class because the host's C callbacks fill it in place while the algorithm runs; tests read it afterwards.
public final class RunRecord: @unchecked Sendable {
  /// One reported trace row.
  public struct Row: Sendable, Equatable {
    /// The iteration number the algorithm reported.
    public var iteration: Int
    /// Values in declared column order.
    public var values: [Double]
    /// Whether oracle counting was on when the row was reported (off inside `Run.uncounted`).
    public var counted: Bool
  }

  /// The iteration budget: `report` answers "stop" once this many rows were recorded.
  public let budget: Int
  /// Declared trace columns.
  public internal(set) var columns: [String] = []
  /// Reported rows, in order.
  public internal(set) var rows: [Row] = []
  /// Scalar results by key.
  public internal(set) var results: [String: Double] = [:]
  /// Vector results by key.
  public internal(set) var vectors: [String: [Double]] = [:]
  /// Artifacts by name.
  public internal(set) var artifacts: [String: [UInt8]] = [:]
  /// Log lines with their level (`cat_log_level`).
  public internal(set) var logs: [(level: UInt32, message: String)] = []
  /// Progress reports.
  public internal(set) var progress: [(fraction: Double, message: String?)] = []
  /// Work counted through `Run.count` (inner steps and other calls the host cannot see).
  public internal(set) var oracleCounts: [Run.Oracle: Int] = [:]
  /// The method's own termination, if it called `Run.finish`.
  public internal(set) var finish: (reason: Termination?, message: String)? = nil
  /// Whether oracle counting is on now.
  public internal(set) var counting = true

  init(budget: Int) { self.budget = budget }

  /// The values of one column, row by row (empty when the column was not declared).
  public func column(_ name: String) -> [Double] {
    guard let index = columns.firstIndex(of: name) else { return [] }
    return rows.map { $0.values[index] }
  }

  /// The last reported value of a column, if any.
  public func last(_ name: String) -> Double? { column(name).last }

  /// The record behind a run handle the recording host gave out.
  static func of(_ handle: OpaquePointer?) -> RunRecord {
    Unmanaged<RunRecord>.fromOpaque(UnsafeRawPointer(handle!)).takeUnretainedValue()
  }
}
