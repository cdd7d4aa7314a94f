/// A culture of the benchmark, by BLEnD's country code.
public enum Culture: String, CaseIterable, Sendable, Comparable, JSONEncodable {
    case US, CN, ES, ID, KR, IR, JB

    /// The key BLEnD uses in its file names (`China_questions.csv`).
    public var blendKey: String {
        switch self {
        case .US: "US"
        case .CN: "China"
        case .ES: "Spain"
        case .ID: "Indonesia"
        case .KR: "South_Korea"
        case .IR: "Iran"
        case .JB: "West_Java"
        }
    }

    /// The English name BLEnD's English questions use ("...in South Korea?").
    public var englishName: String { blendKey.replacingUnderscores() }

    /// The culture's own language.
    public var language: Language {
        switch self {
        case .US: .en
        case .CN: .zh
        case .ES: .es
        case .ID: .id
        case .KR: .ko
        case .IR: .fa
        case .JB: .su
        }
    }

    public init?(blendKey: String) {
        guard let culture = Culture.allCases.first(where: { $0.blendKey == blendKey }) else { return nil }
        self = culture
    }

    public static func < (lhs: Culture, rhs: Culture) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}

/// A language of the benchmark, by ISO 639-1 code.
public enum Language: String, CaseIterable, Sendable, Comparable, JSONEncodable {
    case en, zh, es, id, ko, fa, su

    /// The language's English name, as BLEnD's scorer names it.
    public var englishName: String {
        switch self {
        case .en: "English"
        case .zh: "Chinese"
        case .es: "Spanish"
        case .id: "Indonesian"
        case .ko: "Korean"
        case .fa: "Persian"
        case .su: "Sundanese"
        }
    }

    /// The culture whose own language this is.
    public var homeCulture: Culture { Culture.allCases.first { $0.language == self }! }

    public static func < (lhs: Language, rhs: Language) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public func encode(to writer: inout JSONWriter) { writer.string(rawValue) }
}

/// A dual set Q_{c,l}: the questions about culture c asked in language l.
public struct SetName: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var culture: Culture
    public var lang: Language

    public init(culture: Culture, lang: Language) {
        self.culture = culture
        self.lang = lang
    }

    /// Parses `Q_CN_zh` (or `CN_zh`).
    public init?(_ text: String) {
        let parts = text.split(separator: "_")
        let tail = parts.count == 3 && parts[0] == "Q" ? parts.dropFirst() : parts[...]
        guard tail.count == 2,
              let culture = Culture(rawValue: String(tail.first!)),
              let lang = Language(rawValue: String(tail.last!)) else { return nil }
        self.init(culture: culture, lang: lang)
    }

    /// The paper's notation as a file-friendly name: `Q_CN_zh`.
    public var description: String { "Q_\(culture.rawValue)_\(lang.rawValue)" }

    /// The id of this set's question from `templateID`: `Q_CN_zh/Al-en-01`.
    public func questionID(templateID: String) -> String { "\(self)/\(templateID)" }

    /// The 19 sets of the framework: Q_{US,en}; Q_{c,c} and Q_{c,en} for the six other
    /// cultures; Q_{US,l} for their six languages.
    public static let all: [SetName] = {
        var sets = [SetName(culture: .US, lang: .en)]
        for culture in Culture.allCases where culture != .US {
            sets.append(SetName(culture: culture, lang: culture.language))
            sets.append(SetName(culture: culture, lang: .en))
        }
        for lang in Language.allCases where lang != .en {
            sets.append(SetName(culture: .US, lang: lang))
        }
        return sets
    }()

    public static func < (lhs: SetName, rhs: SetName) -> Bool {
        (lhs.culture, lhs.lang) < (rhs.culture, rhs.lang)
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
