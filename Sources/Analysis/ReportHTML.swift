import Foundation

/// Renders the aggregate results as one self-contained `report.html`: inline CSS and inline SVG
/// charts, no scripts, no external resources, printable on A4 (a page per section). It says the
/// same as `markdownReport` and adds the charts. The same input always gives the same bytes.
public func htmlReport(_ results: AggregateResults) -> String {
    var html = HTMLWriter()
    let groups = ReportGroup.groups(results)
    html.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        + "<title>\(ReportEscape.xml(ReportContent.title))</title>\n<style>\(reportCSS)</style>\n</head>\n<body>\n")
    html.raw("<header>\n<h1>\(ReportEscape.xml(ReportContent.title))</h1>\n")
    html.paragraph(RichText(ReportContent.subtitle), cssClass: "subtitle")
    html.raw("<h2>Settings</h2>\n")
    html.table(ReportContent.settingsTable(results.settings), cssClass: "settings")
    if groups.isEmpty {
        html.paragraph(ReportContent.noResults, cssClass: "missing")
    } else {
        html.raw("<h2>Models and instructions</h2>\n")
        html.table(ReportContent.coverageTable(groups))
        html.contents(groups)
    }
    html.raw("</header>\n")
    for (index, group) in groups.enumerated() { html.group(group, anchor: "g\(index + 1)") }
    html.ablation(results.ablation)
    html.raw("</body>\n</html>\n")
    return html.text
}

/// Builds the HTML text; every piece of data goes through `ReportEscape.xml`.
private struct HTMLWriter {
    var text = ""

    mutating func raw(_ markup: String) { text += markup }

    /// Inline HTML: escaped text, `<sub>` subscripts, `<code>` names.
    static func inline(_ rich: RichText) -> String {
        rich.parts.map { part in
            switch part {
            case .plain(let text): ReportEscape.xml(text)
            case .sub(let text): "<sub>\(ReportEscape.xml(text))</sub>"
            case .code(let text): "<code>\(ReportEscape.xml(text))</code>"
            }
        }.joined()
    }

    mutating func paragraph(_ rich: RichText, cssClass: String? = nil, label: String? = nil) {
        let open = cssClass.map { "<p class=\"\($0)\">" } ?? "<p>"
        let lead = label.map { "<strong>\(ReportEscape.xml($0)).</strong> " } ?? ""
        raw(open + lead + Self.inline(rich) + "</p>\n")
    }

    mutating func table(_ table: ReportTable, cssClass: String? = nil) {
        func cell(_ tag: String, _ column: Int, _ rich: RichText) -> String {
            let numeric = table.numeric.contains(column) ? " class=\"num\"" : ""
            return "<\(tag)\(numeric)>\(Self.inline(rich))</\(tag)>"
        }
        raw(cssClass.map { "<table class=\"\($0)\">\n" } ?? "<table>\n")
        raw("<thead><tr>" + table.header.enumerated().map { cell("th", $0.offset, $0.element) }.joined() + "</tr></thead>\n<tbody>\n")
        for row in table.rows {
            raw("<tr>" + row.enumerated().map { cell("td", $0.offset, $0.element) }.joined() + "</tr>\n")
        }
        raw("</tbody>\n</table>\n")
    }

    mutating func figure(_ svg: String, caption: RichText? = nil) {
        raw("<figure>\n" + svg + "\n")
        if let caption { raw("<figcaption>" + Self.inline(caption) + "</figcaption>\n") }
        raw("</figure>\n")
    }

    mutating func contents(_ groups: [ReportGroup]) {
        raw("<nav>\n<h2>Contents</h2>\n<ol>\n")
        for (index, group) in groups.enumerated() {
            let anchor = "g\(index + 1)"
            raw("<li><a href=\"#\(anchor)\"><code>\(ReportEscape.xml(group.model))</code> · <code>\(ReportEscape.xml(group.instruction))</code></a>: ")
            raw(ReportSection.all.map { "<a href=\"#\(anchor)-\($0.anchor)\">\(Self.inline($0.title))</a>" }.joined(separator: " · "))
            raw("</li>\n")
        }
        raw("</ol>\n</nav>\n")
    }

