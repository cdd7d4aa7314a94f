import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Analysis

/// The Markdown and HTML reports rendered from a small hand-built AggregateResults.
struct ReportTests {
    /// A model name with every character that needs escaping somewhere.
    static let trickyModel = "org/m<b>&\"q'|*_[x](y)"
    static let plainModel = "plain-7b"

    static let sets: [(String, String)] = [
        ("US", "en"), ("CN", "zh"), ("CN", "en"), ("KR", "ko"), ("KR", "en"), ("US", "zh"), ("US", "ko"),
    ]

    /// Two models: the tricky one with gaps and neuron records, the plain one with scores only
    /// and two sets missing.
    static func sample() -> AggregateResults {
        var accuracy: [SetAccuracy] = []
        let skipped: [(String, Set<String>)] = [(trickyModel, []), (plainModel, ["Q_KR_ko", "Q_US_ko"])]
        for (model, skip) in skipped {
            for (index, set) in sets.enumerated() where !skip.contains("Q_\(set.0)_\(set.1)") {
                let (culture, lang) = set
                let semB = 40 + Double(index) * 3.3
                accuracy.append(SetAccuracy(
                    model: model, instruction: "inst-4", set: "Q_\(culture)_\(lang)", culture: culture, lang: lang,
                    counted: 400 + index, matched: 160 + index, semB: semB,
                    semBInterval: Interval(lower: semB - 3.04, upper: semB + 2.96),
                    semW: semB - 10, semWInterval: Interval(lower: semB - 13, upper: semB - 7)))
            }
        }
        let gaps = [
            SynergyGap(model: trickyModel, instruction: "inst-4", kind: "cross_lingual", culture: "CN", lang: "zh",
                       setA: "Q_CN_zh", setB: "Q_CN_en", pairs: 431, semBA: 43.3, semBB: 46.6, gap: 3.2144,
                       interval: Interval(lower: -1.04, upper: 7.5), onlyA: 60, onlyB: 46, mcnemarP: 0.012345),
            SynergyGap(model: trickyModel, instruction: "inst-4", kind: "cross_cultural", culture: "CN", lang: "zh",
                       setA: "Q_CN_zh", setB: "Q_US_zh", pairs: 420, semBA: 43.3, semBB: 56.5, gap: -13.0,
                       interval: Interval(lower: -17.2, upper: -8.8), onlyA: 30, onlyB: 85, mcnemarP: 0.0000123),
        ]
        let specialized = [
            SpecializedShare(model: trickyModel, instruction: "inst-4", signal: "act", kind: "P_en_l", lang: "zh",
                             setA: "Q_US_en", setB: "Q_US_zh", questions: 440, share: 28.46, interval: Interval(lower: 26.7, upper: 30.3),
                             setLevelShare: 22.54),
            SpecializedShare(model: trickyModel, instruction: "inst-4", signal: "act", kind: "P_l_l", lang: "zh",
                             setA: "Q_CN_en", setB: "Q_CN_zh", questions: 452, share: 25.4, interval: Interval(lower: 23.3, upper: 27.5),
                             setLevelShare: 17.4),
        ]
        let points = [NeuronAccuracy.Point(set: "Q_US_en", neurons: 12000, semB: 40),
                      NeuronAccuracy.Point(set: "Q_CN_en", neurons: 10000, semB: 46.5),
                      NeuronAccuracy.Point(set: "Q_KR_en", neurons: 11000, semB: 52.75)]
        let neuronAccuracy = [
            NeuronAccuracy(model: trickyModel, instruction: "inst-4", signal: "act", lang: "en", points: points,
                           pearsonR: -0.5, pValue: 0.6666666, interval: nil),
            NeuronAccuracy(model: trickyModel, instruction: "inst-4", signal: "act", lang: "zh",
                           points: [.init(set: "Q_CN_zh", neurons: 9000, semB: 43.3), .init(set: "Q_US_zh", neurons: 9500, semB: 56.5)],
                           pearsonR: nil, pValue: nil, interval: nil),
        ]
        return AggregateResults(settings: AggregateSettings(resamples: 2000, seed: 7, k: 5, correctOnly: true, threshold: "layer_top_k k=5"),
                                accuracy: accuracy, gaps: gaps, specialized: specialized, neuronAccuracy: neuronAccuracy)
    }

    // MARK: Content

