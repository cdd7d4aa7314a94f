import Foundation

/// One cell of a 2×2 panel: the set, its value (nil: no scores) and a detail line.
struct QuadrantCell {
    var set: RichText
    var value: Double?
    var detail: String
    var tooltip: String
}

/// A 2×2 panel (Figure 1 of the paper): rows are cultures, columns languages.
struct QuadrantPanel {
    var title: RichText
    var rowLabels: [RichText]
    var columnLabels: [RichText]
    /// Two rows of two cells.
    var cells: [[QuadrantCell]]
    /// Lines under the panel.
    var caption: [String]
}

/// Small multiples of 2×2 panels, `columns` per row.
func quadrantPanelsSVG(title: String, panels: [QuadrantPanel], columns: Int = 3) -> String {
    let cellWidth = 100.0, cellHeight = 62.0, rowLabelWidth = 38.0, titleHeight = 22.0, headerHeight = 18.0
    let panelWidth = rowLabelWidth + 2 * cellWidth + 16
    let panelHeight = titleHeight + headerHeight + 2 * cellHeight + 54
    let rows = (panels.count + columns - 1) / columns
    var canvas = SVGCanvas(width: panelWidth * Double(min(columns, max(1, panels.count))), height: panelHeight * Double(max(1, rows)), title: title)

    for (index, panel) in panels.enumerated() {
        let originX = panelWidth * Double(index % columns), originY = panelHeight * Double(index / columns)
        let gridLeft = originX + rowLabelWidth, gridTop = originY + titleHeight + headerHeight
        canvas.text(panel.title, x: gridLeft + cellWidth, y: originY + 15, anchor: .middle, size: 13, bold: true)
        for (column, label) in panel.columnLabels.enumerated() {
            canvas.text(label, x: gridLeft + cellWidth * (Double(column) + 0.5), y: gridTop - 5, anchor: .middle, size: 11, fill: SVGColor.muted)
        }
        for (row, label) in panel.rowLabels.enumerated() {
            let top = gridTop + cellHeight * Double(row)
            canvas.text(label, x: gridLeft - 6, y: top + cellHeight / 2 + 4, anchor: .end, size: 11, fill: SVGColor.muted)
            for (column, cell) in panel.cells[row].enumerated() {
                let left = gridLeft + cellWidth * Double(column)
                canvas.rect(x: left, y: top, width: cellWidth, height: cellHeight,
                            fill: cell.value.map(SVGColor.heat) ?? SVGColor.missing, stroke: "#ffffff", strokeWidth: 2, tooltip: cell.tooltip)
                canvas.text(cell.set, x: left + cellWidth / 2, y: top + 15, anchor: .middle, size: 11)
                canvas.text(RichText(cell.value.map(ReportNumber.percent) ?? ReportContent.noScores), x: left + cellWidth / 2, y: top + 36,
                            anchor: .middle, size: cell.value == nil ? 11 : 16, bold: cell.value != nil,
                            fill: cell.value == nil ? SVGColor.muted : SVGColor.text)
                canvas.text(RichText(cell.detail), x: left + cellWidth / 2, y: top + 52, anchor: .middle, size: 10)
            }
        }
        for (line, text) in panel.caption.enumerated() {
            canvas.text(RichText(text), x: gridLeft, y: gridTop + 2 * cellHeight + 16 + Double(line) * 14, size: 10.5, fill: SVGColor.text)
        }
    }
    return canvas.svg
}
