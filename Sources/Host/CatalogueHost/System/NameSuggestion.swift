/// "Did you mean …?" for a name that matches nothing (an algorithm, a problem, a parameter, a plugin id).
///
/// The candidate nearest in optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
/// two neighbours each cost 1) is offered if it is close enough to be a typo: at most 1 edit for names of 3 or 4
/// characters, 2 up to 8, 3 beyond; none for shorter names, where one edit makes a different name ("gd" and
/// "fgd"). Case differences count as no edit at all.
public enum NameSuggestion {
  /// The nearest candidate within the typo distance, or nil (ties go to the first in `candidates`).
  public static func closest<C: Collection<String>>(to name: String, in candidates: C) -> String? {
    let typed = Array(name.lowercased().unicodeScalars)
    guard typed.count >= 3 else { return nil }
    let allowed = typed.count <= 4 ? 1 : typed.count <= 8 ? 2 : 3
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
      // Each edit changes the length by at most one, so a candidate this much longer or shorter is too far.
      guard abs(candidate.unicodeScalars.count - typed.count) <= allowed else { continue }
      let distance = self.distance(typed, Array(candidate.lowercased().unicodeScalars))
      if distance <= allowed && distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
  }

  /// " (did you mean 'x'?)", or "" when nothing is close: to append to a "no such name" message.
  public static func hint<C: Collection<String>>(for name: String, in candidates: C) -> String {
    closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// The optimal-string-alignment distance between two scalar sequences.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    let width = b.count + 1
    var rows = [Int](repeating: 0, count: (a.count + 1) * width)
    for j in 0...b.count { rows[j] = j }
    for i in 1...a.count {
      rows[i * width] = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(
          rows[(i - 1) * width + j] + 1, rows[i * width + j - 1] + 1, rows[(i - 1) * width + j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          value = min(value, rows[(i - 2) * width + j - 2] + 1)
        }
        rows[i * width + j] = value
      }
    }
    return rows[a.count * width + b.count]
  }
}
