import Foundation

/// Renders the aggregate results as `report.md`: settings, then per (model, instruction) the
/// accuracy grid, the four-quadrant panels, the synergy gaps, the specialized-neuron shares and
/// the key-neuron count against accuracy. The same input always gives the same bytes.
public func markdownReport(_ results: AggregateResults) -> String {
    var md = MarkdownWriter()
    let groups = ReportGroup.groups(results)
    md.heading(1, RichText(ReportContent.title))
    md.paragraph(RichText(ReportContent.subtitle))
    md.heading(2, "Settings")
    md.table(ReportContent.settingsTable(results.settings))
    if groups.isEmpty {
        md.paragraph(ReportContent.noResults)
        return md.text
    }
    md.heading(2, "Models and instructions")
    md.table(ReportContent.coverageTable(groups))
    for group in groups { md.group(group) }
    md.section(.ablation)
    if results.ablation.isEmpty {
        md.paragraph(ReportContent.noAblation)
    } else {
        md.table(ReportContent.ablationTable(results.ablation))
    }
    return md.text
}

/// Builds Markdown text line by line.
private struct MarkdownWriter {
    var text = ""

    mutating func line(_ line: String) { text += line + "\n" }
    mutating func blank() { text += "\n" }

    mutating func paragraph(_ rich: RichText) {
        line(Self.inline(rich))
        blank()
    }

    /// A paragraph led by a bold label: `**How to read.** …`.
    mutating func labeled(_ label: String, _ rich: RichText) {
        line("**\(label).** " + Self.inline(rich))
        blank()
    }

    mutating func heading(_ level: Int, _ rich: RichText) {
        line(String(repeating: "#", count: level) + " " + Self.inline(rich))
        blank()
    }

    mutating func table(_ table: ReportTable) {
        line("| " + table.header.map(Self.inline).joined(separator: " | ") + " |")
        line("|" + table.header.indices.map { table.numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in table.rows { line("| " + row.map(Self.inline).joined(separator: " | ") + " |") }
        blank()
    }

    /// Inline Markdown: text escaped, subscripts as `_{…}` (the paper's notation).
    static func inline(_ rich: RichText) -> String {
        rich.parts.map { part in
            switch part {
            case .plain(let text): ReportEscape.markdown(text)
            case .sub(let text): "_{" + ReportEscape.markdown(text) + "}"
            case .code(let text): ReportEscape.markdown(text)
            }
        }.joined()
    }

    mutating func group(_ group: ReportGroup) {
        heading(2, RichText([.code(group.model)]) + " · " + RichText([.code(group.instruction)]))
        accuracy(group)
        quadrants(group)
        gaps(group)
        neurons(group)
        counts(group)
    }

    mutating func section(_ section: ReportSection) {
        heading(3, section.title)
        labeled("How to read", section.howToRead)
    }

    mutating func accuracy(_ group: ReportGroup) {
        section(.accuracy)
        if let missing = ReportContent.missingSetsNote(group) { labeled("Missing", missing) }
        guard !group.accuracy.isEmpty else { return }
        table(ReportContent.accuracyGrid(group))
        paragraph(ReportContent.gridLegend)
        table(ReportContent.accuracyDetails(group))
    }

    mutating func quadrants(_ group: ReportGroup) {
        section(.quadrants)
        guard !group.accuracy.isEmpty else {
            paragraph("No accuracy records, so no quadrant panels.")
            return
        }
        for culture in group.nonUSCultures where group.ownLanguage(of: culture) != nil {
            table(ReportContent.quadrantTable(group, culture: culture))
        }
    }

    mutating func gaps(_ group: ReportGroup) {
        section(.gaps)
        for kind in GapKind.allCases {
            heading(4, kind.title)
            if let missing = ReportContent.missingGapsNote(group, kind) { paragraph(missing) }
            let gaps = ReportContent.gaps(group, kind)
            if !gaps.isEmpty { table(ReportContent.gapTable(gaps)) }
        }
        let other = ReportContent.otherGaps(group)
        if !other.isEmpty {
            heading(4, "Other gap kinds")
            table(ReportContent.gapTable(other))
        }
    }

    mutating func neurons(_ group: ReportGroup) {
        section(.neurons)
        guard !group.specialized.isEmpty else {
            paragraph(ReportContent.noNeuronShares)
            return
        }
        for signal in ReportContent.signals(group) {
            let shares = group.specialized.filter { $0.signal == signal }
            guard !shares.isEmpty else { continue }
            heading(4, "Signal " + RichText([.code(signal)]))
            if let missing = ReportContent.missingSharesNote(shares) { labeled("Missing", missing) }
            table(ReportContent.shareTable(shares))
        }
    }

    mutating func counts(_ group: ReportGroup) {
        section(.counts)
        guard !group.neuronAccuracy.isEmpty else {
            paragraph(ReportContent.noNeuronCounts)
            return
        }
        table(ReportContent.correlationTable(group.neuronAccuracy))
        table(ReportContent.pointsTable(group.neuronAccuracy))
    }
}
