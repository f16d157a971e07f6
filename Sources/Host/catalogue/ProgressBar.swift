import CatalogueHost

/// A one-line progress bar on stderr for runs in a terminal: iteration k of max, elapsed time, and the current f
/// or grad_norm. It redraws at most ten times a second and erases itself at the end, so the summary that follows
/// starts on a clean line. Only created when stderr is a TTY: nothing is drawn into pipes or log files.
public final class ProgressBar: RunEventSink {
  private let maxIters: UInt64
  private let width = 24
  private var columns: [String] = []
  private var lastDraw: ContinuousClock.Instant?
  /// `elapsed` of the row last drawn.
  private var rowDrawnAt: Double?
  private let start = ContinuousClock.now
  private var drawn = false

  /// Creates a bar for a run with an iteration budget.
  public init(maxIters: UInt64) {
    self.maxIters = max(maxIters, 1)
  }

  public func handle(_ event: RunEvent) throws(CatalogueError) {
    switch event {
    case .columns(let columns): self.columns = columns
    case .row(let row):
      try row.withView(handleRow)
    case .progress(let fraction, let message):
      guard due() else { return }
      draw(fraction, "\(NumberFormat.fixed(fraction * 100, digits: 0))%" + (message.map { "  \($0)" } ?? ""))
    case .log(.warning, _):
      clear()  // the warning prints on its own line
    case .finished:
      clear()
    default:
      break
    }
  }

  /// Redraws for a row at most ten times a second, timed by the row's own clock reading (no clock read per row).
  public func handleRow(_ row: TraceRowView) throws(CatalogueError) {
    if let drawnAt = rowDrawnAt, row.elapsed - drawnAt < 0.1, row.elapsed >= drawnAt { return }
    rowDrawnAt = row.elapsed
    var metric = ""
    if let index = columns.firstIndex(of: "f") {
      metric = "  f=\(NumberFormat.brief(row.values[index]))"
    } else if let index = columns.firstIndex(of: "grad_norm") {
      metric = "  grad_norm=\(NumberFormat.brief(row.values[index]))"
    }
    let fraction = min(Double(row.iteration) / Double(maxIters), 1)
    draw(fraction, "\(row.iteration)/\(maxIters)\(metric)")
  }

  private func due() -> Bool {
    let now = ContinuousClock.now
    if let lastDraw, now - lastDraw < .milliseconds(100) { return false }
    lastDraw = now
    return true
  }

  private func draw(_ fraction: Double, _ text: String) {
    let filled = Int((fraction * Double(width)).rounded(.down))
    let bar =
      String(repeating: "=", count: filled) + (filled < width ? ">" : "")
      + String(repeating: " ", count: max(width - filled - 1, 0))
    let elapsed = NumberFormat.duration((ContinuousClock.now - start).inSeconds)
    StandardError.write("\r\u{1B}[K[\(bar)] \(text)  \(elapsed)")
    drawn = true
  }

  private func clear() {
    if drawn { StandardError.write("\r\u{1B}[K") }
    drawn = false
  }
}
