import Foundation

// What both reports say, independent of the output format: the (model, instruction) groups in
// report order, the section titles and "how to read" lines, the tables and the notes on missing
// pieces. ReportMarkdown and ReportHTML only lay these out (HTML adds the SVG charts).

/// A table of rich-text cells; `numeric` marks right-aligned columns.
struct ReportTable: Equatable {
    var header: [RichText]
    var rows: [[RichText]]
    var numeric: Set<Int> = []
}

/// A report section: anchor, title and how to read it.
struct ReportSection {
    var anchor: String
    var title: RichText
    var howToRead: RichText

    static let accuracy = ReportSection(
        anchor: "accuracy",
        title: "1. Accuracy by culture and language",
        howToRead: "Each cell is one set " + Notation.set("c", "l")
            + ": SEM-B (BLEnD soft exact match, binary) with its 95% bootstrap interval over templates, then SEM-W. "
            + "The US row holds the US-culture questions " + Notation.set("US", "l")
            + " in every language; other cultures are asked in English and in their own language.")

    static let quadrants = ReportSection(
        anchor: "quadrants",
        title: "2. The four quadrants per culture (Figure 1)",
        howToRead: "For each culture c and its language l: rows are the culture asked about (c, US), columns the language asked in (l, en). "
            + "Reading across a row shows the effect of language; reading down a column shows the effect of culture. Values are SEM-B.")

    static let gaps = ReportSection(
        anchor: "gaps",
        title: "3. Synergy gaps",
        howToRead: "Cross-lingual gap " + Notation.set("c", "c") + " − " + Notation.set("c", "en")
            + " and cross-cultural gap " + Notation.set("c", "c") + " − " + Notation.set("US", "l")
            + ", in SEM-B points on the templates counted in both sets. A positive gap is the cultural-linguistic synergy. "
            + "Intervals are paired bootstrap 95% intervals; McNemar's exact test uses the discordant pairs (matched only in A, only in B).")

    static let neurons = ReportSection(
        anchor: "neurons",
        title: "4. Specialized neurons",
        howToRead: Notation.share(kind: "P_en_l") + " is the share of key neurons of " + Notation.set("US", "l")
            + " not used by " + Notation.set("US", "en") + " (what language l adds for the same culture); "
            + Notation.share(kind: "P_l_l") + " is the share of key neurons of " + Notation.set("c", "c")
            + " not used by " + Notation.set("c", "en") + " (what c's own language adds). "
            + "P is the mean over paired questions with a 95% bootstrap interval; Eq. 8 is the same share over the union of the questions' key neurons.")

    static let counts = ReportSection(
        anchor: "counts",
        title: "5. Key-neuron count and accuracy",
        howToRead: "One point per set of a language: " + Notation.sub("|N", "Q") + "|, the distinct (layer, neuron) key neurons over the set's questions, against its SEM-B. "
            + "Pearson's r with its two-sided t-test p-value and Fisher-z 95% interval; the line is the least-squares fit.")

    static let all = [accuracy, quadrants, gaps, neurons, counts]
}

/// The results of one model under one instruction, sorted in report order.
struct ReportGroup {
    var model: String
    var instruction: String
    var accuracy: [SetAccuracy]
    var gaps: [SynergyGap]
    var specialized: [SpecializedShare]
    var neuronAccuracy: [NeuronAccuracy]

    /// SEM-B record of Q_{culture,lang}, if scored.
    func accuracy(_ culture: String, _ lang: String) -> SetAccuracy? {
        accuracy.first { $0.culture == culture && $0.lang == lang }
    }

    /// The group heading: `model · instruction`.
    var title: String { "\(model) · \(instruction)" }

    /// Cultures in the grid: the framework's seven plus any other culture with scores.
    var cultures: [String] {
        Array(Set(ReportOrder.cultures + accuracy.map(\.culture))).sorted(by: ReportOrder.cultureLess)
    }

    /// Languages in the grid: the framework's seven plus any other language with scores.
    var languages: [String] {
        Array(Set(ReportOrder.languages + accuracy.map(\.lang))).sorted(by: ReportOrder.languageLess)
    }

