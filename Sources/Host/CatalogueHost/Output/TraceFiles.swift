/// `trace.csv` and `timing.csv` of one run folder, which take a line each per reported row.
///
/// The run folder writer keeps this value in place (`traceFiles?.write(row)`) so the hot path reaches both files
/// through one exclusive access, without retaining and releasing each file per row.
struct TraceFiles {
  /// iter, the declared columns, the oracle counters.
  let trace: BufferedFile
  /// iter, elapsed seconds.
  let timing: BufferedFile
  /// `elapsed` of the row at which both files were last written out: rows carry the driver's one clock reading,
  /// so writing a row reads no clock (`flushIfDue`, called while no event arrives, reads its own).
  private var writtenAt = 0.0

  /// Creates both files in `folder`, `timing.csv` with its header (`trace.csv`'s waits for the columns).
  init(folder: String) throws(CatalogueError) {
    trace = try BufferedFile(creating: FileSystem.join(folder, "trace.csv"))
    timing = try BufferedFile(creating: FileSystem.join(folder, "timing.csv"))
    try timing.write("iter,time_s\n")
  }

  /// Writes one row to `trace.csv` (iter, the declared columns, the five counters) and `timing.csv` (iter,
  /// elapsed), formatting the numbers straight into the files' buffers; both are written out once the rows' clock
  /// has advanced `flushInterval` since the last write-out, or when a buffer is full.
  mutating func write(_ row: TraceRowView) throws(CatalogueError) {
    let values = row.values
    trace.append { text in
      // iter, the values, five counters: commas and a newline included.
      let bound =
        TextWriter.integerBound + values.count * (1 + TextWriter.doubleBound) + 5 * (1 + TextWriter.integerBound) + 1
      text.write(reserving: bound) { line in
        line.append(row.iteration)
        for value in values {
          line.append(ascii: UInt8(ascii: ","))
          line.append(shortest: value)
        }
        Self.append(row.counters, to: &line)
        line.append(ascii: UInt8(ascii: "\n"))
      }
    }
    timing.append { text in
      text.write(reserving: TextWriter.integerBound + TextWriter.doubleBound + 2) { line in
        line.append(row.iteration)
        line.append(ascii: UInt8(ascii: ","))
        line.append(seconds: row.elapsed)
        line.append(ascii: UInt8(ascii: "\n"))
      }
    }
    if trace.isFull || timing.isFull || row.elapsed - writtenAt >= trace.flushInterval {
      writtenAt = row.elapsed
      try trace.flush()
      try timing.flush()
    }
  }

  /// Appends ",value,grad,sample_grad,hvp,inner" (the order of `OracleCounters.columnNames`).
  @inline(__always)
  private static func append(_ counters: OracleCounters, to line: inout TextWriter) {
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.value)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.gradient)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.sampleGradient)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.hessianVector)
    line.append(ascii: UInt8(ascii: ","))
    line.append(counters.innerStep)
  }

  /// Writes out both files if they are due (`BufferedFile.flushIfDue`).
  func flushIfDue() throws(CatalogueError) {
    try trace.flushIfDue()
    try timing.flushIfDue()
  }

  /// Writes out and closes both files.
  func close() throws(CatalogueError) {
    try trace.close()
    try timing.close()
  }
}
