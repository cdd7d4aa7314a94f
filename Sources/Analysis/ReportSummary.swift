/// Three lines for a terminal: mean SEM-B per (model, instruction), the mean synergy gaps, and
/// the mean specialized-neuron shares.
public func summaryLines(_ results: AggregateResults) -> [String] {
    func mean(_ values: [Double]) -> String { values.isEmpty ? "–" : ReportNumber.percent(values.reduce(0, +) / Double(values.count)) }
    let runs = ReportGroup.groups(results).filter { !$0.accuracy.isEmpty }
    let accuracy = runs.map { "\($0.model) \($0.instruction) \(mean($0.accuracy.map(\.semB)))" }
    let gaps = GapKind.allCases.map { kind in
        let values = results.gaps.filter { $0.kind == kind.rawValue }.map(\.gap)
        let positive = values.filter { $0 > 0 }.count
        return "\(kind.rawValue.replacingOccurrences(of: "_", with: "-")) \(values.isEmpty ? "–" : ReportNumber.signedPoints(values.reduce(0, +) / Double(values.count))) (\(positive) of \(values.count) positive)"
    }
    let shares = ["P_en_l", "P_l_l"].map { kind in "\(kind) \(mean(results.specialized.filter { $0.kind == kind }.map(\.share)))" }
    return [
        "mean SEM-B over sets: " + (accuracy.isEmpty ? "no scores" : accuracy.joined(separator: "; ")),
        "synergy gaps (SEM-B points, mean over cultures and runs): " + gaps.joined(separator: "; "),
        "specialized neurons (mean over languages and runs): " + (results.specialized.isEmpty ? "no neuron records" : shares.joined(separator: "; ")),
    ]
}