    /// Cultures other than the US that get a quadrant panel and gap rows.
    var nonUSCultures: [String] { cultures.filter { $0 != "US" } }

    /// The language of culture c in the framework (its own language), or the one scored.
    func ownLanguage(of culture: String) -> String? {
        ReportOrder.ownLanguage[culture]
            ?? accuracy.filter { $0.culture == culture && $0.lang != "en" }.map(\.lang).sorted(by: ReportOrder.languageLess).first
    }

    /// Whether (culture, lang) is one of the framework's sets (or was scored anyway).
    func isSet(_ culture: String, _ lang: String) -> Bool {
        culture == "US" || lang == "en" || ownLanguage(of: culture) == lang || self.accuracy(culture, lang) != nil
    }

    /// Splits results into groups, sorted by model then instruction; every record goes to exactly one group.
    static func groups(_ results: AggregateResults) -> [ReportGroup] {
        struct Key: Hashable, Comparable {
            var model: String
            var instruction: String
            static func < (a: Key, b: Key) -> Bool { (a.model, a.instruction) < (b.model, b.instruction) }
        }
        var keys = Set<Key>()
        results.accuracy.forEach { keys.insert(Key(model: $0.model, instruction: $0.instruction)) }
        results.gaps.forEach { keys.insert(Key(model: $0.model, instruction: $0.instruction)) }
        results.specialized.forEach { keys.insert(Key(model: $0.model, instruction: $0.instruction)) }
        results.neuronAccuracy.forEach { keys.insert(Key(model: $0.model, instruction: $0.instruction)) }
        let c = ReportOrder.cultureRank, l = ReportOrder.languageRank
        return keys.sorted { ($0.model.lowercased(), $0) < ($1.model.lowercased(), $1) }.map { key in
            func mine(_ model: String, _ instruction: String) -> Bool { model == key.model && instruction == key.instruction }
            return ReportGroup(
                model: key.model, instruction: key.instruction,
                accuracy: results.accuracy.filter { mine($0.model, $0.instruction) }.sorted {
                    (c($0.culture), $0.culture, l($0.lang), $0.lang, $0.set) < (c($1.culture), $1.culture, l($1.lang), $1.lang, $1.set)
                },
                gaps: results.gaps.filter { mine($0.model, $0.instruction) }.sorted {
                    ($0.kind, c($0.culture), $0.culture, l($0.lang), $0.lang, $0.setA + " " + $0.setB)
                        < ($1.kind, c($1.culture), $1.culture, l($1.lang), $1.lang, $1.setA + " " + $1.setB)
                },
                specialized: results.specialized.filter { mine($0.model, $0.instruction) }.sorted {
                    ($0.signal, l($0.lang), $0.lang, $0.kind, $0.setA, $0.setB) < ($1.signal, l($1.lang), $1.lang, $1.kind, $1.setA, $1.setB)
                },
                neuronAccuracy: results.neuronAccuracy.filter { mine($0.model, $0.instruction) }.sorted {
                    ($0.signal, l($0.lang), $0.lang) < ($1.signal, l($1.lang), $1.lang)
                })
        }
    }
}

/// The two gap kinds in report order.
enum GapKind: String, CaseIterable {
    case crossLingual = "cross_lingual"
    case crossCultural = "cross_cultural"

    /// `cross-lingual`, `cross-cultural`.
    var name: String { self == .crossLingual ? "cross-lingual" : "cross-cultural" }

    var title: RichText {
        switch self {
        case .crossLingual: "Cross-lingual gap " + Notation.set("c", "c") + " − " + Notation.set("c", "en")
        case .crossCultural: "Cross-cultural gap " + Notation.set("c", "c") + " − " + Notation.set("US", "l")
        }
    }
}

/// Tables and notes of the report.
enum ReportContent {
    static let title = "Dual evaluation report"
    static let subtitle = "Dual Evaluation Framework (Ying et al. 2025) on BLEnD: language and culture evaluated separately."

    // MARK: Header

