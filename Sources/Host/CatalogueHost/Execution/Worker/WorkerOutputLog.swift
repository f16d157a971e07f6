/// What a run worker printed (its stdout and stderr, one pipe), cut into the lines `run.log` records as they come.
///
/// A plugin's output is logged while the run goes, so a killed host leaves it on disk with the rows; but a plugin
/// that prints without end must not fill the disk. The first `headLines` lines are logged as they arrive; after
/// that a marker says so, later lines are only counted while the last `tailLines` are kept, and at the end a
/// second marker says how many were dropped before those last lines follow. Lines longer than `longestLine`
/// characters are cut (with a note), blank lines are skipped, and a line still open when the worker ended is
/// logged as it is.
package struct WorkerOutputLog {
  /// Lines logged as they arrive.
  static let headLines = 1000
  /// Lines kept for the end once the head is full.
  static let tailLines = 200
  /// Longest line logged whole; a longer one (or bytes without a newline) is cut there.
  static let longestLine = 4096
  /// The prefix of every line of worker output in `run.log`.
  static let prefix = "worker output: "

  /// Bytes received.
  package private(set) var bytes = 0
  /// Non-blank lines received.
  package private(set) var lines = 0
  /// The last non-blank line received.
  package private(set) var lastLine: String?
  private var partial: [UInt8] = []
  private var tail: [String] = []
  private var tailStart = 0
  private var dropped = 0

  /// An empty log.
  package init() {}

  /// Takes bytes the worker wrote and returns the `run.log` lines to record now.
  package mutating func append(_ chunk: [UInt8]) -> [String] {
    bytes += chunk.count
    var ready: [String] = []
    var start = 0
    for index in chunk.indices where chunk[index] == UInt8(ascii: "\n") {
      partial.append(contentsOf: chunk[start..<index])
      repeat { take(&ready) } while !partial.isEmpty
      start = index + 1
    }
    partial.append(contentsOf: chunk[start...])
    while partial.count > Self.longestLine { take(&ready) }
    return ready
  }

  /// Ends the output (the worker has exited) and returns the last `run.log` lines: an unfinished line, and the
  /// marker and kept lines when the head was full.
  package mutating func finish() -> [String] {
    var ready: [String] = []
    if !partial.isEmpty { take(&ready) }
    guard lines > Self.headLines else { return ready }
    let kept = Array(tail[tailStart...] + tail[..<tailStart])
    if dropped > 0 {
      let lines = "\(dropped) more line\(dropped == 1 ? "" : "s")"
      ready.append("\(Self.prefix)(\(lines) not kept; the last \(kept.count) follow)")
    }
    return ready + kept.map { Self.prefix + $0 }
  }

  /// Moves the first line (up to `longestLine` characters, the whole of `partial` when it holds no more) out of
  /// `partial` into the record.
  private mutating func take(_ ready: inout [String]) {
    let count = min(partial.count, Self.longestLine)
    var line = String(decoding: partial[..<count], as: UTF8.self)
    partial.removeFirst(count)
    if count == Self.longestLine && !partial.isEmpty { line += " [line cut at \(Self.longestLine) bytes]" }
    guard !line.allSatisfy(\.isWhitespace) else { return }
    lines += 1
    lastLine = line
    if lines <= Self.headLines {
      ready.append(Self.prefix + line)
      if lines == Self.headLines {
        ready.append(
          "\(Self.prefix)(the first \(Self.headLines) lines are logged as they come; of later output only the last "
            + "\(Self.tailLines) lines are kept, logged when the run ends)")
      }
    } else if tail.count < Self.tailLines {
      tail.append(line)
    } else {
      tail[tailStart] = line
      tailStart = (tailStart + 1) % Self.tailLines
      dropped += 1
    }
  }
}
