import Foundation

// Primitives shared by the SVG charts: a canvas that emits escaped, deterministic SVG markup,
// the report's colors, and axis ticks. The charts themselves are in SVGHeatMap, SVGBarChart,
// SVGQuadrants and SVGScatter.

/// An SVG drawing in user units; `svg` is the markup, sized by its viewBox so it scales to the page.
struct SVGCanvas {
    enum Anchor: String {
        case start, middle, end
    }

    let width: Double
    let height: Double
    /// Accessible title of the whole chart.
    let title: String
    private var elements: [String] = []

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    /// The `<svg>` element (inline in HTML; no namespace attribute needed there).
    var svg: String {
        "<svg class=\"chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" width=\"\(n(width))\" height=\"\(n(height))\" role=\"img\" aria-label=\"\(ReportEscape.xml(title))\">"
            + "<title>\(ReportEscape.xml(title))</title>\n" + elements.joined(separator: "\n") + "\n</svg>"
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                       stroke: String? = nil, strokeWidth: Double = 1, tooltip: String? = nil) {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(max(0, height)))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"" }
        element("rect", attributes, tooltip: tooltip)
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                       width: Double = 1, dashed: Bool = false) {
        var attributes = "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\""
        if dashed { attributes += " stroke-dasharray=\"4 3\"" }
        element("line", attributes, tooltip: nil)
    }

    mutating func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil, tooltip: String? = nil) {
        var attributes = "cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        element("circle", attributes, tooltip: tooltip)
    }

    /// A closed polygon through the points.
    mutating func polygon(_ points: [(Double, Double)], fill: String, stroke: String? = nil, tooltip: String? = nil) {
        var attributes = "points=\"\(points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"\(fill)\""
        if let stroke { attributes += " stroke=\"\(stroke)\" stroke-width=\"1\"" }
        element("polygon", attributes, tooltip: tooltip)
    }

    /// Text at (x, y) (baseline); subscripts are lowered and smaller.
    mutating func text(_ rich: RichText, x: Double, y: Double, anchor: Anchor = .start, size: Double = 12,
                       bold: Bool = false, fill: String = SVGColor.text, rotate: Bool = false) {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" fill=\"\(fill)\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        if rotate { attributes += " transform=\"rotate(-90 \(n(x)) \(n(y)))\"" }
        let shift = size * 0.3
        var body = ""
        var lowered = false
        for part in rich.parts {
            switch part {
            case .plain(let text), .code(let text):
                body += lowered ? "<tspan dy=\"\(n(-shift))\">\(ReportEscape.xml(text))</tspan>" : ReportEscape.xml(text)
                lowered = false
            case .sub(let text):
                body += "<tspan dy=\"\(n(lowered ? 0 : shift))\" font-size=\"\(n(size * 0.75))\">\(ReportEscape.xml(text))</tspan>"
                lowered = true
            }
        }
        elements.append("<text \(attributes)>\(body)</text>")
    }

    private mutating func element(_ name: String, _ attributes: String, tooltip: String?) {
        if let tooltip {
            elements.append("<\(name) \(attributes)><title>\(ReportEscape.xml(tooltip))</title></\(name)>")
        } else {
            elements.append("<\(name) \(attributes)/>")
        }
    }

    /// A coordinate with at most one decimal: `12`, `12.5`.
    private func n(_ value: Double) -> String { SVGCanvas.number(value) }

    static func number(_ value: Double) -> String {
        let text = ReportNumber.fixed(value.isFinite ? value : 0, decimals: 1)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Approximate rendered width of text in the report's sans-serif font.
    static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.56 }
}

/// The report's palette: colorblind-safe and light enough to print.
enum SVGColor {
    static let text = "#1a1a1a"
    static let muted = "#666666"
    static let grid = "#dddddd"
    static let axis = "#888888"
    static let missing = "#f2f2f2"
    static let positive = "#2f6fb0"
    static let negative = "#d9822b"
    static let whisker = "#333333"
    /// P_{en,l} and P_{l,l}.
    static let shareEnL = "#3a9e8f"
    static let shareLL = "#8a63b8"
    static let point = "#2f6fb0"
    static let fit = "#c0392b"

    /// A light-to-mid blue for a percentage 0…100 (clamped), dark text stays readable on it.
    static func heat(_ percent: Double) -> String {
        let stops: [(Double, (Double, Double, Double))] = [
            (0, (247, 251, 255)), (50, (187, 215, 236)), (100, (90, 155, 210)),
        ]
        let v = percent.isFinite ? min(100, max(0, percent)) : 0
        let upper = stops.firstIndex { $0.0 >= v } ?? stops.count - 1
        let lower = max(0, upper - 1)
        let (a, b) = (stops[lower], stops[upper])
        let t = b.0 == a.0 ? 0 : (v - a.0) / (b.0 - a.0)
        func mix(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return String(format: "#%02x%02x%02x", mix(a.1.0, b.1.0), mix(a.1.1, b.1.1), mix(a.1.2, b.1.2))
    }
}

/// Round axis ticks (steps of 1, 2 or 5 × 10^k) covering a range.
struct AxisTicks {
    var lower: Double
    var upper: Double
    var ticks: [Double]

    /// Ticks covering [min, max]; `includeZero` forces 0 into the range.
    init(min minValue: Double, max maxValue: Double, includeZero: Bool = false, target: Int = 5) {
        var lo = minValue.isFinite ? minValue : 0
        var hi = maxValue.isFinite ? maxValue : 1
        if includeZero { lo = Swift.min(lo, 0); hi = Swift.max(hi, 0) }
        if hi - lo < 1e-9 { lo -= 1; hi += 1 }
        let rough = (hi - lo) / Double(target)
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = floor(lo / step) * step, last = ceil(hi / step) * step
        let count = Int(((last - first) / step).rounded())
        lower = first
        upper = last
        ticks = (0...count).map { first + Double($0) * step }
    }

    /// Tick label without needless decimals.
    func label(_ value: Double) -> String {
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        if step >= 1 { return ReportNumber.count(Int(value.rounded())) }
        return ReportNumber.fixed(value, decimals: Int(ceil(-log10(step))))
    }
}