    static func settingsTable(_ settings: AggregateSettings) -> ReportTable {
        let k = settings.k.map { "re-thresholded as layer top-k, k = \($0)" } ?? "as stored by probe"
        return ReportTable(header: ["Setting", "Value"], rows: [
            ["Bootstrap resamples", RichText(ReportNumber.count(settings.resamples) + " per interval (95% percentile intervals)")],
            ["Bootstrap seed", RichText(String(settings.seed))],
            ["Key-neuron threshold", settings.threshold.map { RichText([.code($0)]) } ?? "not recorded"],
            ["Key neurons", RichText(k)],
            ["Questions in P", RichText(settings.correctOnly
                ? "correct-only: answered correctly in both sets"
                : "all paired questions (as in the paper)")],
            ["P per question", "mean over layers with key neurons in B of |B_l \\ A_l| / |B_l|"],
            ["P set level (Eq. 8)", RichText(settings.setLevelForm)],
            ["Numbers", "percentages with 1 decimal; p-values with 3 significant digits"],
        ] + settings.notes.map { ["Note", RichText($0)] })
    }

    /// One row per group: what it has, with missing pieces named.
    static func coverageTable(_ groups: [ReportGroup]) -> ReportTable {
        let total = ReportOrder.frameworkSets.count
        return ReportTable(
            header: ["Model", "Instruction", "Sets with scores", "Gaps", "Specialized shares", "Count vs accuracy"],
            rows: groups.map { group in
                let scored = ReportOrder.frameworkSets.filter { group.accuracy($0.culture, $0.lang) != nil }.count
                return [RichText([.code(group.model)]), RichText([.code(group.instruction)]),
                        RichText("\(scored) of \(total)"),
                        RichText(group.gaps.isEmpty ? "none" : String(group.gaps.count)),
                        RichText(group.specialized.isEmpty ? "no neuron records" : String(group.specialized.count)),
                        RichText(group.neuronAccuracy.isEmpty ? "no neuron records" : String(group.neuronAccuracy.count))]
            },
            numeric: [2, 3, 4, 5])
    }

    static let noResults: RichText = "No results: the input held no accuracy, gap or neuron records."

    // MARK: 1. Accuracy

    /// The text of a grid cell: `62.3 [58.1, 66.0] · W 71.2`.
    static func cellText(_ a: SetAccuracy) -> String {
        "\(ReportNumber.percent(a.semB)) \(ReportNumber.interval(a.semBInterval)) · W \(ReportNumber.percent(a.semW))"
    }

    static let notASet = "—"
    static let noScores = "no scores"

    /// Cultures × languages, each cell SEM-B [interval] · W SEM-W.
    static func accuracyGrid(_ group: ReportGroup) -> ReportTable {
        let languages = group.languages
        return ReportTable(
            header: ["Culture"] + languages.map { RichText($0) },
            rows: group.cultures.map { culture in
                [RichText(culture)] + languages.map { lang in
                    if let a = group.accuracy(culture, lang) { return RichText(cellText(a)) }
                    return RichText(group.isSet(culture, lang) ? noScores : notASet)
                }
            })
    }

    static let gridLegend: RichText = "Cell: SEM-B [95% interval] · W SEM-W, percentages. “—”: not a set of the framework; “no scores”: a set of the framework without scores."

    /// Every scored set with counts and both intervals.
    static func accuracyDetails(_ group: ReportGroup) -> ReportTable {
        ReportTable(
            header: ["Set", "Counted", "Matched", "SEM-B", "95% interval", "SEM-W", "95% interval"],
            rows: group.accuracy.map { a in
                [Notation.set(a.culture, a.lang), RichText(ReportNumber.count(a.counted)), RichText(ReportNumber.count(a.matched)),
                 RichText(ReportNumber.percent(a.semB)), RichText(ReportNumber.interval(a.semBInterval)),
                 RichText(ReportNumber.percent(a.semW)), RichText(ReportNumber.interval(a.semWInterval))]
            },
            numeric: [1, 2, 3, 4, 5, 6])
    }

    /// Framework sets without scores, named; nil when all 19 are scored.
    static func missingSetsNote(_ group: ReportGroup) -> RichText? {
        if group.accuracy.isEmpty { return "No accuracy records for this model and instruction: none of the 19 sets has scores." }
        let missing = ReportOrder.frameworkSets.filter { group.accuracy($0.culture, $0.lang) == nil }
        guard !missing.isEmpty else { return nil }
        return RichText("No scores for \(missing.count) of \(ReportOrder.frameworkSets.count) sets: ")
            + RichText.joined(missing.map { Notation.set($0.culture, $0.lang) }, separator: ", ") + "."
    }

