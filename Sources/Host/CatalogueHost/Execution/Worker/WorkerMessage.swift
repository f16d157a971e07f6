/// What a run worker tells the host: the run's events as they happen, or the error that kept the run from
/// starting (which the host reports exactly as an in-process run would, with the same exit code).
///
/// Each message is a frame: a little-endian UInt32 payload length, then the payload (a tag byte and the fields).
enum WorkerMessage: Equatable {
  /// One run event.
  case event(RunEvent)
  /// The run did not start; the error is the host's own, classified by its kind.
  case refused(CatalogueError)

  /// A frame that does not decode: the worker and the host disagree about the protocol, or the stream is damaged.
  struct Malformed: Error {}

  private enum Tag: UInt8 {
    case started = 1
    case columns, row, progress, log, resultReal, resultVector, artifact, finished
    case refused = 20
  }

  /// Appends this message as one frame.
  func encode(into writer: inout WireWriter) {
    let lengthAt = writer.bytes.count
    writer.u32(0)
    switch self {
    case .event(.started(let start)):
      writer.u8(Tag.started.rawValue)
      writer.strings(start.references.map(\.0))
      writer.doubles(start.references.map(\.1))
      writer.strings(start.metricNames)
      writer.u64(start.blasThreads.map { UInt64($0) + 1 } ?? 0)
    case .event(.columns(let columns)):
      writer.u8(Tag.columns.rawValue)
      writer.strings(columns)
    case .event(.row(let row)):
      writer.u8(Tag.row.rawValue)
      writer.u64(row.iteration)
      writer.doubles(row.values)
      Self.encode(row.counters, into: &writer)
      writer.f64(row.elapsed)
    case .event(.progress(let fraction, let message)):
      writer.u8(Tag.progress.rawValue)
      writer.f64(fraction)
      writer.optionalString(message)
    case .event(.log(let level, let message)):
      writer.u8(Tag.log.rawValue)
      writer.u8(level == .debug ? 0 : level == .info ? 1 : 2)
      writer.string(message)
    case .event(.resultReal(let key, let value)):
      writer.u8(Tag.resultReal.rawValue)
      writer.string(key)
      writer.f64(value)
    case .event(.resultVector(let key, let values)):
      writer.u8(Tag.resultVector.rawValue)
      writer.string(key)
      writer.doubles(values)
    case .event(.artifact(let name, let bytes)):
      writer.u8(Tag.artifact.rawValue)
      writer.string(name)
      writer.blob(bytes)
    case .event(.finished(let end)):
      writer.u8(Tag.finished.rawValue)
      writer.string(end.termination.rawValue)
      writer.string(end.message)
      writer.u64(end.iterations)
      writer.u64(UInt64(end.rows))
      Self.encode(end.counters, into: &writer)
      writer.f64(end.wallTime)
      writer.u8(end.rejectedInput ? 1 : 0)
    case .refused(let error):
      writer.u8(Tag.refused.rawValue)
      writer.u8(error.kind == .usage ? 0 : error.kind == .runFailed ? 1 : 2)
      writer.string(error.message)
    }
    let length = UInt32(writer.bytes.count - lengthAt - 4)
    for index in 0..<4 { writer.bytes[lengthAt + index] = UInt8(truncatingIfNeeded: length >> (8 * index)) }
  }

  /// Decodes the frame at `offset` and moves past it; nil if the frame is not complete yet.
  static func decode(_ buffer: [UInt8], at offset: inout Int) throws(Malformed) -> WorkerMessage? {
    guard buffer.count - offset >= 4 else { return nil }
    var length = 0
    for index in 0..<4 { length |= Int(buffer[offset + index]) << (8 * index) }
    guard buffer.count - offset - 4 >= length else { return nil }
    var reader = WireReader(buffer, from: offset + 4, end: offset + 4 + length)
    let message: WorkerMessage
    do {
      message = try decode(&reader)
    } catch {
      throw Malformed()
    }
    guard reader.isAtEnd else { throw Malformed() }
    offset += 4 + length
    return message
  }