    mutating func group(_ group: ReportGroup, anchor: String) {
        raw("<section class=\"group\" id=\"\(anchor)\">\n")
        raw("<h2><code>\(ReportEscape.xml(group.model))</code> · <code>\(ReportEscape.xml(group.instruction))</code></h2>\n")
        accuracy(group, anchor: anchor)
        quadrants(group, anchor: anchor)
        gaps(group, anchor: anchor)
        neurons(group, anchor: anchor)
        counts(group, anchor: anchor)
        raw("</section>\n")
    }

    mutating func openSection(_ section: ReportSection, anchor: String) {
        raw("<section class=\"part\" id=\"\(anchor)-\(section.anchor)\">\n<h3>\(Self.inline(section.title))</h3>\n")
        paragraph(section.howToRead, cssClass: "howto", label: "How to read")
    }

    mutating func closeSection() { raw("</section>\n") }

    mutating func ablation(_ effects: [AblationEffect]) {
        raw("<section class=\"group\" id=\"ablation\">\n")
        openSection(.ablation, anchor: "all")
        if effects.isEmpty {
            paragraph(ReportContent.noAblation, cssClass: "missing")
        } else {
            figure(barChartSVG(title: "Accuracy drop when masking", groups: ReportContent.ablationBars(effects), yLabel: "SEM-B drop, points",
                               legend: [BarChartLegendItem(label: "key neurons masked", fill: SVGColor.negative),
                                        BarChartLegendItem(label: "random neurons masked (control)", fill: SVGColor.muted)]),
                   caption: "Bars: SEM-B without a mask minus SEM-B with the mask, in points.")
            table(ReportContent.ablationTable(effects))
        }
        closeSection()
        raw("</section>\n")
    }

    // MARK: Sections

    mutating func accuracy(_ group: ReportGroup, anchor: String) {
        openSection(.accuracy, anchor: anchor)
        defer { closeSection() }
        if let missing = ReportContent.missingSetsNote(group) { paragraph(missing, cssClass: "missing", label: "Missing") }
        guard !group.accuracy.isEmpty else { return }
        let cultures = group.cultures, languages = group.languages
        let cells = cultures.map { culture in
            languages.map { lang -> HeatMapCell in
                if let a = group.accuracy(culture, lang) {
                    return HeatMapCell(
                        content: .value(a.semB, lines: [ReportNumber.percent(a.semB), ReportNumber.interval(a.semBInterval),
                                                        "W \(ReportNumber.percent(a.semW))"]),
                        tooltip: "\(Notation.set(culture, lang).plainText): SEM-B \(ReportContent.cellText(a)), n = \(a.counted)")
                }
                return group.isSet(culture, lang)
                    ? HeatMapCell(content: .note(ReportContent.noScores), tooltip: "\(Notation.set(culture, lang).plainText): no scores")
                    : HeatMapCell(content: .note(""), tooltip: nil)
            }
        }
        figure(heatMapSVG(title: "SEM-B by culture (rows) and language (columns), \(group.title)",
                          rowLabels: cultures.map { RichText($0) }, columnLabels: languages.map { RichText($0) },
                          cells: cells, legend: "SEM-B, %"),
               caption: ReportContent.gridLegend)
        table(ReportContent.accuracyDetails(group))
    }

    mutating func quadrants(_ group: ReportGroup, anchor: String) {
        openSection(.quadrants, anchor: anchor)
        defer { closeSection() }
        guard !group.accuracy.isEmpty else {
            paragraph("No accuracy records, so no quadrant panels.", cssClass: "missing")
            return
        }
        let panels = group.nonUSCultures.filter { group.ownLanguage(of: $0) != nil }.map { culture -> QuadrantPanel in
            let sets = ReportContent.quadrantSets(group, culture: culture)
            let l = sets[0][0].lang
            var caption: [String] = []
            for (kind, name) in [(GapKind.crossLingual, "cross-lingual gap"), (.crossCultural, "cross-cultural gap")] {
                if let gap = ReportContent.gaps(group, kind).first(where: { $0.culture == culture }) {
                    caption.append("\(name) \(ReportNumber.signedPoints(gap.gap)) \(ReportNumber.signedInterval(gap.interval))")
                } else {
                    caption.append("\(name): no record")
                }
            }
            let cultureName = ReportOrder.cultureNames[culture].map { " (\($0))" } ?? ""
            return QuadrantPanel(
                title: RichText("\(culture)\(cultureName) · \(l)"),
                rowLabels: [RichText(culture), "US"], columnLabels: [RichText(l), "en"],
                cells: sets.map { row in
                    row.map { set in
                        let a = group.accuracy(set.culture, set.lang)
                        return QuadrantCell(set: Notation.set(set.culture, set.lang), value: a?.semB,
                                            detail: a.map { ReportNumber.interval($0.semBInterval) } ?? "",
                                            tooltip: ReportContent.quadrantCell(group, set).plainText)
                    }
                },
                caption: caption)
        }
        figure(quadrantPanelsSVG(title: "Four quadrants per culture, SEM-B, \(group.title)", panels: panels),
               caption: "Rows: the culture asked about; columns: the language asked in. Values: SEM-B with 95% interval. Gaps below each panel are the paired gaps of section 3.")
    }

