import Foundation
import Records

// Formatting shared by the Markdown and HTML reports: numbers, the paper's notation, escaping.
// Both renderers go through these helpers so a number reads the same in either file.

/// Number formats of the reports.
enum ReportNumber {
    /// A percentage with one decimal: `62.3`. Non-finite values read `n/a`.
    static func percent(_ value: Double) -> String { fixed(value, decimals: 1) }

    /// A signed difference in points with one decimal: `+3.2`, `-1.5`, `0.0`.
    static func signedPoints(_ value: Double) -> String {
        let text = fixed(value, decimals: 1)
        return value > 0 && text != "0.0" ? "+" + text : text
    }

    /// A 95% interval of percentages: `[58.1, 66.0]`.
    static func interval(_ interval: Interval) -> String {
        "[\(percent(interval.lower)), \(percent(interval.upper))]"
    }

    /// A 95% interval of signed differences: `[-1.2, +4.0]`.
    static func signedInterval(_ interval: Interval) -> String {
        "[\(signedPoints(interval.lower)), \(signedPoints(interval.upper))]"
    }

    /// A p-value with three significant digits, `< 0.001` below 0.001: `0.0123`, `0.500`, `1.00`.
    static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        if p < 0.001 { return "< 0.001" }
        return String(format: "%#.3g", p)
    }

    /// `p = 0.0123` or `p < 0.001`.
    static func pClause(_ p: Double) -> String {
        let text = pValue(p)
        return text.hasPrefix("<") ? "p " + text : "p = " + text
    }

    /// A correlation coefficient with two decimals: `0.82`, `-0.15`.
    static func correlation(_ r: Double) -> String { fixed(r, decimals: 2) }

    /// An interval of correlation coefficients: `[0.10, 0.97]`.
    static func correlationInterval(_ interval: Interval) -> String {
        "[\(correlation(interval.lower)), \(correlation(interval.upper))]"
    }

    /// A count with thousands separators: `12,345`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// `value` with a fixed number of decimals, never `-0.0`; `n/a` when not finite.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "n/a" }
        let text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") && text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) {
            return String(text.dropFirst())
        }
        return text
    }
}

/// Inline text with subscripts, so the paper's notation renders as `Q_{CN,zh}` in Markdown and
/// `Q<sub>CN,zh</sub>` in HTML from the same source.
struct RichText: Equatable, ExpressibleByStringLiteral {
    enum Part: Equatable {
        case plain(String)
        case sub(String)
        case code(String)
    }

    var parts: [Part]

    init(_ parts: [Part]) { self.parts = parts }
    init(_ text: String) { self.parts = text.isEmpty ? [] : [.plain(text)] }
    init(stringLiteral value: String) { self.init(value) }

    static func + (lhs: RichText, rhs: RichText) -> RichText { RichText(lhs.parts + rhs.parts) }

    /// The text without markup, subscripts written `_{…}` (used in SVG titles and tests).
    var plainText: String {
        parts.map { part in
            switch part {
            case .plain(let text), .code(let text): text
            case .sub(let text): "_{\(text)}"
            }
        }.joined()
    }

    /// Joins texts with a separator.
    static func joined(_ texts: [RichText], separator: String) -> RichText {
        var parts: [Part] = []
        for (index, text) in texts.enumerated() {
            if index > 0 { parts.append(.plain(separator)) }
            parts += text.parts
        }
        return RichText(parts)
    }
}

/// The paper's notation.
enum Notation {
    /// Q_{c,l}.
    static func set(_ culture: String, _ lang: String) -> RichText {
        RichText([.plain("Q"), .sub("\(culture),\(lang)")])
    }

    /// Q_{c,l} from a set name such as `Q_CN_zh`; the name itself when it does not parse.
    static func set(named name: String) -> RichText {
        guard let (culture, lang) = parseSet(name) else { return RichText([.code(name)]) }
        return set(culture, lang)
    }

    /// (culture, lang) of `Q_CN_zh`.
    static func parseSet(_ name: String) -> (String, String)? {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "Q", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// P_{en,l} / P_{l,l} for a share kind (`P_en_l`, `P_l_l`), with l filled in when given.
    static func share(kind: String, lang: String? = nil) -> RichText {
        let l = lang ?? "l"
        switch kind {
        case "P_en_l": return RichText([.plain("P"), .sub("en,\(l)")])
        case "P_l_l": return RichText([.plain("P"), .sub("\(l),\(l)")])
        default: return RichText([.code(kind)])
        }
    }

    /// Generic symbols with subscripts, e.g. `sub("N", "Q")` for N_Q.
    static func sub(_ base: String, _ index: String) -> RichText { RichText([.plain(base), .sub(index)]) }
}

/// The benchmark's cultures and languages in the paper's order (from `Records`' vocabulary);
/// unknown codes sort after them.
enum ReportOrder {
    static let cultures = Culture.allCases.map(\.rawValue)
    static let languages = Language.allCases.map(\.rawValue)
    /// The own language of each culture.
    static let ownLanguage = Dictionary(uniqueKeysWithValues: Culture.allCases.map { ($0.rawValue, $0.language.rawValue) })
    static let cultureNames = Dictionary(uniqueKeysWithValues: Culture.allCases.map {
        ($0.rawValue, $0 == .US ? "United States" : $0.englishName)
    })

    /// Position of a culture in the paper's order; unknown codes after the known ones (ties: by code).
    static func cultureRank(_ culture: String) -> Int { cultures.firstIndex(of: culture) ?? cultures.count }

    static func languageRank(_ lang: String) -> Int { languages.firstIndex(of: lang) ?? languages.count }

    static func cultureLess(_ a: String, _ b: String) -> Bool { (cultureRank(a), a) < (cultureRank(b), b) }
    static func languageLess(_ a: String, _ b: String) -> Bool { (languageRank(a), a) < (languageRank(b), b) }

    /// The 19 sets of the framework as (culture, lang): Q_{US,en}; Q_{c,c} and Q_{c,en}; Q_{US,l}.
    static let frameworkSets: [(culture: String, lang: String)] = SetName.all.map { ($0.culture.rawValue, $0.lang.rawValue) }
}

/// Escaping of untrusted text (model names, set names, instructions).
enum ReportEscape {
    /// XML/HTML text and attribute escaping; characters XML 1.0 forbids become U+FFFD.
    static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || (0xFFFE...0xFFFF).contains(v) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Markdown inline escaping: a backslash before every character that could start markup
    /// here — emphasis, code, tables, strikethrough always; `]` `<` `&` only where they could
    /// close a link, open an HTML tag or autolink, or start an entity — so `[1.0, 2.0]` and
    /// `< 0.001` stay readable. Line breaks (which would end a table row) become spaces.
    static func markdown(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        for (index, character) in characters.enumerated() {
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            let escape: Bool
            switch character {
            case "\\", "`", "*", "_", "|", "~": escape = true
            case "]": escape = next.map { "([:".contains($0) } ?? false
            case "<": escape = next.map { !$0.isWhitespace && !$0.isNumber } ?? false
            case "&": escape = next.map { $0.isLetter || $0.isNumber || $0 == "#" } ?? false
            case "#": escape = index == 0
            default: escape = false
            }
            if character.isNewline || character == "\t" {
                out += " "
            } else {
                if escape { out += "\\" }
                out.append(character)
            }
        }
        return out
    }
}