    // MARK: 2. Quadrants

    /// The four sets of culture c's panel: [[Q_{c,l}, Q_{c,en}], [Q_{US,l}, Q_{US,en}]].
    static func quadrantSets(_ group: ReportGroup, culture: String) -> [[(culture: String, lang: String)]] {
        let l = group.ownLanguage(of: culture) ?? "l"
        return [[(culture, l), (culture, "en")], [("US", l), ("US", "en")]]
    }

    /// A quadrant cell: `Q_{CN,zh} 62.3 [58.1, 66.0]` or `Q_{CN,zh} no scores`.
    static func quadrantCell(_ group: ReportGroup, _ set: (culture: String, lang: String)) -> RichText {
        let value = group.accuracy(set.culture, set.lang).map { "\(ReportNumber.percent($0.semB)) \(ReportNumber.interval($0.semBInterval))" }
        return Notation.set(set.culture, set.lang) + RichText(" " + (value ?? noScores))
    }

    /// The 2×2 panel of culture c: rows culture c / US, columns language l / en.
    static func quadrantTable(_ group: ReportGroup, culture: String) -> ReportTable {
        let sets = quadrantSets(group, culture: culture)
        let l = sets[0][0].lang
        return ReportTable(
            header: [RichText("\(culture) (\(l))"), RichText("asked in \(l)"), "asked in en"],
            rows: [[RichText("about \(culture)")] + sets[0].map { quadrantCell(group, $0) },
                   ["about US"] + sets[1].map { quadrantCell(group, $0) }])
    }

    // MARK: 3. Gaps

    static func gaps(_ group: ReportGroup, _ kind: GapKind) -> [SynergyGap] {
        group.gaps.filter { $0.kind == kind.rawValue }
    }

    static func gapTable(_ gaps: [SynergyGap]) -> ReportTable {
        ReportTable(
            header: ["Culture", "Sets (A − B)", "Pairs", "SEM-B A", "SEM-B B", "Gap", "95% interval", "Only A", "Only B", "McNemar p"],
            rows: gaps.map { g in
                [RichText("\(g.culture) (\(g.lang))"), Notation.set(named: g.setA) + " − " + Notation.set(named: g.setB),
                 RichText(ReportNumber.count(g.pairs)), RichText(ReportNumber.percent(g.semBA)), RichText(ReportNumber.percent(g.semBB)),
                 RichText(ReportNumber.signedPoints(g.gap)), RichText(ReportNumber.signedInterval(g.interval)),
                 RichText(ReportNumber.count(g.onlyA)), RichText(ReportNumber.count(g.onlyB)), RichText(ReportNumber.pValue(g.mcnemarP))]
            },
            numeric: [2, 3, 4, 5, 6, 7, 8, 9])
    }

    /// Gap records of unknown kinds, so none is dropped silently.
    static func otherGaps(_ group: ReportGroup) -> [SynergyGap] {
        group.gaps.filter { GapKind(rawValue: $0.kind) == nil }
    }

    /// Cultures without a gap of this kind.
    static func missingGapsNote(_ group: ReportGroup, _ kind: GapKind) -> RichText? {
        let present = Set(gaps(group, kind).map(\.culture))
        let missing = group.nonUSCultures.filter { ReportOrder.ownLanguage[$0] != nil && !present.contains($0) }
        if missing.count == group.nonUSCultures.filter({ ReportOrder.ownLanguage[$0] != nil }).count {
            return RichText("No \(kind.name) gaps for this model and instruction.")
        }
        guard !missing.isEmpty else { return nil }
        return RichText("No \(kind.name) gap for \(missing.joined(separator: ", ")) (a set without scores, or no paired templates).")
    }

    // MARK: 4. Specialized neurons

    static func signals(_ group: ReportGroup) -> [String] {
        Array(Set(group.specialized.map(\.signal) + group.neuronAccuracy.map(\.signal))).sorted()
    }