    mutating func gaps(_ group: ReportGroup, anchor: String) {
        openSection(.gaps, anchor: anchor)
        defer { closeSection() }
        for kind in GapKind.allCases {
            raw("<h4>\(Self.inline(kind.title))</h4>\n")
            if let missing = ReportContent.missingGapsNote(group, kind) { paragraph(missing, cssClass: "missing", label: "Missing") }
            let gaps = ReportContent.gaps(group, kind)
            guard !gaps.isEmpty else { continue }
            let chartGroups = group.nonUSCultures.filter { culture in
                ReportOrder.ownLanguage[culture] != nil || gaps.contains { $0.culture == culture }
            }.map { culture in
                BarChartGroup(label: RichText(culture), bars: gaps.filter { $0.culture == culture }.map { gap in
                    BarChartBar(value: gap.gap, interval: gap.interval, marker: nil,
                                fill: gap.gap >= 0 ? SVGColor.positive : SVGColor.negative,
                                label: ReportNumber.signedPoints(gap.gap),
                                tooltip: "\(Notation.set(named: gap.setA).plainText) − \(Notation.set(named: gap.setB).plainText): "
                                    + "\(ReportNumber.signedPoints(gap.gap)) \(ReportNumber.signedInterval(gap.interval)), "
                                    + "\(ReportNumber.pClause(gap.mcnemarP))")
                })
            }
            figure(barChartSVG(title: "\(kind.title.plainText), \(group.title)", groups: chartGroups, yLabel: "gap, SEM-B points",
                               legend: [BarChartLegendItem(label: "positive (synergy)", fill: SVGColor.positive),
                                        BarChartLegendItem(label: "negative", fill: SVGColor.negative)]),
                   caption: "Bars: gap in points; whiskers: paired bootstrap 95% interval.")
            table(ReportContent.gapTable(gaps))
        }
        let other = ReportContent.otherGaps(group)
        if !other.isEmpty {
            raw("<h4>Other gap kinds</h4>\n")
            table(ReportContent.gapTable(other))
        }
    }

    mutating func neurons(_ group: ReportGroup, anchor: String) {
        openSection(.neurons, anchor: anchor)
        defer { closeSection() }
        guard !group.specialized.isEmpty else {
            paragraph(ReportContent.noNeuronShares, cssClass: "missing")
            return
        }
        for signal in ReportContent.signals(group) {
            let shares = group.specialized.filter { $0.signal == signal }
            guard !shares.isEmpty else { continue }
            raw("<h4>Signal <code>\(ReportEscape.xml(signal))</code></h4>\n")
            if let missing = ReportContent.missingSharesNote(shares) { paragraph(missing, cssClass: "missing", label: "Missing") }
            let languages = Array(Set(shares.map(\.lang))).sorted(by: ReportOrder.languageLess)
            let chartGroups = languages.map { lang in
                BarChartGroup(label: RichText(lang), bars: shares.filter { $0.lang == lang }.map { share in
                    BarChartBar(value: share.share, interval: share.interval, marker: share.setLevelShare,
                                fill: share.kind == "P_l_l" ? SVGColor.shareLL : SVGColor.shareEnL,
                                label: ReportNumber.percent(share.share),
                                tooltip: "\(Notation.share(kind: share.kind, lang: lang).plainText): \(ReportNumber.percent(share.share)) "
                                    + "\(ReportNumber.interval(share.interval)); Eq. 8 \(ReportNumber.percent(share.setLevelShare)); "
                                    + "\(share.questions) questions")
                })
            }
            figure(barChartSVG(title: "Specialized-neuron shares, signal \(signal), \(group.title)", groups: chartGroups,
                               yLabel: "share of key neurons, %",
                               legend: [BarChartLegendItem(label: Notation.share(kind: "P_en_l"), fill: SVGColor.shareEnL),
                                        BarChartLegendItem(label: Notation.share(kind: "P_l_l"), fill: SVGColor.shareLL),
                                        BarChartLegendItem(label: "Eq. 8 (set level)", fill: "", isMarker: true)]),
                   caption: "Bars: P, mean over paired questions; whiskers: 95% bootstrap interval; diamonds: the set-level share (Eq. 8).")
            table(ReportContent.shareTable(shares))
        }
    }

