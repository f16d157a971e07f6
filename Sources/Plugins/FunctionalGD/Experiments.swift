import CatalogueSDK
import LinearAttention

/// The paper's claims as executable experiments (functional-gd.md §3–§5).
///
/// Every algorithm of the plugin draws its test prompts first from the run's stream, so within one seed and test size
/// all runs of a row score the same prompts and "the matching kernel is best" is a paired comparison.
enum FunctionalGDExperiments {
  static let all = [construction] + DataKernel.allCases.map(table) + [trained]

  /// The spec's ln-MSE table (§5.2): per data kernel and n, Bayes and FGD-h at k = 1 and 3.
  struct Row {
    let n: Int
    let bayes: Double
    let fgd: [(h: DataKernel, k1: Double, k3: Double)]
  }

  static let reference: [DataKernel: [Row]] = [
    .linear: [
      Row(n: 2, bayes: -0.482, fgd: [(.linear, -0.383, -0.473), (.relu, -0.186, -0.227), (.exp, -0.058, -0.216)]),
      Row(n: 6, bayes: -16, fgd: [(.linear, -0.905, -1.756), (.relu, -0.500, -0.774), (.exp, -0.156, -0.872)]),
      Row(n: 10, bayes: -17.769, fgd: [(.linear, -1.237, -2.881), (.relu, -0.742, -1.307), (.exp, -0.292, -1.472)]),
    ],
    .relu: [
      Row(n: 2, bayes: -0.194, fgd: [(.linear, -0.063, -0.066), (.relu, -0.166, -0.191), (.exp, -0.102, -0.148)]),
      Row(n: 6, bayes: -0.816, fgd: [(.linear, -0.200, -0.218), (.relu, -0.492, -0.683), (.exp, -0.297, -0.545)]),
      Row(n: 10, bayes: -1.423, fgd: [(.linear, -0.287, -0.317), (.relu, -0.610, -1.030), (.exp, -0.312, -0.736)]),
    ],
    .exp: [
      Row(n: 2, bayes: 0.620, fgd: [(.linear, 0.949, 0.949), (.relu, 0.720, 0.711), (.exp, 0.652, 0.622)]),
      Row(n: 6, bayes: 0.174, fgd: [(.linear, 0.907, 0.896), (.relu, 0.417, 0.319), (.exp, 0.439, 0.217)]),
      Row(n: 10, bayes: -0.248, fgd: [(.linear, 0.785, 0.764), (.relu, 0.199, -0.057), (.exp, 0.362, -0.081)]),
    ],
  ]

