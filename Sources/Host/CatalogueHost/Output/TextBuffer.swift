/// Text assembled as bytes, with the host's number formats written straight in: the trace writer's hot path
/// (one row per reported iteration) builds no `String` per number or per row.
///
/// Doubles come out exactly as `NumberFormat.shortest` prints them (Swift's shortest round-trip form, "nan" for
/// every NaN; the digits from `ShortestDouble`), unsigned integers in plain decimal, so a row written here is
/// byte-identical to one joined from `String`s (Tests/CatalogueHostTests/TextWriterTests.swift and
/// ShortestDoubleTests.swift compare them with `description` on over a million values of every kind, NaN payloads
/// and subnormals included).
///
/// The storage is a byte array kept at its full capacity with a separate fill count, so a row is written through
/// one pointer (`write(reserving:_:)`: one uniqueness check per row, none per byte).
public struct TextBuffer {
  /// The storage; bytes past `count` are scratch.
  private var storage: [UInt8] = []
  /// Bytes written.
  public private(set) var count = 0

  /// An empty buffer.
  public init() {}

  /// The text so far, UTF-8.
  public var bytes: ArraySlice<UInt8> { storage[0..<count] }

  /// Forgets the text, keeping the storage.
  public mutating func removeAll() { count = 0 }

  /// Appends a string.
  public mutating func write(_ string: String) {
    var text = string
    text.withUTF8 { utf8 in append(UnsafeRawBufferPointer(utf8)) }
  }

  /// Appends bytes.
  public mutating func append(_ bytes: UnsafeRawBufferPointer) {
    write(reserving: bytes.count) { $0.append(bytes) }
  }

  /// Runs `body` with a writer over at least `reserving` free bytes; what it writes is appended. A `body` that
  /// writes more than it reserved stops the process (a bug in the caller's bound, never silent corruption).
  @inline(__always)
  public mutating func write(reserving bound: Int, _ body: (inout TextWriter) -> Void) {
    if storage.count - count < bound { storage.append(contentsOf: repeatElement(0, count: max(bound, storage.count))) }
    let start = count
    count = storage.withUnsafeMutableBufferPointer { memory in
      var writer = TextWriter(base: memory.baseAddress!, offset: start, end: start + bound)
      body(&writer)
      return writer.offset
    }
  }
}