    mutating func counts(_ group: ReportGroup, anchor: String) {
        openSection(.counts, anchor: anchor)
        defer { closeSection() }
        guard !group.neuronAccuracy.isEmpty else {
            paragraph(ReportContent.noNeuronCounts, cssClass: "missing")
            return
        }
        for signal in ReportContent.signals(group) {
            let entries = group.neuronAccuracy.filter { $0.signal == signal }
            guard !entries.isEmpty else { continue }
            raw("<h4>Signal <code>\(ReportEscape.xml(signal))</code></h4>\n")
            let panels = entries.map { entry in
                ScatterPanel(
                    title: RichText(entry.lang == "all" ? "All languages" : "Language \(entry.lang)"), caption: ReportContent.correlationLine(entry),
                    points: entry.points.map { point in
                        ScatterPoint(x: Double(point.neurons), y: point.semB, label: Notation.set(named: point.set),
                                     tooltip: "\(Notation.set(named: point.set).plainText): |N_Q| = \(ReportNumber.count(point.neurons)), SEM-B \(ReportNumber.percent(point.semB))")
                    },
                    fit: LeastSquares(entry.points.map { (Double($0.neurons), $0.semB) }))
            }
            figure(scatterPanelsSVG(title: "Key-neuron count against SEM-B, signal \(signal), \(group.title)", panels: panels,
                                    xLabel: Notation.sub("|N", "Q") + "| (key neurons)", yLabel: "SEM-B, %"),
                   caption: "Dashed line: least-squares fit.")
            table(ReportContent.correlationTable(entries))
            table(ReportContent.pointsTable(entries))
        }
    }
}

/// The report's style sheet: system fonts only, light colors, A4 print rules.
private let reportCSS = """

:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #ffffff; max-width: 1040px; margin: 0 auto; padding: 24px 28px; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.8em; margin: 0 0 .2em; }
h2 { font-size: 1.35em; margin: 1.4em 0 .5em; }
section.group > h2 { border-top: 3px solid #2f6fb0; padding-top: .5em; margin-top: 2.4em; }
h3 { font-size: 1.15em; margin: 1.6em 0 .4em; }
h4 { font-size: 1em; margin: 1.2em 0 .3em; }
p.subtitle { color: #555555; margin-top: 0; }
p.howto { background: #f3f6fa; border-left: 3px solid #9bbbe0; padding: .45em .8em; font-size: .92em; }
p.missing { background: #fdf5e8; border-left: 3px solid #d9822b; padding: .45em .8em; font-size: .92em; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: .92em; }
table { border-collapse: collapse; margin: .5em 0 1.2em; font-size: .86em; }
th, td { border-bottom: 1px solid #dddddd; padding: .28em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.settings td:first-child { font-weight: 600; }
figure { margin: .6em 0 1em; }
figcaption { font-size: .85em; color: #555555; margin-top: .2em; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
sub { font-size: .75em; }
nav ol { padding-left: 1.4em; }
nav li { margin: .2em 0; }
a { color: #1f5a96; }
@page { size: A4; margin: 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  section.group { break-before: page; }
  section.part + section.part { break-before: page; }
  section.group > h2 { margin-top: 0; }
  figure, tr, p.howto, p.missing { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  table { font-size: 8.5pt; }
  th, p.howto, p.missing { background: none; }
  a { color: inherit; text-decoration: none; }
  svg.chart { max-width: 100%; }
}

"""