  /// A claim that a metric lies within `tolerance` of `value`.
  static func near(
    _ id: String, _ statement: String, _ run: String, _ metric: String, _ value: Double, _ tolerance: Double
  ) -> Experiment.Claim {
    func rounded(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
    return .init(
      id: id, statement: statement, run: run, metric: metric, aggregate: .mean,
      check: .range(lower: rounded(value - tolerance), upper: rounded(value + tolerance)))
  }

  static let construction = Experiment(
    id: "fgd-construction",
    title: "The Proposition 3.1 transformer computes k = 3 steps of functional GD (to 1e-10)",
    summary: "Runs the hand-built kernel-attention transformer (A = 0, B = C = I, r_l = −η_l, tuned η) for h = "
      + "linear, relu and exp on GP prompts of the matching kernel (n = 10) and compares each prediction with three "
      + "steps of functional GD; its loss equals the tuned fgd baseline's on the same prompts.",
    runs: DataKernel.allCases.flatMap { kernel in
      [
        Experiment.RunGroup(
          label: "construct-\(kernel.rawValue)", algorithm: "fgd-construct",
          algorithmParameters: [("h", kernel.rawValue)], problemParameters: [("kernel", kernel.rawValue)], seeds: 1),
        Experiment.RunGroup(
          label: "fgd-\(kernel.rawValue)", algorithm: "fgd", algorithmParameters: [("h", kernel.rawValue)],
          problemParameters: [("kernel", kernel.rawValue)], seeds: 1),
      ]
    },
    claims: DataKernel.allCases.flatMap { kernel in
      [
        Experiment.Claim(
          id: "identity-\(kernel.rawValue)",
          statement: "h = \(kernel.rawValue): the construction's predictions equal 3 functional-GD steps to 1e-10",
          run: "construct-\(kernel.rawValue)", metric: "max_abs_difference", aggregate: .max,
          check: .range(lower: 0, upper: 1e-10)),
        Experiment.Claim(
          id: "same-loss-\(kernel.rawValue)",
          statement: "h = \(kernel.rawValue): the construction's test loss is the 3-step fgd baseline's",
          run: "construct-\(kernel.rawValue)", metric: "test_loss", aggregate: .mean,
          check: .atMostRatio(other: "fgd-\(kernel.rawValue)", ratio: 1 + 1e-9)),
      ]
    }
  )

  /// One data kernel's rows of the reference table: gp-bayes and 3-step fgd with each h, at n = 2, 6, 10.
  static func table(_ data: DataKernel) -> Experiment {
    let rows = reference[data]!
    var runs: [Experiment.RunGroup] = []
    var claims: [Experiment.Claim] = []
    for row in rows {
      let problem = [("kernel", data.rawValue), ("n", "\(row.n)")]
      runs.append(
        .init(label: "bayes-n\(row.n)", algorithm: "gp-bayes", problemParameters: problem, seeds: 2, quickSeeds: 1))
      if data == .linear && row.n > 5 {
        claims.append(
          .init(
            id: "bayes-n\(row.n)",
            statement: "n = \(row.n) ≥ d: noiseless linear data are interpolated exactly (ln MSE ≈ −16 to −18, "
              + "set by the 1e-8 jitter)",
            run: "bayes-n\(row.n)", metric: "ln_test_loss", aggregate: .mean, check: .range(lower: -20, upper: -13)))
      } else {
        claims.append(
          near(
            "bayes-n\(row.n)", "Bayes, n = \(row.n): reference ln MSE \(row.bayes)", "bayes-n\(row.n)",
            "ln_test_loss", row.bayes, 0.1))
      }
      for (h, k1, k3) in row.fgd {
        let label = "fgd-\(h.rawValue)-n\(row.n)"
        runs.append(
          .init(
            label: label, algorithm: "fgd", algorithmParameters: [("h", h.rawValue)], problemParameters: problem,
            seeds: 2, quickSeeds: 1))
        claims.append(
          near(
            "\(label)-k1", "FGD-\(h.rawValue), k = 1, n = \(row.n): reference \(k1)", label, "ln_test_loss_l1", k1, 0.1)
        )
        claims.append(
          near(
            "\(label)-k3", "FGD-\(h.rawValue), k = 3, n = \(row.n): reference \(k3)", label, "ln_test_loss_l3", k3, 0.1)
        )
        if h != data {
          claims.append(
            .init(
              id: "matching-beats-\(h.rawValue)-n\(row.n)",
              statement:
                "n = \(row.n): 3-step FGD with the matching kernel \(data.rawValue) beats kernel \(h.rawValue)",
              run: "fgd-\(data.rawValue)-n\(row.n)", metric: "test_loss_l3", aggregate: .mean,
              check: .atMostRatio(other: label, ratio: 1)))
        }
      }
    }
    return Experiment(
      id: "fgd-table-\(data.rawValue)",
      title: "Data kernel \(data.rawValue): Bayes and tuned functional GD against the spec's ln-MSE table",
      summary: "GP prompts with the \(data.rawValue) data kernel (d = 5, x on the unit sphere, jitter 1e-8), n = 2, 6 "
        + "and 10, two seeds of 10,000 test prompts (quick: one): the posterior mean (gp-bayes) and 1–3 steps of functional GD with kernel h "
        + "∈ {linear, relu, exp} and per-step sizes tuned on 3,000 separate prompts. Claims: each entry within 0.1 "
        + "of the reference table (its batch-to-batch spread is 0.015–0.04) and, at k = 3, the matching kernel best.",
      runs: runs, claims: claims)
  }

  /// Context lengths of the trained grid (the scaled-down plan) and the one `--quick` keeps.
  static let trainedContextLengths = [2, 6, 10, 14]
  static let quickContextLength = 6
  /// Adam steps of each trained model (the plan's 2–5k), and of the quick version.
  static let trainedSteps = 2000
  static let quickTrainedSteps = 300
  /// Seeds of every trained-grid group (0, 1, 2); `--quick` keeps seed 0.
  static let trainedSeeds = 3
  /// The learning-rate schedule of the trained grid: the unofficial `figure1.py`'s 10 % linear warm-up and linear
  /// decay to 0, over this experiment's step budget. With the plugin's default step decay (0.01 halved every 1000
  /// steps) the n = 6 linear-attention model ends with a heavy error tail on prompts whose context points cluster
  /// (measured: one 10,000-prompt test set's ln MSE then varies by 1.3–1.9 between test sets, and the population
  /// MSE is above 3-step FGD's although 85 % of prompts are predicted better); annealed to 0, two of three seeds
  /// have no tail and the third a much rarer one (the plugin doc has the numbers).
  static let trainedSchedule = [("lr_schedule", "warmup-linear"), ("lr_horizon", "\(trainedSteps)")]
  /// At n = 2, 3-step functional GD is already within Monte Carlo error of Bayes, so "beats 3-step FGD" cannot be
  /// decided there; the claim is instead that the trained model is within this factor of the Bayes MSE (see the
  /// summary and the plugin doc for the measured spread that sets it).
  static let bayesRatioAtTwo = 1.03

  /// The trained grid: every (data kernel, h) pair at each n, plus the 3-step FGD of the matching h and Bayes, on
  /// seeds 0–2 (every run of one seed scores the same test prompts, so the claims compare paired means).
  ///
  /// `--quick` trains only the n = 6 row on seed 0 for 300 steps and checks only "the matching h is best" there,
  /// which that budget decides; the other rows and every comparison with FGD or Bayes are full-only.
  static let trained: Experiment = {
    var runs: [Experiment.RunGroup] = []
    var claims: [Experiment.Claim] = []
    for n in trainedContextLengths {
      let fullOnly = n != quickContextLength
      for data in DataKernel.allCases {
        let problem = [("kernel", data.rawValue), ("n", "\(n)"), ("exp_scale", "inverse-d")]
        let row = "\(data.rawValue)-n\(n)"
        for h in AttentionNonlinearity.allCases.map(\.rawValue) {
          runs.append(
            .init(
              label: "\(row)-\(h)", algorithm: "kernel-transformer",
              algorithmParameters: [("h", h)] + trainedSchedule, problemParameters: problem, seeds: trainedSeeds,
              firstSeed: 0, maxIterations: trainedSteps, quickSeeds: 1, quickMaxIterations: quickTrainedSteps,
              fullOnly: fullOnly))
          if h != data.rawValue {
            claims.append(
              .init(
                id: "\(row)-matching-beats-\(h)",
                statement: "\(data.rawValue) data, n = \(n): the trained transformer with matching h beats h = \(h)",
                run: "\(row)-\(data.rawValue)", metric: "test_loss", aggregate: .mean,
                check: .atMostRatio(other: "\(row)-\(h)", ratio: 1), fullOnly: fullOnly))
          }
        }
        runs.append(
          .init(
            label: "\(row)-fgd", algorithm: "fgd", algorithmParameters: [("h", data.rawValue)],
            problemParameters: problem, seeds: trainedSeeds, firstSeed: 0, quickSeeds: 1, fullOnly: fullOnly))
        runs.append(
          .init(
            label: "\(row)-bayes", algorithm: "gp-bayes", problemParameters: problem, seeds: trainedSeeds, firstSeed: 0,
            quickSeeds: 1, fullOnly: fullOnly))
        if n == 2 {
          claims.append(
            .init(
              id: "\(row)-trained-near-bayes",
              statement: "\(data.rawValue) data, n = 2: the trained 3-layer transformer is within 3 % of the Bayes "
                + "MSE (3-step FGD already is, so 'beats FGD' is not decidable at n = 2)",
              run: "\(row)-\(data.rawValue)", metric: "test_loss", aggregate: .mean,
              check: .atMostRatio(other: "\(row)-bayes", ratio: bayesRatioAtTwo), fullOnly: true))
        } else {
          claims.append(
            .init(
              id: "\(row)-trained-beats-fgd3",
              statement:
                "\(data.rawValue) data, n = \(n): the trained 3-layer transformer beats 3-step FGD of the same h",
              run: "\(row)-\(data.rawValue)", metric: "test_loss", aggregate: .mean,
              check: .atMostRatio(other: "\(row)-fgd", ratio: 1), fullOnly: true))
        }
      }
    }
    return Experiment(
      id: "kernel-transformer-grid",
      title: "Trained transformers: the attention h matching the data kernel is best (n = 2, 6, 10, 14; L = 3)",
      summary: "Trains the 3-layer kernel-attention transformer with h ∈ {linear, relu, exp, softmax} on GP prompts of "
        + "each data kernel (d = 5, n ∈ {2, 6, 10, 14}, exp kernel and exp attention scaled by 1/d as in the "
        + "unofficial code, batches of 1000 redrawn every 10 steps, 2000 Adam steps with the unofficial figure1.py "
        + "schedule: peak rate 0.01, 10 % linear warm-up, linear decay to 0), seeds 0–2, next to 3-step functional GD "
        + "with the matching kernel and the Bayes posterior mean on the same test prompts. Claims, on the mean test "
        + "MSE over the seeds: the matching h is best in each row; at n ≥ 6 it beats 3-step FGD of the same h; at "
        + "n = 2, where 3-step FGD is already within Monte Carlo error of Bayes (spec §5.2), it is within 3 % of the "
        + "Bayes MSE instead (a deviation from the issue's wording; the measured seed-to-seed spread of that ratio is "
        + "in the plugin doc). The annealed schedule is a fidelity fix: with the plugin's default step decay the n = 6 "
        + "linear-attention model ends with a heavy error tail. Full version: 144 trainings, about 90 minutes of CPU "
        + "(release). Quick: the n = 6 row on seed 0 at 300 steps, checking only that the matching h is best.",
      runs: runs, claims: claims)
  }()
}