  private static func decode(_ reader: inout WireReader) throws -> WorkerMessage {
    guard let tag = Tag(rawValue: try reader.u8()) else { throw Malformed() }
    switch tag {
    case .started:
      let names = try reader.strings()
      let values = try reader.doubles()
      guard names.count == values.count else { throw Malformed() }
      let metricNames = try reader.strings()
      let threads = try reader.u64()
      return .event(
        .started(
          RunStart(
            references: Array(zip(names, values)), metricNames: metricNames,
            blasThreads: threads == 0 ? nil : Int(threads - 1))))
    case .columns:
      return .event(.columns(try reader.strings()))
    case .row:
      let iteration = try reader.u64()
      let values = try reader.doubles()
      let counters = try decodeCounters(&reader)
      return .event(
        .row(TraceRow(iteration: iteration, values: values, counters: counters, elapsed: try reader.f64())))
    case .progress:
      let fraction = try reader.f64()
      return .event(.progress(fraction: fraction, message: try reader.optionalString()))
    case .log:
      let level: LogLevel
      switch try reader.u8() {
      case 0: level = .debug
      case 1: level = .info
      default: level = .warning
      }
      return .event(.log(level, try reader.string()))
    case .resultReal:
      let key = try reader.string()
      return .event(.resultReal(key: key, value: try reader.f64()))
    case .resultVector:
      let key = try reader.string()
      return .event(.resultVector(key: key, values: try reader.doubles()))
    case .artifact:
      let name = try reader.string()
      return .event(.artifact(name: name, bytes: try reader.blob()))
    case .finished:
      guard let termination = Termination(rawValue: try reader.string()) else { throw Malformed() }
      let message = try reader.string()
      let iterations = try reader.u64()
      let rows = Int(try reader.u64())
      let counters = try decodeCounters(&reader)
      let wallTime = try reader.f64()
      return .event(
        .finished(
          RunEnd(
            termination: termination, message: message, iterations: iterations, rows: rows, counters: counters,
            wallTime: wallTime, rejectedInput: try reader.u8() == 1)))
    case .refused:
      let kind: CatalogueError.Kind
      switch try reader.u8() {
      case 0: kind = .usage
      case 1: kind = .runFailed
      default: kind = .pluginLoad
      }
      return .refused(CatalogueError(kind, try reader.string()))
    }
  }

  /// Bytes of the frame of a row with `count` values: length, tag, iteration, value count, values, five
  /// counters, elapsed.
  static func rowFrameSize(count: Int) -> Int { 4 + 1 + 8 + 4 + 8 * count + 5 * 8 + 8 }

  /// Writes a row's frame at `target` (`rowFrameSize` bytes), exactly as `encode(into:)` writes `.event(.row)`,
  /// straight from the reporting plugin's memory.
  @inline(__always)
  static func encodeRow(_ row: TraceRowView, at target: UnsafeMutableRawPointer) {
    let count = row.values.count
    var offset = 0
    func put<T: FixedWidthInteger>(_ value: T) {
      target.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
      offset += MemoryLayout<T>.size
    }
    put(UInt32(rowFrameSize(count: count) - 4))
    put(Tag.row.rawValue)
    put(row.iteration)
    put(UInt32(count))
    for value in row.values { put(value.bitPattern) }
    let counters = row.counters
    put(counters.value)
    put(counters.gradient)
    put(counters.sampleGradient)
    put(counters.hessianVector)
    put(counters.innerStep)
    put(row.elapsed.bitPattern)
  }

  /// The fields of a row frame other than its values.
  struct RowHeader {
    var iteration: UInt64
    var counters: OracleCounters
    var elapsed: Double
  }

  /// Decodes the frame at `offset` if it is a complete row frame, putting its values into `values` (whose storage
  /// is reused) and moving past it; nil, with `offset` unchanged, for any other or an incomplete frame (`decode`
  /// then takes it). The host's hot path: no event and no array is made per row.
  static func decodeRow(_ buffer: [UInt8], at offset: inout Int, values: inout [Double]) throws(Malformed)
    -> RowHeader?
  {
    let outcome = buffer.withUnsafeBytes { (bytes) -> Result<RowHeader?, Malformed> in
      let available = bytes.count - offset
      guard available >= 5, bytes[offset + 4] == Tag.row.rawValue else { return .success(nil) }
      let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
      guard available - 4 >= length else { return .success(nil) }
      var position = offset + 5
      func take<T: FixedWidthInteger>(_: T.Type) -> T {
        defer { position += MemoryLayout<T>.size }
        return T(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: T.self))
      }
      guard length >= 1 + 8 + 4 else { return .failure(Malformed()) }
      let iteration = take(UInt64.self)
      let count = Int(take(UInt32.self))
      guard length == rowFrameSize(count: count) - 4 else { return .failure(Malformed()) }
      values.removeAll(keepingCapacity: true)
      for _ in 0..<count { values.append(Double(bitPattern: take(UInt64.self))) }
      var counters = OracleCounters()
      counters.value = take(UInt64.self)
      counters.gradient = take(UInt64.self)
      counters.sampleGradient = take(UInt64.self)
      counters.hessianVector = take(UInt64.self)
      counters.innerStep = take(UInt64.self)
      let elapsed = Double(bitPattern: take(UInt64.self))
      offset = position
      return .success(RowHeader(iteration: iteration, counters: counters, elapsed: elapsed))
    }
    return try outcome.get()
  }

  private static func encode(_ counters: OracleCounters, into writer: inout WireWriter) {
    for value in counters.values { writer.u64(value) }
  }

  private static func decodeCounters(_ reader: inout WireReader) throws -> OracleCounters {
    var counters = OracleCounters()
    counters.value = try reader.u64()
    counters.gradient = try reader.u64()
    counters.sampleGradient = try reader.u64()
    counters.hessianVector = try reader.u64()
    counters.innerStep = try reader.u64()
    return counters
  }
}