    @Test func everySetAndModelAppearsInBothReports() {
        let results = Self.sample()
        let markdown = markdownReport(results), html = htmlReport(results)
        for a in results.accuracy {
            #expect(markdown.contains("Q_{\(a.culture),\(a.lang)}"))
            #expect(html.contains("Q<sub>\(a.culture),\(a.lang)</sub>"))
        }
        #expect(markdown.contains("## plain-7b · inst-4"))
        #expect(html.contains("<code>plain-7b</code> · <code>inst-4</code>"))
        #expect(markdown.contains("org/m\\<b>&\"q'\\|\\*\\_[x\\](y)"))
        #expect(html.contains("org/m&lt;b&gt;&amp;&quot;q&#39;|*_[x](y)"))
    }

    @Test func numbersAreFormattedAsStated() {
        let results = Self.sample()
        let markdown = markdownReport(results), html = htmlReport(results)
        // Q_CN_zh: SEM-B 43.3 with interval [40.26, 46.26]; gap +3.2 [-1.0, +7.5]; p 0.0123 and < 0.001.
        for report in [markdown, html] {
            #expect(report.contains("43.3"))
            #expect(report.contains("[40.3, 46.3]"))
            #expect(report.contains("+3.2"))
            #expect(report.contains("[-1.0, +7.5]"))
            #expect(report.contains("-13.0"))
            #expect(report.contains("0.0123"))
            #expect(report.contains("P_{en,zh}") || report.contains("P<sub>en,zh</sub>"))
            #expect(report.contains("28.5"))
            #expect(report.contains("22.5"))
            #expect(report.contains("r = -0.50, p = 0.667, n = 3"))
            #expect(report.contains("2,000 per interval"))
        }
        #expect(markdown.contains("| < 0.001 |"))
        #expect(html.contains("<td class=\"num\">&lt; 0.001</td>"))
    }

    @Test func numberHelpers() {
        #expect(ReportNumber.percent(62.349) == "62.3")
        #expect(ReportNumber.percent(-0.04) == "0.0")
        #expect(ReportNumber.percent(.nan) == "n/a")
        #expect(ReportNumber.signedPoints(3.25) == "+3.2" || ReportNumber.signedPoints(3.25) == "+3.3")
        #expect(ReportNumber.signedPoints(-1.5) == "-1.5")
        #expect(ReportNumber.signedPoints(0.01) == "0.0")
        #expect(ReportNumber.pValue(0.000999) == "< 0.001")
        #expect(ReportNumber.pValue(0.001) == "0.00100")
        #expect(ReportNumber.pValue(0.012345) == "0.0123")
        #expect(ReportNumber.pValue(0.5) == "0.500")
        #expect(ReportNumber.pValue(1) == "1.00")
        #expect(ReportNumber.count(1234567) == "1,234,567")
        #expect(ReportNumber.count(999) == "999")
    }

    @Test func missingPiecesAreStated() {
        let results = Self.sample()
        let markdown = markdownReport(results), html = htmlReport(results)
        let plainMarkdown = section(markdown, from: "## plain-7b")
        let plainHTML = section(html, from: "<code>plain-7b</code> · <code>inst-4</code></h2>")
        for part in [plainMarkdown, plainHTML] {
            #expect(part.contains("No neuron records: specialized-neuron shares were not computed"))
            #expect(part.contains("No neuron records: key-neuron counts against accuracy were not computed"))
            #expect(!part.contains("Eq. 8 (set level)"))
            #expect(part.contains("No scores for 14 of 19 sets"))
            #expect(part.contains("no scores"))
            #expect(part.contains("No cross-lingual gaps for this model and instruction."))
        }
        // The tricky model has no r for zh (two points) and P_{en,l} only for zh.
        #expect(markdown.contains("r not computed (n = 2"))
        #expect(markdown.contains("P_{en,l} not computed for es, id, ko, fa, su"))
    }

    @Test func emptyResultsSayNoResults() {
        let empty = AggregateResults(settings: AggregateSettings(resamples: 0, seed: 0, k: nil, correctOnly: false, threshold: nil),
                                     accuracy: [], gaps: [], specialized: [], neuronAccuracy: [])
        #expect(markdownReport(empty).contains("No results"))
        #expect(htmlReport(empty).contains("No results"))
        #expect(markdownReport(empty).contains("not recorded"))
    }

