// The ablation section (the paper's Section 5), shared by both reports: a table, and in HTML a
// bar chart of the accuracy drops.

extension ReportSection {
    static let ablation = ReportSection(
        anchor: "ablation",
        title: "Ablation: masking key neurons (Section 5)",
        howToRead: "Each row is one set answered three times by the same model: without a mask, with its layer top-k key neurons "
            + "(from that set's probe) zeroed, and with as many neurons drawn uniformly over all layers zeroed (the control). "
            + "A drop well beyond the control's means the key neurons carry the answers.")
}

extension ReportContent {
    static let noAblation: RichText = "No ablation runs (answers of models named <model>+key-k<k> and <model>+random-k<k>; see `make ablation`)."

    static func ablationTable(_ effects: [AblationEffect]) -> ReportTable {
        let missing = RichText("—")
        return ReportTable(
            header: ["Model", "Instruction", "Set", "k", "SEM-B unmasked", "key masked", "drop", "random masked", "drop"],
            rows: effects.map { effect in
                [RichText([.code(effect.model)]), RichText([.code(effect.instruction)]), Notation.set(named: effect.set),
                 RichText(String(effect.k)),
                 effect.baseline.map { RichText(ReportNumber.percent($0)) } ?? missing,
                 RichText(ReportNumber.percent(effect.keyMasked)),
                 effect.keyDrop.map { RichText(ReportNumber.signedPoints($0)) } ?? missing,
                 effect.randomMasked.map { RichText(ReportNumber.percent($0)) } ?? missing,
                 effect.randomDrop.map { RichText(ReportNumber.signedPoints($0)) } ?? missing]
            },
            numeric: [3, 4, 5, 6, 7, 8])
    }

    /// Bar groups for the chart: one group per (model, instruction, set, k), key and random drops.
    static func ablationBars(_ effects: [AblationEffect]) -> [BarChartGroup] {
        effects.map { effect in
            var bars: [BarChartBar] = []
            if let drop = effect.keyDrop {
                bars.append(BarChartBar(value: drop, interval: nil, marker: nil, fill: SVGColor.negative,
                                        label: ReportNumber.signedPoints(drop), tooltip: "key neurons masked: drop \(ReportNumber.signedPoints(drop))"))
            }
            if let drop = effect.randomDrop {
                bars.append(BarChartBar(value: drop, interval: nil, marker: nil, fill: SVGColor.muted,
                                        label: ReportNumber.signedPoints(drop), tooltip: "random mask: drop \(ReportNumber.signedPoints(drop))"))
            }
            return BarChartGroup(label: Notation.set(named: effect.set) + RichText(" k=\(effect.k)"), bars: bars, emptyNote: "no unmasked run")
        }
    }
}
