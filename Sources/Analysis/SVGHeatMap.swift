import Foundation

/// One cell of a heat map: a percentage (colors the cell) with lines of text, or a grey note.
struct HeatMapCell {
    enum Content {
        /// Colored by `value` (0…100); the first line is bold.
        case value(Double, lines: [String])
        /// A grey cell with a short note (`no scores`) or none.
        case note(String)
    }

    var content: Content
    var tooltip: String?
}

/// A grid of cells with row and column labels and a 0–100 color legend.
func heatMapSVG(title: String, rowLabels: [RichText], columnLabels: [RichText], cells: [[HeatMapCell]],
                legend: String) -> String {
    let cellWidth = 108.0, cellHeight = 58.0, labelWidth = 44.0, headerHeight = 26.0, legendHeight = 44.0
    let width = labelWidth + cellWidth * Double(columnLabels.count) + 2
    let height = headerHeight + cellHeight * Double(rowLabels.count) + legendHeight
    var canvas = SVGCanvas(width: width, height: height, title: title)

    for (column, label) in columnLabels.enumerated() {
        canvas.text(label, x: labelWidth + cellWidth * (Double(column) + 0.5), y: headerHeight - 9, anchor: .middle, size: 13, bold: true)
    }
    for (row, label) in rowLabels.enumerated() {
        let top = headerHeight + cellHeight * Double(row)
        canvas.text(label, x: labelWidth - 8, y: top + cellHeight / 2 + 4, anchor: .end, size: 13, bold: true)
        for (column, cell) in cells[row].enumerated() {
            let left = labelWidth + cellWidth * Double(column)
            switch cell.content {
            case .value(let value, let lines):
                canvas.rect(x: left, y: top, width: cellWidth, height: cellHeight, fill: SVGColor.heat(value),
                            stroke: "#ffffff", strokeWidth: 2, tooltip: cell.tooltip)
                for (index, line) in lines.enumerated() {
                    canvas.text(RichText(line), x: left + cellWidth / 2, y: top + 20 + Double(index) * 15,
                                anchor: .middle, size: index == 0 ? 15 : 11, bold: index == 0)
                }
            case .note(let note):
                canvas.rect(x: left, y: top, width: cellWidth, height: cellHeight, fill: SVGColor.missing,
                            stroke: "#ffffff", strokeWidth: 2, tooltip: cell.tooltip)
                if !note.isEmpty {
                    canvas.text(RichText(note), x: left + cellWidth / 2, y: top + cellHeight / 2 + 4,
                                anchor: .middle, size: 11, fill: SVGColor.muted)
                }
            }
        }
    }

    // Legend: SEM-B 0 … 100 in ten steps.
    let legendTop = headerHeight + cellHeight * Double(rowLabels.count) + 14
    let step = 16.0
    canvas.text(RichText(legend), x: labelWidth, y: legendTop + 11, size: 11, fill: SVGColor.muted)
    let legendLeft = labelWidth + SVGCanvas.textWidth(legend, size: 11) + 10
    for index in 0..<10 {
        canvas.rect(x: legendLeft + step * Double(index), y: legendTop, width: step, height: 14,
                    fill: SVGColor.heat(Double(index) * 10 + 5))
    }
    canvas.text("0", x: legendLeft, y: legendTop + 27, anchor: .middle, size: 10, fill: SVGColor.muted)
    canvas.text("50", x: legendLeft + step * 5, y: legendTop + 27, anchor: .middle, size: 10, fill: SVGColor.muted)
    canvas.text("100", x: legendLeft + step * 10, y: legendTop + 27, anchor: .middle, size: 10, fill: SVGColor.muted)
    return canvas.svg
}
