import Foundation

/// A labeled point of a scatter panel.
struct ScatterPoint {
    var x: Double
    var y: Double
    var label: RichText
    var tooltip: String
}

/// One scatter plot: points, an optional fitted line, a title and a caption line.
struct ScatterPanel {
    var title: RichText
    var caption: String
    var points: [ScatterPoint]
    var fit: LeastSquares?
}

/// Panels with more points than this leave them unlabeled (the table lists them).
let maxLabeledPoints = 10

/// Axis ticks over values with 6% room on each side, so points do not sit on the axes.
private func padded(_ values: [Double], fallback: (Double, Double)) -> AxisTicks {
    guard let lo = values.min(), let hi = values.max() else { return AxisTicks(min: fallback.0, max: fallback.1, target: 4) }
    let pad = Swift.max(hi - lo, Swift.max(abs(hi), 1) * 0.02) * 0.06
    return AxisTicks(min: lo - pad, max: hi + pad, target: 4)
}

/// Small multiples of scatter plots, each with its own axes, `columns` per row.
func scatterPanelsSVG(title: String, panels: [ScatterPanel], xLabel: RichText, yLabel: String, columns: Int = 2) -> String {
    let panelWidth = 380.0, panelHeight = 270.0
    let left = 50.0, right = 16.0, top = 44.0, bottom = 44.0
    let rows = (panels.count + columns - 1) / columns
    var canvas = SVGCanvas(width: panelWidth * Double(min(columns, max(1, panels.count))), height: panelHeight * Double(max(1, rows)), title: title)

    for (index, panel) in panels.enumerated() {
        let originX = panelWidth * Double(index % columns), originY = panelHeight * Double(index / columns)
        let plotLeft = originX + left, plotRight = originX + panelWidth - right
        let plotTop = originY + top, plotBottom = originY + panelHeight - bottom
        canvas.text(panel.title, x: plotLeft, y: originY + 16, size: 13, bold: true)
        canvas.text(RichText(panel.caption), x: plotLeft, y: originY + 31, size: 10.5)

        let xs = panel.points.map(\.x).filter(\.isFinite)
        var ys = panel.points.map(\.y).filter(\.isFinite)
        if let fit = panel.fit, let lo = xs.min(), let hi = xs.max() { ys += [fit.y(at: lo), fit.y(at: hi)] }
        let xAxis = padded(xs, fallback: (0, 1))
        let yAxis = padded(ys, fallback: (0, 100))
        func px(_ x: Double) -> Double { plotLeft + (plotRight - plotLeft) * (x - xAxis.lower) / (xAxis.upper - xAxis.lower) }
        func py(_ y: Double) -> Double { plotBottom - (plotBottom - plotTop) * (y - yAxis.lower) / (yAxis.upper - yAxis.lower) }

        for tick in yAxis.ticks {
            canvas.line(x1: plotLeft, y1: py(tick), x2: plotRight, y2: py(tick), stroke: SVGColor.grid)
            canvas.text(RichText(yAxis.label(tick)), x: plotLeft - 5, y: py(tick) + 3.5, anchor: .end, size: 9.5, fill: SVGColor.muted)
        }
        for tick in xAxis.ticks {
            canvas.line(x1: px(tick), y1: plotBottom, x2: px(tick), y2: plotBottom + 4, stroke: SVGColor.axis)
            canvas.text(RichText(xAxis.label(tick)), x: px(tick), y: plotBottom + 15, anchor: .middle, size: 9.5, fill: SVGColor.muted)
        }
        canvas.line(x1: plotLeft, y1: plotBottom, x2: plotRight, y2: plotBottom, stroke: SVGColor.axis)
        canvas.line(x1: plotLeft, y1: plotTop, x2: plotLeft, y2: plotBottom, stroke: SVGColor.axis)
        canvas.text(xLabel, x: (plotLeft + plotRight) / 2, y: plotBottom + 32, anchor: .middle, size: 10.5, fill: SVGColor.muted)
        canvas.text(RichText(yLabel), x: originX + 13, y: (plotTop + plotBottom) / 2, anchor: .middle, size: 10.5,
                    fill: SVGColor.muted, rotate: true)

        if let fit = panel.fit, let lo = xs.min(), let hi = xs.max() {
            canvas.line(x1: px(lo), y1: py(fit.y(at: lo)), x2: px(hi), y2: py(fit.y(at: hi)), stroke: SVGColor.fit, width: 1.5, dashed: true)
        }
        if panel.points.isEmpty {
            canvas.text("no points", x: (plotLeft + plotRight) / 2, y: (plotTop + plotBottom) / 2, anchor: .middle, size: 11, fill: SVGColor.muted)
        }
        let labeled = panel.points.count <= maxLabeledPoints
        for point in panel.points where point.x.isFinite && point.y.isFinite {
            let (x, y) = (px(point.x), py(point.y))
            canvas.circle(cx: x, cy: y, r: 4, fill: SVGColor.point, stroke: "#ffffff", tooltip: point.tooltip)
            guard labeled else { continue }
            let nearRight = x > plotRight - 60
            canvas.text(point.label, x: nearRight ? x - 7 : x + 7, y: y - 5, anchor: nearRight ? .end : .start, size: 9.5)
        }
        if !labeled {
            canvas.text(RichText("points unlabeled (more than \(maxLabeledPoints)); see the table"), x: plotRight, y: plotTop + 10,
                        anchor: .end, size: 9.5, fill: SVGColor.muted)
        }
    }
    return canvas.svg
}
