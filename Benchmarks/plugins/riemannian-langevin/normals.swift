// The cost floor of one GLMC step on S² with M = 2000 chains: the 3M standard normals of the catalogue's generator
// (catalogue.h: xoshiro256** and Box–Muller, the stream every plugin must use for reproducibility) and the
// sin, cos and square roots of M exponential maps, in CPU time.
//
//     swiftc -O Sources/Registry/SeededRandom/*.swift Benchmarks/plugins/riemannian-langevin/normals.swift \
//         -parse-as-library -module-name Normals -o /tmp/normals && /tmp/normals
import Glibc

@main
enum Normals {
  static func main() {
    let chains = 2000
    let steps = 2000
    var rng = CatalogueRandom(seed: 1, stream: 2)
    var sink = 0.0
    var start = clock()
    for _ in 0..<steps {
      for _ in 0..<(3 * chains) { sink += rng.normal() }
    }
    let normals = Double(clock() - start) / Double(CLOCKS_PER_SEC) / Double(steps)
    start = clock()
    for i in 0..<(steps * chains) {
      let r = 0.1 + Double(i & 1023) * 1e-4
      sink += sin(r) / r + cos(r) + r.squareRoot() + (r + 1).squareRoot()
    }
    let trigonometry = Double(clock() - start) / Double(CLOCKS_PER_SEC) / Double(steps)
    print(
      "per step of \(chains) chains (CPU): \(3 * chains) normals \(1e3 * normals) ms, exp maps' sin/cos/sqrt "
        + "\(1e3 * trigonometry) ms (checksum \(sink))")
  }
}
