import Foundation

/// One bar: a value with an optional interval whisker and an optional diamond marker.
struct BarChartBar {
    var value: Double
    var interval: Interval?
    var marker: Double?
    var fill: String
    /// Printed next to the bar end.
    var label: String
    var tooltip: String
}

/// Bars drawn side by side under one category label; a group without bars shows `emptyNote`.
struct BarChartGroup {
    var label: RichText
    var bars: [BarChartBar]
    var emptyNote = "no data"
}

/// A legend entry: a filled square, or the diamond marker.
struct BarChartLegendItem {
    var label: RichText
    var fill: String
    var isMarker = false
}

/// Vertical grouped bars with interval whiskers and a zero line; the axis always includes 0.
func barChartSVG(title: String, groups: [BarChartGroup], yLabel: String, legend: [BarChartLegendItem]) -> String {
    let barWidth = 32.0, barGap = 4.0, groupPadding = 40.0
    let left = 56.0, right = 12.0, top = legend.isEmpty ? 14.0 : 36.0, bottom = 34.0, plotHeight = 230.0
    let groupWidths = groups.map { max(1, Double($0.bars.count)) * (barWidth + barGap) - barGap + groupPadding }
    let width = max(560, left + groupWidths.reduce(0, +) + right)
    let height = top + plotHeight + bottom
    var canvas = SVGCanvas(width: width, height: height, title: title)

    let values = groups.flatMap { $0.bars.flatMap { bar in [bar.value, bar.interval?.lower, bar.interval?.upper, bar.marker].compactMap { $0 } } }
        .filter(\.isFinite)
    let span = (values.max() ?? 1) - (values.min() ?? 0)
    let axis = AxisTicks(min: (values.min() ?? 0) - 0.08 * span, max: (values.max() ?? 1) + 0.08 * span, includeZero: true)
    func y(_ value: Double) -> Double {
        top + plotHeight * (axis.upper - min(axis.upper, max(axis.lower, value))) / (axis.upper - axis.lower)
    }

    for tick in axis.ticks {
        canvas.line(x1: left, y1: y(tick), x2: width - right, y2: y(tick), stroke: SVGColor.grid)
        canvas.text(RichText(axis.label(tick)), x: left - 6, y: y(tick) + 4, anchor: .end, size: 10, fill: SVGColor.muted)
    }
    canvas.text(RichText(yLabel), x: 14, y: top + plotHeight / 2, anchor: .middle, size: 11, fill: SVGColor.muted, rotate: true)

    var x = left + (width - left - right - groupWidths.reduce(0, +)) / 2 + groupPadding / 2
    for (group, groupWidth) in zip(groups, groupWidths) {
        canvas.text(group.label, x: x + (groupWidth - groupPadding) / 2, y: top + plotHeight + 22, anchor: .middle, size: 13, bold: true)
        if group.bars.isEmpty {
            canvas.text(RichText(group.emptyNote), x: x + (groupWidth - groupPadding) / 2, y: y(0) - 6,
                        anchor: .middle, size: 10, fill: SVGColor.muted)
        }
        for (index, bar) in group.bars.enumerated() {
            let barLeft = x + Double(index) * (barWidth + barGap)
            let center = barLeft + barWidth / 2
            let end = y(bar.value), zero = y(0)
            canvas.rect(x: barLeft, y: min(end, zero), width: barWidth, height: abs(zero - end), fill: bar.fill, tooltip: bar.tooltip)
            var outer = bar.value
            if let interval = bar.interval {
                canvas.line(x1: center, y1: y(interval.lower), x2: center, y2: y(interval.upper), stroke: SVGColor.whisker, width: 1.2)
                for bound in [interval.lower, interval.upper] {
                    canvas.line(x1: center - 5, y1: y(bound), x2: center + 5, y2: y(bound), stroke: SVGColor.whisker, width: 1.2)
                }
                outer = bar.value >= 0 ? max(bar.value, interval.upper) : min(bar.value, interval.lower)
            }
            if let marker = bar.marker {
                canvas.polygon(diamond(center, y(marker)), fill: "#ffffff", stroke: SVGColor.text, tooltip: nil)
                outer = bar.value >= 0 ? max(outer, marker) : min(outer, marker)
            }
            let labelY = bar.value >= 0 ? y(outer) - 4 : y(outer) + 12
            canvas.text(RichText(bar.label), x: center, y: labelY, anchor: .middle, size: 11)
        }
        x += groupWidth
    }
    canvas.line(x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: SVGColor.text, width: 1.2)

    var legendX = left
    for item in legend {
        if item.isMarker {
            canvas.polygon(diamond(legendX + 6, 13), fill: "#ffffff", stroke: SVGColor.text)
        } else {
            canvas.rect(x: legendX, y: 7, width: 12, height: 12, fill: item.fill)
        }
        canvas.text(item.label, x: legendX + 17, y: 17, size: 11)
        legendX += 30 + SVGCanvas.textWidth(item.label.plainText, size: 11)
    }
    return canvas.svg
}

/// A diamond marker centered at (x, y).
private func diamond(_ x: Double, _ y: Double) -> [(Double, Double)] {
    [(x, y - 5), (x + 5, y), (x, y + 5), (x - 5, y)]
}
