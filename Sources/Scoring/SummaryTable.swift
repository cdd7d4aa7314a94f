import Records

/// The summaries as an aligned text table for a terminal: one row per (model, instruction, set).
public func summaryTable(_ summaries: [ScoreSummary]) -> String {
    let header = ["model", "instruction", "set", "counted", "matched", "SEM-B", "SEM-W"]
    let rows = summaries.map { summary in
        [summary.model, summary.instruction, SetName(culture: summary.culture, lang: summary.lang).description,
         String(summary.counted), String(summary.matched), fixed(summary.semB), fixed(summary.semW)]
    }
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max()! }
    let numeric = Set(3..<header.count)
    return ([header] + rows).map { row in
        row.indices.map { column in
            let padding = String(repeating: " ", count: widths[column] - row[column].count)
            return numeric.contains(column) ? padding + row[column] : row[column] + padding
        }.joined(separator: "  ")
    }.joined(separator: "\n")
}

/// `value` with two decimals.
private func fixed(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = hundredths % 100
    return "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
}