    static func shareTable(_ shares: [SpecializedShare]) -> ReportTable {
        ReportTable(
            header: ["Language", "Share", "Sets (A → B)", "Questions", "P (mean p_q)", "95% interval", "Eq. 8 (set level)"],
            rows: shares.map { s in
                [RichText(s.lang), Notation.share(kind: s.kind, lang: s.lang),
                 Notation.set(named: s.setA) + " → " + Notation.set(named: s.setB),
                 RichText(ReportNumber.count(s.questions)), RichText(ReportNumber.percent(s.share)),
                 RichText(ReportNumber.interval(s.interval)), RichText(ReportNumber.percent(s.setLevelShare))]
            },
            numeric: [3, 4, 5, 6])
    }

    /// Languages (of the six other than en) lacking a share kind, named; nil when none lacks one.
    static func missingSharesNote(_ shares: [SpecializedShare]) -> RichText? {
        var notes: [RichText] = []
        for kind in ["P_en_l", "P_l_l"] {
            let present = Set(shares.filter { $0.kind == kind }.map(\.lang))
            let missing = ReportOrder.languages.dropFirst().filter { !present.contains($0) }
            if !missing.isEmpty { notes.append(Notation.share(kind: kind) + " not computed for " + RichText(missing.joined(separator: ", "))) }
        }
        return notes.isEmpty ? nil : RichText.joined(notes, separator: "; ") + "."
    }

    static let noNeuronShares: RichText = "No neuron records: specialized-neuron shares were not computed for this model and instruction (probe was not run, or no paired questions)."

    static let noNeuronCounts: RichText = "No neuron records: key-neuron counts against accuracy were not computed for this model and instruction."

    // MARK: 5. Count vs accuracy

    /// `r = 0.82 [0.10, 0.97], p = 0.0123, n = 7` or why r is missing.
    static func correlationLine(_ entry: NeuronAccuracy) -> String {
        guard let r = entry.pearsonR else {
            return "r not computed (n = \(entry.points.count); needs at least 3 points with variance)"
        }
        var text = "r = \(ReportNumber.correlation(r))"
        if let interval = entry.interval { text += " \(ReportNumber.correlationInterval(interval))" }
        if let p = entry.pValue { text += ", \(ReportNumber.pClause(p))" }
        return text + ", n = \(entry.points.count)"
    }

    /// The fitted line as text: `SEM-B = 21.4 + 3.2 per 1,000 neurons`.
    static func fitText(_ entry: NeuronAccuracy) -> String {
        guard let fit = LeastSquares(entry.points.map { (Double($0.neurons), $0.semB) }) else { return "no fit (needs at least 3 points with distinct counts)" }
        return "SEM-B = \(ReportNumber.fixed(fit.intercept, decimals: 1)) \(fit.slope < 0 ? "−" : "+") \(ReportNumber.fixed(abs(fit.slope) * 1000, decimals: 2)) per 1,000 neurons"
    }

    static func correlationTable(_ entries: [NeuronAccuracy]) -> ReportTable {
        ReportTable(
            header: ["Language", "Signal", "n", "Correlation", "Least-squares fit"],
            rows: entries.map { e in
                [RichText(languageLabel(e.lang)), RichText([.code(e.signal)]), RichText(String(e.points.count)),
                 RichText(correlationLine(e)), RichText(fitText(e))]
            },
            numeric: [2])
    }

    /// Every (signal, set) point once (an entry for `all` languages repeats the others' points).
    static func pointsTable(_ entries: [NeuronAccuracy]) -> ReportTable {
        var seen = Set<String>()
        var rows: [[RichText]] = []
        for entry in entries {
            for point in entry.points where seen.insert(entry.signal + "\u{0}" + point.set).inserted {
                rows.append([Notation.set(named: point.set), RichText([.code(entry.signal)]),
                             RichText(ReportNumber.count(point.neurons)), RichText(ReportNumber.percent(point.semB))])
            }
        }
        return ReportTable(header: ["Set", "Signal", Notation.sub("|N", "Q") + "|", "SEM-B"], rows: rows, numeric: [2, 3])
    }

    /// `zh`, or `all languages` for the pooled entry.
    static func languageLabel(_ lang: String) -> String { lang == "all" ? "all languages" : lang }
}