    @Test func markdownTablesKeepTheirColumns() {
        let markdown = markdownReport(Self.sample())
        var columns: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let count = unescapedPipes(line)
            if let columns { #expect(count == columns, "\(line)") } else { columns = count }
        }
    }

    // MARK: HTML

    @Test func htmlIsSelfContained() {
        let html = htmlReport(Self.sample())
        for forbidden in ["<script", "http://", "https://", "src=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!html.lowercased().contains(forbidden), "\(forbidden)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("@media print"))
        #expect(html.contains("break-before: page"))
        #expect(!html.contains(Self.trickyModel))
    }

    @Test func htmlAndItsChartsAreWellFormed() throws {
        let html = htmlReport(Self.sample())
        let charts = svgFragments(html)
        #expect(charts.count >= 5)  // heat maps, quadrant panels, gap bars, share bars, scatter
        for fragment in charts + [html] {
            #expect(balancedTags(fragment), "unbalanced markup")
        }
        #if canImport(FoundationXML)
        // The whole page is XML as well as HTML: void elements self-close and there are no named entities.
        for fragment in charts + [html] {
            let parser = XMLParser(data: Data(fragment.utf8))
            #expect(parser.parse(), "\(String(describing: parser.parserError)) at line \(parser.lineNumber)")
        }
        #endif
    }

    @Test func outputIsDeterministicAndIndependentOfInputOrder() {
        let results = Self.sample()
        var shuffled = results
        shuffled.accuracy.reverse()
        shuffled.gaps.reverse()
        shuffled.specialized.reverse()
        shuffled.neuronAccuracy.reverse()
        #expect(markdownReport(results) == markdownReport(results))
        #expect(htmlReport(results) == htmlReport(results))
        #expect(markdownReport(shuffled) == markdownReport(results))
        #expect(htmlReport(shuffled) == htmlReport(results))
    }

    // MARK: Helpers

    @Test func escaping() {
        #expect(ReportEscape.xml("a<b>&\"'\u{1}") == "a&lt;b&gt;&amp;&quot;&#39;\u{FFFD}")
        #expect(ReportEscape.markdown("[1.0, 2.0] < 0.001") == "[1.0, 2.0] < 0.001")
        #expect(ReportEscape.markdown("[a](b) <x> &amp; |*_`~\nz") == "[a\\](b) \\<x> \\&amp; \\|\\*\\_\\`\\~ z")
    }

    @Test func leastSquaresFit() throws {
        let fit = try #require(LeastSquares([(0, 1), (1, 3), (2, 5)]))
        #expect(abs(fit.slope - 2) < 1e-12 && abs(fit.intercept - 1) < 1e-12)
        #expect(LeastSquares([(0, 1), (1, 3)]) == nil)
        #expect(LeastSquares([(1, 1), (1, 3), (1, 5)]) == nil)
    }

    @Test func axisTicksAreRound() {
        let axis = AxisTicks(min: -13.7, max: 7.2, includeZero: true)
        #expect(axis.lower <= -13.7 && axis.upper >= 7.2)
        #expect(axis.ticks.contains(0))
        #expect(axis.label(axis.ticks[0]) == "-15" || axis.label(axis.ticks[0]) == "-20")
    }

    /// The text from `marker` to the next group heading.
    private func section(_ text: String, from marker: String) -> String {
        guard let start = text.range(of: marker) else { return "" }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? rest.range(of: "<section class=\"group\"")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    private func unescapedPipes(_ line: Substring) -> Int {
        var count = 0, escaped = false
        for character in line {
            if character == "|" && !escaped { count += 1 }
            escaped = character == "\\" && !escaped
        }
        return count
    }

    private func svgFragments(_ html: String) -> [String] {
        var fragments: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest[start.lowerBound...].range(of: "</svg>") {
            fragments.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return fragments
    }

    /// Every opened element is closed in order (void and self-closed elements excepted).
    private func balancedTags(_ markup: String) -> Bool {
        var stack: [String] = []
        var rest = markup[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") || tag.hasSuffix("/") { continue }
            let name = String(tag.drop { $0 == "/" }.prefix { !$0.isWhitespace })
            if tag.hasPrefix("/") {
                guard stack.popLast() == name else { return false }
            } else {
                stack.append(name)
            }
        }
        return stack.isEmpty
    }
}
