// linalg-benchmark: the LinearAlgebra wrapper against direct OpenBLAS/LAPACKE calls, measured in the same run.
//
// For each operation and size the wrapper and the direct call are timed in alternating batches; each batch runs
// long enough (≈ 20 ms) for the clock to be irrelevant, and the reported time is the median per-call time over the
// batches. The direct BLAS calls write into Swift arrays allocated once, the best a caller could do by hand; the
// direct LAPACK calls factor a fresh copy of the input (the routines overwrite it, so the wrapper must copy too).
// The wrappers return fresh values (and, for the "in place" rows, update existing ones). Run in release:
//   swift run --scratch-path .build-numerics -c release linalg-benchmark [--quick]
import COpenBLAS
import Glibc
import LinearAlgebra

/// Monotonic time in seconds.
func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// A sink the optimiser cannot see through, so timed results are never dead code.
nonisolated(unsafe) var sink = 0.0

/// The median of a non-empty list.
func median(_ v: [Double]) -> Double {
  let s = v.sorted()
  return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
}

/// Median per-call seconds of `body` and `baseline`, and the median of their per-pair ratios.
///
/// The two are timed in adjacent batches (order alternating), so each pair shares the machine's background load;
/// the ratio of a pair cancels most of that load, which makes the median ratio steadier than the ratio of medians.
func measure(batches: Int, _ body: () -> Void, _ baseline: () -> Void) -> (Double, Double, Double) {
  // Warm up both (page faults, OpenBLAS buffers) and size the batches to about 10 ms.
  for _ in 0..<3 {
    body()
    baseline()
  }
  let t0 = now()
  body()
  let single = max(now() - t0, 1e-8)
  let iterations = max(1, Int(0.01 / single))
  var a = [Double]()
  var b = [Double]()
  for k in 0..<batches {
    for first in (k % 2 == 0 ? [true, false] : [false, true]) {
      let start = now()
      if first {
        for _ in 0..<iterations { body() }
      } else {
        for _ in 0..<iterations { baseline() }
      }
      let perCall = (now() - start) / Double(iterations)
      if first { a.append(perCall) } else { b.append(perCall) }
    }
  }
  return (median(a), median(b), median(zip(a, b).map { $0 / $1 }))
}

/// A deterministic matrix with entries in [−1, 1].
func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
  var state = seed
  return Matrix(rows: rows, cols: cols) { _, _ in
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) * 0x1.0p-52 - 1
  }
}

struct Row {
  let operation: String
  let n: Int
  let wrapper: Double
  let direct: Double
  let ratio: Double
}

let quick = CommandLine.arguments.contains("--quick")
let sizes = quick ? [8, 32, 128] : [8, 32, 128, 512]
let batches = quick ? 7 : 31
BLASThreads.set(1)
var rows = [Row]()

for n in sizes {
  let a = randomMatrix(n, n, seed: 1)
  let b = randomMatrix(n, n, seed: 2)
  let spd = Matrix.gram(a) + Matrix.identity(n) * Double(n)
  let x = Vector(randomMatrix(n, 1, seed: 3).elements)
  let lda = Int32(n)
  let n32 = Int32(n)
  // Output buffers of the direct calls: Swift arrays allocated once, as a hand-written caller would keep them.
  var c = [Double](repeating: 0, count: n * n)
  var y = [Double](repeating: 0, count: n)
  var w = [Double](repeating: 0, count: n)
  let aElements = a.elements
  let bElements = b.elements
  let spdElements = spd.elements
  let xElements = x.elements

  func record(_ name: String, _ times: (Double, Double, Double)) {
    rows.append(Row(operation: name, n: n, wrapper: times.0, direct: times.1, ratio: times.2))
  }

  record(
    "gemm  C = AB",
    measure(
      batches: batches, { sink += Matrix.product(a, b).elements[0] },
      {
        cblas_dgemm(
          CblasColMajor, CblasNoTrans, CblasNoTrans, n32, n32, n32, 1, aElements, lda, bElements, lda, 0, &c, lda)
        sink += c[0]
      }))

  var cm = Matrix(rows: n, cols: n)
  record(
    "gemm  C = 0.5AᵀB + C (in place)",
    measure(
      batches: batches,
      {
        cm.addProduct(a, b, transposeA: true, alpha: 0.5, beta: 1)
        sink += cm[0, 0]
      },
      {
        cblas_dgemm(
          CblasColMajor, CblasTrans, CblasNoTrans, n32, n32, n32, 0.5, aElements, lda, bElements, lda, 1, &c, lda)
        sink += c[0]
      }))

  record(
    "gemv  y = Ax",
    measure(
      batches: batches, { sink += (a * x)[0] },
      {
        cblas_dgemv(CblasColMajor, CblasNoTrans, n32, n32, 1, aElements, lda, xElements, 1, 0, &y, 1)
        sink += y[0]
      }))

  var yv = Vector(count: n)
  record(
    "gemv  y = Ax + y (in place)",
    measure(
      batches: batches,
      {
        yv.addProduct(a, x, beta: 1)
        sink += yv[0]
      },
      {
        cblas_dgemv(CblasColMajor, CblasNoTrans, n32, n32, 1, aElements, lda, xElements, 1, 1, &y, 1)
        sink += y[0]
      }))

  record(
    "Cholesky (dpotrf)",
    measure(
      batches: batches, { sink += Double(try! Cholesky(spd).n) },
      {
        // dpotrf overwrites its input, so the direct call factors a fresh copy, as the wrapper must.
        var f = spdElements
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, Int8(UInt8(ascii: "L")), n32, &f, lda)
        sink += f[0] + Double(info)
      }))

  record(
    "symmetric eigen (dsyevd)",
    measure(
      batches: batches, { sink += try! SymmetricEigen(spd).values[0] },
      {
        var q = spdElements
        let info = LAPACKE_dsyevd(
          LAPACK_COL_MAJOR, Int8(UInt8(ascii: "V")), Int8(UInt8(ascii: "L")), n32, &q, lda, &w)
        sink += w[0] + q[0] + Double(info)
      }))
}

func format(_ seconds: Double) -> String {
  let us = seconds * 1e6
  let text = us >= 100 ? String(Int(us.rounded())) : String(Double(Int(us * 100)) / 100)
  return String(repeating: " ", count: max(0, 10 - text.count)) + text
}

func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }

print(
  "linalg-benchmark: median per-call time over \(batches) paired batches, OpenBLAS threads = \(BLASThreads.current)")
print("ratio = median over pairs of wrapper/direct")
print("\(pad("operation", 34)) \(pad("n", 5)) wrapper µs  direct µs   ratio")
for r in rows {
  let ratioText = String(Double(Int((r.ratio * 1000).rounded())) / 1000)
  print("\(pad(r.operation, 34)) \(pad(String(r.n), 5))\(format(r.wrapper)) \(format(r.direct))   \(ratioText)")
}
if sink == 0.123456789 { print("") }  // keeps results observable
