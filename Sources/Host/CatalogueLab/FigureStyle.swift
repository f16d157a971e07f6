import CatalogueHost

/// Colours, dashes and sizes shared by every figure, so compare, plot and reproduce draw alike.
enum FigureStyle {
  /// The Okabe–Ito palette without its yellow (too pale on white): distinguishable with the common colour-vision
  /// deficiencies and in greyscale print together with the dashes below.
  static let colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
  /// Dash patterns, cycled after each full round of colours.
  static let dashes = ["", "7 4", "2 3", "9 3 2 3"]

  /// The stroke colour of the n-th series.
  static func colour(_ index: Int) -> String { colours[index % colours.count] }

  /// The dash attribute of the n-th series ("" for solid).
  static func dash(_ index: Int) -> String {
    let pattern = dashes[(index / colours.count) % dashes.count]
    return pattern.isEmpty ? "" : " stroke-dasharray=\"\(pattern)\""
  }

  /// Figure width in pixels.
  static let width = 780.0
  /// Figure height in pixels.
  static let height = 470.0
  /// Title font size.
  static let titleSize = 16.0
  /// Subtitle (caption) font size.
  static let subtitleSize = 12.0
  /// Axis label font size.
  static let axisLabelSize = 13.0
  /// Tick label font size.
  static let tickSize = 11.0
  /// Legend font size.
  static let legendSize = 12.0
  /// Widest a legend label may be before it wraps.
  static let legendTextWidth = 210.0
  /// Outer margin.
  static let margin = 14.0
}
